package data

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// Trash lists every trashed record of every registered kind, newest first.
func (st *Store) Trash(ctx context.Context) ([]TrashItem, error) {
	var out []TrashItem
	for _, k := range trashKinds {
		items, err := k.list(st, ctx)
		if err != nil {
			return nil, translate(err, k.label)
		}
		out = append(out, items...)
	}
	slices.SortStableFunc(out, func(a, b TrashItem) int {
		return cmp.Or(b.DeletedAt.Compare(a.DeletedAt), strings.Compare(a.Entity, b.Entity), cmp.Compare(b.ID, a.ID))
	})
	return out, nil
}

// TrashEntityLabel names a kind of record ("site", "task", ...) in lang
// ("zh" or "en"), for the trash's type column; unknown kinds give the code.
func TrashEntityLabel(entity, lang string) string {
	k, err := trashKindOf(entity)
	if err != nil {
		return entity
	}
	return InLang(lang, k.label.zh, k.label.en)
}

func trashKindOf(entity string) (*trashKind, error) {
	for i := range trashKinds {
		if trashKinds[i].entity == entity {
			return &trashKinds[i], nil
		}
	}
	return nil, &Error{Code: EInternal, Err: fmt.Errorf("unknown trash entity %q", entity),
		ZH: fmt.Sprintf("回收站无法处理“%s”类的记录。", entity),
		EN: fmt.Sprintf("The trash does not know records of kind %q.", entity)}
}

// RestoreTrash brings one trashed record back.
func (st *Store) RestoreTrash(ctx context.Context, entity string, id uint) error {
	k, err := trashKindOf(entity)
	if err != nil {
		return err
	}
	return k.move(st, ctx, ActionRestore, id)
}

// PurgeTrash deletes one trashed record for good; a live record is refused
// (ENotFound). Asking the user first is the window's job.
func (st *Store) PurgeTrash(ctx context.Context, entity string, id uint) error {
	k, err := trashKindOf(entity)
	if err != nil {
		return err
	}
	return k.move(st, ctx, ActionPurge, id)
}

// TrashFailure is a record EmptyTrash could not purge, and why.
type TrashFailure struct {
	Item TrashItem
	Err  error
}

// EmptyTrash purges everything in the trash that can go. Records still
// referred to by others (a township by its trashed villages, a person by a
// trashed visit) are retried after the others went, so the order of the list
// does not matter; what still cannot go is reported, the rest is purged.
// err is only for a failure to list the trash or a cancelled context.
func (st *Store) EmptyTrash(ctx context.Context) (purged int, left []TrashFailure, err error) {
	items, err := st.Trash(ctx)
	if err != nil {
		return 0, nil, err
	}
	for len(items) > 0 {
		var failed []TrashFailure
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				return purged, nil, translate(err, label{"回收站", "trash"})
			}
			if err := st.PurgeTrash(ctx, it.Entity, it.ID); err != nil {
				failed = append(failed, TrashFailure{it, err})
			} else {
				purged++
			}
		}
		if len(failed) == len(items) {
			return purged, failed, nil
		}
		items = items[:0]
		for _, f := range failed {
			items = append(items, f.Item)
		}
	}
	return purged, nil, nil
}
