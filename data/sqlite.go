package data

// Everything specific to SQLite lives in this file: the connection string,
// pragmas, the file header check, online backup and full-text search. A
// PostgreSQL store would replace this file and keep the rest.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// The driver turns the text of "date" and "datetime" columns into time.Time
// by trying sqlite3.SQLiteTimestampFormats in order. A Date ('2024-03-05')
// matched only the last of nine, after eight failed parses that each
// allocate an error: at 100,000 activities that was about a third of the
// driver's time reading rows and a quarter of all allocations (issue 7,
// BENCHMARKS.md). Trying the bare date second changes no result: it matches
// only a bare date, which no other layout matches. The first layout stays
// first: the driver also writes times with it.
func init() {
	f := sqlite3.SQLiteTimestampFormats
	for i, layout := range f {
		if layout == "2006-01-02" && i > 1 {
			f = append(append([]string{f[0], layout}, f[1:i]...), f[i+1:]...)
			sqlite3.SQLiteTimestampFormats = f
			break
		}
	}
}

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

// driverName is mattn/go-sqlite3 with the per-connection settings its DSN
// cannot carry. temp_store = MEMORY keeps statement and savepoint journals
// (and sorts) in memory: a statement that may fail halfway, or a savepoint
// (a save inside an import), journals the pages it changes, past 64 KiB in
// a temporary file by default, which on Windows the virus checker reads.
const driverName = "sqlite3_pilotdesk"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA temp_store = MEMORY", nil)
			return err
		},
	})
}

func openDialector(path string) gorm.Dialector {
	return sqlite.New(sqlite.Config{DriverName: driverName, DSN: dsn(path)})
}

// openReadOnly opens a database file only to read it, changing nothing: not
// the file, and no -wal or -shm made beside it. Immutable means SQLite takes
// no locks, so the file must not be written meanwhile: true of a backup, and
// of a database whose program has closed it.
func openReadOnly(path string) (*gorm.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/… on Windows: file:///C:/…
	}
	uri := (&url.URL{Scheme: "file", Path: p}).String() + "?mode=ro&immutable=1"
	return gormOpen(sqlite.New(sqlite.Config{DriverName: driverName, DSN: uri}))
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
	return checkTruncated(f, path)
}

// checkTruncated compares the file's size with the page count its header
// promises (valid when the header's change counter matches its
// version-valid-for field), which finds a cut-off copy without reading the
// whole file: a full check is too slow for every start with a big file.
func checkTruncated(f *os.File, path string) error {
	// With a write-ahead log the file may rightly be short: a checkpoint cut
	// off by a crash writes the header before the last pages, and opening
	// replays them from the log.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil
	}
	var h [100]byte
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return errDamaged(path, fmt.Errorf("short header: %w", err))
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	counter, validFor := binary.BigEndian.Uint32(h[24:28]), binary.BigEndian.Uint32(h[92:96])
	fi, err := f.Stat()
	if err != nil {
		return errOpen(path, err)
	}
	if counter == validFor && pages > 0 && fi.Size() < pages*pageSize {
		return errDamaged(path, fmt.Errorf("truncated: %d bytes, header says %d pages of %d", fi.Size(), pages, pageSize))
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
	// A cheap read that fails on a file whose header is fine but whose
	// schema pages are not; the full check runs later (QuickCheck).
	var n int
	if err := db.Raw("SELECT COUNT(*) FROM sqlite_master").Scan(&n).Error; err != nil {
		return errDamaged(path, err)
	}
	return nil
}

