package export

import (
	"path/filepath"
	"testing"

	"pilotdesk/data"
)

// The roster names the 委（室） and 界别 guiding a site beside its persons,
// those current on the roster's day only.
func TestRosterShowsGroups(t *testing.T) {
	fx := newFixture(t)
	for _, g := range []data.GroupAssignment{
		{SiteID: fx.lexi.ID, Kind: "committee", Name: "提案委"},
		{SiteID: fx.lexi.ID, Kind: "sector", Name: "经济界"},
		{SiteID: fx.xiaozhai.ID, Kind: "sector", Name: "农业界", ToDate: day("2020-12-31")},
	} {
		must(t, fx.st.SaveGroupAssignment(ctx, &g))
	}
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	must(t, Roster(ctx, fx.st, path, Options{On: day("2024-06-30")}))
	f := reopen(t, path)
	defer f.Close()
	sh := "试点单位一览表"
	all := rows(t, f, sh)
	assertText(t, f, sh, cell(6, findRow(all, 2, "乐熙社区")), "王建国")
	assertText(t, f, sh, cell(8, findRow(all, 2, "乐熙社区")), "提案委、经济界")
	if got := get(t, f, sh, cell(8, findRow(all, 2, "小寨社区居委会"))); got != "" {
		t.Errorf("小寨's group ended in 2020, shown %q", got)
	}
}
