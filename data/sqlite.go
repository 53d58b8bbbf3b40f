package data

// Everything specific to SQLite lives in this file: the connection string,
// pragmas, the file header check, online backup and full-text search. A
// PostgreSQL store would replace this file and keep the rest.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// dsn builds the mattn/go-sqlite3 connection string. Foreign keys must be
// switched on per connection (mattn ignores the _pragma= syntax of other
// drivers); immediate transactions take the write lock at BEGIN so two
// processes never deadlock upgrading a read lock; FULL sync keeps a saved
// record through a power cut, not only through a crash.
func dsn(path string) string {
	q := url.Values{}
	q.Set("_foreign_keys", "1")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	q.Set("_synchronous", "FULL")
	return path + "?" + q.Encode()
}

func openDialector(path string) gorm.Dialector {
	return sqlite.Open(dsn(path))
}

var sqliteHeader = []byte("SQLite format 3\x00")

// checkFile refuses a file that exists but is not an SQLite database, before
// the driver touches it (opening in WAL mode would write to it).
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return errOpen(path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF) {
		return nil // an empty file: SQLite makes a database of it
	}
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return errDamaged(path, fmt.Errorf("no SQLite header (read %d bytes: %v)", n, err))
	}
	return nil
}

// checkConnection verifies what the DSN promised, and that the file is whole.
func checkConnection(db *gorm.DB, path string) error {
	var fk int
	if err := db.Raw("PRAGMA foreign_keys").Scan(&fk).Error; err != nil {
		return errDamaged(path, err)
	}
	if fk != 1 {
		return &Error{Code: EInternal, ZH: "数据库外键约束未能启用。", EN: "Foreign keys could not be enabled.", Err: errors.New("PRAGMA foreign_keys = 0")}
	}
	var res []string
	if err := db.Raw("PRAGMA quick_check(1)").Scan(&res).Error; err != nil {
		return errDamaged(path, err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return errDamaged(path, fmt.Errorf("quick_check: %s", strings.Join(res, "; ")))
	}
	return nil
}

// integrityCheck runs the full check, for backups and restores.
func integrityCheck(db *gorm.DB) error {
	var res []string
	if err := db.Raw("PRAGMA integrity_check(1)").Scan(&res).Error; err != nil {
		return err
	}
	if len(res) != 1 || res[0] != "ok" {
		return fmt.Errorf("integrity_check: %s", strings.Join(res, "; "))
	}
	return nil
}

// vacuumInto writes a consistent, compact copy of the live database to dst
// (which must not exist), while other connections keep working.
func vacuumInto(db *gorm.DB, dst string) error {
	return db.Exec("VACUUM INTO ?", dst).Error
}

func errOpen(path string, err error) error {
	return &Error{Code: EInternal, Err: err,
		ZH: fmt.Sprintf("无法打开数据库文件“%s”。请检查文件是否存在、是否有权限访问。", path),
		EN: fmt.Sprintf("Cannot open the database file %q. Check that it exists and that you may access it.", path)}
}

func errDamaged(path string, err error) error {
	return &Error{Code: EDamaged, Err: err,
		ZH: fmt.Sprintf("数据库文件“%s”已损坏或不是议事台的数据库。可以从备份恢复，或新建一个数据库文件；原文件不会被改动。", path),
		EN: fmt.Sprintf("The database file %q is damaged or not a PilotDesk database. Restore a backup or start a new file; the damaged file is left untouched.", path)}
}

// --- backups ---------------------------------------------------------------

// sqliteSidecars are the files SQLite keeps beside a database; a stale one
// left next to a replaced database would be replayed into it.
func sqliteSidecars(path string) []string {
	return []string{path + "-wal", path + "-shm", path + "-journal"}
}

// checkpoint copies the write-ahead log into the database file and empties
// it, so the file alone holds everything.
func checkpoint(db *gorm.DB) error {
	return db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error
}

// isForeignKeyError spots the violation of an ON DELETE RESTRICT foreign
// key: SQLite reports it as SQLITE_CONSTRAINT_TRIGGER (1811), which GORM's
// translator leaves alone (it maps only SQLITE_CONSTRAINT_FOREIGNKEY).
func isForeignKeyError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}
