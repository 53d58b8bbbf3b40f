package data

import (
	"context"
	"errors"
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

// saveRecord inserts (ID 0) or updates rec in one transaction after check
// passes, refusing an update whose Version is no longer the stored one, and
// logs the change. On failure rec's ID, Version and times are put back so
// the caller can fix the input and try again.
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

// trashRecord moves a live record to the trash after check allows it.
func trashRecord[T any, P interface {
	*T
	record
}](ctx context.Context, st *Store, id uint, what label, entity string, check func(tx *gorm.DB, rec P) error) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		var rec T
		if err := tx.First(&rec, id).Error; err != nil {
			return translate(err, what)
		}
		if check != nil {
			if err := check(tx, &rec); err != nil {
				return err
			}
		}
		res := tx.Model(new(T)).Where("id = ?", id).
			UpdateColumns(map[string]any{"deleted_at": time.Now(), "version": gorm.Expr("version + 1")})
		if res.Error != nil {
			return translate(res.Error, what)
		}
		return st.logChange(tx, entity, id, ActionTrash, P(&rec).Title(), nil, nil)
	})
}

// restoreRecord brings a record back from the trash after check allows it.
func restoreRecord[T any, P interface {
	*T
	record
}](ctx context.Context, st *Store, id uint, what label, entity string, check func(tx *gorm.DB, rec P) error) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		var rec T
		if err := tx.Unscoped().Where("deleted_at IS NOT NULL").First(&rec, id).Error; err != nil {
			return translate(err, what)
		}
		if check != nil {
			if err := check(tx, &rec); err != nil {
				return err
			}
		}
		res := tx.Unscoped().Model(new(T)).Where("id = ?", id).
			UpdateColumns(map[string]any{"deleted_at": nil, "version": gorm.Expr("version + 1")})
		if res.Error != nil {
			return translate(res.Error, what)
		}
		return st.logChange(tx, entity, id, ActionRestore, P(&rec).Title(), nil, nil)
	})
}

// purgeRecord deletes a trashed record for good after check allows it.
func purgeRecord[T any, P interface {
	*T
	record
}](ctx context.Context, st *Store, id uint, what label, entity string, check func(tx *gorm.DB, rec P) error) error {
	return st.transact(ctx, func(tx *gorm.DB) error {
		var rec T
		if err := tx.Unscoped().Where("deleted_at IS NOT NULL").First(&rec, id).Error; err != nil {
			return translate(err, what)
		}
		if check != nil {
			if err := check(tx, &rec); err != nil {
				return err
			}
		}
		if err := tx.Unscoped().Delete(new(T), id).Error; err != nil {
			return translate(err, what)
		}
		return st.logChange(tx, entity, id, ActionPurge, P(&rec).Title(), &rec, nil)
	})
}

// TrashItem is one record in the trash (回收站).
type TrashItem struct {
	Entity    string    `json:"entity"` // "site", "person", ...
	ID        uint      `json:"id"`
	Title     string    `json:"title"`
	DeletedAt time.Time `json:"deleted_at"`
}

// trashKind is an entity that can sit in the trash. Each entity file
// registers its own, so the trash screen and its queries know them all.
type trashKind struct {
	entity  string
	label   label
	list    func(st *Store, ctx context.Context) ([]TrashItem, error)
	restore func(st *Store, ctx context.Context, id uint) error
	purge   func(st *Store, ctx context.Context, id uint) error
}

var trashKinds []trashKind

func registerTrash(k trashKind) bool {
	trashKinds = append(trashKinds, k)
	return true
}

// trashed lists the trashed records of one type, newest first.
func trashed[T any, P interface {
	*T
	record
}](entity string) func(st *Store, ctx context.Context) ([]TrashItem, error) {
	return func(st *Store, ctx context.Context) ([]TrashItem, error) {
		var rows []T
		if err := st.db.WithContext(ctx).Unscoped().Where("deleted_at IS NOT NULL").Order("deleted_at DESC").Find(&rows).Error; err != nil {
			return nil, err
		}
		out := make([]TrashItem, len(rows))
		for i := range rows {
			p := P(&rows[i])
			out[i] = TrashItem{Entity: entity, ID: p.model().ID, Title: p.Title(), DeletedAt: p.model().DeletedAt.Time}
		}
		return out, nil
	}
}
