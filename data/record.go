package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// record is what every entity shares: the Model fields and a title for the
// change log and the trash.
type record interface {
	model() *Model
	Title() string
}

func (m *Model) model() *Model { return m }

// Title implementations used by the change log and the trash.
func (s *Site) Title() string { return s.Name }

// saveRecord inserts (ID 0) or updates rec in one transaction once check
// passes, refusing a stale Version, and logs it; a failure puts rec's
// Model back so the caller can try again.
func saveRecord[T any, P interface {
	*T
	record
}](ctx context.Context, st *Store, rec P, what label, entity string, check func(tx *gorm.DB) error) error {
	m := rec.model()
	saved := *m
	err := st.transact(ctx, func(tx *gorm.DB) error {
		if err := check(tx); err != nil {
			return err
		}
		if m.ID == 0 {
			m.Version = 1
			if err := tx.Omit("DeletedAt").Create(rec).Error; err != nil {
				return translate(err, what)
			}
			return st.logChange(tx, entity, m.ID, ActionCreate, rec.Title(), nil, rec)
		}
		var before T
		if err := tx.First(&before, m.ID).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errStale(what)
			}
			return translate(err, what)
		}
		old := m.Version
		if P(&before).model().Version != old {
			return errStale(what)
		}
		m.Version = old + 1
		m.CreatedAt = P(&before).model().CreatedAt
		keepCounty(rec, &before)
		res := tx.Model(rec).Select("*").Omit("ID", "CreatedAt", "DeletedAt").Where("version = ?", old).Updates(rec)
		if res.Error != nil {
			return translate(res.Error, what)
		}
		if res.RowsAffected == 0 {
			return errStale(what)
		}
		return st.logChange(tx, entity, m.ID, ActionUpdate, rec.Title(), &before, rec)
	})
	if err != nil {
		*m = saved
	}
	return err
}

// trashRules is how records of one type move through the trash (回收站).
// Each hook is optional and runs in the moving transaction, where it may
// refuse the move or take other rows along.
type trashRules[T any, P interface {
	*T
	record
}] struct {
	entity string // the change log's and the trash's name of the type
	label  label
	title  func(tx *gorm.DB, rec P) error         // fills the other records' names Title shows
	hide   func(tx *gorm.DB, rec P) (bool, error) // leaves a trashed record out of the list

	trash, restore, purge func(st *Store, tx *gorm.DB, rec P) error
}

// move takes the record id through the trash in one transaction:
// ActionTrash (a live record), ActionRestore or ActionPurge (a trashed one,
// deleted for good, its last state logged), once the action's hook allows.
func (r *trashRules[T, P]) move(st *Store, ctx context.Context, action string, id uint) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		rec := P(new(T))
		find, hook := tx.Unscoped().Where("deleted_at IS NOT NULL"), r.restore
		switch action {
		case ActionTrash:
			find, hook = tx, r.trash
		case ActionPurge:
			hook = r.purge
		}
		if err := find.First(rec, id).Error; err != nil {
			return translate(err, r.label)
		}
		if action == ActionTrash {
			// What the hook takes along is stamped with the record's instant.
			rec.model().DeletedAt = gorm.DeletedAt{Time: time.Now(), Valid: true}
		}
		if r.title != nil {
			if err := r.title(tx, rec); err != nil {
				return err
			}
		}
		if hook != nil {
			if err := hook(st, tx, rec); err != nil {
				return err
			}
		}
		var res *gorm.DB
		var last any
		switch action {
		case ActionTrash:
			res = tx.Model(new(T)).Where("id = ?", id).UpdateColumns(trashStamp(rec.model().DeletedAt.Time))
		case ActionRestore:
			res = tx.Unscoped().Model(new(T)).Where("id = ?", id).UpdateColumns(trashStamp(nil))
		default:
			res, last = tx.Unscoped().Delete(new(T), id), rec
		}
		if res.Error != nil {
			return translate(res.Error, r.label)
		}
		return st.logChange(tx, r.entity, id, action, rec.Title(), last, nil)
	})
}

