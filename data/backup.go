package data

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Backups are whole-database copies, readable by the user only, in
// backups/<name>/ beside the database, named <name>-YYYYMMDD-HHMMSS-KIND.db
// (local time). Each carries the database's identity, by which a restore
// refuses another database's backup. Only daily backups are pruned: a
// safety copy that vanishes on its own is no safety. Files in backups/
// itself are from versions before identities (Legacy: owner unknown).
const (
	BackupDaily      = "daily"       // made on the first start of each day
	BackupManual     = "manual"      // asked for by the user
	BackupPreRestore = "pre-restore" // the database as it was before a restore
	BackupPreMigrate = "pre-migrate" // the database as it was before a schema upgrade
)

var BackupKinds = enum("backup_kind",
	Option{BackupDaily, "每日自动备份", "Daily"},
	Option{BackupManual, "手动备份", "Manual"},
	Option{BackupPreRestore, "恢复前的数据库", "Before a restore"},
	Option{BackupPreMigrate, "升级前的数据库", "Before an upgrade"},
)

// Whose a backup is, as its identity tells.
const (
	OwnerThis    = "this"    // a backup of the open database
	OwnerUnknown = "unknown" // made before backups carried an identity
	OwnerOther   = "other"   // another database's: never restored over this one
)

// KeepDailyBackups is how many daily backups are kept.
const KeepDailyBackups = 14

const backupTimeLayout = "20060102-150405"

var backupName = regexp.MustCompile(`^(.+)-(\d{8}-\d{6})-([a-z-]+)\.db$`)

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path     string
	Database string    // whose backup its name says ("pilotdesk"); "" when it does not tell
	Time     time.Time // when it was made: from its name, else the file's time
	Size     int64
	Kind     string    // a BackupKinds code; "" for a file not named by PilotDesk
	Legacy   bool      // in the folder all databases shared before identities
	Schema   int       // schema version; filled by CheckBackup only
	Contents *Contents // what it holds; nil when not read or unreadable
	Owner    string    // OwnerThis, OwnerUnknown or OwnerOther; "" when not compared
}

// Contents is what a database holds, for a person telling two files apart.
type Contents struct {
	Sites      int       // live pilot sites
	Activities int       // live consultation activities
	LastChange time.Time // the newest change-log entry; zero when none
	id         string    // the database's identity; "" in a file without one
}

// BackupDir is the backups folder of the database at dbPath.
func BackupDir(dbPath string) string {
	return filepath.Join(legacyBackupDir(dbPath), DatabaseName(dbPath))
}

// legacyBackupDir is the folder all databases in a folder shared before
// backups carried an identity.
func legacyBackupDir(dbPath string) string {
	if IsServerURL(dbPath) {
		return serverBackupDir() // backup_server.go
	}
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// DatabaseName names the database at path in its backups (pilotdesk.db: pilotdesk).
func DatabaseName(path string) string {
	if IsServerURL(path) {
		return serverName(path) // backup_server.go
	}
	base := filepath.Base(path)
	if name := base[:len(base)-len(filepath.Ext(base))]; name != "" && strings.EqualFold(filepath.Ext(base), ".db") {
		return name
	}
	return base
}

// Backup writes a consistent copy of the open database (kind: a
// BackupKinds code) into its backups folder and returns its path.
func (st *Store) Backup(ctx context.Context, kind string) (string, error) {
	return st.backupAt(ctx, kind, time.Now())
}

func (st *Store) backupAt(ctx context.Context, kind string, now time.Time) (string, error) {
	if !BackupKinds.Valid(kind) {
		return "", errBackup(fmt.Errorf("unknown backup kind %q", kind))
	}
	path, err := writeBackup(st.path, kind, now, func(tmp, _ string) error {
		if err := vacuumInto(st.db.WithContext(ctx), tmp); err != nil {
			return err
		}
		return syncFile(tmp)
	})
	if err != nil {
		return "", errBackup(err)
	}
	return path, nil
}

// writeBackup has write fill an empty 0600 file, renamed once whole and on
// disk to a new backup's name (given to write for a -wal copied beside it).
func writeBackup(dbPath, kind string, now time.Time, write func(tmp, path string) error) (string, error) {
	path, err := newBackupPath(dbPath, kind, now)
	if err != nil {
		return "", err
	}
	tmp, err := privateTemp(filepath.Dir(path), ".pilotdesk-backup-*.tmp")
	if err != nil {
		return "", err
	}
	err = write(tmp, path)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		os.Remove(path + "-wal")
		return "", err
	}
	return path, nil
}

