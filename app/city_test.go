package app

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// The county level of a city's database in the window (issue 20).

func settingsScreen(t *testing.T, u *UI) *SettingsScreen {
	t.Helper()
	u.showScreen("settings")
	s, ok := u.screen().(*SettingsScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// addCounty adds a county through 设置's form.
func addCounty(t *testing.T, u *UI, name, office string) {
	t.Helper()
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增县（市、区）…"))
	f := u.form
	if f == nil {
		t.Fatal("the county form did not open")
	}
	test.Type(f.inputs["name"].(*formEntry), name)
	test.Type(f.inputs["office"].(*formEntry), office)
	test.Tap(lastButton(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
}

func TestSwitchToCityAndKeepCounties(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	s := settingsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "县级数据库记录本县")
	assertNotShown(t, c, "新增县（市、区）…")

	// 市级, asked first; no answers no.
	s.level.choice.SetSelected("市级（汇总各县报送表）")
	assertShown(t, c, "把本机改为市级？")
	test.Tap(button(t, c, "否"))
	if city, _ := st.IsCity(bg); city || u.city {
		t.Fatal("switched without a yes")
	}
	if got := s.level.choice.Selected; got != "县级" {
		t.Errorf("the choice shows %q after no", got)
	}
	s.level.choice.SetSelected("市级（汇总各县报送表）")
	test.Tap(button(t, c, "是"))
	if city, err := st.IsCity(bg); err != nil || !city || !u.city {
		t.Fatalf("not a city: %v %v", city, err)
	}
	s = u.screen().(*SettingsScreen) // rebuilt
	assertShown(t, c, "本机现用于市级", "新增县（市、区）…")
	// View only is for the counties' records: the city's own settings and
	// backups stay its own to change.
	for _, b := range []string{"保存", "从其他文件恢复…", "新增县（市、区）…"} {
		if button(t, c, b).Disabled() {
			t.Errorf("%s is grey in a city's settings", b)
		}
	}

	addCounty(t, u, "陆良县", "政协陆良县委员会")
	addCounty(t, u, "马龙区", "政协曲靖市马龙区委员会")
	cs, err := st.Counties(bg)
	if err != nil || len(cs) != 2 || cs[0].Name != "陆良县" && cs[1].Name != "陆良县" {
		t.Fatalf("stored: %+v %v", cs, err)
	}
	assertShown(t, c, "政协陆良县委员会", "政协曲靖市马龙区委员会")

	// A second 陆良县 is refused in the form, under the name.
	test.Tap(button(t, c, "新增县（市、区）…"))
	test.Type(u.form.inputs["name"].(*formEntry), "陆良县")
	test.Tap(lastButton(t, c, "保存"))
	if u.form == nil {
		t.Fatal("a second 陆良县 was saved")
	}
	assertShown(t, c, "已有名为“陆良县”的县（市、区）")
	u.form.cancel()
	test.Tap(button(t, c, "是")) // 放弃修改？

	// Rename: 马龙区 becomes 麒麟区.
	ml := slices.IndexFunc(s.level.counties.rows, func(r data.County) bool { return r.Name == "马龙区" })
	s.level.counties.selectRow(ml)
	test.Tap(button(t, c, "改名…"))
	e := u.form.inputs["name"].(*formEntry)
	e.SetText("")
	test.Type(e, "麒麟区")
	test.Tap(lastButton(t, c, "保存"))
	cs, _ = st.Counties(bg)
	if len(cs) != 2 || !slices.ContainsFunc(cs, func(x data.County) bool { return x.Name == "麒麟区" }) {
		t.Fatalf("after rename: %+v", cs)
	}

	// Remove one without records.
	ql := slices.IndexFunc(s.level.counties.rows, func(r data.County) bool { return r.Name == "麒麟区" })
	s.level.counties.selectRow(ql)
	test.Tap(button(t, c, "删除"))
	test.Tap(button(t, c, "是"))
	cs, _ = st.Counties(bg)
	if len(cs) != 1 || cs[0].Name != "陆良县" {
		t.Fatalf("after removal: %+v", cs)
	}

	// The lists now have the county filter and column; the rest of the
	// window is view only, with the reason beside the grey buttons.
	ss := sitesScreen(t, u)
	if got := ss.county.sel.Selected; got != "全部县（市、区）" || !ss.county.sel.Visible() {
		t.Errorf("county filter shows %q", got)
	}
	assertShown(t, c, "县（市、区）", "各县报送的记录，仅可查看")
	if b := button(t, c, "新增试点单位"); !b.Disabled() {
		t.Error("新增试点单位 is enabled in a city's database")
	}
}

// selectOption chooses an option of a drop-down by its text.
func selectOption(t *testing.T, s *widget.Select, text string) {
	t.Helper()
	if !slices.Contains(s.Options, text) {
		t.Fatalf("no option %q in %q", text, s.Options)
	}
	s.SetSelected(text)
}

// lastButton finds the last visible button with text: the one of the
// dialog on top when the screen under it has one too.
func lastButton(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	for _, o := range visibleObjects(c) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// cityWithCounties makes the test database a city's with two counties,
// each with a township, a community, a person and activities, stored as
// a merge leaves them (county_id set).
func cityWithCounties(t *testing.T, u *UI, st *data.Store) (luliang, malong data.County) {
	t.Helper()
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity}))
	luliang, malong = data.County{Name: "陆良县"}, data.County{Name: "马龙区"}
	mustDo(t, st.SaveCounty(bg, &luliang))
	mustDo(t, st.SaveCounty(bg, &malong))
	for i, c := range []data.County{luliang, malong} {
		town := &data.Site{Name: []string{"同乐街道", "通泉街道"}[i], Kind: data.KindTownship, Status: data.StatusPlanned, CountyID: &c.ID}
		mustDo(t, st.SaveSite(bg, town))
		site := &data.Site{Name: c.Name + "社区", Kind: data.KindCommunity, Status: data.StatusPlanned, ParentID: &town.ID, CountyID: &c.ID}
		mustDo(t, st.SaveSite(bg, site))
		insertActivities(t, st, 3+i, site) // 陆良县 3, 马龙区 4
		mustDo(t, st.SavePerson(bg, &data.Person{Name: c.Name + "委员", Category: data.PersonCategories.Codes()[0], CountyID: &c.ID}))
	}
	u.rebuild()
	return luliang, malong
}

func TestCityListsFilterByCounty(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	cityWithCounties(t, u, st)
	c := u.win.Canvas()

	// 试点单位: both counties' rows with their county; then one county.
	s := sitesScreen(t, u)
	if len(s.table.rows) != 4 || s.table.cols[0].key != "city.county" || s.table.cols[0].text(s.table.rows[0]) == "" {
		t.Fatalf("sites: %d rows, first column %q", len(s.table.rows), s.table.cols[0].key)
	}
	if got := s.township.Options; len(got) != 3 { // all, and one a county
		t.Errorf("townships offered %q", got)
	}
	selectOption(t, s.county.sel, "马龙区")
	for _, r := range s.table.rows {
		if r.County != "马龙区" {
			t.Errorf("马龙区's list shows %s of %s", r.Name, r.County)
		}
	}
	if len(s.table.rows) != 2 || len(s.township.Options) != 2 {
		t.Errorf("马龙区: %d rows, townships %q", len(s.table.rows), s.township.Options)
	}
	assertShown(t, c, "马龙区社区", "共2条")
	assertNotShown(t, c, "陆良县社区")

	// The ledger: the county drop-down comes before the township's.
	l := ledger(t, u)
	if l.total != 7 {
		t.Fatalf("ledger total %d", l.total)
	}
	selectOption(t, l.place.county.sel, "陆良县")
	l.load.wait()
	if l.total != 3 || len(l.table.rows) != 3 || l.table.rows[0].County != "陆良县" {
		t.Errorf("陆良县's ledger: %d, %+v", l.total, l.table.rows)
	}
	if got := l.place.township.Options; len(got) != 2 {
		t.Errorf("陆良县's townships %q", got)
	}
	assertShown(t, c, "共3条")

	// 人员.
	p := peopleScreen(t, u)
	selectOption(t, p.county.sel, "陆良县")
	if len(p.table.rows) != 1 || p.table.rows[0].Name != "陆良县委员" {
		t.Errorf("陆良县's people: %+v", p.table.rows)
	}
}

func TestCountyDatabaseShowsNoCounty(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	town := saveTestSite(t, st, "通泉街道", nil)
	saveTestSite(t, st, "乐熙社区", town)
	s := sitesScreen(t, u)
	if s.table.cols[0].key == "city.county" || s.county.sel.Visible() && len(s.county.objects()) > 0 {
		t.Error("a county's database shows the county level")
	}
	assertNotShown(t, u.win.Canvas(), "县（市、区）")
	if b := button(t, u.win.Canvas(), "新增试点单位"); b.Disabled() {
		t.Error("a county's database cannot add sites")
	}
}

// submitFromCounty makes a county's database of the demo district 马龙区
// and sends its 报送表 up through 导出 → 报送市政协…, returning the file.
func submitFromCounty(t *testing.T) string {
	t.Helper()
	u, st := newTestUI(t, LangZH)
	mustDo(t, st.LoadDemo(bg, data.Today()))
	dir := exportFolderFor(t, st)
	c := u.win.Canvas()
	menuAction(t, u, "报送市政协…")
	assertShown(t, c, "导出报送表", "生成上报市政协的报送表")
	today := data.Today()
	want := filepath.Join(dir, "马龙区报送表（"+data.NewDate(today.Year(), 1, 1).String()+"至"+today.String()+"）.xlsx")
	if got := pathEntry(t, c).Text; got != want {
		t.Errorf("proposed %q, want %q", got, want)
	}
	// A 报送表 names its period: 不限 is refused before anything is written.
	test.Tap(button(t, c, "不限"))
	test.Tap(button(t, c, "导出"))
	assertShown(t, c, "报送表须写明起止日期")
	test.Tap(button(t, c, "取消"))
	assertNotShown(t, c, "报送表须写明起止日期")
	if got := filesIn(t, dir); len(got) != 0 {
		t.Fatalf("written: %q", got)
	}
	menuAction(t, u, "报送市政协…")
	exportNow(t, c)
	assertShown(t, c, "导出完成", filepath.Base(want))
	// What the city reads back: the county, the period, the records.
	sub, err := export.ReadReport(want)
	if err != nil {
		t.Fatalf("ReadReport refuses the 报送表: %v", err)
	}
	if sub.County != "马龙区" || sub.Period.From != data.NewDate(today.Year(), 1, 1) || sub.Period.To != today || len(sub.Sheets) == 0 {
		t.Errorf("read back: %s %+v, %d sheets", sub.County, sub.Period, len(sub.Sheets))
	}
	return want
}

func TestSubmissionExportedAndMergedAtCity(t *testing.T) {
	file := submitFromCounty(t)
	// Not a 报送表: a workbook of something else, and a file that is no
	// workbook at all.
	other := filepath.Join(t.TempDir(), "随便.xlsx")
	mustDo(t, os.WriteFile(other, []byte("not a workbook"), 0o600))

	u, st := newTestUI(t, LangZH)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity, data.SettingDistrict: "曲靖市"}))
	mustDo(t, st.SaveCounty(bg, &data.County{Name: "马龙区", Office: "政协曲靖市马龙区委员会"}))
	u.rebuild()
	c := u.win.Canvas()

	m := u.startReportMerge()
	assertShown(t, c, "导入各县报送表", "添加文件…", "添加文件夹中的报送表…")
	if b := button(t, c, "导入0份"); !b.Disabled() {
		t.Error("导入 is enabled with nothing to import")
	}
	m.add([]string{file, other})
	importTasks.Wait()
	if len(m.table.rows) != 2 {
		t.Fatalf("listed %d files", len(m.table.rows))
	}
	good, bad := m.table.rows[0], m.table.rows[1]
	if good.err != nil || good.preview == nil || m.county(good) != "马龙区" || m.state(good) != "可导入" {
		t.Fatalf("the 报送表: %v, %s, %s", good.err, m.county(good), m.state(good))
	}
	if bad.err == nil || m.state(bad) != "不能导入" || !m.table.warn(bad) {
		t.Errorf("the other file: %v %s", bad.err, m.state(bad))
	}
	acts := slices.IndexFunc(good.preview.Kinds, func(k data.KindCounts) bool { return k.Kind == "activities" })
	if acts < 0 || good.preview.Kinds[acts].New == 0 {
		t.Fatalf("no new activities previewed: %+v", good.preview.Kinds)
	}
	// The detail says it kind by kind; the refusal names the file.
	m.table.selectRow(0)
	assertShown(t, c, "马龙区", fmt.Sprintf("协商议事活动：新增%d，修改0，删除0", good.preview.Kinds[acts].New))
	m.table.selectRow(1)
	if d := m.detail.Text; !strings.HasPrefix(d, "不能导入，其中任何内容都不会导入：") || !strings.Contains(d, "随便.xlsx") {
		t.Errorf("the refusal reads %q", d)
	}
	if n, _, _ := st.Activities(bg, data.ActivityFilter{Limit: 1}); len(n) != 0 {
		t.Fatal("the preview stored activities")
	}

	test.Tap(button(t, c, "导入1份"))
	importTasks.Wait()
	assertShown(t, c, "已导入1份，未导入0份。", "马龙区（")
	_, total, err := st.Activities(bg, data.ActivityFilter{Limit: 1})
	if err != nil || total != good.preview.Kinds[acts].New {
		t.Errorf("city holds %d activities, previewed %d: %v", total, good.preview.Kinds[acts].New, err)
	}
	if m.state(good) != "已导入" || !button(t, c, "导入0份").Disabled() {
		t.Errorf("after the merge: %s", m.state(good))
	}
	test.Tap(button(t, c, "确定"))

	// The same file again changes nothing.
	m.files = nil
	m.add([]string{file})
	importTasks.Wait()
	for _, k := range m.files[0].preview.Kinds {
		if k.New+k.Changed+k.Removed != 0 {
			t.Errorf("merging again would change %+v", k)
		}
	}
}

