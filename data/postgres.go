package data

// PostgreSQL's side of the engine seam listed at the top of sqlite.go: an
// office's shared server (issue 21). A store is on PostgreSQL when it is
// opened with a postgres:// URL; the shared code asks isPG(db) where the
// engines differ.

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// IsServerURL tells a PostgreSQL URL from a database file's path.
func IsServerURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

func isPG(db *gorm.DB) bool { return db.Dialector.Name() == "postgres" }

// The timeouts that keep a window from freezing when the server or the
// network goes away: connecting, a statement (the server ends it), and a
// connection whose peer stopped answering (the kernel gives up on it).
const (
	pgConnectTimeout   = 10 * time.Second
	pgStatementTimeout = 30 * time.Second
	pgDeadPeer         = 15 * time.Second
)

// ShownURL is the URL without its password, for titles, messages and logs.
func ShownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://?"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// pgConfig parses the URL as libpq does (PGPASSWORD, ~/.pgpass, PGHOST...
// fill in what it leaves out) and adds PilotDesk's timeouts.
func pgConfig(raw string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > pgConnectTimeout {
		cfg.ConnectTimeout = pgConnectTimeout
	}
	d := &net.Dialer{
		Timeout:         cfg.ConnectTimeout,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 5 * time.Second, Count: 2},
		// Unacknowledged data fails the connection after pgDeadPeer: a save
		// sent into a cut network errs instead of waiting for minutes.
		Control: func(network, address string, c syscall.RawConn) error {
			if !strings.HasPrefix(network, "tcp") {
				return nil
			}
			var serr error
			c.Control(func(fd uintptr) { serr = setUserTimeout(fd, pgDeadPeer) })
			return serr
		},
	}
	cfg.DialFunc = d.DialContext
	rp := cfg.RuntimeParams
	rp["application_name"] = "PilotDesk"
	// A generic plan, which the server may keep after five runs of a
	// prepared statement, made a keyword's page take seconds right after a
	// big import: plan each statement with its values.
	if rp["plan_cache_mode"] == "" {
		rp["plan_cache_mode"] = "force_custom_plan"
	}
	for k, v := range map[string]time.Duration{"statement_timeout": pgStatementTimeout, "lock_timeout": pgStatementTimeout,
		"idle_in_transaction_session_timeout": 2 * pgStatementTimeout} {
		if rp[k] == "" {
			rp[k] = strconv.Itoa(int(v / time.Millisecond))
		}
	}
	return cfg, nil
}

// openPostgres connects to the database at a server's URL: openFile's
// counterpart.
func openPostgres(raw string) (*Store, error) {
	shown := ShownURL(raw)
	cfg, err := pgConfig(raw)
	if err != nil {
		return nil, errServer(shown, err)
	}
	sqlDB := stdlib.OpenDB(*cfg)
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gormOpen(postgres.New(postgres.Config{Conn: newPgPool(sqlDB)}))
	if err != nil {
		sqlDB.Close()
		return nil, errServer(shown, err)
	}
	s := &Store{db: db, path: shown, user: cfg.User}
	ctx, cancel := context.WithTimeout(context.Background(), pgConnectTimeout+pgStatementTimeout)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		s.Close()
		return nil, errServer(shown, err)
	}
	return s, nil
}

// errServer says why the server could not be used, in words a coordinator
// can pass on to whoever runs it.
func errServer(shown string, err error) error {
	var pe *pgconn.PgError
	zh, en := "请检查服务器地址、端口、数据库名和网络，以及服务器是否在运行。", "Check the server's address, port, database name and the network, and that the server is running."
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			zh, en = "用户名或密码不对，或服务器不允许从本机登录（pg_hba.conf）。", "The user name or password is wrong, or the server does not accept logins from this computer (pg_hba.conf)."
		case pe.Code == "3D000":
			zh, en = "服务器上没有这个数据库，请先按说明建好。", "The server has no such database: create it first, as the README says."
		case strings.HasPrefix(pe.Code, "42"):
			zh, en = "该用户在这个数据库上的权限不够（只读用户不能打开尚未建好的数据库）。", "The user lacks rights on this database (a read-only user cannot open a database that has not been set up yet)."
		}
	}
	return &Error{Code: EInternal, Err: err,
		ZH: fmt.Sprintf("无法使用数据库服务器“%s”。%s", shown, zh),
		EN: fmt.Sprintf("Cannot use the database server %q. %s", shown, en)}
}

