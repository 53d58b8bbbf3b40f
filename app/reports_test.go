package app

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
	"pilotdesk/export"
)

// Issue 19 in the window: problems raised and the typical case on the
// activity form, the 情况综述 on the overview, the new reports in 导出.

func TestActivityResultsAndCaseThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	s := ledger(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "登记协商活动"))
	f := u.form
	f.inputs["date"].(*formEntry).SetText("2024-04-28")
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	test.Type(f.inputs["topic"].(*formEntry), "片区停车难")
	f.inputs["topic_source"].(*enumSelect).SetSelected("社会征题")
	test.Type(f.inputs["problems_raised"].(*formEntry), "５") // full-width, as an IME types it
	test.Type(f.inputs["problems_solved"].(*formEntry), "3")
	title := f.inputs["case_title"].(*formEntry)
	if !title.Disabled() {
		t.Error("the case title is open before the activity is marked a case")
	}
	test.Tap(f.inputs["typical_case"].(*widget.Check))
	if title.Disabled() {
		t.Fatal("marked a case, the title stays closed")
	}
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("a case without a title was saved")
	}
	assertShown(t, c, "典型案例须有标题，如“小寨社区：协商解决片区停车难”。")
	test.Type(title, "小寨社区：协商解决片区停车难")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	s.load.wait()
	rows, _, err := st.Activities(bg, data.ActivityFilter{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("stored %v %v", rows, err)
	}
	got, _ := st.Activity(bg, rows[0].ID)
	if got.ProblemsRaised != 5 || got.ProblemsSolved != 3 || !got.TypicalCase || got.CaseTitle != "小寨社区：协商解决片区停车难" {
		t.Errorf("stored %+v", got.Activity)
	}
	assertShown(t, c, "典型案例：小寨社区：协商解决片区停车难", "提出问题5条，解决问题3个")

	// Reopened, the form shows them; unmarked, the title closes and goes.
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f = u.form
	if f.inputs["problems_raised"].(*formEntry).Text != "5" || !f.inputs["typical_case"].(*widget.Check).Checked ||
		f.inputs["case_title"].(*formEntry).Text != "小寨社区：协商解决片区停车难" {
		t.Fatal("the form does not show what was stored")
	}
	test.Tap(f.inputs["typical_case"].(*widget.Check))
	if !f.inputs["case_title"].(*formEntry).Disabled() {
		t.Error("unmarked, the title stays open")
	}
	test.Tap(button(t, c, "保存"))
	s.load.wait()
	if got, _ = st.Activity(bg, got.ID); got.TypicalCase || got.CaseTitle != "" {
		t.Errorf("after unmarking %+v", got.Activity)
	}
}

func TestOverviewSummaryCopied(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingDistrict: "马龙区"}))
	d := newDistrict(t, st)
	today := data.Today()
	a := saveActivity(t, st, d.xiaozhai, today, "片区停车难", data.SourcePublic, 31, 3,
		data.FollowUpItem{Task: "施划停车位", Unit: "通泉街道办事处", Deadline: today, Status: data.FollowUpPending})
	s := overviewScreen(t, u)
	c := u.win.Canvas()
	year := data.Period{From: data.NewDate(today.Year(), 1, 1), To: data.NewDate(today.Year(), 12, 31)}
	want, err := export.SummaryText(bg, st, year, today)
	mustDo(t, err)
	var shown []string
	for _, o := range s.summary.Objects {
		shown = append(shown, o.(*widget.Label).Text)
	}
	if !slices.Equal(shown, want) {
		t.Errorf("shown %q, want %q", shown, want)
	}
	for _, phrase := range []string{"全区在2个乡镇（街道）的3个村（社区）", "开展协商议事活动1场次", "参与31人次", "解决群众急难愁盼问题3个",
		"形成督办事项1项"} {
		if !strings.Contains(strings.Join(shown, ""), phrase) {
			t.Errorf("%q is not in %q (activity %d)", phrase, shown, a.ID)
		}
	}
	test.Tap(button(t, c, "复制"))
	if got := u.app.Clipboard().Content(); got != strings.Join(want, "\n") {
		t.Errorf("clipboard %q", got)
	}
	assertShown(t, c, "已复制情况综述，可粘贴到报告中")
}

// Each new report from the 导出 menu, for this year by default, into the
// office's export folder.
func TestExportNewReportsFromMenu(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	today := data.Today()
	a := saveActivity(t, st, d.lexi, today, "小区供水", data.SourceGovernment, 12, 1,
		data.FollowUpItem{Task: "改造加压泵站", Unit: "区水务局", Deadline: today, Status: data.FollowUpPending})
	a.TypicalCase, a.CaseTitle = true, "乐熙社区：供水"
	full, _ := st.Activity(bg, a.ID)
	mustDo(t, st.SaveActivity(bg, a, nil, full.Items))
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()
	year := fmt.Sprintf("（%d-01-01至%d-12-31）", today.Year(), today.Year())
	for _, r := range []struct{ menu, file, sheet, cell, want string }{
		{"督办事项台账…", "督办事项台账", "督办事项台账", "F4", "改造加压泵站"},
		{"典型案例…", "典型案例", "案例1", "A1", "乐熙社区：供水"},
		{"工作情况统计表…", "工作情况统计表", "工作情况统计表", "A1", fmt.Sprintf("政协马龙区委员会“协商在基层”工作情况统计表（%d年）", today.Year())},
	} {
		menuAction(t, u, r.menu)
		assertShown(t, c, "导出"+r.file, "时间段", "本年")
		exportNow(t, c)
		assertShown(t, c, "导出完成")
		test.Tap(button(t, c, "关闭"))
		path := filepath.Join(dir, r.file+year+".xlsx")
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatalf("%s: %v", r.file, err)
		}
		if got, _ := f.GetCellValue(r.sheet, r.cell); got != r.want {
			t.Errorf("%s %s!%s = %q, want %q", r.file, r.sheet, r.cell, got, r.want)
		}
		f.Close()
	}
}
