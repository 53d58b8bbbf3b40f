package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
	"pilotdesk/internal/testdb"
)

// damagedDB leaves a database with one site and a backup of it in dir, then
// overwrites the database with junk. It returns the path and the junk.
func damagedDB(t *testing.T, withBackup bool) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pilotdesk.db")
	st, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.SaveSite(bg, &data.Site{Name: "备份里的乡镇", Kind: data.KindTownship, Status: data.StatusPlanned})
	if withBackup {
		if _, err := st.Backup(bg, data.BackupManual); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	junk := bytes.Repeat([]byte("这不是数据库"), 500)
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, junk
}

// recoveryWindow opens path as Run would and returns the recovery window's
// canvas and where the opened store will land.
func recoveryWindow(t *testing.T, path string) (fyne.App, fyne.Canvas, **UI) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	SetLanguage(LangZH)
	_, err := data.Open(path)
	if data.ErrorCode(err) != data.EDamaged {
		t.Fatalf("opening junk: %v", err)
	}
	var u *UI
	showRecovery(a, path, err, func(st *data.Store) *UI {
		u = New(a, st, Options{})
		t.Cleanup(func() { u.store.Close() })
		return u
	})
	wins := a.Driver().AllWindows()
	return a, wins[len(wins)-1].Canvas(), &u
}