// serverDatabase names a server's database for messages: its host and
// name, not the URL.
func serverDatabase(shown string) (zh, en string) {
	host, name := "?", "?"
	if u, err := url.Parse(shown); err == nil {
		host, name = u.Host, strings.TrimPrefix(u.Path, "/")
		if host == "" { // a Unix socket's folder, or libpq's default
			host = cmp.Or(u.Query().Get("host"), "localhost")
		}
	}
	return fmt.Sprintf("服务器“%s”上的数据库“%s”", host, name), fmt.Sprintf("The database %q on the server %s", name, host)
}

// errNewerOnServer and errDamagedOnServer are errNewer's and errDamaged's
// words for a server's database, which has no file and no backups beside it.
func errNewerOnServer(shown string, v int) error {
	zh, en := serverDatabase(shown)
	return newErr(ENewerSchema, "",
		fmt.Sprintf("%s已由更新版本的议事台升级（数据结构第%d版，本程序支持到第%d版）。请安装新版本后再连接；数据库未被改动。", zh, v, SchemaVersion()),
		fmt.Sprintf("%s was upgraded by a newer PilotDesk (schema %d; this program knows up to %d). Install the newer version to connect to it; the database was not changed.", en, v, SchemaVersion()))
}

func errDamagedOnServer(shown string, err error) error {
	zh, en := serverDatabase(shown)
	return &Error{Code: EDamaged, Err: err,
		ZH: zh + "已损坏或不是议事台的数据库。请告知服务器管理员（可用 pg_dump 做的备份恢复）；数据库未被改动。",
		EN: en + " is damaged or not a PilotDesk database. Tell the server's administrator (a pg_dump backup can restore it); the database was not changed."}
}

// --- the migrations' engine steps -------------------------------------------

// lockSchema makes migrations from several desktops at once take turns:
// the transaction holds the lock until it ends.
func lockSchema(tx *gorm.DB) error {
	if !isPG(tx) {
		return nil // SQLite's immediate transaction already holds the file
	}
	return tx.Exec(`SELECT pg_advisory_xact_lock(2126)`).Error
}