// list lists the trashed records of the type, newest first.
func (r *trashRules[T, P]) list(st *Store, ctx context.Context) ([]TrashItem, error) {
	db := st.db.WithContext(ctx)
	var rows []T
	if err := db.Unscoped().Where("deleted_at IS NOT NULL").Order("deleted_at DESC, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]TrashItem, 0, len(rows))
	for i := range rows {
		rec := P(&rows[i])
		if r.hide != nil {
			hidden, err := r.hide(db, rec)
			if err != nil {
				return nil, err
			}
			if hidden {
				continue
			}
		}
		if r.title != nil {
			if err := r.title(db, rec); err != nil {
				return nil, err
			}
		}
		out = append(out, TrashItem{Entity: r.entity, ID: rec.model().ID, Title: rec.Title(), DeletedAt: rec.model().DeletedAt.Time})
	}
	return out, nil
}

// trashStamp sets deleted_at (nil: restored) and moves the version on.
func trashStamp(at any) map[string]any {
	return map[string]any{"deleted_at": at, "version": gorm.Expr("version + 1")}
}

// checked is a record with rules of its own: tidy cleans what was typed,
// check collects the rules it breaks without reading other rows.
type checked interface {
	record
	tidy()
	check(c *checker)
}

// validate checks rec's own rules (the records' Validate, for importers).
func validate(rec checked) error {
	var c checker
	rec.check(&c)
	return c.err()
}

// saveChecked tidies and checks rec, then saves it (saveRecord) once refs,
// the rules reading other rows, pass inside the saving transaction.
func saveChecked[T any, P interface {
	*T
	checked
}](ctx context.Context, st *Store, rec P, what label, entity string, refs func(tx *gorm.DB, c *checker) error) error {
	rec.tidy()
	if err := validate(rec); err != nil {
		return err
	}
	return saveRecord(ctx, st, rec, what, entity, func(tx *gorm.DB) error {
		var c checker
		if err := refs(tx, &c); err != nil {
			return err
		}
		return c.err()
	})
}

// inTrash says, for a restore, that the record of a table must come back first.
var inTrash = map[string][2]string{
	"people": {"人员“%s”在回收站中，请先恢复该人员。", "The person %q is in the trash; restore them first."},
	"sites":  {"试点单位“%s”在回收站中，请先恢复该试点单位。", "The pilot site %q is in the trash; restore it first."},
	"panels": {"政策顾问团“%s”在回收站中，请先恢复该顾问团。", "The advisory panel %q is in the trash; restore it first."},
}

// needLive refuses a restore while the row id of table, named name, is in
// the trash.
func needLive(tx *gorm.DB, table string, id uint, name string) error {
	live, err := isLive(tx, table, id)
	if err != nil || live {
		return err
	}
	return newErr(EConflict, "", fmt.Sprintf(inTrash[table][0], name), fmt.Sprintf(inTrash[table][1], name))
}

// conflictIf turns the first rule refs finds broken into a conflict: on a
// restore, a live record has meanwhile taken the place of this one.
func conflictIf(refs func(c *checker) error) error {
	var c checker
	if err := refs(&c); err != nil || c.err() == nil {
		return err
	}
	return newErr(EConflict, "", c.errs[0].ZH, c.errs[0].EN)
}

// one reads the live record id.
func one[T any](ctx context.Context, st *Store, id uint, what label) (*T, error) {
	var rec T
	if err := st.db.WithContext(ctx).First(&rec, id).Error; err != nil {
		return nil, translate(err, what)
	}
	return &rec, nil
}

// isLive tells whether table holds the live row id.
func isLive(tx *gorm.DB, table string, id uint) (bool, error) {
	var n int64
	err := tx.Table(table).Where("id = ? AND deleted_at IS NULL", id).Count(&n).Error
	return n > 0, err
}

// TrashItem is one record in the trash (回收站).
type TrashItem struct {
	Entity    string    `json:"entity"` // "site", "person", ...
	ID        uint      `json:"id"`
	Title     string    `json:"title"`
	DeletedAt time.Time `json:"deleted_at"`
}

// trashKind is a type of record the trash lists, restores and purges.
type trashKind struct {
	entity string
	label  label
	list   func(st *Store, ctx context.Context) ([]TrashItem, error)
	move   func(st *Store, ctx context.Context, action string, id uint) error
}

var trashKinds []trashKind

// registerTrash lists r's type in the trash; each record's file registers its own.
func registerTrash[T any, P interface {
	*T
	record
}](r *trashRules[T, P]) *trashRules[T, P] {
	trashKinds = append(trashKinds, trashKind{r.entity, r.label, r.list, r.move})
	return r
}

// liveName is the name of the live row id of table; a missing one breaks
// field's rule, with the message zh, en.
func liveName(tx *gorm.DB, table string, id uint, c *checker, field, zh, en string) (string, error) {
	var names []string
	if err := tx.Table(table).Where("id = ? AND deleted_at IS NULL", id).Limit(1).Pluck("name", &names).Error; err != nil || len(names) > 0 {
		return strings.Join(names, ""), err
	}
	c.add(field, zh, en)
	return "", nil
}
