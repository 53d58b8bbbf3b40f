package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
	"pilotdesk/export"
)

// The screens the first window side of issue 20 left without the county
// level: the 挂包 coverage, each site's tasks, the office form an export
// asks for, and the screens whose records the 报送表 does not carry.

// cityWithTwoCounties is mergedCity (马龙区 merged from its 报送表) with a
// township and a community of 陆良县 besides, neither with a lead.
func cityWithTwoCounties(t *testing.T, language string) (*UI, *data.Store, map[string]uint) {
	t.Helper()
	u, st := mergedCity(t, language)
	cs, err := st.Counties(bg)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]uint{}
	for _, c := range cs {
		ids[c.Name] = c.ID
	}
	ll := ids["陆良县"]
	town := &data.Site{Name: "同乐街道", Kind: data.KindTownship, Status: data.StatusPlanned, CountyID: &ll}
	mustDo(t, st.SaveSite(bg, town))
	mustDo(t, st.SaveSite(bg, &data.Site{Name: "鑫城社区", Kind: data.KindCommunity, Status: data.StatusPlanned, ParentID: &town.ID, CountyID: &ll}))
	u.rebuild()
	return u, st, ids
}

func TestCityCoverageByCounty(t *testing.T) {
	u, st, ids := cityWithTwoCounties(t, LangZH)
	c := u.win.Canvas()
	s := assignmentsScreen(t, u)
	s.tabs.SelectIndex(1)
	if s.coverage.cols[0].key != "city.county" {
		t.Fatalf("the coverage's first column is %q", s.coverage.cols[0].key)
	}
	all, allTotal, err := st.CoverageInCounty(bg, 0, data.Today())
	if err != nil || len(s.coverage.rows) != len(all)+1 || len(all) < 2 {
		t.Fatalf("all counties: %d rows shown, %d stored: %v", len(s.coverage.rows), len(all), err)
	}
	assertShown(t, c, "县（市、区）", "陆良县", "马龙区")
	// The gaps of all counties name the county: townships' names repeat.
	s.coverage.selectRow(slices.IndexFunc(s.coverage.rows, func(r data.TownshipCoverage) bool { return r.County == "陆良县" }))
	assertShown(t, c, "鑫城社区（陆良县同乐街道）")

	// 陆良县: its township, its total, its gaps; 指定牵头领导 is grey (view only).
	selectOption(t, s.coverCounty.sel, "陆良县")
	rows := s.coverage.rows
	if len(rows) != 2 || rows[0].Township != "同乐街道" || s.coverage.cols[0].text(rows[0]) != "陆良县" ||
		rows[1].TownshipID != 0 || rows[1].Sites != 2 || rows[1].SitesWithLead != 0 {
		t.Fatalf("陆良县's coverage: %+v", rows)
	}
	if len(s.gapsShown) != 2 {
		t.Errorf("陆良县's gaps: %+v", s.gapsShown)
	}
	assertShown(t, c, "缺少牵头领导的试点单位（2个）", "鑫城社区")
	if b := button(t, c, "指定牵头领导"); !b.Disabled() {
		t.Error("指定牵头领导 is enabled in a city's database")
	}

	// 马龙区: its townships only, the total its own; a township chosen
	// narrows the gaps, another county shows all of that one's again.
	selectOption(t, s.coverCounty.sel, "马龙区")
	_, mlTotal, _ := st.CoverageInCounty(bg, ids["马龙区"], data.Today())
	rows = s.coverage.rows
	if len(rows) != len(all) || rows[len(rows)-1].Sites != mlTotal.Sites || mlTotal.Sites != allTotal.Sites-2 {
		t.Errorf("马龙区: %d rows, total %+v, stored %+v", len(rows), rows[len(rows)-1], mlTotal)
	}
	for _, r := range rows[:len(rows)-1] {
		if r.County != "马龙区" {
			t.Errorf("马龙区's coverage lists %s of %s", r.Township, r.County)
		}
	}
	for _, g := range s.gapsShown {
		if g.Name == "鑫城社区" || g.Name == "同乐街道" {
			t.Errorf("马龙区's gaps list %s", g.Name)
		}
	}
	assertNotShown(t, c, "鑫城社区")
	s.coverage.selectRow(0)
	if s.gapTown == 0 {
		t.Fatal("choosing a township does not narrow the gaps")
	}
	selectOption(t, s.coverCounty.sel, "陆良县")
	if s.gapTown != 0 || len(s.gapsShown) != 2 {
		t.Errorf("after changing the county: township %d, gaps %+v", s.gapTown, s.gapsShown)
	}
}

func TestCitySiteTasksByCounty(t *testing.T) {
	u, st, _ := cityWithTwoCounties(t, LangZH)
	c := u.win.Canvas()
	s := tasksScreen(t, u)
	s.tabs.SelectIndex(1)
	if s.sites.cols[0].key != "city.county" {
		t.Fatalf("the sites' first column is %q", s.sites.cols[0].key)
	}
	stored, err := st.SiteCompletion(bg, data.Today(), "")
	if err != nil || len(s.sites.rows) != len(stored) || len(stored) < 2 {
		t.Fatalf("all counties: %d shown, %d stored: %v", len(s.sites.rows), len(stored), err)
	}
	selectOption(t, s.siteCounty.sel, "陆良县")
	if len(s.sites.rows) != 1 || s.sites.rows[0].Name != "鑫城社区" || s.sites.cols[0].text(s.sites.rows[0]) != "陆良县" {
		t.Fatalf("陆良县's sites: %+v", s.sites.rows)
	}
	assertShown(t, c, "鑫城社区", "共1条")

	selectOption(t, s.siteCounty.sel, "马龙区")
	if len(s.sites.rows) != len(stored)-1 {
		t.Errorf("马龙区: %d of %d sites", len(s.sites.rows), len(stored))
	}
	for _, r := range s.sites.rows {
		if r.County != "马龙区" {
			t.Errorf("马龙区's list shows %s of %s", r.Name, r.County)
		}
	}
	assertNotShown(t, c, "鑫城社区")
	// The search keeps to the county chosen.
	test.Type(s.siteSearch, "鑫城")
	if len(s.sites.rows) != 0 {
		t.Errorf("马龙区's search for 鑫城: %+v", s.sites.rows)
	}
}

