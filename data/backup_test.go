package data

import (
	"bytes"
	"crypto/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func siteNames(t *testing.T, st *Store) string {
	t.Helper()
	list, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range list {
		out = append(out, s.Name)
	}
	return strings.Join(out, ",")
}

// openBackupCopy opens a copy of a backup, leaving the backup untouched.
func openBackupCopy(t *testing.T, path string) *Store {
	t.Helper()
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := copyFileSync(path, cp); err != nil {
		t.Fatal(err)
	}
	st, err := Open(cp)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func assertPrivate(t *testing.T, dir string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", e.Name(), fi.Mode().Perm())
		}
	}
}

func kinds(list []BackupInfo) string {
	var out []string
	for _, b := range list {
		out = append(out, b.Kind)
	}
	return strings.Join(out, ",")
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	st := openTest(t)
	dbPath := st.Path()
	dir := BackupDir(dbPath)
	township(t, st, "备份前镇")
	path, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^test-\d{8}-\d{6}-manual\.db$`).MatchString(filepath.Base(path)) || filepath.Dir(path) != filepath.Join(filepath.Dir(dbPath), "backups", "test") {
		t.Errorf("backup path %s", path)
	}
	township(t, st, "备份后镇")
	// A second backup in the same second gets the next second's name.
	path2, err := st.Backup(ctx, BackupManual)
	if err != nil || path2 == path {
		t.Fatalf("second backup %s: %v", path2, err)
	}
	if _, err := st.Backup(ctx, "whenever"); ErrorCode(err) != EInternal {
		t.Errorf("unknown kind: %v", err)
	}
	info, err := CheckBackup(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Kind != BackupManual || info.Schema != SchemaVersion() || info.Size == 0 || time.Since(info.Time) > time.Minute {
		t.Errorf("check: %+v", info)
	}
	st.Close()

	safety, err := RestoreBackup(dbPath, path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(safety, "-pre-restore.db") || filepath.Dir(safety) != dir {
		t.Errorf("safety copy %s", safety)
	}
	for _, s := range sqliteSidecars(dbPath) {
		if _, err := os.Stat(s); err == nil {
			t.Errorf("%s left after restore", s)
		}
	}
	back, err := Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if got := siteNames(t, back); got != "备份前镇" {
		t.Errorf("restored sites: %s", got)
	}
	ch, _ := back.Changes(ctx, ChangeFilter{Entity: "database", Limit: 1})
	if len(ch) != 1 || ch[0].Action != ActionRestoreBackup || ch[0].Title != filepath.Base(path) ||
		!strings.Contains(ch[0].Summary, "file: "+filepath.Base(safety)+" → "+filepath.Base(path)) {
		t.Errorf("restore not logged: %+v", ch)
	}
	if got := siteNames(t, openBackupCopy(t, safety)); got != "备份前镇,备份后镇" {
		t.Errorf("safety copy holds %s", got)
	}
	list, err := ListBackups(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	// The second manual backup took the next second, so the order is open.
	if got := kinds(list); len(list) != 3 || strings.Count(got, "manual") != 2 || !strings.Contains(got, "pre-restore") {
		t.Errorf("backups: %s", got)
	}
	assertPrivate(t, dir)
	// Restoring where no database is yet makes no safety copy.
	fresh := filepath.Join(t.TempDir(), "new", "pilotdesk.db")
	if safety, err := RestoreBackup(fresh, path); err != nil || safety != "" {
		t.Errorf("restore into a new folder: %q %v", safety, err)
	}
	if got := siteNames(t, openBackupCopy(t, fresh)); got != "备份前镇" {
		t.Errorf("fresh restore holds %s", got)
	}
	if fi, _ := os.Stat(dbPath); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("restored database mode %v", fi.Mode().Perm())
	}
	// No temp files left next to the database.
	entries, _ := os.ReadDir(filepath.Dir(dbPath))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".pilotdesk-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestDailyBackup(t *testing.T) {
	st := openTest(t)
	dir := BackupDir(st.Path())
	township(t, st, "甲镇")
	day0 := time.Date(2024, 3, 1, 8, 30, 0, 0, time.Local)
	if _, err := st.backupAt(ctx, BackupManual, day0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.backupAt(ctx, BackupPreRestore, day0.Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	first, made, err := st.DailyBackup(ctx, day0)
	if err != nil || !made || filepath.Base(first) != "test-20240301-083000-daily.db" {
		t.Fatalf("first: %s %v %v", first, made, err)
	}
	// Later the same day (a manual backup does not count either way).
	again, made, err := st.DailyBackup(ctx, day0.Add(10*time.Hour))
	if err != nil || made || again != first {
		t.Fatalf("same day: %s %v %v", again, made, err)
	}
	for d := 1; d < 20; d++ {
		if _, made, err := st.DailyBackup(ctx, day0.AddDate(0, 0, d)); err != nil || !made {
			t.Fatalf("day %d: %v %v", d, made, err)
		}
	}
	list, err := ListBackups(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range list {
		names = append(names, strings.TrimPrefix(filepath.Base(b.Path), "test-"))
	}
	want := []string{}
	for d := 19; d >= 6; d-- {
		want = append(want, day0.AddDate(0, 0, d).Format("20060102-150405")+"-daily.db")
	}
	want = append(want, "20240301-073000-manual.db", "20240301-063000-pre-restore.db")
	if got := strings.Join(names, " "); got != strings.Join(want, " ") {
		t.Errorf("kept:\n%s\nwant:\n%s", got, strings.Join(want, " "))
	}
	if !list[0].Time.Equal(day0.AddDate(0, 0, 19)) || list[0].Kind != BackupDaily || list[0].Size == 0 || list[0].Database != "test" || list[0].Legacy {
		t.Errorf("newest: %+v", list[0])
	}
	assertPrivate(t, dir)
	// Files that are not backups are left alone and not listed.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(dir, "test-20240301-083000-other.db"), []byte("x"), 0o600)
	if list2, _ := ListBackups(st.Path()); len(list2) != len(list) {
		t.Errorf("%d backups listed, want %d", len(list2), len(list))
	}
	if list, err := ListBackups(filepath.Join(dir, "missing", "x.db")); err != nil || len(list) != 0 {
		t.Errorf("missing folder: %v %v", list, err)
	}
}

func openAt(t *testing.T, path string) *Store {
	t.Helper()
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// legacyBackup writes a backup of st as the versions before identities did:
// without one, in the folder all databases shared, named pilotdesk-….
func legacyBackup(t *testing.T, st *Store, at time.Time, kind string) string {
	t.Helper()
	p, err := st.backupAt(ctx, kind, at)
	if err != nil {
		t.Fatal(err)
	}
	g, err := openGorm(p)
	if err != nil {
		t.Fatal(err)
	}
	err = g.Exec("DELETE FROM settings WHERE key = ?", settingDatabaseID).Error
	if s, _ := g.DB(); s != nil {
		s.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(legacyBackupDir(st.Path()), "pilotdesk-"+at.Format(backupTimeLayout)+"-"+kind+".db")
	if err := os.Rename(p, old); err != nil {
		t.Fatal(err)
	}
	return old
}

func paths(list []BackupInfo) string {
	var out []string
	for _, b := range list {
		out = append(out, filepath.Base(filepath.Dir(b.Path))+"/"+filepath.Base(b.Path))
	}
	return strings.Join(out, " ")
}

// Every database gets an identity when first opened and keeps it; a backup
// carries it, and so does the copy made before a schema upgrade.
func TestDatabaseIdentity(t *testing.T) {
	a := openTest(t)
	id, err := databaseID(a.db)
	if err != nil || len(id) != 32 {
		t.Fatalf("identity %q %v", id, err)
	}
	a.Close()
	a = openAt(t, a.Path())
	if again, _ := databaseID(a.db); again != id {
		t.Errorf("identity changed on reopening: %s -> %s", id, again)
	}
	if other, _ := databaseID(openTest(t).db); other == id || other == "" {
		t.Errorf("two databases share identity %q", other)
	}
	p, err := a.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := fileContents(p); err != nil || c.id != id {
		t.Errorf("backup identity %q %v, want %s", c.id, err, id)
	}
	// A file of an older schema gets its identity before the copy made
	// before upgrading it.
	old := filepath.Join(t.TempDir(), "old.db")
	if err := copyFileSync(filepath.Join("testdata", "schema-v4.db"), old); err != nil {
		t.Fatal(err)
	}
	st := openAt(t, old)
	list, _ := ListBackups(old)
	oldID, _ := databaseID(st.db)
	if c, err := fileContents(list[0].Path); kinds(list) != "pre-migrate" || err != nil || c.id != oldID || oldID == "" {
		t.Errorf("pre-migrate backup %s: %q %v, want %q", kinds(list), c.id, err, oldID)
	}
}

// Two databases in one folder (the real one and a test file) each make
// their own daily backup on the same day, each in its own folder; each
// lists its own backups and the old shared ones, never the other's.
func TestDailyBackupPerDatabase(t *testing.T) {
	dir := t.TempDir()
	real := openAt(t, filepath.Join(dir, "pilotdesk.db"))
	test := openAt(t, filepath.Join(dir, "test.db"))
	township(t, real, "甲镇")
	day0 := time.Date(2026, 12, 7, 10, 15, 0, 0, time.Local)
	old := legacyBackup(t, real, day0.AddDate(0, 0, -1), BackupDaily)
	// An old backup that already carries an identity (an older program ran
	// on a newer file) shows whose it is.
	known := legacyBackup(t, real, day0.AddDate(0, 0, -2), BackupManual)
	g, _ := openGorm(known)
	id, _ := databaseID(real.db)
	setDatabaseID(g, id)
	if s, _ := g.DB(); s != nil {
		s.Close()
	}

	p1, made1, err1 := real.DailyBackup(ctx, day0)
	p2, made2, err2 := test.DailyBackup(ctx, day0.Add(time.Minute))
	if !made1 || !made2 || err1 != nil || err2 != nil {
		t.Fatalf("daily backups: %v %v, %v %v", made1, err1, made2, err2)
	}
	if want := filepath.Join(dir, "backups", "pilotdesk", "pilotdesk-20261207-101500-daily.db"); p1 != want {
		t.Errorf("pilotdesk.db's backup %s, want %s", p1, want)
	}
	if want := filepath.Join(dir, "backups", "test", "test-20261207-101600-daily.db"); p2 != want {
		t.Errorf("test.db's backup %s, want %s", p2, want)
	}
	for _, st := range []*Store{real, test} {
		if _, made, _ := st.DailyBackup(ctx, day0.Add(time.Hour)); made {
			t.Errorf("%s: a second daily backup the same day", st.Path())
		}
	}

	list, _ := ListBackups(real.Path())
	if got, want := paths(list), "pilotdesk/pilotdesk-20261207-101500-daily.db backups/pilotdesk-20261206-101500-daily.db backups/pilotdesk-20261205-101500-manual.db"; got != want {
		t.Errorf("pilotdesk.db lists %s, want %s", got, want)
	}
	if !list[1].Legacy || list[1].Database != "" || list[0].Legacy || list[0].Database != "pilotdesk" {
		t.Errorf("legacy marks: %+v", list)
	}
	type row struct {
		name, owner string
		sites       int
	}
	seen := func(st *Store) []row {
		list, err := st.Backups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []row
		for _, b := range list {
			r := row{filepath.Base(b.Path), b.Owner, -1}
			if b.Contents != nil {
				r.sites = b.Contents.Sites
			}
			out = append(out, r)
		}
		return out
	}
	wantReal := []row{{"pilotdesk-20261207-101500-daily.db", OwnerThis, 1}, {filepath.Base(old), OwnerUnknown, 1}, {filepath.Base(known), OwnerThis, 1}}
	if got := seen(real); !slices.Equal(got, wantReal) {
		t.Errorf("pilotdesk.db's backups %+v, want %+v", got, wantReal)
	}
	wantTest := []row{{"test-20261207-101600-daily.db", OwnerThis, 0}, {filepath.Base(old), OwnerUnknown, 1}}
	if got := seen(test); !slices.Equal(got, wantTest) {
		t.Errorf("test.db's backups %+v, want %+v", got, wantTest)
	}
}

// What the list says a backup holds: live sites and activities (the trash
// left out) and the time of its last change, read without changing the file.
func TestBackupContents(t *testing.T) {
	st, town, site := actSetup(t)
	gone := township(t, st, "撤销镇")
	if err := st.TrashSite(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	var acts []uint
	for i := 0; i < 3; i++ {
		a := actValid(site.ID)
		a.Topic += strings.Repeat("！", i)
		if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
			t.Fatal(err)
		}
		acts = append(acts, a.ID)
	}
	if err := st.TrashActivity(ctx, acts[1]); err != nil {
		t.Fatal(err)
	}
	last, _ := st.Changes(ctx, ChangeFilter{Limit: 1})
	p, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	township(t, st, "备份后的镇")
	wantSites, wantActs := count(t, st, "SELECT COUNT(*) FROM sites WHERE deleted_at IS NULL")-1, 2
	if wantSites != 2 || town.ID == 0 {
		t.Fatalf("%d live sites in the backup", wantSites)
	}
	raw, _ := os.ReadFile(p)
	list, err := st.Backups(ctx)
	if err != nil || len(list) != 1 || list[0].Contents == nil {
		t.Fatalf("backups %+v %v", list, err)
	}
	c := list[0].Contents
	if c.Sites != wantSites || c.Activities != wantActs || !c.LastChange.Equal(last[0].At) {
		t.Errorf("contents %+v, want %d sites, %d activities, last change %v", c, wantSites, wantActs, last[0].At)
	}
	if info, err := CheckBackup(p); err != nil || *info.Contents != *c {
		t.Errorf("CheckBackup contents %+v %v", info.Contents, err)
	}
	cur, err := st.Contents(ctx)
	if err != nil || cur.Sites != wantSites+1 || cur.Activities != wantActs || !cur.LastChange.After(c.LastChange) {
		t.Errorf("current contents %+v %v", cur, err)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(raw, after) {
		t.Error("reading the contents changed the backup")
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("the backups folder holds %d files after reading, want 1", len(entries))
	}
}

// A backup of another database is refused, whether it comes from that
// database's folder or was copied into this one's under this one's name;
// the current database stays as it was and no safety copy is made.
func TestRestoreRefusesOtherDatabase(t *testing.T) {
	dir := t.TempDir()
	real := openAt(t, filepath.Join(dir, "pilotdesk.db"))
	other := openAt(t, filepath.Join(dir, "test.db"))
	township(t, real, "甲镇")
	theirs, err := other.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(BackupDir(real.Path()), "pilotdesk-20261201-090000-manual.db")
	os.MkdirAll(filepath.Dir(copied), 0o700)
	if err := copyFileSync(theirs, copied); err != nil {
		t.Fatal(err)
	}
	_, cur, err := real.CheckRestore(ctx, theirs)
	if ErrorCode(err) != EInvalid || cur.Sites != 1 {
		t.Fatalf("check: %v, current %+v", err, cur)
	}
	if msg := Message(err, "zh"); !strings.Contains(msg, "是另一个数据库“test”的备份") || !strings.Contains(msg, "当前数据库未被改动") {
		t.Errorf("message %q", msg)
	}
	if list, _ := real.Backups(ctx); len(list) != 0 {
		t.Errorf("pilotdesk.db lists another database's backup: %s", paths(list))
	}
	real.Close()
	before, _ := os.ReadFile(real.Path())
	for _, p := range []string{theirs, copied} {
		_, err := RestoreBackup(real.Path(), p)
		if ErrorCode(err) != EInvalid || !strings.Contains(Message(err, "zh"), "是另一个数据库") {
			t.Errorf("restoring %s: %v", p, err)
		}
		if strings.Contains(Message(err, "zh"), "“pilotdesk”") {
			t.Errorf("the message names this database as the other: %s", Message(err, "zh"))
		}
	}
	if after, _ := os.ReadFile(real.Path()); !bytes.Equal(before, after) {
		t.Error("the current database changed")
	}
	if list, _ := ListBackups(real.Path()); kinds(list) != "manual" {
		t.Errorf("backups after the refusals: %s", kinds(list))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".pilotdesk-") || strings.HasPrefix(e.Name(), "pilotdesk.db-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	back := openAt(t, real.Path())
	if got := siteNames(t, back); got != "甲镇" {
		t.Errorf("sites after the refusals: %s", got)
	}
}

// A backup made before identities (in the shared folder, without one) is
// listed and restores; the restored database keeps the current one's
// identity, so the backups made of it stay restorable.
func TestRestoreLegacyBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pilotdesk.db")
	st := openAt(t, path)
	id, _ := databaseID(st.db)
	township(t, st, "旧备份里的镇")
	old := legacyBackup(t, st, time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local), BackupDaily)
	township(t, st, "之后的镇")
	mine, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	info, cur, err := st.CheckRestore(ctx, old)
	if err != nil || info.Owner != OwnerUnknown || info.Contents.Sites != 1 || cur.Sites != 2 {
		t.Fatalf("check: %+v %+v %v", info, cur, err)
	}
	st.Close()
	if _, err := RestoreBackup(path, old); err != nil {
		t.Fatal(err)
	}
	st = openAt(t, path)
	if got := siteNames(t, st); got != "旧备份里的镇" {
		t.Errorf("restored sites %s", got)
	}
	if got, _ := databaseID(st.db); got != id {
		t.Errorf("identity after restoring an old backup %q, want %q", got, id)
	}
	st.Close()
	if _, err := RestoreBackup(path, mine); err != nil {
		t.Fatalf("restoring this database's own backup after it: %v", err)
	}
	if got := siteNames(t, openAt(t, path)); got != "旧备份里的镇,之后的镇" {
		t.Errorf("restored sites %s", got)
	}
}

// Bad backups are refused by CheckBackup and RestoreBackup, and the current
// database stays byte for byte as it was, with no copy made.
func TestRestoreRefusesBadBackups(t *testing.T) {
	st := openTest(t)
	dbPath := st.Path()
	for i := 0; i < 50; i++ {
		communityIn(t, st, township(t, st, "镇"+strings.Repeat("甲", i+1)), "社区")
	}
	good, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(t.TempDir(), "newer.db")
	if err := copyFileSync(good, newer); err != nil {
		t.Fatal(err)
	}
	func() {
		g, err := openGorm(newer)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { s, _ := g.DB(); s.Close() }()
		if err := g.Create(&schemaVersionRow{Version: SchemaVersion() + 1, Name: "future", AppliedAt: time.Now()}).Error; err != nil {
			t.Fatal(err)
		}
	}()
	// An index out of step with its table passes quick_check (which Open
	// runs) and fails only the full integrity_check.
	badIndex := filepath.Join(t.TempDir(), "index.db")
	if err := copyFileSync(good, badIndex); err != nil {
		t.Fatal(err)
	}
	func() {
		g, err := openGorm(badIndex)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { s, _ := g.DB(); s.Close() }()
		for _, q := range []string{"PRAGMA writable_schema=ON",
			"UPDATE sqlite_master SET sql = 'CREATE INDEX idx_sites_deleted_at ON sites(name)' WHERE name = 'idx_sites_deleted_at'"} {
			if err := g.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
	}()
	st.Close()

	whole, _ := os.ReadFile(good)
	random := make([]byte, 64<<10)
	rand.Read(random)
	headed := append(append([]byte{}, sqliteHeader...), random...)
	write := func(name string, b []byte) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	foreign := filepath.Join(t.TempDir(), "foreign.db")
	func() {
		g, err := openGorm(foreign)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { s, _ := g.DB(); s.Close() }()
		g.Exec("CREATE TABLE contacts (name TEXT)")
	}()
	cases := []struct {
		name string
		path string
		code Code
	}{
		{"truncated", write("truncated.db", whole[:len(whole)/2]), EDamaged},
		{"random bytes", write("random.db", random), EDamaged},
		{"random with a header", write("headed.db", headed), EDamaged},
		{"empty", write("empty.db", nil), EDamaged},
		{"missing", filepath.Join(t.TempDir(), "none.db"), ENotFound},
		{"another program's database", foreign, EDamaged},
		{"index out of step", badIndex, EDamaged},
		{"newer schema", newer, ENewerSchema},
	}
	before, _ := os.ReadFile(dbPath)
	listBefore, _ := ListBackups(dbPath)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, _ := os.ReadFile(c.path)
			if _, err := CheckBackup(c.path); ErrorCode(err) != c.code {
				t.Errorf("check: %v, want %s", err, c.code)
			}
			_, err := RestoreBackup(dbPath, c.path)
			if ErrorCode(err) != c.code {
				t.Fatalf("restore: %v, want %s", err, c.code)
			}
			if msg := Message(err, "zh"); !strings.Contains(msg, "当前数据库未被改动") || !strings.Contains(msg, c.path) {
				t.Errorf("message %q", msg)
			}
			if after, _ := os.ReadFile(dbPath); !bytes.Equal(before, after) {
				t.Error("the current database changed")
			}
			if after, _ := os.ReadFile(c.path); !bytes.Equal(src, after) {
				t.Error("the backup file changed")
			}
		})
	}
	if listAfter, _ := ListBackups(dbPath); len(listAfter) != len(listBefore) {
		t.Errorf("%d backups after refusals, want %d", len(listAfter), len(listBefore))
	}
	entries, _ := os.ReadDir(filepath.Dir(dbPath))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, ","); got != "backups,test.db" {
		t.Errorf("database folder holds %s", got)
	}
	if _, err := RestoreBackup(dbPath, dbPath); ErrorCode(err) != EInvalid {
		t.Errorf("restoring a database onto itself: %v", err)
	}
}

// A damaged database is the usual reason to restore: it is kept byte for
// byte as the safety copy.
func TestRestoreOverDamagedDatabase(t *testing.T) {
	st := openTest(t)
	dbPath := st.Path()
	township(t, st, "甲镇")
	good, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	junk := []byte("这不是数据库 not a database at all, but someone's damaged file")
	if err := os.WriteFile(dbPath, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	// A valid write-ahead log of another database lies beside it, as after
	// a crash: SQLite would replay it into the restored file if it stayed.
	other := openTest(t)
	township(t, other, "别的库")
	wal, err := os.ReadFile(other.Path() + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("no -wal to copy: %v", err)
	}
	if err := os.WriteFile(dbPath+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dbPath); ErrorCode(err) != EDamaged {
		t.Fatalf("junk opened: %v", err)
	}
	safety, err := RestoreBackup(dbPath, good)
	if err != nil {
		t.Fatal(err)
	}
	if kept, _ := os.ReadFile(safety); !bytes.Equal(kept, junk) {
		t.Errorf("safety copy %q", kept)
	}
	if kept, _ := os.ReadFile(safety + "-wal"); !bytes.Equal(kept, wal) {
		t.Error("the -wal was not kept with the safety copy")
	}
	for _, s := range sqliteSidecars(dbPath) {
		if _, err := os.Stat(s); err == nil {
			t.Errorf("%s left after restore", s)
		}
	}
	back, err := Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if got := siteNames(t, back); got != "甲镇" {
		t.Errorf("restored: %s", got)
	}
}

// Restoring under a program that still has the database open is refused.
func TestRestoreWhileOpen(t *testing.T) {
	st := openTest(t)
	dbPath := st.Path()
	township(t, st, "甲镇")
	good, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	township(t, st, "乙镇")
	if _, err := RestoreBackup(dbPath, good); ErrorCode(err) != EConflict {
		t.Fatalf("restore under an open store: %v", err)
	}
	if got := siteNames(t, st); got != "甲镇,乙镇" {
		t.Errorf("open store sees %s", got)
	}
	if list, _ := ListBackups(dbPath); kinds(list) != "manual" {
		t.Errorf("backups after refusal: %s", kinds(list))
	}
}

// An older file is backed up before its upgrade, once; restoring an older
// backup upgrades the restored database.
func TestOlderSchemaBackups(t *testing.T) {
	fixture := filepath.Join("testdata", "schema-v1.db")
	path := filepath.Join(t.TempDir(), "old.db")
	if err := copyFileSync(fixture, path); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := ListBackups(path)
	if kinds(list) != "pre-migrate" {
		t.Fatalf("backups after upgrade: %s", kinds(list))
	}
	info, err := CheckBackup(list[0].Path)
	if err != nil || info.Schema != 1 {
		t.Fatalf("pre-migrate backup: %+v %v", info, err)
	}
	st.Close()
	st, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := ListBackups(path); len(list) != 1 {
		t.Errorf("%d backups after reopening, want 1", len(list))
	}
	township(t, st, "新镇")
	st.Close()

	if _, err := RestoreBackup(path, fixture); err != nil {
		t.Fatal(err)
	}
	st, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, _ := st.FileVersion(); v != SchemaVersion() {
		t.Errorf("restored file at schema %d", v)
	}
	if got := siteNames(t, st); got != "同乐街道,鑫城社区,马街镇" {
		t.Errorf("restored v1 sites: %s", got)
	}
	if ch, _ := st.Changes(ctx, ChangeFilter{Entity: "database"}); len(ch) != 1 || ch[0].Title != "schema-v1.db" {
		t.Errorf("restore log: %+v", ch)
	}
	// The restore made a pre-restore copy but no pre-migrate one of the backup.
	if list, _ := ListBackups(path); kinds(list) != "pre-restore,pre-migrate" {
		t.Errorf("backups: %s", kinds(list))
	}
}
