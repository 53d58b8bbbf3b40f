package data

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// Import runs fn with a Store bound to one transaction, for importers that
// save many records through the ordinary Save* and InsertActivities calls:
// each still validates and logs as usual (its own transaction becomes a
// savepoint), and either everything fn saved is committed or, when fn
// returns an error or ctx is cancelled, nothing is.
func (st *Store) Import(ctx context.Context, fn func(tx *Store) error) error {
	err := st.transact(ctx, func(db *gorm.DB) error {
		return fn(&Store{db: db, path: st.path, user: st.user})
	})
	var de *Error
	var ve ValidationErrors
	if err == nil || errors.As(err, &de) || errors.As(err, &ve) {
		return err
	}
	return translate(err, label{"导入的记录", "imported records"})
}
