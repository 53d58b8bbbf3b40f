package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"pilotdesk/internal/testdb"
)

// A server's database made by an older PilotDesk (schema 2: no task
// kinds, no cases, no search index there) is brought up to date on
// opening, its records kept and found by keyword.
func TestServerUpgradesOldSchema(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only (SQLite: TestMigrateFromFixtures)")
	}
	url := testdb.New(t)
	cfg, err := pgConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	sqlDB := stdlib.OpenDB(*cfg)
	db, err := gormOpen(postgres.New(postgres.Config{Conn: newPgPool(sqlDB)}))
	if err != nil {
		t.Fatal(err)
	}
	old := &Store{db: db, path: url}
	if err := old.migrateTo(2); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO sites (created_at, updated_at, name, kind, status) VALUES (now(), now(), '鑫城街道', 'township', 'active')`,
		`INSERT INTO activities (created_at, updated_at, date, site_id, township_id, topic, topic_source) VALUES (now(), now(), '2024-03-05', 1, 1, '关于小区停车难的协商', 'masses')`,
		`INSERT INTO tasks (created_at, updated_at, name, scope, deadline) VALUES (now(), now(), '议事厅挂牌', 'all', '2024-06-30')`,
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	sqlDB.Close()

	st, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, err := st.FileVersion(); err != nil || v != SchemaVersion() {
		t.Fatalf("version %d (%v), want %d", v, err, SchemaVersion())
	}
	rows, n, err := st.Activities(ctx, ActivityFilter{Keyword: "停车"})
	if err != nil || n != 1 || !strings.Contains(rows[0].Topic, "停车难") || rows[0].TypicalCase {
		t.Fatalf("found %d: %+v (%v)", n, rows, err)
	}
	if rows, n, _ := st.Activities(ctx, ActivityFilter{Keyword: "小区停车难"}); n != 1 || len(rows) != 1 {
		t.Errorf("3+ characters: found %d", n)
	}
	tasks, err := st.Tasks(ctx, TaskFilter{})
	if err != nil || len(tasks) != 1 || tasks[0].Kind != "unveil" {
		t.Errorf("tasks: %+v (%v)", tasks, err)
	}
	if err := checkActivitySearch(st.db); err != nil {
		t.Error(err)
	}
}

// 设置 → 备份 on a server makes a local SQLite copy in the user's own
// backups folder, with the server's identity, listed as this database's.
func TestServerBackupIsALocalCopy(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	st := openTest(t)
	site := outageSites(t, st)
	a := actValid(site.ID)
	if err := st.SaveActivity(ctx, &a, []Attendee{{Name: "张伟", Role: "other"}}, nil); err != nil {
		t.Fatal(err)
	}
	p, err := st.Backup(ctx, BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, serverBackupDir()) || IsServerURL(p) {
		t.Errorf("backup at %s", p)
	}
	// An old backup of the default file, from before backups had their own
	// folders, sits in the same folder: it is not the server's.
	old, err := os.ReadFile(filepath.Join("testdata", "schema-v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(serverBackupDir(), "pilotdesk-20240101-120000-manual.db"), old, 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := st.Backups(ctx)
	if err != nil || len(list) != 1 || list[0].Owner != OwnerThis || list[0].Contents == nil || list[0].Contents.Activities != 1 {
		t.Fatalf("backups: %+v (%v)", list, err)
	}
	b := openAt(t, p)
	if b.OnServer() {
		t.Fatal("the copy is not a file")
	}
	rows, n, err := b.Activities(ctx, ActivityFilter{Keyword: "停车"})
	if err != nil || n != 1 || rows[0].Topic != a.Topic {
		t.Errorf("the copy: %d (%v)", n, err)
	}
	idA, _ := databaseID(st.db)
	idB, _ := databaseID(b.db)
	if idA == "" || idA != idB {
		t.Errorf("identities %q and %q", idA, idB)
	}
}

// On a server every sort of the ledger walks an index to its page instead
// of sorting all live rows: the codes' CASEs of version 11 are still the
// ones enumOrder writes (change a code list, and a new version must make
// its index again). Township, site and topic lead indexes of version 8.
func TestLedgerSortsUseIndexes(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only (SQLite: the covering index of version 8)")
	}
	st := openTest(t)
	for _, key := range []string{"date", "source", "form", "decision", "follow_up", "participants", "problems"} {
		for _, dir := range []string{"", " desc"} {
			order, err := activityOrder(ActivityFilter{Sort: key + dir})
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			err = st.db.Transaction(func(tx *gorm.DB) error {
				// An empty table is read whole by choice: take that choice away.
				if err := tx.Exec(`SET LOCAL enable_seqscan = off`).Error; err != nil {
					return err
				}
				return tx.Raw(`EXPLAIN SELECT a.id FROM activities a WHERE a.deleted_at IS NULL ORDER BY ` + order + ` LIMIT 200 OFFSET 10000`).Scan(&plan).Error
			})
			if err != nil {
				t.Fatal(err)
			}
			if text := strings.Join(plan, "\n"); strings.Contains(text, "Sort") || !strings.Contains(text, "ix_activities_live_") {
				t.Errorf("by %s%s:\n%s", key, dir, text)
			}
		}
	}
}

// Every statement is planned with its values: a plan kept without them
// (after five runs of one statement) was 50-200 times slower on a keyword's
// page right after a big import.
func TestServerPlansWithValues(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	st := openTest(t)
	for i := 0; i < 3; i++ { // on every connection the pool hands out
		var mode string
		if err := st.db.Raw(`SHOW plan_cache_mode`).Scan(&mode).Error; err != nil || mode != "force_custom_plan" {
			t.Fatalf("plan_cache_mode %q (%v)", mode, err)
		}
	}
}
