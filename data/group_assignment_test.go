package data

import (
	"strings"
	"testing"
)

// A 委（室） or 界别 guides a site beside persons: it is named on the site's
// roster line while current, and the coverage counts the sites it guides.
func TestGroupAssignments(t *testing.T) {
	st, town, site := actSetup(t)
	other := &Site{Name: "乐熙社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	for _, g := range []GroupAssignment{
		{SiteID: site.ID, Kind: "committee", Name: "提案委"},
		{SiteID: site.ID, Kind: "sector", Name: "经济界"},
		{SiteID: other.ID, Kind: "sector", Name: "农业界", FromDate: NewDate(2020, 1, 1), ToDate: NewDate(2020, 12, 31)},
	} {
		if err := st.SaveGroupAssignment(ctx, &g); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []struct {
		g     GroupAssignment
		field string
	}{
		{GroupAssignment{SiteID: site.ID, Kind: "committee", Name: "提案委"}, "name"},
		{GroupAssignment{SiteID: site.ID, Kind: "club", Name: "棋社"}, "kind"},
		{GroupAssignment{SiteID: site.ID, Kind: "sector"}, "name"},
		{GroupAssignment{Kind: "sector", Name: "医药卫生界"}, "site_id"},
		{GroupAssignment{SiteID: site.ID, Kind: "sector", Name: "医药卫生界", FromDate: NewDate(2024, 2, 1), ToDate: NewDate(2024, 1, 1)}, "to_date"},
	} {
		actWantErr(t, st.SaveGroupAssignment(ctx, &bad.g), bad.field)
	}
	now, err := st.GuidingGroups(ctx, NewDate(2024, 6, 1))
	if err != nil || len(now[site.ID]) != 2 || now[site.ID][0] != "提案委" || len(now[other.ID]) != 0 {
		t.Errorf("guiding now: %v %v", now, err)
	}
	then, _ := st.GuidingGroups(ctx, NewDate(2020, 6, 1))
	if len(then[other.ID]) != 1 || then[other.ID][0] != "农业界" {
		t.Errorf("guiding in 2020: %v", then)
	}
	cover, err := st.GroupCoverage(ctx, NewDate(2020, 6, 1))
	if err != nil || cover[town.ID] != 2 || cover[0] != 2 {
		t.Errorf("coverage in 2020: %v %v", cover, err)
	}
	cover, _ = st.GroupCoverage(ctx, NewDate(2024, 6, 1))
	if cover[town.ID] != 1 {
		t.Errorf("coverage now: %v", cover)
	}
	list, err := st.GroupAssignments(ctx, town.ID)
	if err != nil || len(list) != 3 || list[0].SiteName != "小寨社区" || list[0].Township != "通泉街道" {
		t.Errorf("list: %+v %v", list, err)
	}
	// The change log and the trash name the group and its site.
	if err := st.TrashGroupAssignment(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	items, err := st.Trash(ctx)
	if err != nil || len(items) != 1 || items[0].Title != "提案委 → 小寨社区" {
		t.Errorf("trash: %+v %v", items, err)
	}
	ch, err := st.Changes(ctx, ChangeFilter{Entity: "group_assignment"})
	if err != nil || len(ch) != 4 {
		t.Fatalf("change log: %+v %v", ch, err)
	}
	for _, c := range ch {
		if !strings.HasSuffix(c.Title, "社区") {
			t.Errorf("change log title %q names no site", c.Title)
		}
	}
}
