package data

// Everything specific to SQLite lives in this file; the rest of data/ is
// SQL that PostgreSQL runs too. Another engine fills the same seam:
//
//   - opening: openFile (openPostgres there) with openGorm (connection
//     settings), checkFile (refuse what is not a database before touching
//     it), checkConnection;
//   - checks and copies: QuickCheck, integrityCheck, vacuumInto (a
//     consistent copy of the live file), checkpoint, sqliteSidecars;
//   - errors the translator misses: isForeignKeyError;
//   - search: textMatch (the keyword's condition; keywordMatch in
//     postgres.go joins it to the place's), and the search index's making
//     (createActivitySearchV6; pg_trgm there);
//   - bulk load: insertRows (COPY there);
//   - the migrations' engine steps: createActivitySearch (version 2),
//     dropActivityMachinery (version 8), and in postgres.go
//     createLedgerIndexes (version 11) and lockSchema;
//   - copies between engines (copy.go): userTables, afterCopy (postgres.go).

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// The driver reads "date" columns by trying sqlite3.SQLiteTimestampFormats
// in order, the bare date last, after eight failed parses per value. Tried
// second it matches what it did, as no other layout matches a bare date; the
// first stays first, as the driver writes times with it.
func init() {
	f := sqlite3.SQLiteTimestampFormats
	if i := slices.Index(f, "2006-01-02"); i > 1 {
		sqlite3.SQLiteTimestampFormats = slices.Insert(slices.Delete(f, i, i+1), 1, "2006-01-02")
	}
}

// dsn builds the mattn/go-sqlite3 connection string: foreign keys on per
// connection (mattn ignores other drivers' _pragma=); immediate transactions,
// so two processes never deadlock upgrading a read lock; FULL sync, so a
// saved record survives a power cut; a 32 MiB page cache, without which the
// overdue items and the 100,000-row import miss their targets.
func dsn(path string) string {
	q := url.Values{}
	q.Set("_cache_size", "-32768")
	q.Set("_foreign_keys", "1")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	q.Set("_synchronous", "FULL")
	return path + "?" + q.Encode()
}

// driverName is mattn/go-sqlite3 with what its DSN cannot carry: temp_store
// = MEMORY keeps statement and savepoint journals out of temporary files,
// which on Windows the virus checker reads.
const driverName = "sqlite3_pilotdesk"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA temp_store = MEMORY", nil)
			return err
		},
	})
}