// mergedCity is a city's window holding 马龙区's 报送表, merged, and 陆良县,
// which has sent nothing.
func mergedCity(t *testing.T, language string) (*UI, *data.Store) {
	t.Helper()
	file := submitFromCounty(t)
	u, st := newTestUI(t, language)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity, data.SettingDistrict: "曲靖市",
		data.SettingReportUnit: "政协曲靖市委员会办公室"}))
	for _, n := range []string{"马龙区", "陆良县"} {
		mustDo(t, st.SaveCounty(bg, &data.County{Name: n}))
	}
	sub, err := export.ReadReport(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Merge(bg, sub, nil); err != nil {
		t.Fatal(err)
	}
	u.rebuild()
	return u, st
}

func TestCityOverviewMarksLateCounty(t *testing.T) {
	u, st := mergedCity(t, LangZH)
	s := overviewScreen(t, u)
	c := u.win.Canvas()
	if s.city == nil {
		t.Fatal("a city's overview has no county table")
	}
	rows := s.city.table.rows
	if len(rows) != 3 || rows[2].County != "" || !rows[2].total {
		t.Fatalf("rows: %+v", rows)
	}
	byName := map[string]countyRow{}
	for _, r := range rows[:2] {
		byName[r.County] = r
	}
	ml, ll := byName["马龙区"], byName["陆良县"]
	if !ml.Reported || ml.Activities == 0 || ml.Sites == 0 || s.city.table.warn(ml) {
		t.Errorf("马龙区: %+v", ml.CountyFigures)
	}
	if ll.Reported || !s.city.table.warn(ll) || reportedText(ll) != "未报送" {
		t.Errorf("陆良县 is not marked late: %+v", ll.CountyFigures)
	}
	if rows[2].Activities != ml.Activities || reportedText(rows[2]) != "已报送1个，共2个" {
		t.Errorf("total: %+v %q", rows[2].CountyFigures, reportedText(rows[2]))
	}
	assertShown(t, c, "1个县（市、区）尚未报送", "各县（市、区）报送情况（")
	// The figures the city reports are the sums of what its counties sent.
	figures, err := st.CityOverview(bg, s.city.period(data.Today()))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range figures {
		n += f.Activities
	}
	if n != ml.Activities {
		t.Errorf("shown %d activities, stored %d", ml.Activities, n)
	}

	// Last year: neither county has reported.
	s.city.choice.SetSelectedIndex(3)
	if late := s.city.late.Text; late != "2个县（市、区）尚未报送" {
		t.Errorf("last year: %q", late)
	}
}