// QuickCheck reads the whole file for damage (PRAGMA quick_check). It takes
// about a second per 100 MB, so the window runs it in the background after
// starting rather than before.
func (st *Store) QuickCheck(ctx context.Context) error {
	var res []string
	if err := st.db.WithContext(ctx).Raw("PRAGMA quick_check(1)").Scan(&res).Error; err != nil {
		return errDamaged(st.path, err)
	}
	if len(res) != 1 || res[0] != "ok" {
		return errDamaged(st.path, fmt.Errorf("quick_check: %s", strings.Join(res, "; ")))
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
		ZH: fmt.Sprintf("数据库文件“%s”已损坏或不是议事台的数据库。可以从备份恢复，或另建一个数据库文件；原文件不会被改动。", path),
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

// changeWatch tells whether anyone has committed to the file: PRAGMA
// data_version changes on a connection whenever another connection, in
// this process or any other, commits. The watching connection is kept out
// of the pool and never writes, so every commit counts.
type changeWatch struct {
	mu   sync.Mutex
	conn *sql.Conn
}

func newChangeWatch(db *gorm.DB) (*changeWatch, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	conn, err := sqlDB.Conn(context.Background())
	if err != nil {
		return nil, err
	}
	return &changeWatch{conn: conn}, nil
}

func (w *changeWatch) version(ctx context.Context) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var v int64
	err := w.conn.QueryRowContext(context.WithoutCancel(ctx), "PRAGMA data_version").Scan(&v)
	return v, err
}

func (w *changeWatch) close() error { return w.conn.Close() }

// isForeignKeyError spots the violation of an ON DELETE RESTRICT foreign
// key: SQLite reports it as SQLITE_CONSTRAINT_TRIGGER (1811), which GORM's
// translator leaves alone (it maps only SQLITE_CONSTRAINT_FOREIGNKEY).
func isForeignKeyError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed")
}

// --- Full-text search over activities ----------------------------------------
//
// Chinese has no spaces between words, so people search for substrings. An
// FTS5 table with the trigram tokenizer indexes every 3-character substring
// of an activity's topic, outcome and notes; a keyword of 3+ characters is
// looked up there (under 1 ms at 100,000 activities, where LIKE '%…%' scans
// the table in tens of ms). A keyword of 1-2 characters is found through
// the trigrams that begin with it (version 5: migrateShortKeywords). The
// FTS table has external content (it stores the index only, the text stays
// in activities; from version 5 read through a view) and indexes trashed rows
// too: queries filter deleted_at on activities, so trash and restore cost
// nothing here. Triggers keep it in step with every write, whoever makes it.

func createActivitySearch(tx *gorm.DB) error {
	for _, ddl := range []string{
		`CREATE VIRTUAL TABLE activities_fts USING fts5(topic, outcome, notes, content='activities', content_rowid='id', tokenize='trigram')`,
		// A row here paused the insert triggers for bulk inserts, which now
		// drop them for the while (bulkInsertActivities); version 4 drops it.
		`CREATE TABLE activities_fts_pause (paused INTEGER NOT NULL)`,
		`CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities
		WHEN NOT EXISTS (SELECT 1 FROM activities_fts_pause) BEGIN
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, new.topic, new.outcome, new.notes);
		END`,
		// An external-content index forgets a row only when told its old text.
		`CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities BEGIN
			INSERT INTO activities_fts (activities_fts, rowid, topic, outcome, notes) VALUES ('delete', old.id, old.topic, old.outcome, old.notes);
		END`,
		// Saves rewrite every column: reindex only when the text changed.
		`CREATE TRIGGER activities_fts_update AFTER UPDATE OF topic, outcome, notes ON activities
		WHEN old.topic IS NOT new.topic OR old.outcome IS NOT new.outcome OR old.notes IS NOT new.notes BEGIN
			INSERT INTO activities_fts (activities_fts, rowid, topic, outcome, notes) VALUES ('delete', old.id, old.topic, old.outcome, old.notes);
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, new.topic, new.outcome, new.notes);
		END`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			if strings.Contains(err.Error(), "no such module: fts5") {
				return fmt.Errorf("SQLite was built without FTS5: build with -tags sqlite_fts5: %w", err)
			}
			return err
		}
	}
	return nil
}

// Activity sums: the live activities added up per month, topic source and
// follow-up status (activity_months: the overview, the figures by month and
// the ledger's counts without a place or keyword) and per year,
// site and topic source (activity_site_years: the statistics report, rolled
// up by township and kind in Go), so that whole months and years are read
// from a few hundred rows instead of every activity's index entry (25 ms at
// 100,000 activities). Triggers keep them in step with every write, whoever
// makes it: a row counts while it is live, so trash and restore move it out
// and back. Bulk inserts drop the insert trigger with the search index's
// and add up their rows in one pass (addRowsToSums). Rows that fall to
// zero stay: they add nothing.