// pgCreateActivitySearch is the search index on PostgreSQL: pg_trgm's
// trigrams of the topic, outcome and notes in one GIN index, which LIKE
// and ILIKE use for a keyword of 3+ characters. pg_trgm is a trusted
// extension: the database's owner may create it, no superuser needed.
func pgCreateActivitySearch(tx *gorm.DB) error {
	err := execAll(tx, []string{
		`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
		`CREATE INDEX IF NOT EXISTS ix_activities_text ON activities USING gin (topic gin_trgm_ops, outcome gin_trgm_ops, notes gin_trgm_ops)`,
	})
	if err != nil {
		return fmt.Errorf("the search index (pg_trgm): %w", err)
	}
	return nil
}

// createLedgerIndexes is version 11, on PostgreSQL only (SQLite's
// covering index of version 8 serves them): an index for each order of the
// ledger the wide ones of version 8 (led by date, township or site) miss,
// its CASE written as enumOrder writes it; partial on the live rows, so
// small that COUNT(*) reads one instead of the table.
func createLedgerIndexes(tx *gorm.DB) error {
	if !isPG(tx) {
		return nil
	}
	return execAll(tx, []string{
		`CREATE INDEX ix_activities_live_date ON activities (date, id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_live_source ON activities ((CASE topic_source WHEN 'party' THEN 1 WHEN 'government' THEN 2 WHEN 'member' THEN 3 WHEN 'public' THEN 4 ELSE 0 END), date, id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_live_form ON activities ((CASE form WHEN 'meeting' THEN 1 WHEN 'forum' THEN 2 WHEN 'onsite' THEN 3 WHEN 'remote' THEN 4 ELSE 0 END), date, id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_live_decision ON activities ((CASE decision WHEN 'show_of_hands' THEN 1 WHEN 'ballot' THEN 2 WHEN 'consensus' THEN 3 ELSE 0 END), date, id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_live_follow_up ON activities ((CASE follow_up WHEN 'pending' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'done' THEN 3 ELSE 0 END), date, id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_live_participants ON activities (participants, date, id) WHERE deleted_at IS NULL`,
		`CREATE INDEX ix_activities_live_problems ON activities (problems_solved, date, id) WHERE deleted_at IS NULL`,
	})
}

// pgTextMatch is textMatch on PostgreSQL: LIKE (written ~~, which pgPool
// leaves alone), over the trigram index for a keyword of 3+ characters
// and every row for a shorter one, as on SQLite. A keyword with ASCII
// letters is sought case-blind (~~*, ILIKE), which the index serves, and
// confirmed with the ASCII letters alone folded, as SQLite's LIKE does.
func pgTextMatch(kw string) (string, []any) {
	like := "%" + escapeLike(kw) + "%"
	if !strings.ContainsFunc(kw, func(r rune) bool { return r < utf8.RuneSelf && (r|0x20) >= 'a' && (r|0x20) <= 'z' }) {
		return `(a.topic ~~ ? OR a.outcome ~~ ? OR a.notes ~~ ?)`, []any{like, like, like}
	}
	low := strings.Map(func(r rune) rune { // ASCII letters only, as SQLite's LIKE folds
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, like)
	fold := func(c string) string {
		return `translate(` + c + `, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ~~ ?`
	}
	return `((a.topic ~~* ? OR a.outcome ~~* ? OR a.notes ~~* ?) AND (` + fold("a.topic") + ` OR ` + fold("a.outcome") + ` OR ` + fold("a.notes") + `))`,
		[]any{like, like, like, low, low, low}
}

// keywordMatch joins the text's condition and the place's: SQLite looks
// them up together. PostgreSQL would scan the whole table for that OR, but
// uses each half's index (the trigrams, the site's) alone, so there the ids
// of each are united; a keyword of 1-2 characters has no trigram: one scan
// with the OR is best.
func keywordMatch(pg bool, kw, text, place string) string {
	if pg && utf8.RuneCountInString(kw) >= 3 {
		return `a.id IN (SELECT a.id FROM activities a WHERE ` + text + ` UNION ALL SELECT a.id FROM activities a WHERE ` + place + `)`
	}
	return "(" + text + " OR " + place + ")"
}

// --- bulk load ----------------------------------------------------------------

// bigImport is the size of an import that drops the search index and
// makes it again, and gives the planner fresh statistics.
const bigImport = 20000

// pgInsertRows is insertRows on PostgreSQL. The rows' ids are taken from
// the table's sequence as one block, with other inserters locked out of
// the table until the transaction ends, and written explicitly.
func pgInsertRows(ctx context.Context, tx *gorm.DB, table string, cols []string, n int, values func(i int) []any, progress func(done int)) (first int64, err error) {
	if n == 0 {
		return 0, nil
	}
	if err := tx.Exec(`LOCK TABLE ` + table + ` IN SHARE ROW EXCLUSIVE MODE`).Error; err != nil {
		return 0, err
	}
	// Making the trigram index afresh is faster than keeping it up to date
	// row by row: a big import of activities drops it and makes it again
	// before the transaction ends (a failed import keeps the index).
	if table == "activities" && n >= bigImport {
		if err := tx.Exec(`DROP INDEX IF EXISTS ix_activities_text`).Error; err != nil {
			return 0, err
		}
		defer func() {
			if err == nil {
				err = tx.Exec(`SET LOCAL maintenance_work_mem = '256MB'`).Error
			}
			if err == nil {
				err = pgCreateActivitySearch(tx)
			}
		}()
	}
	if err := tx.Raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), nextval(pg_get_serial_sequence(?, 'id')) + ?) - ?`,
		table, table, n-1, n-1).Scan(&first).Error; err != nil {
		return 0, err
	}
	// COPY, not multi-row INSERTs, which the server is slow to parse and plan.
	pt, ok := tx.Statement.ConnPool.(*pgTx)
	if !ok {
		return 0, fmt.Errorf("bulk insert outside a transaction")
	}
	all := append([]string{"id"}, cols...)
	row := make([]any, 0, len(all))
	i := 0
	rows := pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		if i > 0 && i%insertChunk == 0 && progress != nil {
			progress(i)
		}
		row = append(append(row[:0], first+int64(i)), values(i)...)
		i++
		return row, nil
	})
	var copied int64
	err = pt.conn.Raw(func(c any) error {
		copied, err = c.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, all, rows)
		return err
	})
	if err != nil {
		return 0, err
	}
	if copied != int64(n) {
		return 0, fmt.Errorf("copy of %d rows into %s: %d stored", n, table, copied)
	}
	if progress != nil {
		progress(n)
	}
	if n >= bigImport { // fresh statistics for the planner
		if err := tx.Exec(`ANALYZE ` + table).Error; err != nil {
			return 0, err
		}
	}
	return first, nil
}

// pgRunner runs the SQL of data/ made PostgreSQL's: the ? placeholders of
// SQL run past GORM become $1, $2..., and LIKE becomes ILIKE, which like
// SQLite's LIKE ignores the case of letters (ILIKE of every letter,
// SQLite's of ASCII ones). Both are outside quotes only. SQL meant for
// PostgreSQL alone writes ~~ for a LIKE that keeps case.
type pgRunner struct{ r gorm.ConnPool }

func (p pgRunner) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.r.PrepareContext(ctx, pgSQL(q))
}
func (p pgRunner) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.r.ExecContext(ctx, pgSQL(q), args...)
}
func (p pgRunner) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.r.QueryContext(ctx, pgSQL(q), args...)
}
func (p pgRunner) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.r.QueryRowContext(ctx, pgSQL(q), args...)
}