func TestMergedCityListsFilterByCounty(t *testing.T) {
	u, st := mergedCity(t, LangZH)
	c := u.win.Canvas()
	l := ledger(t, u)
	all := l.total
	if all == 0 || l.table.rows[0].County != "马龙区" {
		t.Fatalf("the merged ledger: %d, %+v", all, l.table.rows[:1])
	}
	selectOption(t, l.place.county.sel, "陆良县")
	l.load.wait()
	if l.total != 0 {
		t.Errorf("陆良县 sent nothing, the ledger lists %d", l.total)
	}
	selectOption(t, l.place.county.sel, "马龙区")
	l.load.wait()
	if l.total != all {
		t.Errorf("马龙区: %d of %d", l.total, all)
	}
	// Its ledger export says which county it holds.
	if info := u.filterInfo(l.exportFilter()); !strings.Contains(info, "县（市、区）为马龙区") {
		t.Errorf("the ledger export's note: %q", info)
	}
	// A merged record opens for reading only.
	l.table.selectRow(0)
	l.table.activate()
	if u.form == nil {
		t.Fatal("no form")
	}
	assertShown(t, c, "各县报送的记录，仅可查看")
	if b := lastButton(t, c, "保存"); !b.Disabled() {
		t.Error("保存 is enabled on a county's record")
	}
	u.form.cancel()

	s := sitesScreen(t, u)
	selectOption(t, s.county.sel, "马龙区")
	sites, _ := st.Sites(bg, data.SiteFilter{})
	if len(s.table.rows) != len(sites) || len(sites) == 0 {
		t.Errorf("马龙区's sites: %d of %d", len(s.table.rows), len(sites))
	}
	selectOption(t, s.county.sel, "陆良县")
	assertShown(t, c, "共0条")

	// 政策顾问团: the panels of the county chosen, with their county.
	u.showScreen("panels")
	ps := u.screen().(*PanelsScreen)
	if len(ps.panels.rows) == 0 || ps.panels.cols[0].text(ps.panels.rows[0]) != "马龙区" {
		t.Fatalf("panels: %+v", ps.panels.rows)
	}
	selectOption(t, ps.county.sel, "陆良县")
	if len(ps.panels.rows) != 0 {
		t.Errorf("陆良县 has no panels, listed %+v", ps.panels.rows)
	}
}

