package data

import (
	"strings"
	"testing"
)

func planOn(siteID uint, d Date, topic string) Plan {
	return Plan{Date: d, SiteID: siteID, Topic: topic, TopicSource: SourcePublic, Form: "meeting", Procedure: "三阶五步"}
}

func TestPlanValidation(t *testing.T) {
	st, _, site := actSetup(t)
	for _, tc := range []struct {
		name, field string
		edit        func(*Plan)
	}{
		{"no date", "date", func(p *Plan) { p.Date = Date{} }},
		{"no site", "site_id", func(p *Plan) { p.SiteID = 0 }},
		{"gone site", "site_id", func(p *Plan) { p.SiteID = 999 }},
		{"no topic", "topic", func(p *Plan) { p.Topic = "" }},
		{"no source", "topic_source", func(p *Plan) { p.TopicSource = "" }},
		{"cancelled without reason", "reason", func(p *Plan) { p.Status = PlanCancelled }},
		{"held by hand", "status", func(p *Plan) { p.Status = PlanHeld }},
	} {
		p := planOn(site.ID, Today().AddDays(3), "小区停车难")
		tc.edit(&p)
		err := st.SavePlan(ctx, &p, nil)
		if p.ID != 0 {
			t.Errorf("%s: saved", tc.name)
		}
		actWantErr(t, err, tc.field)
	}
	p := planOn(site.ID, Today().AddDays(3), "小区停车难")
	actWantErr(t, st.SavePlan(ctx, &p, []Attendee{{Role: "member"}}), "invitees[0].name")
	// A day to come is what a plan is for; its invitees are kept.
	member := actPerson(t, st, "李委员", false)
	if err := st.SavePlan(ctx, &p, []Attendee{{PersonID: &member, Role: "member"}, {Name: "片区商户代表", Role: "stakeholder"}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Plan(ctx, p.ID)
	if err != nil || got.Status != PlanPlanned || got.SiteName != "小寨社区" || got.Township != "通泉街道" || len(got.Invitees) != 2 || got.Invitees[0].Name != "李委员" {
		t.Errorf("stored %+v %v", got, err)
	}
}

// The overview's next 30 days, on a fixed day: the plans from that day to
// 30 days on, soonest first; a passed day not held nor cancelled is overdue.
func TestUpcomingAndOverduePlans(t *testing.T) {
	st, town, site := actSetup(t)
	today := NewDate(2024, 6, 1)
	save := func(d Date, topic, status string) {
		t.Helper()
		p := planOn(site.ID, d, topic)
		if status == PlanCancelled {
			p.Status, p.Reason = status, "汛期推迟"
		}
		if topic == "乡镇议题" {
			p.SiteID = town.ID
		}
		if err := st.SavePlan(ctx, &p, nil); err != nil {
			t.Fatal(err)
		}
	}
	save(NewDate(2024, 5, 31), "上月底的", "")
	save(NewDate(2024, 6, 1), "今天的", "")
	save(NewDate(2024, 7, 1), "乡镇议题", "")
	save(NewDate(2024, 6, 15), "月中的", "")
	save(NewDate(2024, 7, 2), "31天后的", "")
	save(NewDate(2024, 6, 10), "取消的", PlanCancelled)
	save(NewDate(2024, 5, 1), "取消的旧计划", PlanCancelled)
	titles := func(rows []Plan, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range rows {
			out = append(out, p.Topic)
		}
		return strings.Join(out, " ")
	}
	if got := titles(st.UpcomingPlans(ctx, today, 30)); got != "今天的 月中的 乡镇议题" {
		t.Errorf("next 30 days: %s", got)
	}
	if got := titles(st.OverduePlans(ctx, today)); got != "上月底的" {
		t.Errorf("overdue: %s", got)
	}
	if got := titles(st.Plans(ctx, PlanFilter{Status: PlanCancelled})); got != "取消的 取消的旧计划" {
		t.Errorf("cancelled: %s", got)
	}
	if got := titles(st.Plans(ctx, PlanFilter{SiteID: town.ID})); got != "乡镇议题" {
		t.Errorf("the township's own: %s", got)
	}
}

// A topic's path: collected, chosen for a plan, consulted on at the
// activity the plan became, done.
func TestTopicPathThroughPlan(t *testing.T) {
	st, _, site := actSetup(t)
	member := actPerson(t, st, "李委员", false)
	topic := topicValid(site.ID)
	topic.ProposedOn = Today().AddDays(-20)
	if err := st.SaveTopic(ctx, &topic); err != nil {
		t.Fatal(err)
	}
	plan := planOn(site.ID, Today().AddDays(7), topic.Text)
	if err := st.SavePlan(ctx, &plan, []Attendee{{PersonID: &member, Role: "member"}, {Name: "片区商户代表", Role: "stakeholder"}}); err != nil {
		t.Fatal(err)
	}
	if err := st.PlanTopic(ctx, topic.ID, plan.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Topic(ctx, topic.ID)
	if got.Status != TopicChosen || got.PlanID == nil || *got.PlanID != plan.ID || got.ActivityID != nil {
		t.Fatalf("chosen: %+v", got)
	}
	// Planned, it is in the coming days and counts as no activity.
	if up, _ := st.UpcomingPlans(ctx, Today(), 30); len(up) != 1 {
		t.Errorf("upcoming: %v", up)
	}
	if _, n, _ := st.Activities(ctx, ActivityFilter{}); n != 0 {
		t.Errorf("%d activities while only planned", n)
	}
	// Held: the activity takes what was planned; the rules of a held
	// activity (its head count) apply to it.
	full, _ := st.Plan(ctx, plan.ID)
	a, attendees := ActivityFromPlan(full, Today())
	if a.Date != Today() || a.Topic != topic.Text || a.Form != "meeting" || a.Procedure != "三阶五步" || len(attendees) != 2 || a.Participants != 2 {
		t.Fatalf("the activity from the plan: %+v %+v", a, attendees)
	}
	a.Participants = 1
	actWantErr(t, st.SaveActivity(ctx, &a, attendees, nil), "participants")
	a.Participants, a.Outcome = 25, "设临时停车场"
	if err := st.SaveActivity(ctx, &a, attendees, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.HoldPlan(ctx, plan.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	held, _ := st.Plan(ctx, plan.ID)
	if held.Status != PlanHeld || held.ActivityID == nil || *held.ActivityID != a.ID || held.Date != plan.Date || len(held.Invitees) != 2 {
		t.Errorf("held plan: %+v", held)
	}
	got, _ = st.Topic(ctx, topic.ID)
	if got.Status != TopicConsulted || got.ActivityID == nil || *got.ActivityID != a.ID {
		t.Fatalf("consulted: %+v", got)
	}
	if err := st.HoldPlan(ctx, plan.ID, a.ID); ErrorCode(err) != EConflict {
		t.Errorf("held twice: %v", err)
	}
	if up, _ := st.UpcomingPlans(ctx, Today(), 30); len(up) != 0 {
		t.Errorf("a held plan is still upcoming: %v", up)
	}
	got.Status = TopicDone
	if err := st.SaveTopic(ctx, got); err != nil {
		t.Fatal(err)
	}
	if done, _ := st.Topics(ctx, TopicFilter{Status: TopicDone}); len(done) != 1 {
		t.Errorf("done: %v", done)
	}
	// A plan trashed gives its topics back to the library, unplanned.
	other := topicValid(site.ID)
	other.Text = "背街小巷硬化"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.SaveTopic(ctx, &other))
	next := planOn(site.ID, Today().AddDays(40), other.Text)
	must(st.SavePlan(ctx, &next, nil))
	must(st.PlanTopic(ctx, other.ID, next.ID))
	must(st.TrashPlan(ctx, next.ID))
	if x, _ := st.Topic(ctx, other.ID); x.PlanID != nil || x.Status != TopicChosen {
		t.Errorf("after the plan went: %+v", x)
	}
	must(st.RestoreTrash(ctx, "plan", next.ID))
	must(st.TrashPlan(ctx, next.ID))
	must(st.PurgeTrash(ctx, "plan", next.ID))
	if n := count(t, st, "SELECT COUNT(*) FROM plan_invitees"); n != 2 {
		t.Errorf("%d invitees left, want the held plan's 2", n)
	}
}
