package app

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/zalando/go-keyring"

	"pilotdesk/data"
	"pilotdesk/internal/testdb"
)

// waitStatus waits for the test connection under way and returns the
// form's status line.
func waitStatus(t *testing.T, f *serverForm) string {
	t.Helper()
	serverTasks.Wait()
	return f.status.Text
}

// 设置 → 数据库: a server typed in is tested, a wrong database name gets
// the Chinese reason, and the server is remembered for the next start with
// the password in the credential store (the mock one here), not in the
// preferences.
func TestSettingsDatabaseServer(t *testing.T) {
	srv, err := testdb.Start()
	if err != nil {
		t.Skip("no PostgreSQL server to connect to:", err)
	}
	defer srv.Stop()
	url, err := testdb.CreateDatabase(srv.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	name := url[strings.LastIndex(url, "/")+1:]
	name = name[:strings.Index(name, "?")]
	keyring.MockInit()

	u, _ := newTestUI(t, LangZH)
	u.showScreen("settings")
	s := u.screen().(*SettingsScreen)
	c := u.win.Canvas()
	f := s.server
	assertShown(t, c, "数据库", "现在使用本机的数据库文件。")
	test.Type(f.host, "127.0.0.1")
	f.port.SetText("")
	test.Type(f.port, strconv.Itoa(srv.Port))
	f.database.SetText("")
	test.Type(f.database, "no_such_db")
	test.Type(f.user, "pilotdesk")
	test.Type(f.password, "secret-口令")
	f.ssl.SetSelectedIndex(1) // 不加密
	test.Tap(button(t, c, "测试连接"))
	if got := waitStatus(t, f); !strings.Contains(got, "服务器上没有这个数据库") {
		t.Errorf("wrong database: %q", got)
	}
	f.database.SetText("")
	test.Type(f.database, name)
	test.Tap(button(t, c, "测试连接"))
	if got := waitStatus(t, f); !strings.Contains(got, "连接成功") || !strings.Contains(got, "可以录入和修改") {
		t.Fatalf("test connection: %q", got)
	}
	f.status.SetText("")
	test.Tap(button(t, c, "下次启动时使用这台服务器"))
	if got := waitStatus(t, f); !strings.Contains(got, "已记住这台服务器") {
		t.Fatalf("use: %q", got)
	}
	p := u.app.Preferences()
	if p.String(prefServerHost) != "127.0.0.1" || p.String(prefServerDB) != name || p.String(prefServerSSL) != "disable" {
		t.Errorf("remembered %q %q %q", p.String(prefServerHost), p.String(prefServerDB), p.String(prefServerSSL))
	}
	for _, k := range []string{prefServerHost, prefServerPort, prefServerDB, prefServerUser, prefServerSSL} {
		if strings.Contains(p.String(k), "secret") {
			t.Errorf("the password is in the preferences (%s)", k)
		}
	}
	if pw, err := keyring.Get(keyringService, "pilotdesk@127.0.0.1:"+strconv.Itoa(srv.Port)+"/"+name); err != nil || pw != "secret-口令" {
		t.Errorf("credential store: %q (%v)", pw, err)
	}
	next := RememberedServer(u.app)
	if !strings.Contains(next, "secret") || !strings.Contains(data.ShownURL(next), "pilotdesk@127.0.0.1") || strings.Contains(data.ShownURL(next), "secret") {
		t.Errorf("next start: %q shown as %q", next, data.ShownURL(next))
	}
	st, err := data.Open(next)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !st.OnServer() {
		t.Error("the next start is not on the server")
	}
	test.Tap(button(t, c, "改回本机数据库文件"))
	if RememberedServer(u.app) != "" {
		t.Error("still on the server after 改回本机数据库文件")
	}
}

// A leader's read-only role: the lists show, every New, Edit and Delete is
// grey, whatever is selected, and the reason is written beside them.
func TestReadOnlyRoleGreysEditing(t *testing.T) {
	srv, err := testdb.Start()
	if err != nil {
		t.Skip("no PostgreSQL server:", err)
	}
	defer srv.Stop()
	url, err := testdb.CreateDatabase(srv.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	owner, err := data.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	if err := owner.SaveSite(bg, &data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusPlanned}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // a server's backups are local copies in the user's folder
	if _, err := owner.Backup(bg, data.BackupManual); err != nil {
		t.Fatal(err)
	}
	owner.Close()
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{`CREATE ROLE leader LOGIN`, `GRANT CONNECT ON DATABASE ` + name + ` TO leader`,
		`GRANT USAGE ON SCHEMA public TO leader`, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO leader`} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	st, err := data.Open(strings.Replace(url, "pilotdesk@", "leader@", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := test.NewTempApp(t)
	u := New(a, st, Options{Lang: LangZH})
	u.win.Resize(fyne.NewSize(1200, 800))
	defer func() { readOnlyReason = "" }()
	u.showScreen("sites")
	c := u.win.Canvas()
	assertShown(t, c, "通泉街道", "只读用户：仅可查看")
	s := u.screen().(*SitesScreen)
	s.table.selectRow(0)
	for _, label := range []string{"新增试点单位", "编辑", "删除"} {
		if b := button(t, c, label); !b.Disabled() {
			t.Errorf("%s is not grey", label)
		}
	}

	// 设置: the office's details and the export folder are stored in the
	// database, and a restore would replace it; a local copy may be made.
	u.showScreen("settings")
	set := u.screen().(*SettingsScreen)
	if len(set.backups.rows) != 1 {
		t.Fatalf("backups listed: %d", len(set.backups.rows))
	}
	set.backups.selectRow(0)
	for _, label := range []string{"保存", "选择…", "恢复所选备份…", "从其他文件恢复…"} {
		if b := button(t, c, label); !b.Disabled() {
			t.Errorf("设置: %s is not grey", label)
		}
	}
	if b := button(t, c, "立即备份"); b.Disabled() {
		t.Error("设置: 立即备份 is grey")
	}
	why := 0
	for _, s := range shownTexts(c) {
		if s == "只读用户：仅可查看" {
			why++
		}
	}
	if why < 2 {
		t.Errorf("the reason is shown %d times in 设置, want beside the save and the restores", why)
	}
	set.backups.activate()
	backupTasks.Wait()
	if c.Overlays().Top() != nil {
		t.Error("a double click on a backup asks to restore it")
	}
}
