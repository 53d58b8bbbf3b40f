package data

import (
	"strings"
	"testing"
)

// A city's database: two counties' townships of the same name stay apart,
// a third of that name in one county is refused, the lists filter and name
// by county, an edit that says nothing of the county keeps it, and a task
// for every site counts its own county's only.
func TestCityCounties(t *testing.T) {
	st := openTest(t)
	if city, err := st.IsCity(ctx); err != nil || city {
		t.Fatalf("a new database is a city's: %v %v", city, err)
	}
	if err := st.SetSettings(ctx, map[string]string{SettingLevel: LevelCity}); err != nil {
		t.Fatal(err)
	}
	if city, _ := st.IsCity(ctx); !city {
		t.Fatal("not a city after 设置")
	}
	a, b := &County{Name: "陆良县"}, &County{Name: "马龙区"}
	for _, c := range []*County{a, b} {
		if err := st.SaveCounty(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveCounty(ctx, &County{Name: "陆良县"}); FieldErrors(err).Field("name") == nil {
		t.Errorf("a second 陆良县: %v", err)
	}
	town := func(c *County) *Site {
		s := &Site{Name: "同乐街道", Kind: KindTownship, Status: StatusPlanned, CountyID: &c.ID}
		if err := st.SaveSite(ctx, s); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		return s
	}
	ta, tb := town(a), town(b)
	if err := st.SaveSite(ctx, &Site{Name: "同乐街道", Kind: KindTownship, Status: StatusPlanned, CountyID: &a.ID}); FieldErrors(err).Field("name") == nil {
		t.Errorf("a second 同乐街道 in 陆良县: %v", err)
	}
	// A village takes its township's county.
	v := &Site{Name: "鑫城社区", Kind: KindCommunity, Status: StatusPlanned, ParentID: &ta.ID}
	if err := st.SaveSite(ctx, v); err != nil {
		t.Fatal(err)
	}
	if v.CountyID == nil || *v.CountyID != a.ID {
		t.Errorf("the village's county: %v", v.CountyID)
	}
	// An edit from a screen that does not know counties keeps it.
	edit := *tb
	edit.CountyID, edit.Notes = nil, "改过"
	if err := st.SaveSite(ctx, &edit); err != nil {
		t.Fatal(err)
	}
	sites, err := st.Sites(ctx, SiteFilter{CountyID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1 || sites[0].County != "马龙区" || sites[0].Notes != "改过" {
		t.Errorf("马龙区's sites: %+v", sites)
	}
	if sites, _ := st.Sites(ctx, SiteFilter{CountyID: a.ID}); len(sites) != 2 || sites[1].County != "陆良县" {
		t.Errorf("陆良县's sites: %+v", sites)
	}
	// A task for every site, in 马龙区: 马龙区 has no village, 陆良县 one.
	vb := &Site{Name: "乐熙社区", Kind: KindCommunity, Status: StatusPlanned, ParentID: &tb.ID}
	if err := st.SaveSite(ctx, vb); err != nil {
		t.Fatal(err)
	}
	task := &Task{Name: "制度上墙", Scope: ScopeAll, Deadline: NewDate(2026, 1, 1), CountyID: &b.ID}
	if err := st.SaveTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	tasks, err := st.Tasks(ctx, TaskFilter{CountyID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].Targets != 1 || tasks[0].County != "马龙区" {
		t.Errorf("马龙区's task: %+v", tasks)
	}
	if tasks, _ := st.Tasks(ctx, TaskFilter{CountyID: a.ID}); len(tasks) != 0 {
		t.Errorf("陆良县 has 马龙区's task: %+v", tasks)
	}
	if err := st.TrashCounty(ctx, a.ID); err == nil || !strings.Contains(Message(err, "zh"), "陆良县") {
		t.Errorf("trashing a county with sites: %v", err)
	}
}

// The 挂包 coverage and each site's tasks of a city's database name the
// county, and the coverage of one county counts only its people, each once.
func TestCityCoverageAndSiteTasksByCounty(t *testing.T) {
	st := openTest(t)
	sites, day := coverageFixture(t, st)
	a, b := &County{Name: "马龙区"}, &County{Name: "陆良县"}
	for _, c := range []*County{a, b} {
		if err := st.SaveCounty(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// As a merge leaves them: 通泉街道 and its sites 马龙区's, 同乐街道's 陆良县's.
	for town, c := range map[string]*County{"通泉街道": a, "同乐街道": b} {
		id := sites[town].ID
		if err := st.db.Exec("UPDATE sites SET county_id = ? WHERE id = ? OR parent_id = ?", c.ID, id, id).Error; err != nil {
			t.Fatal(err)
		}
	}
	rows, total, err := st.CoverageInCounty(ctx, 0, day)
	if err != nil {
		t.Fatal(err)
	}
	// 王五, a liaison in both, is one person in the city's total.
	if len(rows) != 2 || rows[0].County != "马龙区" || rows[0].CountyID != a.ID || rows[1].County != "陆良县" ||
		total != (TownshipCoverage{Sites: 7, SitesWithLead: 3, Leads: 2, Liaisons: 2}) {
		t.Errorf("all counties: %+v total %+v", rows, total)
	}
	rows, total, err = st.CoverageInCounty(ctx, b.ID, day)
	if err != nil {
		t.Fatal(err)
	}
	want := TownshipCoverage{TownshipID: sites["同乐街道"].ID, Township: "同乐街道", CountyID: b.ID, County: "陆良县",
		Sites: 2, SitesWithLead: 1, Leads: 1, Liaisons: 1}
	if len(rows) != 1 || rows[0] != want || total != (TownshipCoverage{Sites: 2, SitesWithLead: 1, Leads: 1, Liaisons: 1}) {
		t.Errorf("陆良县: %+v total %+v", rows, total)
	}
	if _, total, _ := st.CoverageInCounty(ctx, a.ID, day); total != (TownshipCoverage{Sites: 5, SitesWithLead: 2, Leads: 1, Liaisons: 2}) {
		t.Errorf("马龙区's total %+v", total)
	}

	if err := st.SaveTask(ctx, &Task{Name: "制度上墙", Scope: ScopeTownship, SiteID: &sites["同乐街道"].ID, Deadline: NewDate(2026, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	done, err := st.SiteCompletion(ctx, day, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range done {
		county := "马龙区"
		if r.Township == "同乐街道" {
			county = "陆良县"
		}
		if r.County != county || r.CountyID == 0 {
			t.Errorf("%s of %s: county %q (%d)", r.Name, r.Township, r.County, r.CountyID)
		}
	}
	if len(done) != 5 {
		t.Errorf("sites with tasks: %d", len(done))
	}
}
