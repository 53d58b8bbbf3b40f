package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
	"pilotdesk/internal/testdb"
)

// Two windows (two programs) on one database: both save; when both edit the
// same record, the second save is refused with a sentence and keeps its input.
func TestTwoWindowsOneDatabase(t *testing.T) {
	twoWindows(t, filepath.Join(t.TempDir(), "shared.db"))
}

// The same on a server: two desktops on one PostgreSQL database.
func TestTwoWindowsOnServer(t *testing.T) {
	srv, err := testdb.Start()
	if err != nil {
		t.Skip("no PostgreSQL server:", err)
	}
	defer srv.Stop()
	url, err := testdb.CreateDatabase(srv.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	twoWindows(t, url)
}

func twoWindows(t *testing.T, path string) {
	open := func() (*UI, *data.Store) {
		st, err := data.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		a := test.NewTempApp(t)
		u := New(a, st, Options{Lang: LangZH})
		u.win.Resize(fyne.NewSize(1200, 800))
		return u, st
	}
	u1, st1 := open()
	u2, st2 := open()
	town := &data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusPlanned}
	if err := st1.SaveSite(bg, town); err != nil {
		t.Fatal(err)
	}
	s1, s2 := sitesScreen(t, u1), sitesScreen(t, u2)
	s1.edit(*town)
	s2.edit(*town)
	f1, f2 := u1.form, u2.form
	f1.inputs["notes"].(*formEntry).SetText("第一个窗口的备注")
	test.Tap(button(t, u1.win.Canvas(), "保存"))
	if u1.form != nil {
		t.Fatalf("first save failed: %q", shownTexts(u1.win.Canvas()))
	}
	f2.inputs["notes"].(*formEntry).SetText("第二个窗口的备注")
	test.Tap(button(t, u2.win.Canvas(), "保存"))
	if u2.form == nil {
		t.Fatal("the stale save went through")
	}
	assertShown(t, u2.win.Canvas(), "已在别处（另一个窗口或程序）被修改或删除")
	if f2.inputs["notes"].(*formEntry).Text != "第二个窗口的备注" {
		t.Error("what was typed in the second window was lost")
	}
	got, _ := st2.Site(bg, town.ID)
	if got.Notes != "第一个窗口的备注" {
		t.Errorf("stored notes %q", got.Notes)
	}
	// Both keep working: the second window adds a site, the first sees it.
	if err := st2.SaveSite(bg, &data.Site{Name: "乐熙社区", Kind: data.KindCommunity, ParentID: &town.ID, Status: data.StatusPlanned}); err != nil {
		t.Fatalf("second window cannot write: %v", err)
	}
	s1.refresh()
	assertShown(t, u1.win.Canvas(), "乐熙社区")
}
