package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
	"pilotdesk/export"
)

// waitShown waits for the import's work off the UI goroutine, then checks
// that text is shown.
func waitShown(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	importTasks.Wait()
	assertShown(t, c, text)
}

func importWorkbook(t *testing.T, extraSheet bool) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"马龙区试点单位名单"},
		{"序号", "乡镇（街道）", "村（社区）", "挂牌时间"},
		{1, "通泉街道", "乐熙社区", "2020-04-02"},
		{2, nil, "小寨社区", "2020年5月12日"},
		{3, nil, "坏日期社区", "2020-13-01"},
	}
	for i, r := range rows {
		c, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", c, &r)
	}
	f.MergeCell("Sheet1", "A1", "D1")
	f.MergeCell("Sheet1", "B3", "B5")
	if extraSheet {
		f.NewSheet("说明")
		f.SetCellValue("说明", "A1", "这一页不是名单")
	}
	path := filepath.Join(t.TempDir(), "名单.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportThroughTheWindow(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	c := u.win.Canvas()
	u.startImport()
	assertShown(t, c, "从 Excel 导入", "选择文件…", "保存导入模板…", "试点单位")

	// What the file dialog hands over: a workbook with two sheets.
	u.importFile(export.ImportSites, importWorkbook(t, true))
	assertShown(t, c, "选择工作表")
	test.Tap(button(t, c, "下一步"))
	waitShown(t, c, "新增2行，更新0行，未变0行，有误1行")
	assertShown(t, c, "表头在第2行", "还将新增：乡镇（街道）：通泉街道", "保存错误行…", "乡镇（街道）（B）")
	test.Tap(button(t, c, "导入无误的2行"))
	waitShown(t, c, "导入完成：新增2行")
	sites, err := st.Sites(bg, data.SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sites {
		names = append(names, s.Township+"/"+s.Name)
	}
	if strings.Join(names, ",") != "通泉街道/通泉街道,通泉街道/乐熙社区,通泉街道/小寨社区" {
		t.Errorf("sites after import: %q", names)
	}

	// The same file again: nothing new.
	u.importFile(export.ImportSites, importWorkbook(t, false))
	waitShown(t, c, "新增0行，更新0行，未变2行，有误1行")
}

func TestImportMappingChangedInTheWindow(t *testing.T) {
	u, _ := newTestUI(t, LangEN)
	c := u.win.Canvas()
	u.importFile(export.ImportSites, importWorkbook(t, false))
	waitShown(t, c, "2 new, 0 updated, 0 unchanged, 1 rejected")
	// The date column not imported: the bad date no longer matters.
	var date *formSelect
	for _, o := range visibleObjects(c) {
		if s, ok := o.(*formSelect); ok && s.Selected == "Unveiled on" {
			date = s
		}
	}
	if date == nil {
		t.Fatal("no mapping drop-down for the date column")
	}
	// As SetSelected does, without redrawing the old dialog meanwhile: on
	// the test driver the preview's work runs on its own goroutine at once.
	date.Selected = "(not imported)"
	date.OnChanged(date.Selected)
	waitShown(t, c, "3 new, 0 updated, 0 unchanged, 0 rejected")
}

func TestImportRefusesOldWorkbooks(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	path := filepath.Join(t.TempDir(), "旧表.xls")
	if err := os.WriteFile(path, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, 0o600); err != nil {
		t.Fatal(err)
	}
	u.importFile(export.ImportPeople, path)
	assertShown(t, u.win.Canvas(), "另存为")
	if people, _ := st.People(bg, data.PersonFilter{}); len(people) != 0 {
		t.Error("the database changed")
	}
}

// The import template is saved where the user says, and an existing file
// is replaced only after asking; a missing folder is told, and nothing is
// created before the workbook is complete.
func TestSaveImportTemplate(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()
	u.startImport()
	test.Tap(button(t, c, "保存导入模板…"))
	assertShown(t, c, "保存导入模板", "保存为")
	want := filepath.Join(dir, export.TemplateName(export.ImportSites))
	if got := pathEntry(t, c).Text; got != want {
		t.Fatalf("proposed path %q, want %q", got, want)
	}

	pathEntry(t, c).SetText(filepath.Join(dir, "没有这个文件夹", "模板.xlsx"))
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "不存在，请另选保存位置。")
	if got := filesIn(t, dir); len(got) != 0 {
		t.Fatalf("written despite the bad path: %q", got)
	}

	// An existing file: asked first, kept when the user says no.
	if err := os.WriteFile(want, []byte("earlier"), 0o600); err != nil {
		t.Fatal(err)
	}
	pathEntry(t, c).SetText(want)
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "替换")
	test.Tap(button(t, c, "否"))
	if b, _ := os.ReadFile(want); string(b) != "earlier" {
		t.Fatalf("the existing file changed before the user agreed: %q", b)
	}
	test.Tap(button(t, c, "保存"))
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "已保存导入模板："+filepath.Base(want))
	rows := sheetRows(t, want)
	if len(rows) < 2 || !strings.Contains(strings.Join(rows[0], ","), "试点单位名称") {
		t.Errorf("the template's header row: %q", rows)
	}
}

// Opened from a screen, the import dialog presets what the sheet holds to
// that screen's records: 人员 from 人员; elsewhere the first, 试点单位.
func TestImportKindFollowsTheScreen(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	kind := func() string {
		t.Helper()
		for _, o := range visibleObjects(u.win.Canvas()) {
			if s, ok := o.(*formSelect); ok && slices.Contains(s.Options, "政策顾问团成员") {
				return s.Selected
			}
		}
		t.Fatal("no choice of what the sheet holds")
		return ""
	}
	for screen, want := range map[string]string{"people": "人员", "panels": "政策顾问团成员", "activities": "协商议事活动", "overview": "试点单位"} {
		u.showScreen(screen)
		u.startImport()
		if got := kind(); got != want {
			t.Errorf("from %s: %s preselected, want %s", screen, got, want)
		}
		u.win.Canvas().Overlays().Top().Hide()
	}
}