// pgPool hands GORM the server's connections through a pgRunner.
type pgPool struct {
	pgRunner
	db *sql.DB
}

func newPgPool(db *sql.DB) pgPool { return pgPool{pgRunner{db}, db} }

func (p pgPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// BeginTx begins on a connection held for the transaction, which a bulk
// insert reaches pgx's COPY through (pgInsertRows).
func (p pgPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, opts)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &pgTx{pgRunner{tx}, tx, conn}, nil
}

type pgTx struct {
	pgRunner
	tx   *sql.Tx
	conn *sql.Conn
}

func (t *pgTx) Commit() error {
	defer t.conn.Close()
	return t.tx.Commit()
}

func (t *pgTx) Rollback() error {
	defer t.conn.Close()
	return t.tx.Rollback()
}

func pgSQL(q string) string {
	if !strings.Contains(q, "?") && !strings.Contains(q, " LIKE ") {
		return q
	}
	var b strings.Builder
	n, quote := 0, byte(0)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		case c == ' ' && strings.HasPrefix(q[i:], " LIKE "):
			b.WriteString(" ILIKE ")
			i += len(" LIKE ") - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// serverError tells the failures of a server a user can act on: the
// server out of reach (the network, a restart: the transaction was rolled
// back, or never began), and a user who may only read. nil otherwise.
func serverError(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "42501" || pe.Code == "25006":
			return &Error{Code: EReadOnly, Err: err,
				ZH: "当前数据库用户只有查看权限，不能新建、修改或删除记录。需要修改时，请用有编辑权限的用户连接（设置 → 数据库）。",
				EN: "This database user may only look: records cannot be added, changed or deleted. To edit, connect as a user with editing rights (Settings → Database)."}
		case pe.Code == "57014" || pe.Code == "55P03" || strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P"):
			return errOffline(err)
		}
		return nil
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		strings.Contains(err.Error(), "conn closed") {
		return errOffline(err)
	}
	return nil
}

func errOffline(err error) *Error {
	return &Error{Code: EOffline, Err: err,
		ZH: "与数据库服务器的连接中断了（网络断开、服务器重启或响应超时），本次操作没有完成，也没有保存任何部分。服务器恢复后程序会自动重新连接，届时再试一次即可。",
		EN: "The connection to the database server was lost (network down, server restarting, or no answer in time): this operation did not complete and saved nothing. PilotDesk reconnects by itself when the server is back; try again then."}
}

// pgIsForeignKeyError: a RESTRICT foreign key's violation, whatever its
// code's spelling.
func pgIsForeignKeyError(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "23503" || pe.Code == "23001")
}

// Ping asks the server (or the file) whether it answers, within a few
// seconds: the window's reconnection watch.
func (st *Store) Ping(ctx context.Context) error {
	sqlDB, err := st.db.DB()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		if se := serverError(err); se != nil {
			return se
		}
		return errOffline(err)
	}
	return nil
}

// OnServer tells whether the store is a server's database.
func (st *Store) OnServer() bool { return isPG(st.db) }

