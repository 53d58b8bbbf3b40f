package data

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"pilotdesk/internal/testdb"
)

var updateFixtures = flag.Bool("update-fixtures", false, "rewrite testdata/schema-v*.db")

func openTest(t testing.TB) *Store {
	t.Helper()
	st, err := Open(testdb.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var ctx = context.Background()

func TestForeignKeysOnEveryConnection(t *testing.T) {
	st := openTest(t)
	sqlDB, err := st.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// Hold several connections at once so the pool must open new ones.
	var conns []interface{ Close() error }
	for i := 0; i < 4; i++ {
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var fk int
		if err := c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if fk != 1 {
			t.Fatalf("connection %d: foreign_keys = %d", i, fk)
		}
		_, err = c.ExecContext(ctx, `INSERT INTO sites (name, kind, status, parent_id, created_at, updated_at) VALUES ('孤儿', 'community', 'planned', 9999, '2024-01-01', '2024-01-01')`)
		if err == nil {
			t.Fatalf("connection %d: a site with a missing parent was accepted", i)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestPragmas(t *testing.T) {
	st := openTest(t)
	for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "busy_timeout": "5000", "cache_size": "-32768"} {
		var got string
		if err := st.db.Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

func TestFilePermissions(t *testing.T) {
	st := openTest(t)
	// A write, so the log and shared-memory files exist: SQLite gives
	// them the database's mode.
	if err := st.SaveSite(ctx, &Site{Name: "权限镇", Kind: KindTownship, Status: StatusPlanned}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{st.Path(), st.Path() + "-wal", st.Path() + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s mode %v: others can read it", filepath.Base(p), perm)
		}
	}
}

func TestMigrateEmptyFile(t *testing.T) {
	st := openTest(t)
	v, err := st.FileVersion()
	if err != nil || v != SchemaVersion() {
		t.Fatalf("version %d (%v), want %d", v, err, SchemaVersion())
	}
	for _, table := range []string{"sites", "change_log", "settings", "schema_version"} {
		if !st.db.Migrator().HasTable(table) {
			t.Errorf("table %s missing", table)
		}
	}
	// Reopening applies nothing twice.
	path := st.Path()
	st.Close()
	st2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	var n int64
	st2.db.Model(&schemaVersionRow{}).Count(&n)
	if int(n) != SchemaVersion() { // one per version
		t.Errorf("%d migration rows, want %d", n, len(migrations))
	}
}

// Each released schema has a committed fixture with records in it; opening
// a copy must upgrade it, keep every record, and end with a fresh file's
// schema.
func TestMigrateFromFixtures(t *testing.T) {
	if *updateFixtures {
		// Only the latest: the older ones were written by the code of their
		// time, which later versions no longer run (3-5 are skipped now).
		writeFixture(t, SchemaVersion()-1)
	}
	fresh := schema(t, openTest(t))
	for v := 1; v < SchemaVersion(); v++ {
		st := openFixture(t, v)
		if st == nil {
			continue // only versions that were released have fixtures
		}
		got, _ := st.FileVersion()
		if got != SchemaVersion() {
			t.Errorf("v%d upgraded to %d, want %d", v, got, SchemaVersion())
		}
		if s := schema(t, st); !slices.Equal(s, fresh) {
			for _, x := range s {
				if !slices.Contains(fresh, x) {
					t.Errorf("v%d upgraded has %s", v, x)
				}
			}
			for _, x := range fresh {
				if !slices.Contains(s, x) {
					t.Errorf("v%d upgraded lacks %s", v, x)
				}
			}
		}
		sites, err := st.Sites(ctx, SiteFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(sites) != 3 || sites[1].Name != "鑫城社区" || sites[1].Township != "同乐街道" || sites[1].UnveiledOn != NewDate(2020, 3, 24) {
			t.Errorf("v%d: sites after upgrade: %+v", v, sites)
		}
		if v >= 2 { // the fixture's activities, one of them trashed, are added up
			d, err := st.Dashboard(ctx, NewDate(2024, 6, 30))
			if err != nil || d.Activities != 2 || d.Participants != 45 || d.ActivitiesYear != 1 {
				t.Errorf("v%d: dashboard after upgrade: %+v %v", v, d, err)
			}
		}
		// The upgraded file takes new records, and the search index's
		// triggers index them.
		s := &Site{Name: "新乡镇", Kind: KindTownship, Status: StatusPlanned}
		if err := st.SaveSite(ctx, s); err != nil {
			t.Errorf("v%d: save after upgrade: %v", v, err)
		}
		a := Activity{Date: NewDate(2024, 5, 1), SiteID: s.ID, Topic: "背街小巷硬化", TopicSource: SourceParty, Participants: 12}
		if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
			t.Fatalf("v%d: activity after upgrade: %v", v, err)
		}
		if err := checkActivitySearch(st.db); err != nil {
			t.Errorf("v%d: %v", v, err)
		}
		// Keywords of every length, for the rows indexed by the migration
		// as for the new one.
		for kw, want := range map[string]int{"小巷硬化": 1, "硬化": 1, "化": 1, "停车难": 2, "停车": 2, "商": 2} {
			if v == 1 && want == 2 {
				want = 0 // no activities in version 1's fixture
			}
			if _, n, err := st.Activities(ctx, ActivityFilter{Keyword: kw}); n != want || err != nil {
				t.Errorf("v%d: %q found %d times, want %d (%v)", v, kw, n, want, err)
			}
		}
		if rows, _, err := st.Activities(ctx, ActivityFilter{Sort: "topic"}); err != nil || len(rows) == 0 || rows[0].Topic != "停车难问题协商" && v >= 2 {
			t.Errorf("v%d: sorted by topic: %v %v", v, rows, err)
		}
		st.Close()
	}
}

// openFixture opens (and so upgrades) a copy of version v's fixture; nil
// when there is none.
func openFixture(t *testing.T, v int) *Store {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("schema-v%d.db", v)))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path)
	if err != nil {
		t.Fatalf("v%d: %v", v, err)
	}
	return st
}

// Version 6: the tasks of version 5's fixture take the kind their names
// say; the records tick the proven ones, whose status set by hand is
// dropped, and the manual one keeps its ticks and status.
func TestMigrateTaskKinds(t *testing.T) {
	st := openFixture(t, 5)
	if st == nil {
		t.Fatal("no fixture of schema 5")
	}
	defer st.Close()
	tasks, err := st.Tasks(ctx, TaskFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range tasks {
		got = append(got, fmt.Sprintf("%s: %s %s %s %d/%d", x.Name, x.Kind, x.Status, x.DoneOn, x.Completed, x.Targets))
	}
	want := []string{
		"鑫城社区议事厅挂牌: unveil done 2020-03-24 1/1",
		"开展首次协商议事活动: first_consultation done 2023-05-08 1/1",
		"议事规则上墙: manual done 2020-11-02 1/1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tasks after the upgrade:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := count(t, st, "SELECT COUNT(*) FROM tasks WHERE status = 'pending' AND done_on IS NULL AND kind <> 'manual'"); n != 2 {
		t.Errorf("%d proven tasks stored as pending, want 2", n)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM task_completions"); n != 2 {
		t.Errorf("%d ticks by hand kept, want 2", n)
	}
	// A task saved without a kind after the upgrade takes its name's.
	task := &Task{Name: "马街镇议事室揭牌", Scope: ScopeAll, Deadline: NewDate(2024, 6, 30)}
	if err := st.SaveTask(ctx, task); err != nil || task.Kind != TaskUnveil {
		t.Errorf("new task: kind %q (%v)", task.Kind, err)
	}
}

// schema is every table, index, view and trigger of st's file with its SQL.
func schema(t *testing.T, st *Store) []string {
	t.Helper()
	var rows []struct{ Type, Name, SQL string }
	if err := st.db.Raw(`SELECT type, name, COALESCE(sql, '') AS sql FROM sqlite_master ORDER BY type, name`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Type + " " + r.Name + ": " + sortedConstraints(r.SQL)
	}
	return out
}

// sortedConstraints puts a CREATE TABLE's constraints in order: GORM
// writes a table's foreign keys in the random order of a map.
func sortedConstraints(ddl string) string {
	open, end := strings.Index(ddl, "("), strings.LastIndex(ddl, ")")
	if !strings.HasPrefix(ddl, "CREATE TABLE") || open < 0 || end < open {
		return ddl
	}
	var parts, constraints []string
	depth, from := 0, open+1
	for i := open + 1; i < end; i++ {
		switch ddl[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				parts, from = append(parts, ddl[from:i]), i+1
			}
		}
	}
	parts = append(parts, ddl[from:end])
	parts = slices.DeleteFunc(parts, func(p string) bool {
		if strings.HasPrefix(p, "CONSTRAINT ") {
			constraints = append(constraints, p)
			return true
		}
		return false
	})
	slices.Sort(constraints)
	return ddl[:open+1] + strings.Join(append(parts, constraints...), ",") + ddl[end:]
}

// fixtureStore makes a new file at path with the schema of version v only.
func fixtureStore(t *testing.T, path string, v int) *Store {
	os.Remove(path)
	st := &Store{path: path, user: "fixture"}
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	g, err := openGorm(path)
	if err != nil {
		t.Fatal(err)
	}
	st.db = g
	if err := st.migrateTo(v); err != nil {
		t.Fatal(err)
	}
	return st
}

// writeFixture rebuilds testdata/schema-vN.db for N >= 2: the same three
// sites and three activities (one trashed), saved by this program's code
// on a file migrated to version N only. (Once version N+1 is out, its
// migration may need the code of the time: keep the committed file.)
func writeFixture(t *testing.T, v int) {
	path := filepath.Join("testdata", fmt.Sprintf("schema-v%d.db", v))
	st := fixtureStore(t, path, v)
	town := &Site{Name: "同乐街道", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, town); err != nil {
		t.Fatal(err)
	}
	site := &Site{Name: "鑫城社区", Kind: KindCommunity, ParentID: &town.ID, Platform: "“协商在基层”议事厅",
		Status: StatusUnveiled, UnveiledOn: NewDate(2020, 3, 24), Contact: "李主任", Phone: "13812345678"}
	if err := st.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSite(ctx, &Site{Name: "马街镇", Kind: KindTownship, Status: StatusPlanned}); err != nil {
		t.Fatal(err)
	}
	for i, date := range []Date{NewDate(2023, 5, 8), NewDate(2024, 3, 2), NewDate(2024, 4, 9)} {
		a := Activity{Date: date, SiteID: site.ID, Topic: "停车难问题协商", TopicSource: SourcePublic, Participants: 20 + 5*i}
		if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			if err := st.TrashActivity(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Three target tasks as version 2's table holds them (written in SQL:
	// the model has columns the old file lacks), two named as the records
	// can prove them (migration 6), with ticks and statuses set by hand.
	for _, q := range []string{
		`INSERT INTO tasks (id, created_at, updated_at, version, name, scope, site_id, deadline, status, done_on) VALUES
			(1, '2020-03-01', '2020-03-01', 3, '鑫城社区议事厅挂牌', 'site', @site, '2020-06-30', 'done', '2020-03-24'),
			(2, '2020-03-01', '2020-03-01', 2, '开展首次协商议事活动', 'all', NULL, '2020-09-30', 'in_progress', NULL),
			(3, '2020-03-01', '2020-03-01', 3, '议事规则上墙', 'township', @town, '2020-12-31', 'done', '2020-11-02')`,
		`INSERT INTO task_completions (task_id, site_id, done_on) VALUES (1, @site, '2020-03-24'), (3, @site, '2020-11-02')`,
	} {
		if err := st.db.Exec(q, sql.Named("site", site.ID), sql.Named("town", town.ID)).Error; err != nil {
			t.Fatal(err)
		}
	}
	st.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	st.Close()
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

func TestNewerSchemaRefused(t *testing.T) {
	st := openTest(t)
	path := st.Path()
	st.db.Create(&schemaVersionRow{Version: SchemaVersion() + 1, Name: "future"})
	st.Close()
	before, _ := os.ReadFile(path)
	_, err := Open(path)
	if ErrorCode(err) != ENewerSchema {
		t.Fatalf("got %v, want a newer-schema error", err)
	}
	if msg := Message(err, "zh"); msg == "" || !strings.Contains(msg, "更新版本") {
		t.Errorf("message %q", msg)
	}
	assertNamesDatabase(t, err, path)
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the newer file was modified")
	}
}

// assertNamesDatabase checks that err's messages name the database as the
// user knows it: the file, or the server and the database's name on it.
func assertNamesDatabase(t *testing.T, err error, path string) {
	t.Helper()
	zh, en := Message(err, "zh"), Message(err, "en")
	want := [2]string{"数据库文件“" + path + "”", fmt.Sprintf("database file %q", path)}
	if u, perr := url.Parse(path); testdb.Postgres() && perr == nil {
		name := strings.TrimPrefix(u.Path, "/")
		want = [2]string{"服务器“" + u.Host + "”上的数据库“" + name + "”", fmt.Sprintf("database %q on the server %s", name, u.Host)}
		if strings.Contains(zh, "文件") || strings.Contains(en, "file") {
			t.Errorf("a server's database called a file: %q / %q", zh, en)
		}
	}
	if !strings.Contains(zh, want[0]) || !strings.Contains(en, want[1]) {
		t.Errorf("messages %q / %q do not name %q / %q", zh, en, want[0], want[1])
	}
}

// A database whose schema record cannot be read (another program's
// table of the same name) is refused as damaged, untouched, and the
// message names it.
func TestUnreadableSchemaRefused(t *testing.T) {
	st := openTest(t)
	path := st.Path()
	for _, q := range []string{`DROP TABLE schema_version`, `CREATE TABLE schema_version (name TEXT)`} {
		if err := st.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	_, err := Open(path)
	if ErrorCode(err) != EDamaged {
		t.Fatalf("got %v, want damaged", err)
	}
	assertNamesDatabase(t, err, path)
	if testdb.Postgres() && !strings.Contains(Message(err, "zh"), "服务器管理员") {
		t.Errorf("no advice for a server: %q", Message(err, "zh"))
	}
}

func TestNotADatabaseRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.db")
	junk := []byte("这不是数据库 this is not a database, just some text that is long enough")
	os.WriteFile(path, junk, 0o600)
	_, err := Open(path)
	if ErrorCode(err) != EDamaged {
		t.Fatalf("got %v, want damaged", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(junk) {
		t.Error("the damaged file was modified")
	}
}

// Two processes write to one file at the same time; both must succeed.
func TestTwoProcessesWrite(t *testing.T) {
	if os.Getenv("PILOTDESK_WRITER") != "" {
		return
	}
	path := filepath.Join(t.TempDir(), "shared.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	town := &Site{Name: "同乐街道", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, town); err != nil {
		t.Fatal(err)
	}
	const n = 60
	cmd := exec.Command(os.Args[0], "-test.run=^TestWriterProcess$")
	cmd.Env = append(os.Environ(), "PILOTDESK_WRITER="+path, "PILOTDESK_PARENT="+strconv.Itoa(int(town.ID)), "PILOTDESK_N="+strconv.Itoa(n))
	var out []byte
	var cmdErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); out, cmdErr = cmd.CombinedOutput() }()
	for i := 0; i < n; i++ {
		s := &Site{Name: fmt.Sprintf("父进程社区%d", i), Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
		if err := st.SaveSite(ctx, s); err != nil {
			t.Errorf("parent write %d: %v", i, err)
		}
	}
	wg.Wait()
	if cmdErr != nil {
		t.Fatalf("writer process: %v\n%s", cmdErr, out)
	}
	sites, err := st.Sites(ctx, SiteFilter{TownshipID: town.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1+2*n {
		t.Errorf("%d sites, want %d", len(sites), 1+2*n)
	}
}

func TestWriterProcess(t *testing.T) {
	path := os.Getenv("PILOTDESK_WRITER")
	if path == "" {
		t.Skip("helper process for TestTwoProcessesWrite")
	}
	parent, _ := strconv.Atoi(os.Getenv("PILOTDESK_PARENT"))
	n, _ := strconv.Atoi(os.Getenv("PILOTDESK_N"))
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pid := uint(parent)
	for i := 0; i < n; i++ {
		s := &Site{Name: fmt.Sprintf("子进程社区%d", i), Kind: KindCommunity, ParentID: &pid, Status: StatusPlanned}
		if err := st.SaveSite(ctx, s); err != nil {
			t.Fatalf("child write %d: %v", i, err)
		}
	}
}

func TestTruncatedFileRefused(t *testing.T) {
	st := openTest(t)
	town := &Site{Name: "截断镇", Kind: KindTownship, Status: StatusPlanned, Notes: strings.Repeat("很长的备注", 300)}
	for i := 0; i < 20; i++ {
		s := *town
		s.Name = fmt.Sprintf("截断镇%d", i)
		if err := st.SaveSite(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	path := st.Path()
	st.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	st.Close()
	fi, _ := os.Stat(path)
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err := Open(path)
	if ErrorCode(err) != EDamaged {
		t.Fatalf("a truncated file opened: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the truncated file was modified")
	}
}

func TestQuickCheckFindsDamage(t *testing.T) {
	st := openTest(t)
	for i := 0; i < 50; i++ {
		s := &Site{Name: fmt.Sprintf("乡镇%d", i), Kind: KindTownship, Status: StatusPlanned, Notes: strings.Repeat("备注", 500)}
		if err := st.SaveSite(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.QuickCheck(ctx); err != nil {
		t.Fatalf("a good file: %v", err)
	}
	path := st.Path()
	st.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	st.Close()
	// Scribble over the middle of the file, past the schema pages.
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	fi, _ := f.Stat()
	f.WriteAt([]byte(strings.Repeat("\xff\x00", 2048)), fi.Size()/2)
	f.Close()
	st2, err := Open(path)
	if err != nil {
		if ErrorCode(err) != EDamaged {
			t.Fatalf("open: %v", err)
		}
		return // found at open: fine too
	}
	defer st2.Close()
	if err := st2.QuickCheck(ctx); ErrorCode(err) != EDamaged {
		t.Errorf("quick check on a scribbled file: %v", err)
	}
}
