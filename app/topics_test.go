package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func topicsScreen(t *testing.T, u *UI) *TopicsScreen {
	t.Helper()
	u.showScreen("topics")
	s, ok := u.screen().(*TopicsScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// A topic typed into the form is stored and listed; a rejected one needs
// its reason; 安排协商 opens the ledger's form, and the activity saved
// there takes the topic, which cannot then be deleted.
func TestTopicThroughFormAndPlan(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	s := topicsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共0条", "选中一个议题")

	test.Tap(button(t, c, "登记议题"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	if got := f.inputs["proposed_on"].(*formEntry).Text; got != data.Today().String() {
		t.Errorf("a new topic is proposed %q, want today", got)
	}
	test.Type(f.inputs["text"].(*formEntry), "小寨工业片区停车难")
	f.inputs["source"].(*enumSelect).SetSelected("委员荐题")
	f.inputs["proposer_kind"].(*enumSelect).SetSelected("个人")
	pickIn(t, f.inputs["person_id"].(*picker), "王芳")
	if got := f.inputs["proposer"].(*formEntry).Text; got != "王芳" {
		t.Errorf("the proposer's name is %q after picking", got)
	}
	f.inputs["proposed_on"].(*formEntry).SetText("2020.4.20")
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	// Not taken up without a reason: refused, the reason's field marked.
	f.inputs["status"].(*enumSelect).SetSelected("不予采纳")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("saved a rejected topic without its reason")
	}
	assertShown(t, c, "请填写不予采纳的理由。")
	f.inputs["status"].(*enumSelect).SetSelected("已确定")
	if !f.inputs["reason"].(*formEntry).Disabled() {
		t.Error("the reason is open for a chosen topic")
	}
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "2020-04-20", "小寨工业片区停车难", "委员荐题", "王芳", "已确定", "共1条")
	topics, err := st.Topics(bg, data.TopicFilter{})
	if err != nil || len(topics) != 1 || topics[0].PersonID == nil || *topics[0].PersonID != d.wang.ID ||
		topics[0].SiteID != d.xiaozhai.ID || topics[0].Status != data.TopicChosen || topics[0].ProposedOn != data.NewDate(2020, 4, 20) {
		t.Fatalf("stored %+v %v", topics, err)
	}

	// The filters: another status hides it, its township shows it.
	s.status.SetSelected("征集中")
	assertShown(t, c, "共0条")
	s.status.SetSelectedIndex(0)
	s.place.township.SetSelected("通泉街道")
	assertShown(t, c, "共1条")

	// 安排协商: a consultation planned on the topic, a day to come, with
	// people invited; the topic is chosen for it.
	s.table.selectID(topics[0].ID)
	s.showDetail(topics[0])
	test.Tap(button(t, c, "安排协商"))
	f = u.form
	if f == nil {
		t.Fatal("the plan form did not open")
	}
	if got := f.inputs["topic"].(*formEntry).Text; got != "小寨工业片区停车难" {
		t.Errorf("the plan's topic is %q", got)
	}
	if got := f.inputs["site_id"].(*picker).chosen; got != d.xiaozhai.ID {
		t.Errorf("the plan's site is %d", got)
	}
	day := data.Today().AddDays(10)
	f.inputs["date"].(*formEntry).SetText(day.String())
	pickIn(t, f.inputs["invitees"].(*attendeeEditor).add, "张伟")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("plan form still open: %q", shownTexts(c))
	}
	plans, err := st.Plans(bg, data.PlanFilter{})
	if err != nil || len(plans) != 1 || plans[0].Date != day || len(plans[0].Invitees) != 1 || plans[0].Invitees[0].PersonID == nil {
		t.Fatalf("plans %+v %v", plans, err)
	}
	got, _ := st.Topic(bg, topics[0].ID)
	if got.Status != data.TopicChosen || got.PlanID == nil || *got.PlanID != plans[0].ID {
		t.Fatalf("the topic planned: %+v", got)
	}
	if !s.plan.Disabled() {
		t.Error("安排协商 offered again for a topic planned")
	}

	// Held: the plans screen opens the ledger's form with what was planned.
	u.showScreen("plans")
	ps := u.screen().(*PlansScreen)
	assertShown(t, c, day.String(), "小寨工业片区停车难", "计划中")
	ps.table.selectID(plans[0].ID)
	ps.showDetail(plans[0])
	test.Tap(button(t, c, "标记为已开展"))
	f = u.form
	if f == nil {
		t.Fatal("the activity form did not open")
	}
	if got := f.inputs["topic"].(*formEntry).Text; got != "小寨工业片区停车难" || f.inputs["date"].(*formEntry).Text != data.Today().String() ||
		len(f.inputs["attendees"].(*attendeeEditor).rows) != 1 {
		t.Errorf("the activity from the plan: %q %q %+v", got, f.inputs["date"].(*formEntry).Text, f.inputs["attendees"].(*attendeeEditor).rows)
	}
	f.inputs["participants"].(*formEntry).SetText("20")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("activity form still open: %q", shownTexts(c))
	}
	ps.refresh()
	assertShown(t, c, "已开展")
	acts, _, err := st.Activities(bg, data.ActivityFilter{})
	if err != nil || len(acts) != 1 || acts[0].Topic != "小寨工业片区停车难" || acts[0].TopicSource != data.SourceMember {
		t.Fatalf("activities %+v %v", acts, err)
	}
	got, err = st.Topic(bg, topics[0].ID)
	if err != nil || got.Status != data.TopicConsulted || got.ActivityID == nil || *got.ActivityID != acts[0].ID {
		t.Fatalf("the topic after its activity: %+v %v", got, err)
	}
	topicsScreen(t, u)
	title := data.Today().String() + " 小寨工业片区停车难"
	assertShown(t, c, "已协商", title)
	// The ledger's detail links back to the topic.
	acts2 := ledger(t, u)
	acts2.table.selectID(acts[0].ID)
	acts2.showDetail(acts[0])
	assertShown(t, c, "议题库：“小寨工业片区停车难”（已协商）")
	s = topicsScreen(t, u)
	s.table.selectID(got.ID)
	s.showDetail(*got)
	if !s.plan.Disabled() {
		t.Error("安排协商 offered for a topic consulted on")
	}
	if held, _ := st.Plan(bg, plans[0].ID); held.Status != data.PlanHeld || held.ActivityID == nil || *held.ActivityID != acts[0].ID || held.Date != day {
		t.Errorf("the plan held: %+v", held)
	}

	// Deleting it is refused with the activity named.
	s.table.selectID(got.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	test.Tap(button(t, c, "是"))
	if !strings.Contains(strings.Join(shownTexts(c), "\n"), "已用于协商议事活动“"+title+"”") {
		t.Errorf("no refusal naming the activity: %q", shownTexts(c))
	}
	if _, err := st.Topic(bg, got.ID); err != nil {
		t.Errorf("the topic went: %v", err)
	}
}
