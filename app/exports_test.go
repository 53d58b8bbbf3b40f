package app

import (
	"context"
	"fmt"
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

// exportFolderFor points the office's export folder at a fresh temp dir,
// and fills in what the reports cannot do without.
func exportFolderFor(t *testing.T, st *data.Store) string {
	t.Helper()
	dir := t.TempDir()
	if err := st.SetSettings(bg, map[string]string{data.SettingExportDir: dir, data.SettingDistrict: "马龙区",
		data.SettingReportUnit: "政协马龙区委员会办公室"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// menuAction runs the 导出 menu's item labelled label, as a click would.
func menuAction(t *testing.T, u *UI, label string) {
	t.Helper()
	for _, it := range u.exportMenu().Items {
		if it.Label == label {
			it.Action()
			return
		}
	}
	t.Fatalf("no menu item %q", label)
}

// pathEntry is the export dialog's path field.
func pathEntry(t *testing.T, c fyne.Canvas) *formEntry {
	t.Helper()
	for _, o := range visibleObjects(c) {
		if e, ok := o.(*formEntry); ok && filepath.IsAbs(e.Text) {
			return e
		}
	}
	t.Fatalf("no path field; shown: %q", shownTexts(c))
	return nil
}

// exportNow taps 导出 and waits for the export to finish.
func exportNow(t *testing.T, c fyne.Canvas) {
	t.Helper()
	test.Tap(button(t, c, "导出"))
	exportTasks.Wait()
}

// sheetRows reads a workbook's first sheet.
func sheetRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// filesIn lists a folder, so leftovers (temporary files, empty workbooks)
// are seen.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestExportReportFromMenu(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveAssignment(t, st, d.zhang, d.xincheng, data.RoleLead, data.NewDate(2024, 1, 5), data.Date{})
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()

	menuAction(t, u, "试点单位及挂包联系一览表…")
	assertShown(t, c, "导出试点单位及挂包联系一览表", "保存为", "选择文件夹…")
	want := filepath.Join(dir, "试点单位及挂包联系一览表.xlsx")
	if got := pathEntry(t, c).Text; got != want {
		t.Errorf("proposed %q, want %q", got, want)
	}
	exportNow(t, c)
	assertShown(t, c, "导出完成", "表格已保存：试点单位及挂包联系一览表.xlsx\n所在文件夹："+dir, "打开文件", "打开所在文件夹")
	rows := sheetRows(t, want)
	if len(rows) < 4 || !strings.HasPrefix(rows[0][0], "政协马龙区委员会“协商在基层”试点单位及挂包联系一览表") {
		t.Fatalf("title row %q", rows[0])
	}
	if !strings.Contains(strings.Join(flatRows(rows), "|"), "张伟") {
		t.Errorf("the lead is not in the roster: %q", rows)
	}
	test.Tap(button(t, c, "关闭"))

	// Again to the same name: asked first, replaced on yes.
	menuAction(t, u, "试点单位及挂包联系一览表…")
	test.Tap(button(t, c, "导出"))
	assertShown(t, c, "替换已有文件？", "试点单位及挂包联系一览表.xlsx")
	test.Tap(button(t, c, "是"))
	exportTasks.Wait()
	assertShown(t, c, "导出完成")
	if got := filesIn(t, dir); len(got) != 1 {
		t.Errorf("folder holds %q", got)
	}
}

// manyActivities adds n past activities, three a day from 2020-01-01, at
// the sites in turn, every tenth about a car park.
func manyActivities(t *testing.T, st *data.Store, n int, sites ...*data.Site) {
	t.Helper()
	rows := make([]data.Activity, n)
	for i := range rows {
		topic := fmt.Sprintf("第%d号议题：背街小巷照明", i+1)
		if i%10 == 0 {
			topic = fmt.Sprintf("第%d号议题：增设临时停车场", i+1)
		}
		rows[i] = data.Activity{Date: data.NewDate(2020, 1, 1).AddDays(i / 3), SiteID: sites[i%len(sites)].ID, Topic: topic,
			TopicSource: data.SourceMember, Participants: 10, FollowUp: data.FollowUpPending}
	}
	if err := st.InsertActivities(bg, rows); err != nil {
		t.Fatal(err)
	}
}

func flatRows(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// A target in a missing folder is reported in Chinese under the path, and
// another path can be chosen in the same dialog.
func TestExportMissingFolderOffersAnotherPath(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()

	bad := filepath.Join(dir, "没有这个文件夹", "名册.xlsx")
	u.exportTo(export.ReportRoster, bad, export.Options{})
	exportTasks.Wait()
	assertShown(t, c, "文件夹“"+filepath.Dir(bad)+"”不存在，请另选保存位置。", "导出试点单位及挂包联系一览表")
	assertNotShown(t, c, "导出完成")

	// Checked again in the dialog before anything runs.
	exportNow(t, c)
	assertShown(t, c, "不存在，请另选保存位置。")
	if got := filesIn(t, dir); len(got) != 0 {
		t.Errorf("written despite the bad path: %q", got)
	}

	good := filepath.Join(dir, "名册")
	pathEntry(t, c).SetText(good)
	exportNow(t, c)
	assertShown(t, c, "导出完成")
	if _, err := os.Stat(good + ".xlsx"); err != nil {
		t.Errorf("not written with .xlsx added: %v", err)
	}

	if os.Geteuid() == 0 {
		t.Log("running as root: a read-only folder cannot be tested")
		return
	}
	ro := filepath.Join(dir, "只读")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	u.exportTo(export.ReportRoster, filepath.Join(ro, "名册.xlsx"), export.Options{})
	exportTasks.Wait()
	assertShown(t, c, "只读的。请另选保存位置。")
}

// A cancelled export writes nothing and leaves an earlier file as it was.
func TestCancelledExportLeavesNoFile(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	insertActivities(t, st, 1000, d.lexi, d.xiaozhai)
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()

	good := filepath.Join(dir, "台账.xlsx")
	if err := os.WriteFile(good, []byte("an earlier workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "新台账.xlsx")
	for _, path := range []string{good, fresh} {
		ctx, cancel := context.WithCancel(bg)
		u.ctx = ctx
		reports := 0
		// Cancel as the first batch of rows is written, as the button would.
		u.exportTo(export.ReportLedger, path, export.Options{Progress: func(done, total int) {
			reports++
			cancel()
		}})
		exportTasks.Wait()
		if reports == 0 {
			t.Fatal("no progress was reported")
		}
		assertShown(t, c, "导出已取消，没有生成文件。")
		assertNotShown(t, c, "导出完成")
		cancel()
	}
	if b, _ := os.ReadFile(good); string(b) != "an earlier workbook" {
		t.Errorf("the earlier file was changed: %q", b)
	}
	if got := filesIn(t, dir); len(got) != 1 || got[0] != "台账.xlsx" {
		t.Errorf("left in the folder: %q", got)
	}
}

// The ledger screen's export covers every activity its filter finds, on
// every page, not just the page shown.
func TestLedgerExportUsesScreenFilter(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	manyActivities(t, st, 2500, d.lexi, d.xiaozhai) // every tenth about a car park: 250
	dir := exportFolderFor(t, st)
	s := ledger(t, u)
	c := u.win.Canvas()
	s.search.SetText("停车")
	s.load.wait()
	s.place.township.SetSelected("通泉街道")
	s.load.wait()
	assertShown(t, c, "共250条", "第1页，共2页")

	test.Tap(button(t, c, "导出台账…"))
	assertShown(t, c, "导出协商议事活动台账", "乡镇（街道）为通泉街道", "包含“停车”", "不只是当前页")
	exportNow(t, c)
	assertShown(t, c, "导出完成")
	rows := sheetRows(t, filepath.Join(dir, "协商议事活动台账.xlsx"))
	if !strings.Contains(rows[0][0], "停车") {
		t.Errorf("the title does not say the filter: %q", rows[0][0])
	}
	n := 0
	for _, r := range rows[4:] {
		if len(r) > 4 && strings.Contains(r[4], "号议题") {
			n++
			if !strings.Contains(r[4], "停车") {
				t.Errorf("row outside the filter: %q", r)
			}
		}
	}
	if n != 250 {
		t.Errorf("%d activities exported, want 250", n)
	}
	test.Tap(button(t, c, "关闭"))

	// "Export this table" on the ledger is the same filtered ledger, with
	// the screen's dates as the period.
	s.dates.from.SetText("2023-01-01")
	s.dates.to.SetText("2023-12-31")
	s.load.wait()
	menuAction(t, u, "导出当前表格…")
	want := filepath.Join(dir, "协商议事活动台账（2023-01-01至2023-12-31）.xlsx")
	if got := pathEntry(t, c).Text; got != want {
		t.Errorf("proposed %q, want %q", got, want)
	}
	// Clearing the period in the dialog means any date, and renames the file.
	test.Tap(button(t, c, "不限"))
	if got := pathEntry(t, c).Text; got != filepath.Join(dir, "协商议事活动台账.xlsx") {
		t.Errorf("after clearing the period: %q", got)
	}
	test.Tap(button(t, c, "本年"))
	exportNow(t, c)
	assertShown(t, c, "导出完成")
}

func TestSignInSheetFromLedger(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	a := saveActivity(t, st, d.xiaozhai, data.NewDate(2020, 5, 8), "小寨工业片区交通和环境问题", data.SourcePublic, 25, 3)
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()

	// From elsewhere, the menu takes the user to the ledger to pick one.
	menuAction(t, u, "协商议事活动签到表…")
	assertShown(t, c, "请先在列表中选中一次协商议事活动")
	s, ok := u.screen().(*ActivitiesScreen)
	if !ok {
		t.Fatalf("screen %T", u.screen())
	}
	s.load.wait()
	// The ledger's own button waits for a selection.
	if !button(t, c, "签到表…").Disabled() {
		t.Error("the sign-in button is on with no activity selected")
	}
	s.table.selectID(a.ID)
	test.Tap(button(t, c, "签到表…"))
	assertShown(t, c, "活动：2020-05-08　小寨社区　小寨工业片区交通和环境问题")
	exportNow(t, c)
	// Named by the activity's date and site, in Chinese.
	path := filepath.Join(dir, "签到表-2020年5月8日-小寨社区.xlsx")
	rows := sheetRows(t, path)
	if !strings.Contains(rows[1][0], "小寨工业片区交通和环境问题") {
		t.Errorf("sign-in sheet line: %q", rows[1])
	}
	if slices.Contains(rows[2], "联系电话") {
		t.Errorf("phones without asking: %q", rows[2])
	}
	test.Tap(button(t, c, "关闭"))

	// Phone numbers when asked for.
	test.Tap(button(t, c, "签到表…"))
	test.Tap(tickBox(t, c, "打印联系电话"))
	test.Tap(button(t, c, "导出"))
	test.Tap(button(t, c, "是")) // replace the sheet just written
	exportTasks.Wait()
	if rows := sheetRows(t, path); !slices.Contains(rows[2], "联系电话") {
		t.Errorf("no phone column when asked: %q", rows[2])
	}
}

// "Export what I see": the columns shown, the rows filtered and in the
// order shown, dates as dates.
func TestExportWhatISee(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	for _, n := range []string{"张伟", "李华", "王芳"} {
		savePerson(t, st, n, data.CategoryMember, "区政协")
	}
	savePerson(t, st, "刘强", data.CategoryStaff, "区农业农村局")
	dir := exportFolderFor(t, st)
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	test.Type(s.search, "区政协")
	test.Tap(button(t, c, "姓名"))
	test.Tap(button(t, c, "姓名 ▲")) // descending: 张 王 李
	assertShown(t, c, "共3条")

	menuAction(t, u, "导出当前表格…")
	assertShown(t, c, "导出人员名单")
	exportNow(t, c)
	rows := sheetRows(t, filepath.Join(dir, "人员名单.xlsx"))
	if !strings.HasPrefix(rows[0][0], "马龙区人员名单") {
		t.Errorf("title %q", rows[0])
	}
	head := strings.Join(rows[2], ",")
	if head != "序号,姓名,性别,职务,工作单位,界别,类别,电话,备注" {
		t.Errorf("headers %q", head)
	}
	var names []string
	for _, r := range rows[3:] {
		if len(r) > 1 && r[0] != "" && r[0] != "合计" && !strings.HasPrefix(r[0], "填表人") {
			names = append(names, r[1])
		}
	}
	if strings.Join(names, ",") != "张伟,王芳,李华" {
		t.Errorf("rows %q", names)
	}
	test.Tap(button(t, c, "关闭"))

	// A screen without a table says so.
	u.showScreen("overview")
	menuAction(t, u, "导出当前表格…")
	assertShown(t, c, "这个页面没有可导出的表格")
}

func TestExportWhatISeeInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	town := saveTestSite(t, st, "通泉街道", nil)
	site := &data.Site{Name: "乐熙社区", Kind: data.KindCommunity, ParentID: &town.ID, Status: data.StatusUnveiled,
		UnveiledOn: data.NewDate(2020, 4, 2)}
	if err := st.SaveSite(bg, site); err != nil {
		t.Fatal(err)
	}
	dir := exportFolderFor(t, st)
	sitesScreen(t, u)
	c := u.win.Canvas()
	menuAction(t, u, "Export this table…")
	assertShown(t, c, "Export: Pilot sites", "Save as", "Choose folder…")
	test.Tap(button(t, c, "Export"))
	exportTasks.Wait()
	assertShown(t, c, "Export finished", "Open file")
	assertNotShown(t, c, "导出")

	path := filepath.Join(dir, "Pilot sites.xlsx")
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if got := strings.Join(rows[2], ","); !strings.Contains(got, "Name") || !strings.Contains(got, "Unveiled") {
		t.Errorf("headers %q", got)
	}
	// The unveiling date is a real date (a serial number with a date
	// format), not the text 2020-04-02; the indent of a site is dropped.
	found := false
	for _, r := range rows[3:] {
		if len(r) > 5 && r[2] == "乐熙社区" {
			found = true
			if r[5] != "43923" {
				t.Errorf("unveiling date cell %q, want the serial 43923", r[5])
			}
		}
	}
	if !found {
		t.Errorf("site not exported: %q", rows)
	}
}

func TestExportAllReports(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveActivity(t, st, d.lexi, data.NewDate(2024, 3, 5), "背街小巷照明", data.SourceMember, 12, 1)
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()

	menuAction(t, u, "全部报表…")
	assertShown(t, c, "导出全部报表", "保存到文件夹", "试点单位及挂包联系一览表.xlsx\n政策顾问团名册.xlsx")
	test.Tap(button(t, c, "上一年"))
	last := data.Today().Year() - 1
	period := fmt.Sprintf("（%d-01-01至%d-12-31）", last, last)
	assertShown(t, c, "协商议事活动台账"+period+".xlsx")
	if got := pathEntry(t, c).Text; got != dir {
		t.Errorf("folder %q, want %q", got, dir)
	}
	exportNow(t, c)
	assertShown(t, c, "已导出8份报表，保存在文件夹", "打开文件夹")
	want := []string{"典型案例" + period + ".xlsx", "协商议事活动台账" + period + ".xlsx", "工作情况统计表" + period + ".xlsx",
		"政策顾问团名册.xlsx", "督办事项台账" + period + ".xlsx", "统计表" + period + ".xlsx", "议题库.xlsx", "试点单位及挂包联系一览表.xlsx"}
	if got := filesIn(t, dir); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("written %q, want %q", got, want)
	}
}

// A period with an open end shows the end empty, with its hint, never a
// date made of nothing (0年12月31日): in the ledger's filter, in the export
// dialog, in the proposed name and in the workbook's title.
func TestOpenPeriodShowsNoZeroDate(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveActivity(t, st, d.lexi, data.NewDate(2026, 3, 5), "小区停车难", data.SourcePublic, 30, 0)
	dir := exportFolderFor(t, st)
	s := ledger(t, u)
	c := u.win.Canvas()
	s.dates.from.SetText("2026-01-01")
	s.load.wait()
	dateTexts := func() (out []string) {
		for _, o := range visibleObjects(c) {
			if e, ok := o.(*formEntry); ok && e.PlaceHolder == "截止日期" {
				out = append(out, e.Text)
			}
		}
		return out
	}
	if got := dateTexts(); len(got) != 1 || got[0] != "" {
		t.Errorf("the ledger's end date shows %q", got)
	}

	test.Tap(button(t, c, "导出台账…"))
	if got := dateTexts(); len(got) != 2 || got[1] != "" {
		t.Errorf("the dialog's end date shows %q", got)
	}
	want := filepath.Join(dir, "协商议事活动台账（2026-01-01起）.xlsx")
	if got := pathEntry(t, c).Text; got != want {
		t.Errorf("proposed %q, want %q", got, want)
	}
	exportNow(t, c)
	title := sheetRows(t, want)[0][0]
	if !strings.Contains(title, "（2026年1月1日起") || strings.Contains(title, "0年") {
		t.Errorf("title %q", title)
	}
}

// The coverage table's 合计 counts people once, so it is not the sum of the
// rows: the workbook prints it apart, unnumbered, saying so.
func TestExportCoverageSaysWhatTheTotalCounts(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	// One leader guides sites in two townships: one person in the total.
	saveAssignment(t, st, d.zhang, d.tongle, data.RoleLead, data.NewDate(2020, 3, 1), data.Date{})
	saveAssignment(t, st, d.zhang, d.xiaozhai, data.RoleLead, data.NewDate(2020, 3, 1), data.Date{})
	dir := exportFolderFor(t, st)
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	s.tabs.SelectIndex(1)
	menuAction(t, u, "导出当前表格…")
	exportNow(t, c)
	rows := sheetRows(t, filepath.Join(dir, "挂包联系覆盖情况.xlsx"))
	total := -1
	for i, r := range rows {
		if len(r) > 1 && r[1] == "合计" {
			total = i
		}
	}
	if total < 0 {
		t.Fatalf("no 合计 row: %q", rows)
	}
	r := rows[total]
	if r[0] != "" || r[5] != "1" || r[len(r)-1] != "领导、委员人数按人计，同一人挂包多个单位只计一次" {
		t.Errorf("total row %q", r)
	}
	for _, above := range rows[3:total] {
		if above[0] == "" {
			t.Errorf("an unnumbered row above the total: %q", above)
		}
	}
}