// newBackupPath names a backup made at now (a second later if taken).
func newBackupPath(dbPath, kind string, now time.Time) (string, error) {
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	now = now.Local()
	for i := 0; i < 100; i++ {
		p := filepath.Join(dir, DatabaseName(dbPath)+"-"+now.Add(time.Duration(i)*time.Second).Format(backupTimeLayout)+"-"+kind+".db")
		if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
	}
	return "", fmt.Errorf("no free backup name in %s at %s", dir, now)
}

// DailyBackup makes the day's backup unless there is one, then prunes the
// daily backups to the newest KeepDailyBackups; made tells whether it did.
func (st *Store) DailyBackup(ctx context.Context, now time.Time) (path string, made bool, err error) {
	if isPG(st.db) {
		return "", false, nil // a server's backups are its administrator's
	}
	now = now.Local()
	list, err := ownBackups(st.path)
	if err != nil {
		return "", false, err
	}
	for _, b := range list {
		if b.Kind == BackupDaily && DateOf(b.Time) == DateOf(now) {
			return b.Path, false, nil
		}
	}
	path, err = st.backupAt(ctx, BackupDaily, now)
	if err != nil {
		return "", false, err
	}
	return path, true, pruneBackups(st.path, list, now)
}

// pruneBackups deletes all but the newest daily backups, the one just made
// and those in list (made before it), and temp files a crash left.
func pruneBackups(dbPath string, list []BackupInfo, now time.Time) error {
	var errs []error
	kept := 1 // the one just made, newer than list's
	for _, b := range list {
		if b.Kind != BackupDaily {
			continue
		}
		if kept++; kept > KeepDailyBackups {
			errs = append(errs, os.Remove(b.Path))
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(BackupDir(dbPath), ".pilotdesk-backup-*.tmp"))
	for _, t := range tmps {
		if fi, err := os.Stat(t); err == nil && now.Sub(fi.ModTime()) > time.Hour {
			errs = append(errs, os.Remove(t))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return internal(err, "删除过期的自动备份失败。", "Could not delete old daily backups.")
	}
	return nil
}

// ListBackups lists the backups of the database at dbPath by their names,
// newest first, the shared folder's old ones (Legacy) included.
func ListBackups(dbPath string) ([]BackupInfo, error) {
	own, err := ownBackups(dbPath)
	if err != nil || IsServerURL(dbPath) {
		// A server's shared folder is the default file's: its old ones are that file's.
		return own, err
	}
	old, err := listBackupDir(legacyBackupDir(dbPath), "pilotdesk")
	if err != nil {
		return nil, err
	}
	for i := range old {
		old[i].Legacy, old[i].Database = true, ""
	}
	return newestFirst(append(own, old...)), nil
}

// ownBackups lists the backups in the database's own folder, newest first.
func ownBackups(dbPath string) ([]BackupInfo, error) {
	return listBackupDir(BackupDir(dbPath), DatabaseName(dbPath))
}

// listBackupDir lists the backups of the database named name in dir, newest first.
func listBackupDir(dir, name string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, internal(err, "无法读取备份文件夹。", "Cannot read the backup folder.")
	}
	var out []BackupInfo
	for _, e := range entries {
		b, ok := parseBackupName(e.Name())
		if !ok || !e.Type().IsRegular() || !strings.EqualFold(b.Database, name) {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		b.Path, b.Size = filepath.Join(dir, e.Name()), fi.Size()
		out = append(out, b)
	}
	return newestFirst(out), nil
}

func newestFirst(list []BackupInfo) []BackupInfo {
	slices.SortFunc(list, func(a, b BackupInfo) int { return cmp.Or(b.Time.Compare(a.Time), strings.Compare(b.Path, a.Path)) })
	return list
}

// parseBackupName reads database, time and kind from a backup's file name.
func parseBackupName(name string) (BackupInfo, bool) {
	m := backupName.FindStringSubmatch(name)
	if m == nil || !BackupKinds.Valid(m[3]) {
		return BackupInfo{}, false
	}
	t, err := time.ParseInLocation(backupTimeLayout, m[2], time.Local)
	if err != nil {
		return BackupInfo{}, false
	}
	return BackupInfo{Database: m[1], Time: t, Kind: m[3]}, true
}

// Backups lists the open database's backups, newest first, with what each
// holds and whose it is (an unreadable one without contents); old ones of
// another database are left out.
func (st *Store) Backups(ctx context.Context) ([]BackupInfo, error) {
	list, err := ListBackups(st.path)
	if err != nil {
		return nil, err
	}
	mine, err := databaseID(st.db.WithContext(ctx))
	if err != nil {
		return nil, translate(err, databaseLabel)
	}
	out := list[:0]
	for _, b := range list {
		if err := ctx.Err(); err != nil {
			return nil, translate(err, databaseLabel)
		}
		if c, err := fileContents(b.Path); err == nil {
			b.Contents, b.Owner = &c, ownerOf(c.id, mine)
		}
		if b.Owner != OwnerOther {
			out = append(out, b)
		}
	}
	return out, nil
}

func ownerOf(id, mine string) string {
	switch {
	case id == "" || mine == "":
		return OwnerUnknown
	case id == mine:
		return OwnerThis
	}
	return OwnerOther
}

// Contents is what the open database holds.
func (st *Store) Contents(ctx context.Context) (Contents, error) {
	c, err := readContents(st.db.WithContext(ctx))
	return c, translate(err, databaseLabel)
}

var databaseLabel = label{"数据库", "database"}

// fileContents reads what the (closed) database file at path holds, unchanged.
func fileContents(path string) (Contents, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return Contents{}, err
	}
	defer (&Store{db: db}).Close()
	return readContents(db)
}

// readContents counts live sites and activities, the last change and the
// identity; a table an old schema lacks counts as empty.
func readContents(db *gorm.DB) (Contents, error) {
	var c Contents
	id, err := databaseID(db)
	if err != nil {
		return c, err
	}
	c.id = id
	for table, to := range map[string]*int{"sites": &c.Sites, "activities": &c.Activities} {
		if !db.Migrator().HasTable(table) {
			continue
		}
		var k int64
		if err := db.Table(table).Where("deleted_at IS NULL").Count(&k).Error; err != nil {
			return c, err
		}
		*to = int(k)
	}
	if db.Migrator().HasTable(&Change{}) {
		var at []time.Time
		if err := db.Model(&Change{}).Order("at DESC").Limit(1).Pluck("at", &at).Error; err != nil {
			return c, err
		}
		if len(at) == 1 {
			c.LastChange = at[0]
		}
	}
	return c, nil
}

// CheckBackup tells whether path is a whole PilotDesk database this
// program can restore, checking a private copy (EDamaged, ENewerSchema).
func CheckBackup(path string) (BackupInfo, error) {
	info, err := backupInfo(path)
	if err != nil {
		return info, err
	}
	dir, err := os.MkdirTemp("", "pilotdesk-check-")
	if err != nil {
		return info, internal(err, "无法检查备份文件。", "Cannot check the backup file.")
	}
	defer os.RemoveAll(dir)
	st, v, c, err := openCopy(path, filepath.Join(dir, "check.db"))
	if err != nil {
		return info, err
	}
	st.Close()
	info.Schema, info.Contents = v, &c
	return info, nil
}

// CheckRestore checks the backup at path (CheckBackup), refuses another
// database's, and returns what it and the open database hold.
func (st *Store) CheckRestore(ctx context.Context, path string) (BackupInfo, Contents, error) {
	cur, err := st.Contents(ctx)
	if err != nil {
		return BackupInfo{Path: path}, cur, err
	}
	if abs(path) == abs(st.path) {
		return BackupInfo{Path: path}, cur, errRestoreItself()
	}
	info, err := CheckBackup(path)
	if err != nil {
		return info, cur, err
	}
	if info.Owner = ownerOf(info.Contents.id, cur.id); info.Owner == OwnerOther {
		return info, cur, errOtherDatabase(info, st.path)
	}
	return info, cur, nil
}

// abs is path made absolute, or as it is when that fails.
func abs(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

func backupInfo(path string) (BackupInfo, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return BackupInfo{Path: path}, &Error{Code: ENotFound, Err: err,
			ZH: fmt.Sprintf("找不到备份文件“%s”；当前数据库未被改动。", path),
			EN: fmt.Sprintf("The backup file %q was not found; the current database was not changed.", path)}
	}
	if err != nil {
		return BackupInfo{Path: path}, errBadBackup(path, err)
	}
	info, ok := parseBackupName(filepath.Base(path))
	if !ok {
		info.Time = fi.ModTime()
	}
	info.Path, info.Size = path, fi.Size()
	return info, nil
}

// openCopy copies shown to cp, opens the copy, checks it is a whole
// PilotDesk database of a schema this program knows and reads what it holds.
func openCopy(shown, cp string) (*Store, int, Contents, error) {
	var c Contents
	if err := copyFileSync(shown, cp); err != nil {
		return nil, 0, c, errBadBackup(shown, err)
	}
	if fi, err := os.Stat(cp); err != nil || fi.Size() == 0 {
		return nil, 0, c, errBadBackup(shown, fmt.Errorf("empty or missing: %v", err))
	}
	st, err := openFile(cp)
	if err != nil {
		return nil, 0, c, errBadBackup(shown, err)
	}
	v, err := 0, integrityCheck(st.db)
	if err == nil {
		v, err = fileVersion(st.db)
	}
	if err == nil && v == 0 {
		err = errors.New("no schema_version: not a PilotDesk database")
	}
	if err == nil && v <= SchemaVersion() {
		c, err = readContents(st.db)
	}
	switch {
	case err != nil:
		st.Close()
		return nil, 0, c, errBadBackup(shown, err)
	case v > SchemaVersion():
		st.Close()
		return nil, 0, c, errNewerBackup(shown, v)
	}
	return st, v, c, nil
}

// RestoreBackup replaces the (closed) database at dbPath with the backup
// at backupPath: a checked copy, upgraded and logged, takes its place by a
// rename once the current one is saved as a pre-restore backup (returned).
// Another database's backup is refused; a failure leaves all as it was.
func RestoreBackup(dbPath, backupPath string) (string, error) {
	dbPath, backupPath = abs(dbPath), abs(backupPath)
	if dbPath == backupPath {
		return "", errRestoreItself()
	}
	info, err := backupInfo(backupPath)
	if err != nil {
		return "", err
	}
	tmp, err := privateTemp(filepath.Dir(dbPath), ".pilotdesk-restore-*.db")
	if err != nil {
		return "", errRestore(err)
	}
	safetyCopy, err := prepareRestore(tmp, dbPath, info)
	if err == nil {
		err = syncFile(tmp)
	}
	for _, s := range sqliteSidecars(tmp) {
		os.Remove(s)
	}
	if err == nil {
		err = replaceDB(tmp, dbPath)
	}
	if err != nil {
		os.Remove(tmp)
		return "", errRestore(err) // a user error passes as it is
	}
	return safetyCopy, nil
}

// prepareRestore makes tmp the backup's checked copy, upgraded, with the
// database's identity and the restore logged, once the database at dbPath
// is saved as a pre-restore backup (safetyCopy).
func prepareRestore(tmp, dbPath string, info BackupInfo) (safetyCopy string, err error) {
	rst, _, got, err := openCopy(info.Path, tmp)
	if err != nil {
		return "", err
	}
	defer func() {
		if cerr := rst.Close(); err == nil {
			err = cerr
		}
	}()
	// An unreadable database (why one restores) has no identity to compare.
	cur, _ := fileContents(dbPath)
	if ownerOf(got.id, cur.id) == OwnerOther {
		return "", errOtherDatabase(info, dbPath)
	}
	if err := rst.migrateTo(SchemaVersion()); err != nil {
		return "", err
	}
	// An old backup without an identity becomes this database's.
	if got.id == "" && cur.id != "" {
		if err := setDatabaseID(rst.db, cur.id); err != nil {
			return "", err
		}
	}
	if safetyCopy, err = safetyBackup(dbPath, time.Now()); err != nil {
		return "", err
	}
	kept, name := "", filepath.Base(info.Path)
	if safetyCopy != "" {
		kept = filepath.Base(safetyCopy)
	}
	err = rst.logChange(rst.db, "database", 0, ActionRestoreBackup, name,
		map[string]any{"file": kept}, map[string]any{"file": name, "made": info.Time.Format("2006-01-02 15:04:05")})
	if err == nil {
		err = checkpoint(rst.db)
	}
	return safetyCopy, err
}

// safetyBackup saves the closed database at dbPath as a pre-restore
// backup: VACUUM INTO, or for an unreadable file a byte copy with its -wal.
func safetyBackup(dbPath string, now time.Time) (string, error) {
	fi, err := os.Stat(dbPath)
	if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return "", nil
	}
	if err != nil {
		return "", errRestore(err)
	}
	if st, err := openFile(dbPath); err == nil {
		path, err := st.backupAt(context.Background(), BackupPreRestore, now)
		st.Close()
		if err == nil {
			// A -wal left after closing: another program has it open.
			if _, serr := os.Stat(dbPath + "-wal"); serr == nil {
				os.Remove(path)
				return "", newErr(EConflict, "", "数据库正被另一个议事台窗口或程序使用，请先关闭它再恢复；当前数据库未被改动。",
					"The database is in use by another PilotDesk window or program; close it before restoring. The current database was not changed.")
			}
			return path, nil
		}
	}
	path, err := writeBackup(dbPath, BackupPreRestore, now, func(tmp, path string) error {
		if err := copyFileSync(dbPath, tmp); err != nil {
			return err
		}
		if _, err := os.Stat(dbPath + "-wal"); err != nil {
			return nil
		}
		return copyFileSync(dbPath+"-wal", path+"-wal")
	})
	if err != nil {
		return "", errRestore(err)
	}
	return path, nil
}