func TestCityStartsWithoutWelcome(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity}))
	u.rebuild()
	u.offerWelcome()
	assertNotShown(t, u.win.Canvas(), "载入演示数据")
	// A county's new database is welcomed as before.
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCounty}))
	u.rebuild()
	u.offerWelcome()
	assertShown(t, u.win.Canvas(), "载入演示数据")
}

func TestEmptyCityOverviewOffersTheMerge(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity}))
	mustDo(t, st.SaveCounty(bg, &data.County{Name: "陆良县"}))
	u.rebuild()
	overviewScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "还没有导入任何县（市、区）的报送表")
	assertNotShown(t, c, "从空白开始")
	tapLink(t, c, "导入各县报送表…")
	assertShown(t, c, "添加文件夹中的报送表…")
}

func TestCountyWithRecordsIsNotDeleted(t *testing.T) {
	u, st := mergedCity(t, LangZH)
	s := settingsScreen(t, u)
	c := u.win.Canvas()
	ml := slices.IndexFunc(s.level.counties.rows, func(r data.County) bool { return r.Name == "马龙区" })
	s.level.counties.selectRow(ml)
	test.Tap(button(t, c, "删除"))
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "不能删除")
	cs, _ := st.Counties(bg)
	if len(cs) != 2 {
		t.Errorf("counties after the refusal: %+v", cs)
	}
}