// ReadOnly tells whether the database user may only read (a leader's
// role on a server): the window greys its editing actions then.
func (st *Store) ReadOnly(ctx context.Context) bool {
	if !isPG(st.db) {
		return false
	}
	var may bool
	err := st.db.WithContext(ctx).Raw(`SELECT has_table_privilege('activities', 'INSERT') AND has_table_privilege('activities', 'UPDATE')`).Scan(&may).Error
	return err == nil && !may
}

// --- copies -----------------------------------------------------------------

// pgUserTables lists the tables of the database's schema.
func pgUserTables(db *gorm.DB) ([]string, error) {
	var out []string
	err := db.Raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`).Scan(&out).Error
	return out, err
}

// afterCopy moves each id sequence past the ids a copy wrote itself,
// and gives the planner the tables' statistics at once (autovacuum would
// take its time, and plans made without them read whole tables). SQLite
// numbers on from the highest id by itself.
func afterCopy(tx *gorm.DB, tables []string) error {
	if !isPG(tx) {
		return nil
	}
	for _, t := range tables {
		if err := tx.Exec(`ANALYZE ` + t).Error; err != nil {
			return err
		}
		var seq *string
		if err := tx.Raw(`SELECT pg_get_serial_sequence(?, 'id')
			WHERE EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id')`, t, t).Scan(&seq).Error; err != nil {
			return err
		}
		if seq == nil {
			continue
		}
		if err := tx.Exec(`SELECT setval(?, COALESCE((SELECT MAX(id) FROM `+t+`), 1), (SELECT MAX(id) IS NOT NULL FROM `+t+`))`, *seq).Error; err != nil {
			return err
		}
	}
	return nil
}

// --- the window's connection form -------------------------------------------

// Server is a server's address as 设置 → 数据库 asks for it.
type Server struct {
	Host, Port, Database, User, Password string
	SSLMode                              string // disable, prefer, require, verify-full
}

// URL is the server's postgres:// URL, the password in it when given.
func (s Server) URL() string {
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(strings.TrimSpace(s.Host), strings.TrimSpace(s.Port)),
		Path: "/" + strings.TrimSpace(s.Database)}
	u.User = url.User(strings.TrimSpace(s.User))
	if s.Password != "" {
		u.User = url.UserPassword(strings.TrimSpace(s.User), s.Password)
	}
	if s.SSLMode != "" {
		u.RawQuery = "sslmode=" + url.QueryEscape(s.SSLMode)
	}
	return u.String()
}

// Check fills in the blanks a user may leave (port 5432, database
// pilotdesk) and refuses what cannot be an address.
func (s *Server) Check() error {
	var c checker
	s.Host, s.User, s.Database, s.Port = strings.TrimSpace(s.Host), strings.TrimSpace(s.User), strings.TrimSpace(s.Database), strings.TrimSpace(s.Port)
	if s.Port == "" {
		s.Port = "5432"
	}
	if s.Database == "" {
		s.Database = "pilotdesk"
	}
	if s.Host == "" {
		c.add("host", "请填写服务器地址（如 192.168.1.10）。", "Enter the server's address (e.g. 192.168.1.10).")
	}
	if p, err := strconv.Atoi(s.Port); err != nil || p < 1 || p > 65535 {
		c.add("port", "端口应是 1 到 65535 之间的数字（PostgreSQL 默认 5432）。", "The port is a number from 1 to 65535 (PostgreSQL's default is 5432).")
	}
	if s.User == "" {
		c.add("user", "请填写数据库用户名。", "Enter the database user.")
	}
	return c.err()
}

// ServerInfo is what a test connection found.
type ServerInfo struct {
	Version, User string
	CanCreate     bool // may make the tables: an editing user
}

// TestServer connects to the server as the form says, without changing
// anything, and says who is connected with which rights.
func TestServer(ctx context.Context, s Server) (ServerInfo, error) {
	var info ServerInfo
	if err := s.Check(); err != nil {
		return info, err
	}
	shown := ShownURL(s.URL())
	cfg, err := pgConfig(s.URL())
	if err != nil {
		return info, errServer(shown, err)
	}
	ctx, cancel := context.WithTimeout(ctx, pgConnectTimeout+5*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return info, errServer(shown, err)
	}
	defer conn.Close(context.Background())
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_user, has_database_privilege(current_database(), 'CREATE')`).
		Scan(&info.Version, &info.User, &info.CanCreate); err != nil {
		return info, errServer(shown, err)
	}
	return info, nil
}