// replaceDB renames src over dst, moving dst's -wal, -shm and -journal
// aside first (SQLite would replay them), back if the rename fails.
func replaceDB(src, dst string) error {
	var aside [][2]string
	putBack := func() {
		for _, a := range aside {
			os.Rename(a[1], a[0])
		}
	}
	for _, s := range sqliteSidecars(dst) {
		if _, err := os.Lstat(s); err != nil {
			continue
		}
		a := s + ".old"
		if err := os.Rename(s, a); err != nil {
			putBack()
			return err
		}
		aside = append(aside, [2]string{s, a})
	}
	if err := os.Rename(src, dst); err != nil {
		putBack()
		return err
	}
	for _, a := range aside {
		os.Remove(a[1])
	}
	return nil
}

// preMigrateBackup backs up a file of an older schema before upgrading
// it; a failed backup stops the upgrade.
func (s *Store) preMigrateBackup() error {
	have, err := fileVersion(s.db)
	if err != nil || have == 0 || have >= SchemaVersion() {
		return nil // nothing to upgrade, or migrateTo reports the problem
	}
	// The copy carries the identity, so it restores as this database's own.
	if err := s.ensureDatabaseID(); err != nil {
		return errOpen(s.path, err)
	}
	if _, err := s.Backup(context.Background(), BackupPreMigrate); err != nil {
		return &Error{Code: EInternal, Err: err,
			ZH: "升级数据库结构前未能备份，因此没有升级，数据库未被改动。请检查数据库所在文件夹下的 backups 文件夹是否可写、磁盘空间是否足够。",
			EN: "The database could not be backed up before upgrading it, so it was not upgraded and is unchanged. Check that the backups folder next to it is writable and the disk has space."}
	}
	return nil
}

