package app

import (
	"fmt"
	"os"
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
	test.Type(s.fields[data.SettingPreparer], "李娜") // required: the reports' signature line
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
	backupTasks.Wait() // the backup runs off the UI goroutine
	if list, _ := data.ListBackups(st.Path()); len(list) != 1 || list[0].Kind != data.BackupManual {
		t.Fatalf("backups after 立即备份: %+v", list)
	}
	assertShown(t, c, "手动备份", "1个试点单位 / 0次活动 / 最后修改于")
	assertNotShown(t, c, "还没有备份。")
}

// backupWorld is a database with two townships and an activity, backed up
// by hand; an old backup of the shared folder (the schema-v4 fixture, made
// by an earlier version: 3 sites, 2 activities, no identity); and another
// database in the same folder with a backup of its own. It returns the
// backups: this database's and the other's.
func backupWorld(t *testing.T, st *data.Store) (mine, theirs string) {
	t.Helper()
	town := &data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusPlanned}
	for _, s := range []*data.Site{town, {Name: "马街镇", Kind: data.KindTownship, Status: data.StatusPlanned}} {
		if err := st.SaveSite(bg, s); err != nil {
			t.Fatal(err)
		}
	}
	a := data.Activity{Date: data.NewDate(2026, 12, 1), SiteID: town.ID, Topic: "停车难", TopicSource: data.SourcePublic}
	if err := st.SaveActivity(bg, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	mine, err := st.Backup(bg, data.BackupManual)
	if err != nil {
		t.Fatal(err)
	}
	copyTo(t, filepath.Join("..", "data", "testdata", "schema-v4.db"),
		filepath.Join(filepath.Dir(st.Path()), "backups", "pilotdesk-20261201-090000-daily.db"))
	return mine, otherBackup(t, st.Path(), "test.db")
}

func init() { backupListAsync = false }

// fixtureChanged is the last change in the schema-v4 fixture.
var fixtureChanged = time.Date(2026, 11, 26, 16, 39, 43, 0, time.UTC)

// The list says when each backup was made, what kind it is, its size and
// what it holds, newest first; an old backup is marked as such, and the
// other database's backup is not listed.
func TestBackupListSaysWhatEachHolds(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	u.showScreen("settings")
	s := u.screen().(*SettingsScreen)
	c := u.win.Canvas()
	assertShown(t, c, "还没有备份。")
	mine, _ := backupWorld(t, st)
	// Every backup is opened to read it: off the UI goroutine.
	backupListAsync = true
	defer func() { backupListAsync = false }()
	s.listBackups()
	backupTasks.Wait()
	info, _ := os.Stat(mine)
	made, _ := data.ListBackups(st.Path())
	at := made[0].Time
	assertShown(t, c, "备份时间", "内容",
		fmt.Sprintf("%d年%d月%d日 %02d:%02d", at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute()),
		"手动备份", formatSize(info.Size()), "2个试点单位 / 1次活动 / 最后修改于",
		"2026年12月1日 09:00", "旧版备份（每日自动备份）", "3个试点单位 / 2次活动 / 最后修改于"+formatMoment(fixtureChanged))
	if len(s.backups.rows) != 2 || s.backups.rows[0].Path != mine {
		t.Errorf("listed %+v", s.backups.rows)
	}
	assertNotShown(t, c, "别的库")
	assertNotShown(t, c, "1个试点单位")
}

// tapRestore selects the listed backup at path and asks to restore it.
func tapRestore(t *testing.T, u *UI, path string) {
	t.Helper()
	s := u.screen().(*SettingsScreen)
	for i, b := range s.backups.rows {
		if b.Path == path {
			s.backups.selectRow(i)
		}
	}
	test.Tap(button(t, u.win.Canvas(), "恢复所选备份…"))
	backupTasks.Wait()
}

// The confirmation shows what the backup and the current database hold and
// says the current one is kept; restoring replaces it.
func TestRestoreConfirmationShowsBothSides(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	mine, _ := backupWorld(t, st)
	st.SaveSite(bg, &data.Site{Name: "备份后的镇", Kind: data.KindTownship, Status: data.StatusPlanned})
	u.showScreen("settings")
	tapRestore(t, u, mine)
	c := u.win.Canvas()
	assertShown(t, c, "用这份备份替换当前数据库？", filepath.Base(mine), "2个试点单位 / 1次活动",
		"ui.db", "3个试点单位 / 1次活动", "另存为一份“恢复前的数据库”备份")
	assertNotShown(t, c, "无法判断")
	test.Tap(button(t, c, "恢复"))
	backupTasks.Wait()
	sites, _ := u.store.Sites(bg, data.SiteFilter{})
	if len(sites) != 2 {
		t.Errorf("%d sites after the restore, want 2", len(sites))
	}
	assertShown(t, c, "已恢复。恢复前的数据库已另存为“ui-")
}

// An old backup (no identity) restores after a warning that the program
// cannot tell whose it is.
func TestRestoreOldBackupWarns(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	backupWorld(t, st)
	u.showScreen("settings")
	tapRestore(t, u, filepath.Join(filepath.Dir(st.Path()), "backups", "pilotdesk-20261201-090000-daily.db"))
	c := u.win.Canvas()
	assertShown(t, c, "旧版备份（每日自动备份）", "3个试点单位 / 2次活动", "2个试点单位 / 1次活动", "程序无法判断它是不是当前数据库的备份")
	test.Tap(button(t, c, "恢复"))
	backupTasks.Wait()
	sites, _ := u.store.Sites(bg, data.SiteFilter{})
	if len(sites) != 3 || sites[0].Name != "同乐街道" {
		t.Errorf("sites after restoring the old backup: %+v", sites)
	}
}

// Another database's backup, picked by hand, is refused in plain words
// before anything is asked or changed.
func TestRestoreOtherDatabaseRefused(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	_, theirs := backupWorld(t, st)
	u.showScreen("settings")
	u.restoreBackup(theirs) // what picking the file by hand does
	backupTasks.Wait()
	c := u.win.Canvas()
	assertShown(t, c, "是另一个数据库“test”的备份，不是当前数据库“ui.db”的", "当前数据库未被改动")
	assertNotShown(t, c, "用这份备份替换当前数据库？")
	if u.store != st {
		t.Error("the database was reopened")
	}
	if sites, _ := st.Sites(bg, data.SiteFilter{}); len(sites) != 2 {
		t.Errorf("%d sites after the refusal, want 2", len(sites))
	}
}

// The list in English, once.
func TestBackupListInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	backupWorld(t, st)
	u.showScreen("settings")
	assertShown(t, u.win.Canvas(), "Manual", "Old backup (Daily)", "2 pilot sites / 1 activities / last changed ", "1 Dec 2026 09:00")
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