// otherBackup makes a database named name beside path with one township and
// backs it up, as a test file beside the real one would be; it returns the
// backup.
func otherBackup(t *testing.T, path, name string) string {
	t.Helper()
	st, err := data.Open(filepath.Join(filepath.Dir(path), name))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SaveSite(bg, &data.Site{Name: "别的库的乡镇", Kind: data.KindTownship, Status: data.StatusPlanned})
	p, err := st.Backup(bg, data.BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// copyTo copies a file, as a person does in Explorer.
func copyTo(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err == nil {
		err = os.WriteFile(dst, b, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestDamagedDatabaseRestoredFromBackup(t *testing.T) {
	path, junk := damagedDB(t, true)
	// Another database in the folder, backed up later, and an old-style
	// backup in the shared folder, newer still: neither is this database's.
	theirs := otherBackup(t, path, "test.db")
	copyTo(t, theirs, filepath.Join(filepath.Dir(path), "backups", "pilotdesk-20991231-235959-daily.db"))
	_, c, u := recoveryWindow(t, path)
	assertShown(t, c, "已损坏", "另建新数据库（保留原文件）")
	var restore string
	for _, s := range shownTexts(c) {
		if strings.HasPrefix(s, "从最新备份恢复") {
			restore = s
		}
	}
	if restore == "" {
		t.Fatalf("no restore button: %q", shownTexts(c))
	}
	test.Tap(button(t, c, restore))
	if *u == nil {
		t.Fatal("the main window did not open")
	}
	sites, _ := (*u).store.Sites(bg, data.SiteFilter{})
	if len(sites) != 1 || sites[0].Name != "备份里的乡镇" {
		t.Errorf("restored sites: %+v", sites)
	}
	// The damaged file was kept, byte for byte, as the pre-restore copy.
	list, _ := data.ListBackups(path)
	kept := false
	for _, b := range list {
		if got, _ := os.ReadFile(b.Path); bytes.Equal(got, junk) {
			kept = true
		}
	}
	if !kept {
		t.Error("the damaged file was not kept")
	}
}

// With no backup of its own, the recovery window offers the newest old
// backup of the shared folder, saying it may not be this database's.
func TestDamagedDatabaseOffersOldBackup(t *testing.T) {
	path, _ := damagedDB(t, false)
	copyTo(t, otherBackup(t, path, "test.db"), filepath.Join(filepath.Dir(path), "backups", "pilotdesk-20261201-090000-daily.db"))
	_, c, u := recoveryWindow(t, path)
	label := "从旧版备份恢复（2026年12月1日 09:00，无法确认属于这个数据库）"
	assertShown(t, c, label)
	test.Tap(button(t, c, label))
	if *u == nil {
		t.Fatal("the main window did not open")
	}
	if sites, _ := (*u).store.Sites(bg, data.SiteFilter{}); len(sites) != 1 || sites[0].Name != "别的库的乡镇" {
		t.Errorf("restored sites: %+v", sites)
	}
}

func TestDamagedDatabaseSetAside(t *testing.T) {
	path, junk := damagedDB(t, false)
	_, c, u := recoveryWindow(t, path)
	for _, s := range shownTexts(c) {
		if strings.HasPrefix(s, "从最新备份恢复") {
			t.Errorf("restore offered without backups: %q", s)
		}
	}
	test.Tap(button(t, c, "另建新数据库（保留原文件）"))
	if *u == nil {
		t.Fatal("the main window did not open")
	}
	sites, _ := (*u).store.Sites(bg, data.SiteFilter{})
	if len(sites) != 0 {
		t.Errorf("the new database is not empty: %d sites", len(sites))
	}
	aside, _ := filepath.Glob(path + ".damaged-*")
	if len(aside) != 1 {
		t.Fatalf("set aside: %v", aside)
	}
	if got, _ := os.ReadFile(aside[0]); !bytes.Equal(got, junk) {
		t.Error("the damaged file was changed")
	}
	assertShown(t, (*u).win.Canvas(), "原文件已改名为")
}

func TestNewerDatabaseOnlyQuits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	a := test.NewTempApp(t)
	SetLanguage(LangZH)
	err := &data.Error{Code: data.ENewerSchema, ZH: "由更新版本的议事台创建", EN: "newer"}
	showRecovery(a, path, err, func(*data.Store) *UI { t.Fatal("opened"); return nil })
	wins := a.Driver().AllWindows()
	c := wins[len(wins)-1].Canvas()
	assertShown(t, c, "由更新版本的议事台创建", "退出")
	assertNotShown(t, c, "另建新数据库")
}

// A program whose window closed but whose Run did not return ends anyway:
// the database closed first, or given up on when closing it blocks.
func TestQuitWatchdog(t *testing.T) {
	wait, closeWait := quitWait, quitCloseWait
	quitWait, quitCloseWait = 10*time.Millisecond, 100*time.Millisecond
	t.Cleanup(func() { quitWait, quitCloseWait = wait, closeWait })
	for _, blocks := range []bool{false, true} {
		closed, code := make(chan bool, 1), make(chan int, 1)
		release := make(chan struct{})
		start := time.Now()
		go quitWatchdog(func() error {
			if blocks {
				<-release
			}
			closed <- true
			return nil
		}, func(c int) { code <- c })
		select {
		case c := <-code:
			if c != 0 {
				t.Errorf("blocking close %v: exit code %d, want 0", blocks, c)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("blocking close %v: no exit", blocks)
		}
		if d := time.Since(start); d < quitWait || blocks && d < quitWait+quitCloseWait {
			t.Errorf("blocking close %v: exited after %v", blocks, d)
		}
		if !blocks && len(closed) != 1 {
			t.Error("exited before closing the database")
		}
		close(release)
	}
}

// The server stops as in a crash and starts again: the window says the
// connection is lost, then that it is back, and the list shown is read
// again (with what another desktop saved meanwhile). The test gives the
// watch its ticks: a tick is taken only once the check before it ended, so
// after two ticks the first one's check has shown what it shows.
func TestServerLostAndBack(t *testing.T) {
	srv, err := testdb.Start()
	if err != nil {
		t.Skip("no PostgreSQL server:", err)
	}
	defer srv.Stop()
	url, err := testdb.CreateDatabase(srv.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := data.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SaveSite(bg, &data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusPlanned}); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	u := New(a, st, Options{Lang: LangZH})
	u.win.Resize(fyne.NewSize(1200, 800))
	u.showScreen("sites")
	c := u.win.Canvas()
	ticks, done := make(chan time.Time), make(chan struct{})
	go func() { u.watchServer(st, ticks); close(done) }()
	defer func() { close(ticks); <-done }()
	check := func() { ticks <- time.Now(); ticks <- time.Now() }

	check()
	assertNotShown(t, c, "连接中断")
	if err := srv.StopNow(); err != nil {
		t.Fatal(err)
	}
	check()
	assertShown(t, c, "与数据库服务器的连接中断了，正在等待服务器恢复")
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	other, err := data.Open(url) // another desktop saves while this one has not noticed
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SaveSite(bg, &data.Site{Name: "王家庄街道", Kind: data.KindTownship, Status: data.StatusPlanned}); err != nil {
		t.Fatal(err)
	}
	assertNotShown(t, c, "王家庄街道")
	// A connection the restart cut may fail one more ping; drained here, the
	// watcher notices on its first tick, done before the second is taken
	// (a notice on the second would draw while the test reads the window).
	for deadline := time.Now().Add(10 * time.Second); st.Ping(bg) != nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server is not back")
		}
	}
	check()
	assertShown(t, c, "已重新连接数据库服务器，列表已刷新。", "王家庄街道", "通泉街道")
	assertNotShown(t, c, "连接中断")
}

// A server's database that cannot be used: the window names the server
// (never the password) and offers neither a backup nor a new file, which
// are the server administrator's business.
func TestDamagedServerDatabaseOnlyQuits(t *testing.T) {
	a := test.NewTempApp(t)
	SetLanguage(LangZH)
	url := "postgres://pilotdesk_editor:secret@192.168.1.10:5432/pilotdesk"
	err := &data.Error{Code: data.EDamaged, ZH: "服务器“192.168.1.10:5432”上的数据库“pilotdesk”已损坏", EN: "damaged"}
	showRecovery(a, url, err, func(*data.Store) *UI { t.Fatal("opened"); return nil })
	wins := a.Driver().AllWindows()
	c := wins[len(wins)-1].Canvas()
	assertShown(t, c, "上的数据库“pilotdesk”已损坏", "数据库服务器：postgres://pilotdesk_editor@192.168.1.10:5432/pilotdesk", "退出")
	assertNotShown(t, c, "另建新数据库")
	assertNotShown(t, c, "secret")
	assertNotShown(t, c, "数据库文件")
}