// privateTemp creates an empty file readable by the user only in dir.
func privateTemp(dir, pattern string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, pattern) // mode 0600
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// copyFileSync copies src to dst (0600) and flushes it to disk.
func copyFileSync(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncFile flushes a file SQLite wrote without syncing (VACUUM INTO does not).
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func errBackup(err error) error {
	return internal(err, "备份数据库失败。请检查备份文件夹是否可写、磁盘空间是否足够。",
		"Backing up the database failed. Check that the backup folder is writable and the disk has space.")
}

func errRestore(err error) error {
	return internal(err, "恢复备份失败，当前数据库保持原样。请检查数据库所在文件夹是否可写、磁盘空间是否足够。",
		"Restoring the backup failed; the current database was left as it was. Check that its folder is writable and the disk has space.")
}

func errRestoreItself() error {
	return newErr(EInvalid, "", "不能用数据库文件自身来恢复。", "A database cannot be restored from itself.")
}

// errOtherDatabase refuses b, a backup of another database than dbPath's.
func errOtherDatabase(b BackupInfo, dbPath string) error {
	whose, whoseEN := "另一个数据库", "another database"
	if b.Database != "" && !strings.EqualFold(b.Database, DatabaseName(dbPath)) {
		whose, whoseEN = "另一个数据库“"+b.Database+"”", fmt.Sprintf("another database (%s)", b.Database)
	}
	return newErr(EInvalid, "",
		fmt.Sprintf("“%s”是%s的备份，不是当前数据库“%s”的，因此没有恢复；当前数据库未被改动。要用这份备份，请打开它所属的数据库再恢复。",
			filepath.Base(b.Path), whose, filepath.Base(dbPath)),
		fmt.Sprintf("%q is a backup of %s, not of the current database %q, so it was not restored; the current database was not changed. To use it, open the database it belongs to and restore it there.",
			filepath.Base(b.Path), whoseEN, filepath.Base(dbPath)))
}

func errBadBackup(path string, err error) error {
	return &Error{Code: EDamaged, Err: err,
		ZH: fmt.Sprintf("备份文件“%s”已损坏或不是议事台的数据库，不能用来恢复；当前数据库未被改动。请选择其他备份。", path),
		EN: fmt.Sprintf("The backup file %q is damaged or not a PilotDesk database, so it cannot be restored; the current database was not changed. Choose another backup.", path)}
}

func errNewerBackup(path string, v int) error {
	return newErr(ENewerSchema, "",
		fmt.Sprintf("备份文件“%s”由更新版本的议事台创建（数据结构第%d版，本程序支持到第%d版），本程序不能恢复它；当前数据库未被改动。请安装新版本后再恢复。", path, v, SchemaVersion()),
		fmt.Sprintf("The backup file %q was written by a newer PilotDesk (schema %d; this program knows up to %d), so this program cannot restore it; the current database was not changed. Install the newer version to restore it.", path, v, SchemaVersion()))
}
