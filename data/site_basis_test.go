package data

import (
	"testing"
	"time"
)

// The statistics by 依托类型 count each basis's sites, rooms unveiled by
// the period's end and activities of the period; sites not told are a row
// of their own; a trashed site's activities still count, the site not.
func TestBasisStatistics(t *testing.T) {
	st, town, site := actSetup(t) // 通泉街道 (not told), 小寨社区
	site.RoomBasis = "members_home"
	if err := st.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	other := &Site{Name: "乐熙社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusUnveiled, UnveiledOn: NewDate(2024, 8, 1), RoomBasis: "party_center"}
	if err := st.SaveSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	bad := &Site{Name: "坏的", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned, RoomBasis: "castle"}
	actWantErr(t, st.SaveSite(ctx, bad), "room_basis")
	for i, a := range []Activity{actValid(site.ID), actValid(site.ID), actValid(other.ID)} {
		a.Date = NewDate(2024, time.Month(3+i), 1)
		if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	stats, err := st.Statistics(ctx, Period{From: NewDate(2024, 1, 1), To: NewDate(2024, 6, 30)})
	if err != nil {
		t.Fatal(err)
	}
	rows := stats.Bases
	got := map[string]BasisStats{}
	for _, r := range rows {
		got[r.Basis] = r
	}
	if len(rows) != len(RoomBases.Options)+1 || rows[0].Basis != "members_home" || rows[len(rows)-1].Basis != "" {
		t.Errorf("rows %+v", rows)
	}
	if r := got["members_home"]; r.Sites != 1 || r.Unveiled != 1 || r.Activities != 2 || r.Participants != 40 || r.ProblemsSolved != 6 {
		t.Errorf("委员之家: %+v", r)
	}
	if r := got["party_center"]; r.Sites != 1 || r.Unveiled != 0 || r.Activities != 1 { // unveiled after the period
		t.Errorf("党群服务中心: %+v", r)
	}
	if r := got[""]; r.Sites != 1 || r.Activities != 0 {
		t.Errorf("not told: %+v", r)
	}
	if r := got["members_studio"]; r.Sites != 0 || r.Activities != 0 || len(r.BySource) != 4 {
		t.Errorf("委员工作室: %+v", r)
	}
}
