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
