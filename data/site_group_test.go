package data

import (
	"strings"
	"testing"
)

// A 村民小组 must be under a village or community; an activity held there
// is its village's and its township's in every count.
func TestSiteGroupCountsForVillageAndTownship(t *testing.T) {
	st, town, site := actSetup(t)
	firm := &Site{Name: "工业园区", Kind: KindEnterprise, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, firm); err != nil {
		t.Fatal(err)
	}
	for _, g := range []SiteGroup{
		{SiteID: town.ID, Name: "一组", Kind: "group"},
		{SiteID: firm.ID, Name: "一组", Kind: "group"},
		{SiteID: 999, Name: "一组", Kind: "group"},
	} {
		actWantErr(t, st.SaveSiteGroup(ctx, &g), "site_id")
	}
	actWantErr(t, st.SaveSiteGroup(ctx, &SiteGroup{SiteID: site.ID, Name: "一组"}), "kind")
	g := SiteGroup{SiteID: site.ID, Name: "小寨三组", Kind: "group"}
	if err := st.SaveSiteGroup(ctx, &g); err != nil {
		t.Fatal(err)
	}
	actWantErr(t, st.SaveSiteGroup(ctx, &SiteGroup{SiteID: site.ID, Name: "小寨三组", Kind: "compound"}), "name")

	a := actValid(site.ID)
	a.GroupID = g.ID
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	other := &Site{Name: "乐熙社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	wrong := actValid(other.ID)
	wrong.GroupID = g.ID
	actWantErr(t, st.SaveActivity(ctx, &wrong, nil, nil), "group_id")

	stored, err := st.Activity(ctx, a.ID)
	if err != nil || stored.GroupID != g.ID || stored.SiteID != site.ID || stored.TownshipID != town.ID {
		t.Fatalf("stored %+v %v", stored, err)
	}
	stats, err := st.Statistics(ctx, Period{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stats.Townships) != 1 || stats.Townships[0].TownshipID != town.ID || stats.Townships[0].Activities != 1 {
		t.Errorf("by township: %+v", stats.Townships)
	}
	if _, n, _ := st.Activities(ctx, ActivityFilter{SiteID: site.ID}); n != 1 {
		t.Errorf("the village's activities: %d", n)
	}
	if _, n, _ := st.Activities(ctx, ActivityFilter{TownshipID: town.ID}); n != 1 {
		t.Errorf("the township's activities: %d", n)
	}
	// A group activities were held at neither leaves nor moves.
	if err := st.TrashSiteGroup(ctx, g.ID); ErrorCode(err) != EInUse {
		t.Errorf("trashed a group in use: %v", err)
	}
	g.SiteID = other.ID
	actWantErr(t, st.SaveSiteGroup(ctx, &g), "site_id")
	if rows, err := st.SiteGroups(ctx, town.ID, 0, ""); err != nil || len(rows) != 1 || rows[0].SiteName != "小寨社区" || rows[0].Township != "通泉街道" {
		t.Errorf("the township's groups: %+v %v", rows, err)
	}
	// A site with a group is not trashed under it (nor is one with a plan).
	empty := &Site{Name: "新村", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, empty); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSiteGroup(ctx, &SiteGroup{SiteID: empty.ID, Name: "一组", Kind: "group"}); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, empty.ID); ErrorCode(err) != EInUse || !strings.Contains(Message(err, "zh"), "还有1个村民小组（小区）") {
		t.Errorf("trashed a site with a group: %v", err)
	}
}
