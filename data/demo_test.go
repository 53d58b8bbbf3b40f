package data

import (
	"context"
	"testing"
)

func TestLoadDemo(t *testing.T) {
	ctx := context.Background()
	st := openTest(t)
	if err := st.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := st.Settings(ctx)
	if err != nil || s[SettingDistrict] != "马龙区" {
		t.Fatalf("settings %v, %v", s, err)
	}
	sites, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]Site{}
	for _, x := range sites {
		names[x.Name] = x
	}
	if l := names["乐熙社区"]; l.Township != "通泉街道" || l.UnveiledOn.String() != "2020-04-02" {
		t.Errorf("乐熙社区 = %+v", l)
	}
	// Every site, townships included, has a lead.
	if without, err := st.SitesWithoutLead(ctx, Date{}); err != nil || len(without) != 0 {
		t.Errorf("sites without a lead: %v, %v", without, err)
	}
	acts, n, err := st.Activities(ctx, ActivityFilter{Keyword: "小寨工业片区", Limit: 5})
	if err != nil || n != 1 {
		t.Fatalf("小寨 activity: %d, %v", n, err)
	}
	if a := acts[0]; a.Decision != DecisionHands || a.VotesFor != a.Participants {
		t.Errorf("小寨 activity = %+v", a)
	}
	panels, err := st.PanelStats(ctx)
	if err != nil || len(panels) != 1 || panels[0].People < 10 {
		t.Errorf("panels = %+v, %v", panels, err)
	}
	// A second load would mix the demo into real work: refused.
	if err := st.LoadDemo(ctx); ErrorCode(err) != EConflict {
		t.Errorf("second LoadDemo: %v", err)
	}
}

func TestGenerateActivities(t *testing.T) {
	ctx := context.Background()
	count := func(seed int64) (int, []Activity) {
		st := openTest(t)
		if err := st.LoadDemo(ctx); err != nil {
			t.Fatal(err)
		}
		_, before, _ := st.Activities(ctx, ActivityFilter{Limit: 1})
		if err := st.GenerateActivities(ctx, 1234, seed); err != nil {
			t.Fatal(err)
		}
		rows, after, err := st.Activities(ctx, ActivityFilter{Sort: "date", Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		return after - before, rows
	}
	n, a := count(7)
	if n != 1234 {
		t.Errorf("added %d", n)
	}
	_, b := count(7)
	if a[0].Topic != b[0].Topic || !a[0].Date.Equal(b[0].Date) {
		t.Error("the same seed gave different activities")
	}
	if err := openTest(t).GenerateActivities(ctx, 10, 1); ErrorCode(err) != EInvalid {
		t.Errorf("no sites: %v", err)
	}
}