func TestCityTaskTicksAreReadOnly(t *testing.T) {
	u, _ := mergedCity(t, LangZH)
	s := tasksScreen(t, u)
	i := slices.IndexFunc(s.table.rows, func(r data.Task) bool { return !r.FromRecords() })
	if i < 0 {
		t.Fatal("no task ticked by hand in the demo")
	}
	s.table.selectRow(i)
	if len(s.targets) == 0 {
		t.Fatal("no targets listed")
	}
	checks := 0
	for _, o := range visibleObjects(u.win.Canvas()) {
		if ch, ok := o.(*widget.Check); ok && strings.Contains(ch.Text, "（") {
			checks++
			if !ch.Disabled() {
				t.Errorf("%q can be ticked in a city's database", ch.Text)
			}
		}
	}
	if checks == 0 {
		t.Error("no target's box is shown")
	}
	if s.dateRow.Visible() {
		t.Error("the tick date is offered")
	}
}

func TestCityDeleteKeyTrashesNothing(t *testing.T) {
	u, st := mergedCity(t, LangZH)
	s := sitesScreen(t, u)
	before, _ := st.Sites(bg, data.SiteFilter{})
	s.table.selectRow(1)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertNotShown(t, u.win.Canvas(), "移入回收站？")
	assertShown(t, u.win.Canvas(), "各县报送的记录，仅可查看")
	if after, _ := st.Sites(bg, data.SiteFilter{}); len(after) != len(before) {
		t.Errorf("sites %d -> %d", len(before), len(after))
	}
	u.showScreen("trash")
	for _, label := range []string{"清空回收站…"} {
		if b := button(t, u.win.Canvas(), label); !b.Disabled() {
			t.Errorf("%s is enabled in a city's database", label)
		}
	}
}

