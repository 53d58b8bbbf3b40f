package export

import (
	"path/filepath"
	"testing"

	"pilotdesk/data"
)

// A planned consultation's sign-in sheet is printed before the meeting:
// its invitees named with their role and unit, dated the day planned, a
// day still to come.
func TestSignInFromPlan(t *testing.T) {
	fx := newFixture(t)
	day := data.Today().AddDays(10)
	p := data.Plan{Date: day, SiteID: fx.xiaozhai.ID, Topic: "小寨工业片区停车难", TopicSource: data.SourcePublic}
	must(t, fx.st.SavePlan(ctx, &p, []data.Attendee{{PersonID: &fx.leader.ID, Role: "leader"}, {Name: "片区商户代表", Role: "stakeholder"}}))
	opts := Options{PlanID: p.ID}
	if got, want := FileName(ctx, fx.st, ReportSignIn, opts), "签到表-"+day.Chinese()+"-小寨社区居委会.xlsx"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	path := filepath.Join(t.TempDir(), "signin.xlsx")
	must(t, Run(ctx, fx.st, ReportSignIn, path, opts))
	f := reopen(t, path)
	defer f.Close()
	sh := "签到表"
	if got := get(t, f, sh, "A2"); got != "议题：小寨工业片区停车难\n时间："+day.Chinese()+"　　地点：通泉街道小寨社区居委会" {
		t.Errorf("A2 = %q", got)
	}
	assertText(t, f, sh, "B4", "王建国")
	assertText(t, f, sh, "C4", "领导")
	assertText(t, f, sh, "D4", "区政协副主席")
	assertText(t, f, sh, "B5", "片区商户代表")
	all := rows(t, f, sh)
	if n := findRowPrefix(all, "填表人：") - 6; n < minBlankRows {
		t.Errorf("%d blank rows for those not invited by name", n)
	}
}