// openFile opens (creating if needed) the database file at path, once it
// is known to be an SQLite database whose connection is as the DSN says.
func openFile(path string) (*Store, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	if err := createPrivate(path); err != nil {
		return nil, errOpen(path, err)
	}
	db, err := openGorm(path)
	if err != nil {
		return nil, errOpen(path, err)
	}
	s := &Store{db: db, path: path, user: osUser()}
	if err := checkConnection(db, path); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func openGorm(path string) (*gorm.DB, error) {
	return gormOpen(sqlite.New(sqlite.Config{DriverName: driverName, DSN: dsn(path)}))
}

// openReadOnly opens a database file to read it, making no -wal or -shm
// beside it. Immutable means no locks: only for a file nobody writes (a
// backup, a closed database).
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
// the driver touches it (opening in WAL mode would write to it), and a
// cut-off copy: shorter than the pages its header promises (when its change
// counter matches version-valid-for), found without reading the whole file.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return errOpen(path, err)
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if n == 0 && err == io.EOF {
		return nil // an empty file: SQLite makes a database of it
	}
	if n < len(sqliteHeader) || !bytes.Equal(h[:len(sqliteHeader)], sqliteHeader) {
		return errDamaged(path, fmt.Errorf("no SQLite header (read %d bytes: %v)", n, err))
	}
	// With a non-empty -wal the file may rightly be short: opening replays
	// the last pages of a checkpoint a crash cut off.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil
	}
	if err != nil {
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

// QuickCheck reads the whole file for damage (PRAGMA quick_check); it is
// slow for a big file, so the window runs it in the background.
func (st *Store) QuickCheck(ctx context.Context) error {
	if isPG(st.db) {
		return nil // the server looks after its own files
	}
	if err := pragmaCheck(st.db.WithContext(ctx), "quick_check"); err != nil {
		return errDamaged(st.path, err)
	}
	return nil
}

// integrityCheck runs the full check, for backups and restores.
func integrityCheck(db *gorm.DB) error { return pragmaCheck(db, "integrity_check") }

// pragmaCheck runs PRAGMA check(1), which answers "ok" or the first damage.
func pragmaCheck(db *gorm.DB, check string) error {
	var res []string
	if err := db.Raw("PRAGMA " + check + "(1)").Scan(&res).Error; err != nil {
		return err
	}
	if len(res) != 1 || res[0] != "ok" {
		return fmt.Errorf("%s: %s", check, strings.Join(res, "; "))
	}
	return nil
}

// vacuumInto writes a consistent, compact copy of the live database to dst
// (which must not exist), while other connections keep working.
func vacuumInto(db *gorm.DB, dst string) error {
	if isPG(db) {
		return serverCopyInto(db, dst) // backup_server.go
	}
	return db.Exec("VACUUM INTO ?", dst).Error
}

func errOpen(path string, err error) error {
	if IsServerURL(path) {
		return errServer(path, err)
	}
	return &Error{Code: EInternal, Err: err,
		ZH: fmt.Sprintf("无法打开数据库文件“%s”。请检查文件是否存在、是否有权限访问。", path),
		EN: fmt.Sprintf("Cannot open the database file %q. Check that it exists and that you may access it.", path)}
}

func errDamaged(path string, err error) error {
	if IsServerURL(path) {
		return errDamagedOnServer(path, err)
	}
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

// isForeignKeyError spots the violation of an ON DELETE RESTRICT foreign
// key: SQLite reports it as SQLITE_CONSTRAINT_TRIGGER (1811), which GORM's
// translator leaves alone (it maps only SQLITE_CONSTRAINT_FOREIGNKEY).
func isForeignKeyError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed") || pgIsForeignKeyError(err)
}

// --- Full-text search over activities ----------------------------------------
//
// People search Chinese for substrings: an FTS5 trigram index of the topic,
// outcome and notes finds a keyword of 3+ characters. Its content stays in
// activities, trashed rows included (queries filter deleted_at there), and
// triggers keep it in step with every write.

// The search index's table and the triggers that forget a row's old text;
// versions 2 and 8 made them alike.
const (
	ftsTable = `CREATE VIRTUAL TABLE activities_fts USING fts5(topic, outcome, notes, content='activities', content_rowid='id', tokenize='trigram')`
	// An external-content index forgets a row only when told its old text.
	ftsDeleteTrigger = `CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities BEGIN
			INSERT INTO activities_fts (activities_fts, rowid, topic, outcome, notes) VALUES ('delete', old.id, old.topic, old.outcome, old.notes);
		END`
	// Saves rewrite every column: reindex only when the text changed.
	ftsUpdateTrigger = `CREATE TRIGGER activities_fts_update AFTER UPDATE OF topic, outcome, notes ON activities
		WHEN old.topic IS NOT new.topic OR old.outcome IS NOT new.outcome OR old.notes IS NOT new.notes BEGIN
			INSERT INTO activities_fts (activities_fts, rowid, topic, outcome, notes) VALUES ('delete', old.id, old.topic, old.outcome, old.notes);
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, new.topic, new.outcome, new.notes);
		END`
)

// createActivitySearch is version 2's search index, frozen: version 8
// (createActivitySearchV6) makes it again without the pause table.
func createActivitySearch(tx *gorm.DB) error {
	if isPG(tx) {
		return nil // version 8 makes PostgreSQL's (pgCreateActivitySearch)
	}
	return execAll(tx, []string{
		ftsTable,
		`CREATE TABLE activities_fts_pause (paused INTEGER NOT NULL)`,
		`CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities
		WHEN NOT EXISTS (SELECT 1 FROM activities_fts_pause) BEGIN
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, new.topic, new.outcome, new.notes);
		END`,
		ftsDeleteTrigger,
		ftsUpdateTrigger,
	})
}

// sortIndexesV4 are the ledger's sort indexes versions 4-5 made on demand.
var sortIndexesV4 = []string{"ix_activities_form", "ix_activities_decision", "ix_activities_participants", "ix_activities_problems"}

// dropActivityMachinery drops what versions 2-5 built beside the
// activities, whichever of them a file has: the search index with its
// triggers, pause table, padded view and vocabulary; the activity sums
// with their triggers; the sort indexes.
func dropActivityMachinery(tx *gorm.DB) error {
	var ddl []string
	if !isPG(tx) { // versions 3-5 never ran on PostgreSQL, version 2 made no search index there
		for _, t := range []string{"activities_fts_insert", "activities_fts_delete", "activities_fts_update",
			"activity_sums_insert", "activity_sums_delete", "activity_sums_update"} {
			ddl = append(ddl, `DROP TRIGGER IF EXISTS `+t)
		}
		for _, t := range []string{"activities_fts_terms", "activities_fts", "activities_fts_pause", "activity_months", "activity_site_years"} {
			ddl = append(ddl, `DROP TABLE IF EXISTS `+t)
		}
		ddl = append(ddl, `DROP VIEW IF EXISTS activities_search`)
	}
	for _, ix := range sortIndexesV4 {
		ddl = append(ddl, `DROP INDEX IF EXISTS `+ix)
	}
	return execAll(tx, ddl)
}

// createActivitySearchV6 is the search index of version 8: the usual three
// triggers of an external-content FTS5 table, then every row indexed.
func createActivitySearchV6(tx *gorm.DB) error {
	if isPG(tx) {
		return pgCreateActivitySearch(tx)
	}
	return execAll(tx, []string{
		ftsTable,
		`CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities BEGIN
			INSERT INTO activities_fts (rowid, topic, outcome, notes) VALUES (new.id, new.topic, new.outcome, new.notes);
		END`,
		ftsDeleteTrigger,
		ftsUpdateTrigger,
		`INSERT INTO activities_fts (activities_fts) VALUES ('rebuild')`,
	})
}

// execAll runs the statements in turn, stopping at the first that fails.
func execAll(tx *gorm.DB, ddl []string) error {
	for _, q := range ddl {
		if err := tx.Exec(q).Error; err != nil {
			if strings.Contains(err.Error(), "no such module: fts5") {
				return fmt.Errorf("SQLite was built without FTS5: build with -tags sqlite_fts5: %w", err)
			}
			return err
		}
	}
	return nil
}

// textMatch is the condition (over alias a) that the activity's topic,
// outcome or notes contain kw as LIKE '%kw%' would find it: literally,
// ignoring the case of ASCII letters only. A keyword of 3+ characters is
// looked up in the search index; a shorter one, which has no trigram, is
// sought with LIKE in every row.
func textMatch(pg bool, kw string) (string, []any) {
	if pg {
		return pgTextMatch(kw)
	}
	like := "%" + escapeLike(kw) + "%"
	likeAny := `(a.topic LIKE ? ESCAPE '\' OR a.outcome LIKE ? ESCAPE '\' OR a.notes LIKE ? ESCAPE '\')`
	if utf8.RuneCountInString(kw) < 3 {
		return likeAny, []any{like, like, like}
	}
	// A quoted FTS5 string is literal apart from doubled quotes.
	cond := `a.id IN (SELECT rowid FROM activities_fts WHERE activities_fts MATCH ?)`
	args := []any{`"` + strings.ReplaceAll(kw, `"`, `""`) + `"`}
	if likeMustConfirm(kw) {
		cond += " AND " + likeAny
		args = append(args, like, like, like)
	}
	return cond, args
}

// likeMustConfirm: the trigram index folds the case of every cased letter,
// LIKE only that of ASCII letters. When kw has a letter that the index may
// match with a letter LIKE would not (any cased letter but ASCII ones, and
// k and s, which the Kelvin sign and the long s fold to), LIKE confirms.
func likeMustConfirm(kw string) bool {
	return strings.ContainsFunc(kw, func(r rune) bool {
		return unicode.SimpleFold(r) != r && (r > unicode.MaxASCII || strings.ContainsRune("kKsS", r))
	})
}

// --- Bulk insert ----------------------------------------------------------------

// insertChunk is how many rows one INSERT statement carries (SQLite allows
// 32,766 parameters a statement): few big statements instead of one a row.
const insertChunk = 1000

// insertRows inserts n rows of cols into table inside tx, values(i) giving
// row i's values, in multi-row INSERTs, and tells progress (if not nil) how
// many are in after each. The rows get ids in turn from the returned first
// one (the transaction's write lock keeps other writers out). The statements
// run without ctx, for which the driver would start a goroutine each; ctx is
// checked between them.
func insertRows(ctx context.Context, tx *gorm.DB, table string, cols []string, n int, values func(i int) []any, progress func(done int)) (first int64, err error) {
	// These writes pass GORM by, so its translator is asked here: a
	// duplicate key must read as one (translate: "已有同名的…").
	defer func() {
		if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok && err != nil && errors.Is(t.Translate(err), gorm.ErrDuplicatedKey) {
			err = fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, err)
		}
	}()
	if isPG(tx) {
		return pgInsertRows(ctx, tx, table, cols, n, values, progress)
	}
	one := "(?" + strings.Repeat(", ?", len(cols)-1) + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	args := make([]any, 0, min(n, insertChunk)*len(cols))
	bg := context.WithoutCancel(ctx)
	// A full chunk's statement is compiled once, not per chunk.
	var full *sql.Stmt
	if n >= insertChunk {
		if full, err = tx.Statement.ConnPool.PrepareContext(bg, head+one+strings.Repeat(", "+one, insertChunk-1)); err != nil {
			return 0, err
		}
		defer full.Close()
	}
	for done := 0; done < n; {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		k := min(n-done, insertChunk)
		args = args[:0]
		for i := done; i < done+k; i++ {
			args = append(args, values(i)...)
		}
		var res sql.Result
		if k == insertChunk {
			res, err = full.ExecContext(bg, args...)
		} else {
			res, err = tx.Statement.ConnPool.ExecContext(bg, head+one+strings.Repeat(", "+one, k-1), args...)
		}
		if err != nil {
			return 0, err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return 0, err
		}
		if done == 0 {
			first = last - int64(k) + 1
		}
		if got, err := res.RowsAffected(); err != nil || got != int64(k) || last != first+int64(done+k-1) {
			return 0, fmt.Errorf("insert of %d rows into %s: %d stored, last id %d after %d (%v)", k, table, got, last, first, err)
		}
		if done += k; progress != nil {
			progress(done)
		}
	}
	return first, nil
}

// --- copies -----------------------------------------------------------------

// userTables lists the database's tables, less the search index's own.
func userTables(db *gorm.DB) ([]string, error) {
	if isPG(db) {
		return pgUserTables(db)
	}
	var out []string
	err := db.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'activities_fts%'`).Scan(&out).Error
	return out, err
}