// In a county's database neither tab shows the county.
func TestCountyCoverageAndSiteTasksShowNoCounty(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	town := saveTestSite(t, st, "通泉街道", nil)
	saveTestSite(t, st, "乐熙社区", town)
	a := assignmentsScreen(t, u)
	a.tabs.SelectIndex(1)
	if a.coverage.cols[0].key == "city.county" || len(a.coverCounty.objects()) != 0 {
		t.Error("the coverage shows the county level")
	}
	assertNotShown(t, u.win.Canvas(), "县（市、区）")
	if b := button(t, u.win.Canvas(), "指定牵头领导"); b.Disabled() {
		t.Error("指定牵头领导 is grey in a county's database")
	}
	s := tasksScreen(t, u)
	s.tabs.SelectIndex(1)
	if s.sites.cols[0].key == "city.county" || len(s.siteCounty.objects()) != 0 || len(s.sites.rows) != 1 {
		t.Errorf("each site's tasks: first column %q, %d rows", s.sites.cols[0].key, len(s.sites.rows))
	}
	assertNotShown(t, u.win.Canvas(), "县（市、区）")
}

// An export in a city without its office details asks for the city's name,
// not a county's, and stores what is typed.
func TestCityExportAsksForTheCityName(t *testing.T) {
	for _, tc := range []struct{ language, intro, label, county, save, next string }{
		{LangZH, "导出报表前，请先填写本单位信息", "市（州）名称", "县（市、区）名称", "保存", "导出统计表"},
		{LangEN, "Before exporting, fill in your office's details", "City", "County / district", "Save", "Export: "},
	} {
		t.Run(tc.language, func(t *testing.T) {
			u, st := newTestUI(t, tc.language)
			mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity, data.SettingExportDir: t.TempDir()}))
			mustDo(t, st.SaveCounty(bg, &data.County{Name: "马龙区"}))
			u.rebuild()
			c := u.win.Canvas()
			u.startExport(periodJob(export.ReportStats))
			assertShown(t, c, tc.intro, tc.label)
			assertNotShown(t, c, tc.county)
			if h := officeEntry(t, u, data.SettingReportUnit).PlaceHolder; !strings.Contains(h, "政协曲靖市委员会办公室") {
				t.Errorf("the unit's hint in a city: %q", h)
			}
			test.Type(officeEntry(t, u, data.SettingDistrict), "曲靖市")
			if got := officeEntry(t, u, data.SettingReportUnit).Text; got != "政协曲靖市委员会办公室" {
				t.Errorf("suggested unit %q", got)
			}
			test.Type(officeEntry(t, u, data.SettingPreparer), "李娜")
			save := dialogButton(t, c, tc.save)
			if save.Disabled() {
				t.Fatal("the city's own details cannot be saved")
			}
			test.Tap(save)
			if u.form != nil {
				t.Fatalf("the form is still open: %q", shownTexts(c))
			}
			if o, _ := st.Office(bg); o.District != "曲靖市" || o.ReportUnit != "政协曲靖市委员会办公室" || o.Preparer != "李娜" {
				t.Errorf("stored %+v", o)
			}
			assertShown(t, c, tc.next)
		})
	}
}

// The screens whose records stay in each county say so in a city's
// database instead of showing an empty list; a county's are lists as ever.
func TestCityScreensKeptByCounties(t *testing.T) {
	screens := []struct{ id, zh, en, add string }{
		{"groups", "村民小组／小区由各县（市、区）在本县的数据库中记录，不随报送表上报，因此市级数据库中没有。",
			"Village groups: kept by each county in its own database and not sent up in its report, so a city's database has none.", "新增村民小组／小区"},
		{"council", "议事会成员由各县（市、区）在本县的数据库中记录", "Standing members: kept by each county", "新增议事会成员"},
		{"plans", "协商计划由各县（市、区）在本县的数据库中记录", "Planned consultations: kept by each county", "新增协商计划"},
		{"topics", "议题库由各县（市、区）在本县的数据库中记录", "Topic library: kept by each county", "登记议题"},
	}
	zh, _ := mergedCity(t, LangZH)
	for _, s := range screens {
		zh.showScreen(s.id)
		assertShown(t, zh.win.Canvas(), s.zh)
		assertNotShown(t, zh.win.Canvas(), s.add)
	}

	en, st := newTestUI(t, LangEN)
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity}))
	en.rebuild()
	for _, s := range screens {
		en.showScreen(s.id)
		assertShown(t, en.win.Canvas(), s.en)
	}

	county, _ := newTestUI(t, LangZH)
	for _, s := range screens {
		county.showScreen(s.id)
		assertShown(t, county.win.Canvas(), s.add)
		assertNotShown(t, county.win.Canvas(), "不随报送表上报")
	}
}
