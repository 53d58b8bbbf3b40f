// Package data owns PilotDesk's records: models, validation, queries,
// migrations and backups. It knows nothing of windows or workbooks.
package data

import (
	"context"
	"errors"
	"log"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Store is one open PilotDesk database.
type Store struct {
	db   *gorm.DB
	path string // the file, or the server's URL without its password
	user string // OS account (database user on a server): the change log's operator while no 填表人 is set
}

// Model is embedded in every record: a trashed record has DeletedAt set, and
// Version counts saves so a stale edit is refused instead of overwriting.
type Model struct {
	ID        uint           `gorm:"primaryKey" json:"id"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	DeletedAt gorm.DeletedAt `gorm:"index" json:"-"`
	Version   int            `gorm:"not null;default:1" json:"version"`
}

// Open opens (creating if needed) the database at path and brings its
// schema up to date. A file that is not a database, is damaged, or was
// written by a newer PilotDesk is refused and left exactly as it was.
func Open(path string) (*Store, error) {
	open := openFile
	if IsServerURL(path) {
		open = openPostgres
	}
	s, err := open(path)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.ensureDatabaseID(); err != nil {
		s.Close()
		return nil, errOpen(s.path, err)
	}
	return s, nil
}

func gormOpen(d gorm.Dialector) (*gorm.DB, error) {
	return gorm.Open(d, &gorm.Config{
		TranslateError: true,
		Logger: logger.New(log.Default(), logger.Config{
			SlowThreshold:             time.Second,
			LogLevel:                  logger.Warn,
			IgnoreRecordNotFoundError: true,
		}),
	})
}

// createPrivate creates the file (and its folder) readable by the user only;
// SQLite gives its -wal and -shm files the same permissions.
func createPrivate(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USERNAME", "USER"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "?"
}

// Close releases the database file.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Path is the database file, or the server's URL without its password.
func (s *Store) Path() string { return s.path }

// transact runs fn in one transaction: every change that touches more than
// one row goes through here, so nothing is ever half-saved.
func (s *Store) transact(ctx context.Context, fn func(tx *gorm.DB) error) error {
	err := s.db.WithContext(ctx).Transaction(fn)
	if se := serverError(err); se != nil && ErrorCode(err) != EOffline && ErrorCode(err) != EReadOnly {
		return se // the server gone (at BEGIN or COMMIT too), or a reader writing
	}
	return err
}

// translate turns driver errors into user errors for the record kind what.
func translate(err error, what label) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return &Error{Code: EInternal, Err: err, ZH: "操作已取消。", EN: "The operation was cancelled."}
	case serverError(err) != nil: // a deadline passed too (context.DeadlineExceeded is a net.Error)
		return serverError(err)
	case errors.Is(err, gorm.ErrRecordNotFound):
		return newErr(ENotFound, "", what.zh+"不存在，可能已被删除。", "The "+what.en+" no longer exists; it may have been deleted.")
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &Error{Code: EConflict, Err: err, ZH: "已有同名的" + what.zh + "。", EN: "A " + what.en + " with that name already exists."}
	case errors.Is(err, gorm.ErrForeignKeyViolated), isForeignKeyError(err):
		return &Error{Code: EInUse, Err: err, ZH: what.zh + "引用的记录不存在，或仍有其他记录引用它。", EN: "The " + what.en + " refers to a missing record, or other records still refer to it."}
	}
	return internal(err, "保存或读取"+what.zh+"时出错，请重试。", "Could not read or save the "+what.en+"; please try again.")
}

// errStale is the answer to saving over a newer version of a record.
func errStale(what label) error {
	return newErr(EConflict, "", what.zh+"已在别处（另一个窗口或程序）被修改或删除，为免覆盖，本次未保存。填写的内容仍在表单中，请记下后重新打开再修改。",
		"The "+what.en+" was changed or deleted elsewhere (another window or program), so this save was refused to avoid overwriting it. What you typed is still in the form: note it, reopen the record and change it again.")
}