// activitySumTables are the two tables: their key columns, and the key's
// value for an activity row (alias r) in SQL and, the same, in Go.
var activitySumTables = []struct {
	table string
	cols  []string
	exprs []string
	key   func(a *Activity) sumKey
}{
	{"activity_months", []string{"month", "topic_source", "follow_up"}, []string{"substr(r.date, 1, 7)", "COALESCE(r.topic_source, '')", "COALESCE(r.follow_up, '')"},
		func(a *Activity) sumKey { return sumKey{a.Date.String()[:7], a.TopicSource, a.FollowUp} }},
	{"activity_site_years", []string{"site_id", "topic_source", "year"}, []string{"r.site_id", "COALESCE(r.topic_source, '')", "substr(r.date, 1, 4)"},
		func(a *Activity) sumKey { return sumKey{a.SiteID, a.TopicSource, a.Date.String()[:4]} }},
}

type sumKey [3]any

func createActivitySums(tx *gorm.DB) error {
	ddl := []string{
		`CREATE TABLE activity_months (month TEXT NOT NULL, topic_source TEXT NOT NULL, follow_up TEXT NOT NULL,
			n INTEGER NOT NULL, participants INTEGER NOT NULL, problems INTEGER NOT NULL,
			PRIMARY KEY (month, topic_source, follow_up)) WITHOUT ROWID`,
		`CREATE TABLE activity_site_years (year TEXT NOT NULL, site_id INTEGER NOT NULL, topic_source TEXT NOT NULL,
			n INTEGER NOT NULL, participants INTEGER NOT NULL, problems INTEGER NOT NULL,
			PRIMARY KEY (site_id, topic_source, year)) WITHOUT ROWID`, // grouped by site and source, in key order
	}
	// add counts row (new or old) in when it holds; sub takes old out.
	var ins, del, upd strings.Builder
	for _, t := range activitySumTables {
		key := func(row string) string { return strings.ReplaceAll(strings.Join(t.exprs, ", "), "r.", row+".") }
		add := func(b *strings.Builder, when string) {
			fmt.Fprintf(b, `INSERT INTO %s (%s, n, participants, problems)
				SELECT %s, 1, COALESCE(new.participants, 0), COALESCE(new.problems_solved, 0) WHERE %s
				ON CONFLICT DO UPDATE SET n = n + 1, participants = participants + excluded.participants, problems = problems + excluded.problems;
			`, t.table, strings.Join(t.cols, ", "), key("new"), when)
		}
		sub := func(b *strings.Builder) {
			match := make([]string, len(t.cols))
			for i, col := range t.cols {
				match[i] = col + " = " + strings.ReplaceAll(t.exprs[i], "r.", "old.")
			}
			fmt.Fprintf(b, `UPDATE %s SET n = n - 1, participants = participants - COALESCE(old.participants, 0),
				problems = problems - COALESCE(old.problems_solved, 0) WHERE old.deleted_at IS NULL AND %s;
			`, t.table, strings.Join(match, " AND "))
		}
		add(&ins, "true") // the trigger's WHEN has the condition
		sub(&del)
		sub(&upd)
		add(&upd, "new.deleted_at IS NULL")
	}
	ddl = append(ddl,
		"CREATE TRIGGER activity_sums_insert AFTER INSERT ON activities\n"+
			"WHEN new.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM activities_fts_pause) BEGIN\n"+ins.String()+"END",
		"CREATE TRIGGER activity_sums_delete AFTER DELETE ON activities BEGIN\n"+del.String()+"END",
		// Saves rewrite every column; a save that changes nothing summed
		// takes the row out and puts it back.
		"CREATE TRIGGER activity_sums_update AFTER UPDATE OF deleted_at, date, site_id, topic_source, follow_up, participants, problems_solved ON activities BEGIN\n"+upd.String()+"END")
	for _, q := range ddl {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return addActivitySums(tx, 0)
}

// addActivitySums adds the live activities with ids above after to the
// sums, in one pass: after a bulk insert, and to fill them at first.
func addActivitySums(tx *gorm.DB, after uint) error {
	for _, t := range activitySumTables {
		key := strings.Join(t.exprs, ", ")
		q := fmt.Sprintf(`INSERT INTO %s (%s, n, participants, problems)
			SELECT %s, COUNT(*), COALESCE(SUM(r.participants), 0), COALESCE(SUM(r.problems_solved), 0)
			FROM activities r WHERE r.id > ? AND r.deleted_at IS NULL GROUP BY %s
			ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, problems = problems + excluded.problems`,
			t.table, strings.Join(t.cols, ", "), key, key)
		if err := tx.Exec(q, after).Error; err != nil {
			return err
		}
	}
	return nil
}

// addRowsToSums adds rows, new and live, to the sums, added up in Go: the
// same as addActivitySums, which took 0.8 s of a 100,000-row import
// grouping the rows again (as the per-row trigger did too).
func addRowsToSums(ctx context.Context, tx *gorm.DB, rows []Activity) error {
	type sum struct{ n, participants, problems int }
	for _, t := range activitySumTables {
		sums := map[sumKey]*sum{}
		var keys []sumKey // in first-seen order: the same statements every run
		for i := range rows {
			k := t.key(&rows[i])
			s := sums[k]
			if s == nil {
				s = &sum{}
				sums[k] = s
				keys = append(keys, k)
			}
			s.n++
			s.participants += rows[i].Participants
			s.problems += rows[i].ProblemsSolved
		}
		// One statement of a chunk's rows, made once: making a 500-row
		// upsert anew each time, a province's 77,000 site-year sums took
		// 1.6 s (now 0.8 s, of which the statements 0.4 s).
		const chunk = 500 // 6 parameters a row
		stmts := rowStmts{ctx: ctx, tx: tx, sql: func(n int) string {
			return fmt.Sprintf(`INSERT INTO %s (%s, n, participants, problems) VALUES %s
				ON CONFLICT DO UPDATE SET n = n + excluded.n, participants = participants + excluded.participants, problems = problems + excluded.problems`,
				t.table, strings.Join(t.cols, ", "), strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", n), ", "))
		}}
		defer stmts.close()
		for len(keys) > 0 {
			part := keys[:min(chunk, len(keys))]
			keys = keys[len(part):]
			args := make([]any, 0, 6*len(part))
			for _, k := range part {
				s := sums[k]
				args = append(args, k[0], k[1], k[2], s.n, s.participants, s.problems)
			}
			if _, err := stmts.exec(len(part), args); err != nil {
				return err
			}
		}
	}
	return nil
}

// rowStmts are the multi-row statements of a bulk write, each made once
// per number of rows (the full chunk, then the last, shorter one) and run
// without ctx: with one, the driver starts a goroutine per statement to
// watch it. The caller checks ctx between chunks and closes them.
type rowStmts struct {
	ctx  context.Context
	tx   *gorm.DB
	sql  func(rows int) string
	made map[int]*sql.Stmt
}

func (s *rowStmts) exec(rows int, args []any) (sql.Result, error) {
	stmt := s.made[rows]
	if stmt == nil {
		var err error
		if stmt, err = s.tx.Statement.ConnPool.PrepareContext(s.ctx, s.sql(rows)); err != nil {
			return nil, err
		}
		if s.made == nil {
			s.made = map[int]*sql.Stmt{}
		}
		s.made[rows] = stmt
	}
	return stmt.ExecContext(context.WithoutCancel(s.ctx), args...)
}

func (s *rowStmts) close() {
	for _, stmt := range s.made {
		stmt.Close()
	}
}

// bulkInsertActivities inserts rows (times, version and township already
// set) inside tx without the per-row triggers of the search index and the
// sums, then indexes the new rows in one statement and adds them to the sums
// from Go: 100,000 rows went in about twice as fast as through the triggers.
// The triggers are dropped and made again from their own text inside tx:
// readers see the file as last committed, the write lock keeps every other
// writer out meanwhile, and a failure rolls them back with the rest.
// Without triggers, with foreign keys checked at commit (the sites were
// checked already) and INSERT OR FAIL (any error rolls the whole import
// back), an INSERT of many rows needs no statement journal: it copied
// every page it touched, and the rows go into three indexes in three
// orders. The page cache is 32 MiB for the while (the default is 2):
// importing 100,000 rows took a sixth longer with 8 MiB and the same with
// 128, which cost 50 MB more memory.
func bulkInsertActivities(ctx context.Context, tx *gorm.DB, rows []Activity, progress func(done int)) error {
	var last, cache int64
	if err := tx.Raw(`SELECT COALESCE(MAX(id), 0) FROM activities`).Scan(&last).Error; err != nil {
		return err
	}
	if err := tx.Raw(`PRAGMA cache_size`).Scan(&cache).Error; err != nil {
		return err
	}
	if err := tx.Exec(`PRAGMA cache_size = -32768`).Error; err != nil { // 32 MiB
		return err
	}
	defer tx.Exec(fmt.Sprintf(`PRAGMA cache_size = %d`, cache))
	// The two insert triggers are set aside, and the sort indexes, which
	// take new rows all over (the topic index alone took 0.5 s of 100,000
	// rows), are dropped: the first sort by their key builds them again
	// (see sortIndexes). Not when the rows already there outnumber the new
	// ones: then an index would be built mostly from them.
	var aside []struct{ Type, Name, SQL string }
	if err := tx.Raw(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'activities' AND
		(type = 'trigger' AND name IN ('activities_fts_insert', 'activity_sums_insert') OR type = 'index' AND name IN ? AND ?)
		ORDER BY type DESC, name`, sortIndexNames(), int64(len(rows)) >= last).Scan(&aside).Error; err != nil {
		return err
	}
	for _, o := range aside {
		if err := tx.Exec(`DROP ` + strings.ToUpper(o.Type) + ` ` + o.Name).Error; err != nil {
			return err
		}
	}
	// Until commit: switching it off again would forget the rows it let in.
	if err := tx.Exec(`PRAGMA defer_foreign_keys = ON`).Error; err != nil {
		return err
	}
	if err := insertActivityRows(ctx, tx, rows, progress); err != nil {
		return err
	}
	for _, o := range aside {
		if o.Type != "trigger" {
			continue
		}
		if err := tx.Exec(o.SQL).Error; err != nil {
			return err
		}
	}
	// FTS5 writes its pending terms out as a new segment every 1 MiB by
	// default and then merges the segments: a third of indexing 100,000
	// rows. 16 MiB (the setting is kept in the index's own config table)
	// writes them in a few segments.
	if err := tx.Exec(`INSERT INTO activities_fts (activities_fts, rank) VALUES ('hashsize', 16777216)`).Error; err != nil {
		return err
	}
	// New rows get ids above the old maximum: SQLite allocates rowids that
	// way, and the write lock keeps other writers out meanwhile.
	if err := tx.Exec(`INSERT INTO activities_fts (rowid, topic, outcome, notes)
		SELECT id, topic, outcome, notes FROM activities_search WHERE id > ?`, last).Error; err != nil {
		return err
	}
	return addRowsToSums(ctx, tx, rows)
}

// --- version 4 -----------------------------------------------------------------

// migrateTopicIndex adds the index that sorts the ledger by topic (a page
// of 50 sorted by topic read every row: 35 ms at 100,000 activities), and
// takes activities_fts_pause out of the insert triggers' WHEN: bulk inserts
// drop the triggers instead, so the table only cost every insert a lookup.
func migrateTopicIndex(tx *gorm.DB) error {
	var triggers []struct{ Name, SQL string }
	if err := tx.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%activities_fts_pause%' ORDER BY name`).Scan(&triggers).Error; err != nil {
		return err
	}
	for _, t := range triggers {
		ddl := strings.Replace(t.SQL, " AND NOT EXISTS (SELECT 1 FROM activities_fts_pause)", "", 1)
		ddl = strings.Replace(ddl, "WHEN NOT EXISTS (SELECT 1 FROM activities_fts_pause)", "", 1)
		if strings.Contains(ddl, "activities_fts_pause") {
			return fmt.Errorf("trigger %s: unexpected text: %s", t.Name, t.SQL)
		}
		if err := tx.Exec(`DROP TRIGGER ` + t.Name).Error; err != nil {
			return err
		}
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	if err := tx.Exec(`DROP TABLE IF EXISTS activities_fts_pause`).Error; err != nil {
		return err
	}
	return tx.Exec(`CREATE INDEX ` + topicIndex + ` ON activities (topic, date)`).Error
}

// topicIndex orders activities by topic, then date (then id: the rowid).
const topicIndex = "ix_activities_topic"

// --- indexes that only sort ----------------------------------------------------
//
// Sorting the ledger by a column that no filter's index leads with read and
// sorted every live activity (35-55 ms at 100,000). Each such column has an
// index of (key, date, id), which keeps the order: the first 50 are its
// first 50 entries. The township and the trash mark follow, so that a walk
// within a township (see pageOf) tests its entries without reading rows
// (a township's page by problems solved: 1.0 -> 0.2 ms). They cost every
// write, and a big import would make them afresh (0.12-0.18 s each): it
// drops them instead (bulkInsertActivities), and the first sort by the
// column builds its index again (ensureSortIndex). They are only a faster
// way to the same page: without one a sort reads the table as before.

type sortIndex struct{ name, key string }

// sortIndexes are keyed by the ledger's sort keys (activitySorts); the
// codes sort in their options' order, the same expression as the sort's.
var sortIndexes = map[string]sortIndex{
	"topic":           {topicIndex, "topic"},
	"form":            {"ix_activities_form", enumOrder("form", ActivityForms)},
	"decision":        {"ix_activities_decision", enumOrder("decision", Decisions)},
	"participants":    {"ix_activities_participants", "participants"},
	"problems":        {"ix_activities_problems", "problems_solved"},
	"problems_solved": {"ix_activities_problems", "problems_solved"},
}

// ddl is the index's CREATE statement, as sqlite_master keeps it.
func (ix sortIndex) ddl() string {
	return "CREATE INDEX " + ix.name + " ON activities (" + ix.key + ", date, id, township_id, deleted_at)"
}

// sortIndexNames are the names of sortIndexes, each once.
func sortIndexNames() []string {
	var names []string
	for _, ix := range sortIndexes {
		if !slices.Contains(names, ix.name) {
			names = append(names, ix.name)
		}
	}
	slices.Sort(names)
	return names
}

// ensureSortIndex builds the sort index of key when it is missing (after a
// big import) or differs (its options were reordered since it was made).
// When it cannot (another program holding the write lock for longer than
// the busy timeout), the sort goes without it: that is logged, not returned.
func (st *Store) ensureSortIndex(ctx context.Context, key string) {
	ix, ok := sortIndexes[key]
	if !ok {
		return
	}
	var have []string
	db := st.db.WithContext(ctx)
	if err := db.Raw(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, ix.name).Scan(&have).Error; err != nil || slices.Equal(have, []string{ix.ddl()}) {
		return
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DROP INDEX IF EXISTS ` + ix.name).Error; err != nil {
			return err
		}
		return tx.Exec(ix.ddl()).Error
	})
	if err != nil {
		log.Printf("sort index %s not built (the ledger sorts without it): %v", ix.name, err)
	}
}

// --- version 5 -----------------------------------------------------------------

// Keywords of 1-2 characters (停车, 水: common in Chinese) have no trigram
// of their own, and LIKE read every activity for them (110-190 ms at
// 100,000). Version 5 ends each column's indexed text with two padding
// characters, so that every character of the text starts a trigram:
// the rows holding kw are those of the terms that begin with it, which
// the index's vocabulary lists in order (activities_fts_terms). The pad is
// a control character, which CleanText keeps out of every saved text, so
// it only ever stands at a column's end.
const (
	searchPad    = '\x1f'
	searchPadSQL = "char(31, 31)" // two pads
)

func migrateShortKeywords(tx *gorm.DB) error {
	pad := func(row string) string {
		return fmt.Sprintf("%[1]s.topic || %[2]s, %[1]s.outcome || %[2]s, %[1]s.notes || %[2]s", row, searchPadSQL)
	}
	for _, ddl := range []string{
		`DROP TRIGGER activities_fts_insert`,
		`DROP TRIGGER activities_fts_delete`,
		`DROP TRIGGER activities_fts_update`,
		`DROP TABLE activities_fts`,
		// The index's content as it was indexed, for FTS5's 'rebuild' and
		// 'integrity-check', which read the external content.
		`CREATE VIEW activities_search (id, topic, outcome, notes) AS SELECT a.id, ` + pad("a") + ` FROM activities a`,
		`CREATE VIRTUAL TABLE activities_fts USING fts5(topic, outcome, notes, content='activities_search', content_rowid='id', tokenize='trigram')`,
		`CREATE VIRTUAL TABLE activities_fts_terms USING fts5vocab(activities_fts, 'row')`,
		`CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities BEGIN
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, ` + pad("new") + `);
		END`,
		// An external-content index forgets a row only when told its old text.
		`CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities BEGIN
			INSERT INTO activities_fts (activities_fts, rowid, topic, outcome, notes) VALUES ('delete', old.id, ` + pad("old") + `);
		END`,
		// Saves rewrite every column: reindex only when the text changed.
		`CREATE TRIGGER activities_fts_update AFTER UPDATE OF topic, outcome, notes ON activities
		WHEN old.topic IS NOT new.topic OR old.outcome IS NOT new.outcome OR old.notes IS NOT new.notes BEGIN
			INSERT INTO activities_fts (activities_fts, rowid, topic, outcome, notes) VALUES ('delete', old.id, ` + pad("old") + `);
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, ` + pad("new") + `);
		END`,
		`INSERT INTO activities_fts (activities_fts, rank) VALUES ('hashsize', 16777216)`, // see bulkInsertActivities
		`INSERT INTO activities_fts (activities_fts) VALUES ('rebuild')`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return nil
}

// activityInsertColumns are the columns insertActivityRows writes: all but
// id (SQLite numbers the rows) and deleted_at (NULL: new rows are live).
const activityInsertColumns = `created_at, updated_at, version, date, site_id, township_id, topic, topic_source, form,
	procedure, decision, votes_for, votes_against, votes_abstain, participants, outcome, follow_up, follow_up_date,
	problems_solved, notes, problems_raised, typical_case, case_title`

// activityInsertChunk is how many rows one INSERT statement carries (23
// parameters each; SQLite allows 32,766 a statement). GORM's
// CreateInBatches(500) prepared a fresh 10,000-parameter statement per
// batch (a sixth of the insert's time at 100,000 rows) and scanned
// RETURNING rows back through reflection. Few big statements also matter
// inside SQLite: with the triggers on the table every INSERT kept a
// statement journal of the pages it touches, and the three indexes take
// new rows all over, so at 100,000 rows 32 rows a statement took 1.4 times
// as long as 1,000 and one row a statement twice as long (measured before
// bulkInsertActivities took the triggers off).
const activityInsertChunk = 1000

// insertActivityRows inserts rows (times, version and township already
// set) inside tx, as GORM's Create would store them, and sets their IDs.
// A multi-row INSERT numbers its rows one after another (the table is
// AUTOINCREMENT and the write lock is held), so the last rowid and the
// count give every row's ID; the count is checked. The rows go in by date
// (dateOrder), so rows[i].ID follow the dates rather than the slice.
func insertActivityRows(ctx context.Context, tx *gorm.DB, rows []Activity, progress func(done int)) error {
	one := "(" + strings.Repeat("?, ", 22) + "?)"
	stmts := rowStmts{ctx: ctx, tx: tx, sql: func(n int) string {
		return "INSERT OR FAIL INTO activities (" + activityInsertColumns + ") VALUES " + one + strings.Repeat(", "+one, n-1)
	}}
	defer stmts.close()
	args := make([]any, 0, 23*activityInsertChunk)
	done := 0
	// The rows of one insert share their times: each is formatted once, as
	// the driver would format it (a tenth of binding the values).
	var last time.Time
	var lastText string
	stamp := func(t time.Time) string {
		if t != last || lastText == "" {
			last, lastText = t, t.Format(sqlite3.SQLiteTimestampFormats[0])
		}
		return lastText
	}
	order := dateOrder(rows)
	for len(order) > 0 {
		if err := ctx.Err(); err != nil { // between chunks: the statements run without ctx
			return err
		}
		n := min(len(order), activityInsertChunk)
		args = args[:0]
		for _, i := range order[:n] {
			a := &rows[i]
			args = append(args, stamp(a.CreatedAt), stamp(a.UpdatedAt), a.Version, a.Date, a.SiteID, a.TownshipID, a.Topic, a.TopicSource,
				a.Form, a.Procedure, a.Decision, a.VotesFor, a.VotesAgainst, a.VotesAbstain, a.Participants, a.Outcome,
				a.FollowUp, a.FollowUpDate, a.ProblemsSolved, a.Notes, a.ProblemsRaised, a.TypicalCase, a.CaseTitle)
		}
		res, err := stmts.exec(n, args)
		if err != nil {
			return err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if got, err := res.RowsAffected(); err != nil || got != int64(n) {
			return fmt.Errorf("insert of %d activities stored %d (%v)", n, got, err)
		}
		for k, i := range order[:n] {
			rows[i].ID = uint(last - int64(n-1-k))
		}
		order = order[n:]
		if done += n; progress != nil {
			progress(done)
		}
	}
	return nil
}

// dateOrder is the order to insert rows in: by date, rows of one date in
// their order in the slice (ties in every sort go by date, then by entry
// order, so nothing shows the difference). All three activity indexes lead
// with the date or have it right after the township or the site and topic
// source: in date order each index takes new rows at the end of each
// group's run, not all over. A ledger kept by hand is mostly in date order
// already; one that is not (the benchmark's dates cycle a thousand days a
// hundred times) was written a fifth faster (4.7-4.8 s -> 3.7-3.9 s).
func dateOrder(rows []Activity) []int32 {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int { return rows[i].Date.Compare(rows[j].Date) })
	return order
}

// activityTextIDs is a query of the ids of activities (trashed ones too)
// whose topic, outcome or notes contain kw, with exactly LIKE's semantics,
// and whether the index answers it (else it reads every row).
func activityTextIDs(kw string) (string, []any, bool) {
	like := "%" + escapeLike(kw) + "%"
	cond := `(x.topic LIKE ? ESCAPE '\' OR x.outcome LIKE ? ESCAPE '\' OR x.notes LIKE ? ESCAPE '\')`
	args := []any{like, like, like}
	var match string
	var matchArgs []any
	switch {
	case strings.ContainsRune(kw, searchPad):
		// The pads are in the index, never in the text.
		return `SELECT x.id FROM activities x WHERE ` + cond, args, false
	case utf8.RuneCountInString(kw) >= 3:
		// A quoted FTS5 string is literal apart from doubled quotes.
		match, matchArgs = "?", []any{`"` + strings.ReplaceAll(kw, `"`, `""`) + `"`}
	case !strings.ContainsFunc(kw, func(r rune) bool { return r > unicode.MaxASCII && unicode.SimpleFold(r) != r }):
		// Any of the terms that begin with kw (see migrateShortKeywords),
		// case folded as the index folds ASCII letters; three pads, which
		// no text has, when there is none. A cased letter beyond ASCII is
		// folded by the index's own table: those keywords read every row.
		folded := strings.ToLower(kw)
		match = `(SELECT COALESCE(group_concat('"' || replace(term, '"', '""') || '"', ' OR '), '"' || char(31, 31, 31) || '"')
			FROM activities_fts_terms WHERE term >= ? AND term < ?)`
		matchArgs = []any{folded, folded + "\U0010FFFF"}
	default:
		return `SELECT x.id FROM activities x WHERE ` + cond, args, false
	}
	if !likeMustConfirm(kw) {
		return `SELECT rowid AS id FROM activities_fts WHERE activities_fts MATCH ` + match, matchArgs, true
	}
	return `SELECT x.id FROM activities_fts f JOIN activities x ON x.id = f.rowid WHERE activities_fts MATCH ` + match + ` AND ` + cond,
		append(matchArgs, args...), true
}

// likeMustConfirm: the trigram index folds the case of every cased letter,
// LIKE only that of ASCII letters. When kw has a letter that the index may
// match with a letter LIKE would not, LIKE confirms the candidates (reading
// each row: 50 ms for a phrase found in 7 % of 100,000 activities): any
// cased letter but ASCII ones, and k and s, which the Kelvin sign and the
// long s fold to.
func likeMustConfirm(kw string) bool {
	return strings.ContainsFunc(kw, func(r rune) bool {
		return unicode.SimpleFold(r) != r && (r > unicode.MaxASCII || strings.ContainsRune("kKsS", r))
	})
}

// checkActivitySearch verifies the index against the activities (tests).
func checkActivitySearch(db *gorm.DB) error {
	return db.Exec(`INSERT INTO activities_fts (activities_fts, rank) VALUES ('integrity-check', 1)`).Error
}