func TestCityOverviewInEnglish(t *testing.T) {
	u, _ := mergedCity(t, LangEN)
	s := overviewScreen(t, u)
	assertShown(t, u.win.Canvas(), "1 not reported yet", "Counties' reports (")
	texts := []string{}
	for _, r := range s.city.table.rows {
		texts = append(texts, reportedText(r))
	}
	if !slices.Contains(texts, "Not reported") || !slices.Contains(texts, "1 of 2 reported") {
		t.Errorf("report column: %q", texts)
	}
}

// A city's 导出 offers what it holds: no 议题库 or 签到表 (the 报送表
// carries neither) and no 报送表 of its own; a county's offers all three.
func TestCityExportMenuOffersWhatItHolds(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	labels := func() []string {
		var out []string
		for _, m := range u.win.MainMenu().Items {
			if m.Label == "导出" {
				for _, it := range m.Items {
					out = append(out, it.Label)
				}
			}
		}
		return out
	}
	county := labels()
	for _, want := range []string{"议题库…", "协商议事活动签到表…", "报送市政协…", "协商议事活动台账…"} {
		if !slices.Contains(county, want) {
			t.Errorf("a county's 导出 lacks %q: %q", want, county)
		}
	}
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity}))
	u.rebuild()
	city := labels()
	for _, gone := range []string{"议题库…", "协商议事活动签到表…", "报送市政协…"} {
		if slices.Contains(city, gone) {
			t.Errorf("a city's 导出 offers %q: %q", gone, city)
		}
	}
	if !slices.Contains(city, "协商议事活动台账…") || !slices.Contains(city, "统计表…") {
		t.Errorf("a city's 导出 lost its reports: %q", city)
	}
}
