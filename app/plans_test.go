package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func savePlan(t *testing.T, st *data.Store, site *data.Site, day data.Date, topic string) *data.Plan {
	t.Helper()
	p := &data.Plan{Date: day, SiteID: site.ID, Topic: topic, TopicSource: data.SourcePublic}
	if err := st.SavePlan(bg, p, nil); err != nil {
		t.Fatal(err)
	}
	return p
}

// On a fixed day, the overview lists the consultations planned for the
// next 30 days, soonest first, and warns of one whose day has passed; the
// warning lists it and leads to the plans.
func TestOverviewPlansOnFixedDay(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	day := data.NewDate(2024, 6, 1)
	savePlan(t, st, d.lexi, data.NewDate(2024, 5, 30), "上周没开成的")
	savePlan(t, st, d.xiaozhai, data.NewDate(2024, 6, 30), "月底的")
	savePlan(t, st, d.lexi, data.NewDate(2024, 6, 3), "下周一的")
	savePlan(t, st, d.lexi, data.NewDate(2024, 7, 2), "一个月以后的")
	s := overviewScreen(t, u)
	w, err := loadWarnings(bg, st, day)
	if err != nil {
		t.Fatal(err)
	}
	dash, err := st.Dashboard(bg, day)
	if err != nil {
		t.Fatal(err)
	}
	data := &overviewData{today: day, dash: dash, overviewWarnings: *w}
	s.last = data
	s.fillWarnings(data)
	c := u.win.Canvas()
	assertShown(t, c, "今后30天的协商计划（2项）：", "2024-06-03　乐熙社区：下周一的", "2024-06-30　小寨社区：月底的")
	assertNotShown(t, c, "一个月以后的")
	tapLink(t, c, "1项协商计划的日期已过，尚未标记为已开展或已取消")
	assertShown(t, c, "2024-05-30　乐熙社区：上周没开成的")
	test.Tap(button(t, c, "前往协商计划"))
	if _, ok := u.screen().(*PlansScreen); !ok {
		t.Fatalf("went to %T", u.screen())
	}
	assertShown(t, c, "上周没开成的", "共4条")
}

// A plan typed into the form: a day to come is taken, a cancelled one
// needs its reason, a passed day shows in the warning colour.
func TestPlanThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	u.showScreen("plans")
	s := u.screen().(*PlansScreen)
	c := u.win.Canvas()
	assertShown(t, c, "共0条", "选中一项协商计划")
	test.Tap(button(t, c, "新增协商计划"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	day := data.Today().AddDays(20)
	f.inputs["date"].(*formEntry).SetText(day.String())
	pickIn(t, f.inputs["site_id"].(*picker), "乐熙")
	test.Type(f.inputs["topic"].(*formEntry), "加装电梯")
	f.inputs["topic_source"].(*enumSelect).SetSelected("政府出题")
	f.inputs["form"].(*enumSelect).SetSelected("协商议事会")
	who := f.inputs["invitees"].(*attendeeEditor)
	pickIn(t, who.add, "王芳")
	test.Type(who.name, "楼栋长代表")
	who.addNamed()
	f.inputs["status"].(*enumSelect).SetSelected("已取消")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("a cancelled plan saved without its reason")
	}
	assertShown(t, c, "请填写取消原因。")
	f.inputs["status"].(*enumSelect).SetSelected("计划中")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, day.String(), "乐熙社区", "加装电梯", "协商议事会", "计划中", "共1条")
	plans, err := st.Plans(bg, data.PlanFilter{})
	if err != nil || len(plans) != 1 || plans[0].SiteID != d.lexi.ID || len(plans[0].Invitees) != 2 || plans[0].Invitees[1].Name != "楼栋长代表" {
		t.Fatalf("stored %+v %v", plans, err)
	}
	old := savePlan(t, st, d.xiaozhai, data.Today().AddDays(-2), "过期未开")
	s.refresh()
	for _, r := range s.table.rows {
		if s.table.warn(r) != (r.ID == old.ID) {
			t.Errorf("plan %s: warning %v", r.Title(), s.table.warn(r))
		}
	}
}
