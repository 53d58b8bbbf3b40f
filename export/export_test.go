package export

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pilotdesk/data"
)

func TestAll(t *testing.T) {
	st := openStore(t)
	must(t, st.LoadDemo(ctx, data.Today()))
	acts, _, err := st.Activities(ctx, data.ActivityFilter{Keyword: "小寨工业片区", Limit: 1})
	must(t, err)
	dir := t.TempDir()
	opts := Options{From: day("2020-01-01"), To: day("2020-12-31"), ActivityID: acts[0].ID}
	paths, err := All(ctx, st, dir, opts)
	must(t, err)
	want := []string{"试点单位及挂包联系一览表.xlsx", "政策顾问团名册.xlsx", "签到表-2020年4月28日-小寨社区居委会.xlsx",
		"协商议事活动台账（2020-01-01至2020-12-31）.xlsx", "督办事项台账（2020-01-01至2020-12-31）.xlsx", "典型案例（2020-01-01至2020-12-31）.xlsx",
		"工作情况统计表（2020-01-01至2020-12-31）.xlsx", "统计表（2020-01-01至2020-12-31）.xlsx", "议题库.xlsx"}
	var got []string
	for _, p := range paths {
		got = append(got, filepath.Base(p))
		f := reopen(t, p)
		for _, sh := range f.GetSheetList() {
			// A case's page is headed by the case's own title.
			if a1 := get(t, f, sh, "A1"); !strings.HasPrefix(a1, "政协马龙区委员会") && !strings.HasPrefix(a1, "马龙区政策顾问团") && !strings.HasPrefix(sh, "案例") {
				t.Errorf("%s!A1 = %q", filepath.Base(p), a1)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("wrote %q, want %q", got, want)
	}
	// Without an activity there is no sign-in sheet.
	paths, err = All(ctx, st, t.TempDir(), Options{})
	must(t, err)
	if len(paths) != 8 {
		t.Errorf("wrote %q", paths)
	}
}

func TestRunUnknownReport(t *testing.T) {
	fx := newFixture(t)
	err := Run(ctx, fx.st, "nonsense", filepath.Join(t.TempDir(), "x.xlsx"), Options{})
	if data.ErrorCode(err) != data.EInvalid {
		t.Errorf("err = %v", err)
	}
}

// A suggested name says in Chinese which activity a sign-in sheet is of,
// and stays a valid Windows file name whatever the site is called.
func TestSignInFileName(t *testing.T) {
	st := openStore(t)
	town := data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusPlanned}
	must(t, st.SaveSite(ctx, &town))
	site := data.Site{Name: "乐熙社区/东区: 议事站.", Kind: data.KindCommunity, ParentID: &town.ID, Status: data.StatusPlanned}
	must(t, st.SaveSite(ctx, &site))
	a := data.Activity{Date: day("2026-03-05"), SiteID: site.ID, Topic: "停车难", TopicSource: data.SourcePublic}
	must(t, st.SaveActivity(ctx, &a, nil, nil))
	if got, want := FileName(ctx, st, ReportSignIn, Options{ActivityID: a.ID}), "签到表-2026年3月5日-乐熙社区_东区_ 议事站.xlsx"; got != want {
		t.Errorf("name %q, want %q", got, want)
	}
	// An activity gone meanwhile: the report's name.
	if got := FileName(ctx, st, ReportSignIn, Options{ActivityID: a.ID + 100}); got != "协商议事活动签到表.xlsx" {
		t.Errorf("name of a missing activity %q", got)
	}
}
