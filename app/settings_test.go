package app

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func TestSettingsSaveOfficeAndMask(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	u.showScreen("settings")
	s := u.screen().(*SettingsScreen)
	c := u.win.Canvas()
	test.Type(s.fields[data.SettingDistrict], "马龙区")
	test.Type(s.fields[data.SettingReportUnit], "政协曲靖市马龙区委员会办公室")
	test.Tap(s.mask)
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "已保存")
	got, _ := st.Settings(bg)
	if got[data.SettingDistrict] != "马龙区" || got[data.SettingReportUnit] != "政协曲靖市马龙区委员会办公室" || got[data.SettingMaskPhones] != "1" {
		t.Errorf("stored %v", got)
	}
	// Shown again from the database.
	u.showScreen("overview")
	u.showScreen("settings")
	if s.fields[data.SettingDistrict].Text != "马龙区" || !s.mask.Checked {
		t.Error("settings not reloaded")
	}
}

func TestBackupNowListsIt(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	st.SaveSite(bg, &data.Site{Name: "备份镇", Kind: data.KindTownship, Status: data.StatusPlanned})
	u.showScreen("settings")
	c := u.win.Canvas()
	assertShown(t, c, "还没有备份。")
	test.Tap(button(t, c, "立即备份"))
	// The backup runs off the UI goroutine; wait for its file.
	deadline := time.Now().Add(10 * time.Second)
	for {
		list, _ := data.ListBackups(data.BackupDir(st.Path()))
		if len(list) == 1 && list[0].Kind == data.BackupManual {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no manual backup was made")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestLanguageSwitchRebuildsWindow(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	u.showScreen("settings")
	s := u.screen().(*SettingsScreen)
	s.lang.SetSelected("English")
	c := u.win.Canvas()
	assertShown(t, c, "Settings", "Pilot sites", "Back up now")
	assertNotShown(t, c, "试点单位")
	if u.app.Preferences().String(prefLanguage) != LangEN {
		t.Error("the choice was not remembered")
	}
	u.screen().(*SettingsScreen).lang.SetSelected("中文")
	assertShown(t, c, "设置", "试点单位")
}

// 设置 shows the language in use: "System" says what the system gives, and
// a language asked for on the command line (--lang) for this run is said
// under the saved choice.
func TestSettingsShowTheLanguageInUse(t *testing.T) {
	st, err := data.Open(filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, LangZH) // saved: 中文
	u := New(a, st, Options{Lang: LangEN})          // this run: --lang en
	t.Cleanup(func() { SetLanguage(LangZH) })
	u.showScreen("settings")
	s := u.screen().(*SettingsScreen)
	if s.lang.Selected != "中文" {
		t.Errorf("selected %q, want the saved 中文", s.lang.Selected)
	}
	system := map[string]string{LangZH: "System (中文)", LangEN: "System (English)"}[ResolveLang("")]
	if s.lang.Options[0] != system {
		t.Errorf("first choice %q, want %q", s.lang.Options[0], system)
	}
	assertShown(t, u.win.Canvas(), "This run uses English")

	s.lang.SetSelected("English") // saved now as what is in use: no note
	assertNotShown(t, u.win.Canvas(), "This run uses")
}
