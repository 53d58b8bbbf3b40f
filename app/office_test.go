package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// officeEntry is the office form's field for a setting.
func officeEntry(t *testing.T, u *UI, key string) *formEntry {
	t.Helper()
	if u.form == nil {
		t.Fatal("no form open")
	}
	return u.form.inputs[key].(*formEntry)
}

// dialogButton finds a button of the dialog on top, so that a button of
// the same name in the window behind does not answer.
func dialogButton(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	return button(t, partCanvas{c, c.Overlays().Top()}, text)
}

// partCanvas is a canvas showing only part of what c shows, for the
// helpers that look at what is shown.
type partCanvas struct {
	fyne.Canvas
	part fyne.CanvasObject
}

func (p partCanvas) Content() fyne.CanvasObject  { return p.part }
func (p partCanvas) Overlays() fyne.OverlayStack { return noOverlays{p.Canvas.Overlays()} }

type noOverlays struct{ fyne.OverlayStack }

func (noOverlays) List() []fyne.CanvasObject { return nil }

// The first start over an empty database: an empty start asks for the
// office's details before anything else, refuses them blank, suggests the
// unit from the district, stores them, then leaves the main window.
func TestFirstStartAsksForTheOfficeDetails(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	c := u.win.Canvas()
	u.offerWelcome()
	assertShown(t, c, "欢迎使用议事台")
	test.Tap(dialogButton(t, c, "从空白开始"))
	assertShown(t, c, "请先填写本单位信息")
	assertNotShown(t, c, "欢迎使用议事台")

	test.Tap(dialogButton(t, c, "保存"))
	assertShown(t, c, "请填写县（市、区）名称。", "请填写填报单位。", "请填写填表人。")
	if o, _ := st.Office(bg); o != (data.Office{}) {
		t.Fatalf("stored from a blank form: %+v", o)
	}

	test.Type(officeEntry(t, u, data.SettingDistrict), "陆良县")
	if got := officeEntry(t, u, data.SettingReportUnit).Text; got != "政协陆良县委员会办公室" {
		t.Errorf("suggested unit %q", got)
	}
	test.Type(officeEntry(t, u, data.SettingPreparer), "王芳")
	test.Type(officeEntry(t, u, data.SettingPhone), "0874-6000001")
	test.Tap(dialogButton(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("the form is still open; shown: %q", shownTexts(c))
	}
	o, err := st.Office(bg)
	want := data.Office{District: "陆良县", ReportUnit: "政协陆良县委员会办公室", Preparer: "王芳", Phone: "0874-6000001"}
	if err != nil || o != want {
		t.Errorf("stored %+v, want %+v", o, want)
	}
	if done, _ := st.Setting(bg, settingWelcomeDone); done != "1" {
		t.Error("the welcome will be offered again")
	}
	assertShown(t, c, "单位信息已保存", "概览", "试点单位")
	assertNotShown(t, c, "欢迎使用议事台")
}

// Closing the office form goes back to the welcome; the import path asks
// for the details, then opens the import.
func TestFirstStartImportAsksForTheOfficeDetailsFirst(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	c := u.win.Canvas()
	u.offerWelcome()
	test.Tap(dialogButton(t, c, "从 Excel 导入现有的名单和台账"))
	assertShown(t, c, "请先填写本单位信息")
	test.Tap(dialogButton(t, c, "取消"))
	assertShown(t, c, "欢迎使用议事台")
	if done, _ := st.Setting(bg, settingWelcomeDone); done == "1" {
		t.Error("the welcome was settled without the office's details")
	}

	test.Tap(dialogButton(t, c, "从 Excel 导入现有的名单和台账"))
	officeEntry(t, u, data.SettingDistrict).SetText("马龙区")
	officeEntry(t, u, data.SettingReportUnit).SetText("政协曲靖市马龙区委员会办公室")
	officeEntry(t, u, data.SettingPreparer).SetText("李娜")
	test.Tap(dialogButton(t, c, "保存"))
	assertShown(t, c, "从 Excel 导入", "选择文件…")
	if o, _ := st.Office(bg); o.ReportUnit != "政协曲靖市马龙区委员会办公室" {
		t.Errorf("stored %+v", o)
	}
}

// An export while the district or unit is missing asks for them, then
// goes on to the export dialog; the unit typed over is not replaced by a
// suggestion.
func TestExportAsksForMissingOfficeDetails(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingDistrict: "马龙区", data.SettingExportDir: t.TempDir()}))
	c := u.win.Canvas()
	u.startExport(periodJob(export.ReportStats))
	assertShown(t, c, "导出报表前，请先填写本单位信息")
	assertNotShown(t, c, "导出统计表")
	unit := officeEntry(t, u, data.SettingReportUnit)
	unit.SetText("马龙区政协办公室")
	test.Type(officeEntry(t, u, data.SettingDistrict), "x")
	if unit.Text != "马龙区政协办公室" {
		t.Errorf("the typed unit became %q", unit.Text)
	}
	officeEntry(t, u, data.SettingDistrict).SetText("马龙区")
	test.Type(officeEntry(t, u, data.SettingPreparer), "李娜")
	test.Tap(dialogButton(t, c, "保存"))
	assertShown(t, c, "导出统计表", "保存为")
	if o, _ := st.Office(bg); o.ReportUnit != "马龙区政协办公室" || o.District != "马龙区" {
		t.Errorf("stored %+v", o)
	}
}

// 设置 checks the office's details as the form does.
func TestSettingsRefuseABadDistrict(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	u.showScreen("settings")
	s := u.screen().(*SettingsScreen)
	s.fields[data.SettingDistrict].SetText("马龙")
	s.fields[data.SettingReportUnit].SetText("政协马龙区委员会办公室")
	s.fields[data.SettingPreparer].SetText("李娜")
	s.save()
	assertShown(t, u.win.Canvas(), "应以“县”“市”“区”或“旗”结尾")
	if o, _ := st.Office(bg); o.District != "" {
		t.Errorf("stored %+v", o)
	}
	s.fields[data.SettingDistrict].SetText("马龙区")
	s.save()
	assertShown(t, u.win.Canvas(), "已保存")
	if o, _ := st.Office(bg); o.District != "马龙区" || o.Preparer != "李娜" {
		t.Errorf("stored %+v", o)
	}
}
