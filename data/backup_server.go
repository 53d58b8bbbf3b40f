package data

import (
	"net/url"
	"path/filepath"
	"strings"

	"gorm.io/gorm"
)

// On a server, 设置 → 备份 makes a local copy: an SQLite file holding the
// server's records, in the user's own backups folder, one folder per
// server and database. The server's own backups (pg_dump) stay its
// administrator's; nothing is restored onto a server from here.

// serverBackupDir is where the local copies of servers' databases go.
func serverBackupDir() string {
	def, err := DefaultPath()
	if err != nil {
		return "backups"
	}
	return filepath.Join(filepath.Dir(def), "backups")
}

// serverName names a server's database in its copies: host-port-database.
func serverName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "server"
	}
	name := u.Hostname() + "-" + u.Port() + "-" + strings.TrimPrefix(u.Path, "/")
	return strings.Trim(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:?*"<>|`, r) { // not allowed in a Windows file name
			return '-'
		}
		return r
	}, name), "-.")
}

// serverCopyInto copies the server's database into the new file dst, with
// the server's identity, as VACUUM INTO copies a file's.
func serverCopyInto(db *gorm.DB, dst string) error {
	src := &Store{db: db}
	to, err := Open(dst)
	if err != nil {
		return err
	}
	defer to.Close()
	if _, err := src.CopyTo(db.Statement.Context, to, nil); err != nil {
		return err
	}
	id, err := databaseID(db)
	if err != nil {
		return err
	}
	if err := setDatabaseID(to.db, id); err != nil {
		return err
	}
	return checkpoint(to.db)
}
