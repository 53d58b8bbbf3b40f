// Package testdb runs a package's tests against both engines: SQLite
// always, then PostgreSQL, on the server PILOTDESK_TEST_PG names or on a
// throwaway one started here in a temporary folder. New gives each test a
// fresh database of the engine being run: a file path or a URL, either of
// which data.Open takes.
package testdb

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var (
	// admin is the URL of the PostgreSQL run's server ("" on SQLite).
	admin string
	seq   atomic.Int64
)

// Main runs m on SQLite, then on PostgreSQL unless PILOTDESK_TEST_PG is
// "off" or no server can be had (it says why; under CI that fails). It returns the exit code.
// sqliteOnly matches the names of the tests that are about SQLite files
// (backups, damage, pragmas), which the PostgreSQL run skips.
//
// A test that runs the test binary again (a second process) passes on the
// engine through the environment: the child runs that engine only.
func Main(m *testing.M, sqliteOnly string) int {
	switch os.Getenv("PILOTDESK_TEST_ENGINE") {
	case "sqlite":
		return m.Run()
	case "postgres":
		admin = os.Getenv("PILOTDESK_TEST_ADMIN")
		return m.Run()
	}
	os.Setenv("PILOTDESK_TEST_ENGINE", "sqlite")
	code := m.Run()
	want := os.Getenv("PILOTDESK_TEST_PG")
	if want == "off" || code != 0 {
		return code
	}
	var srv *Server
	if want != "" {
		admin = want
	} else {
		var err error
		if srv, err = Start(); err != nil {
			fmt.Printf("testdb: no PostgreSQL server for the second run: %v\n", err)
			if os.Getenv("CI") != "" { // CI runs both engines or fails
				return 1
			}
			return code
		}
		admin = srv.URL("postgres")
	}
	fmt.Println("testdb: the same tests on PostgreSQL")
	if sqliteOnly != "" {
		if s := flag.Lookup("test.skip"); s != nil {
			if old := s.Value.String(); old != "" {
				sqliteOnly = old + "|" + sqliteOnly
			}
			s.Value.Set(sqliteOnly)
		}
	}
	os.Setenv("PILOTDESK_TEST_ENGINE", "postgres")
	os.Setenv("PILOTDESK_TEST_ADMIN", admin)
	code = m.Run()
	if srv != nil {
		srv.Stop()
	}
	return code
}

// Postgres tells whether this run is PostgreSQL's.
func Postgres() bool { return admin != "" }

// SkipOnPostgres skips a test that is about SQLite files (backups, file
// damage), which have no counterpart on a server.
func SkipOnPostgres(t testing.TB) {
	t.Helper()
	if Postgres() {
		t.Skip("about SQLite files")
	}
}

// New returns a fresh, empty database for the engine being run: a file in
// t.TempDir() or a new database on the server, dropped after the test.
func New(t testing.TB) string {
	t.Helper()
	if admin == "" {
		return filepath.Join(t.TempDir(), "test.db")
	}
	u, err := CreateDatabase(admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { DropDatabase(admin, u) })
	return u
}

// CreateDatabase makes a new database on adminURL's server and returns
// its URL.
func CreateDatabase(adminURL string) (string, error) {
	name := fmt.Sprintf("pdtest_%d_%d", os.Getpid(), seq.Add(1))
	db, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// DropDatabase drops dbURL's database, closing whatever is still connected.
func DropDatabase(adminURL, dbURL string) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return
	}
	db, err := sql.Open("pgx", adminURL)
	if err != nil {
		return
	}
	defer db.Close()
	db.Exec(`DROP DATABASE IF EXISTS ` + strings.TrimPrefix(u.Path, "/") + ` WITH (FORCE)`)
}

// Server is a throwaway PostgreSQL server: its data and socket in a
// temporary folder, listening on a free port of 127.0.0.1, run by an
// unprivileged account when the tests run as root (PostgreSQL refuses
// root). It survives its own crash (pg_ctl stop -m immediate) but not the
// machine's: fsync is off.
type Server struct {
	Dir, Bin string
	Port     int
	runAs    string // account to run as, "" for the current one
}

// Start initialises and starts a server; the PostgreSQL binaries are found
// in /usr/lib/postgresql/*/bin (Debian) or on PATH.
func Start() (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	s := &Server{Bin: bin}
	if os.Geteuid() == 0 {
		for _, name := range []string{"postgres", "nobody"} {
			if _, err := user.Lookup(name); err == nil {
				s.runAs = name
				break
			}
		}
		if s.runAs == "" {
			return nil, fmt.Errorf("running as root and no unprivileged account (postgres, nobody) to run the server")
		}
	}
	if s.Dir, err = os.MkdirTemp("", "pilotdesk-pg-"); err != nil {
		return nil, err
	}
	if err := s.chown(s.Dir); err != nil {
		s.remove()
		return nil, err
	}
	// C.UTF-8: pg_trgm takes Chinese characters for letters only in a UTF-8
	// character type; sorting stays bytewise.
	if out, err := s.run("initdb", "-D", s.data(), "-U", "pilotdesk", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		s.remove()
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if s.Port, err = freePort(); err != nil {
		s.remove()
		return nil, err
	}
	if err := s.Restart(); err != nil {
		s.remove()
		return nil, err
	}
	s.watch()
	return s, nil
}

// watch stops the server and removes its folder once this process is
// gone, however it ended (a test that panics never reaches Stop).
func (s *Server) watch() {
	ctl := filepath.Join(s.Bin, "pg_ctl") + " -D " + s.data() + " -m immediate -w stop"
	if s.runAs != "" {
		ctl = "runuser -u " + s.runAs + " -- " + ctl
	}
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; cd /; %s >/dev/null 2>&1; rm -rf %s", os.Getpid(), ctl, s.Dir)
	cmd := exec.Command("sh", "-c", script)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // not stopped with the test's group
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}

func (s *Server) data() string { return filepath.Join(s.Dir, "data") }

// URL is the address of database db on this server.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://pilotdesk@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
}

// Restart starts the server (again, after StopNow).
func (s *Server) Restart() error {
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200", s.Port, s.Dir)
	if out, err := s.run("pg_ctl", "-D", s.data(), "-o", opts, "-l", filepath.Join(s.Dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
	return nil
}

// StopNow stops the server as a crash would: pg_ctl stop -m immediate.
func (s *Server) StopNow() error {
	if out, err := s.run("pg_ctl", "-D", s.data(), "-m", "immediate", "-w", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Stop stops the server and removes its folder.
func (s *Server) Stop() {
	s.run("pg_ctl", "-D", s.data(), "-m", "fast", "-w", "stop")
	s.remove()
}

func (s *Server) remove() { os.RemoveAll(s.Dir) }

func (s *Server) run(tool string, args ...string) (string, error) {
	name := filepath.Join(s.Bin, tool)
	if s.runAs != "" {
		args = append([]string{"-u", s.runAs, "--", name}, args...)
		name = "runuser"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = s.Dir // the account may not be able to enter the current folder
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (s *Server) chown(dir string) error {
	if s.runAs == "" {
		return nil
	}
	u, err := user.Lookup(s.runAs)
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no initdb (install Debian's postgresql package: make setup)")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
