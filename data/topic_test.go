package data

import (
	"strings"
	"testing"
)

// topicValid is a topic solicited from the public at site.
func topicValid(siteID uint) Topic {
	return Topic{Text: "小区停车难", Source: SourcePublic, ProposerKind: ProposerPublic, ProposedOn: NewDate(2024, 4, 20),
		SiteID: siteID, Status: TopicCollecting}
}

func TestTopicValidation(t *testing.T) {
	st, town, site := actSetup(t)
	member := actPerson(t, st, "李委员", false)
	a := actValid(site.ID)
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	other := &Site{Name: "马街镇", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, field string
		edit        func(*Topic)
	}{
		{"no text", "text", func(x *Topic) { x.Text = "  " }},
		{"long text", "text", func(x *Topic) { x.Text = strings.Repeat("议", 201) }},
		{"no source", "source", func(x *Topic) { x.Source = "" }},
		{"unit unnamed", "proposer", func(x *Topic) { x.ProposerKind = ProposerUnit }},
		{"person unnamed", "proposer", func(x *Topic) { x.ProposerKind = ProposerPerson }},
		{"no date", "proposed_on", func(x *Topic) { x.ProposedOn = Date{} }},
		{"future", "proposed_on", func(x *Topic) { x.ProposedOn = Today().AddDays(1) }},
		{"no place", "site_id", func(x *Topic) { x.SiteID = 0 }},
		{"rejected without reason", "reason", func(x *Topic) { x.Status = TopicRejected }},
		{"consulted without activity", "activity_id", func(x *Topic) { x.Status = TopicConsulted }},
		{"done without activity", "activity_id", func(x *Topic) { x.Status = TopicDone }},
		{"activity elsewhere", "activity_id", func(x *Topic) { x.SiteID, x.Status, x.ActivityID = other.ID, TopicConsulted, &a.ID }},
		{"missing person", "proposer", func(x *Topic) { x.ProposerKind, x.PersonID = ProposerPerson, optionalUint(9999) }},
	} {
		x := topicValid(site.ID)
		tc.edit(&x)
		err := st.SaveTopic(ctx, &x)
		if x.ID != 0 {
			t.Errorf("%s: saved", tc.name)
		}
		actWantErr(t, err, tc.field)
	}
	// A township's topic may be consulted on at one of its sites; a
	// person's name is taken from the people on file.
	x := topicValid(town.ID)
	x.ProposerKind, x.PersonID, x.Proposer = ProposerPerson, &member, "别的名字"
	x.Status, x.ActivityID = TopicConsulted, &a.ID
	if err := st.SaveTopic(ctx, &x); err != nil {
		t.Fatal(err)
	}
	got, err := st.Topic(ctx, x.ID)
	if err != nil || got.Proposer != "李委员" || got.SiteName != "通泉街道" || got.ActivityTitle() != "2024-05-08 小寨工业片区交通和环境问题" {
		t.Errorf("stored %+v %v", got, err)
	}
	// The same topic twice in one place is refused; elsewhere it is not.
	dup := topicValid(town.ID)
	actWantErr(t, st.SaveTopic(ctx, &dup), "text")
	dup.SiteID = site.ID
	if err := st.SaveTopic(ctx, &dup); err != nil {
		t.Error(err)
	}
	// A reason is kept only for a topic not taken up.
	dup.Reason = "不属于协商范围"
	if err := st.SaveTopic(ctx, &dup); err != nil || dup.Reason != "" {
		t.Errorf("reason kept on a topic being collected: %q %v", dup.Reason, err)
	}
	dup.Status, dup.Reason = TopicRejected, "不属于协商范围"
	if err := st.SaveTopic(ctx, &dup); err != nil || dup.Reason != "不属于协商范围" {
		t.Errorf("rejected: %q %v", dup.Reason, err)
	}
	if err := st.TakeTopic(ctx, dup.ID, a.ID); ErrorCode(err) != EConflict {
		t.Errorf("a topic not taken up was taken: %v", err)
	}
}

func optionalUint(n uint) *uint { return &n }

// A topic taken by an activity cannot be deleted, and the activity names
// it; the activity cannot be deleted either while the topic links it.
func TestTopicInUse(t *testing.T) {
	st, _, site := actSetup(t)
	a := actValid(site.ID)
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	x := topicValid(site.ID)
	if err := st.SaveTopic(ctx, &x); err != nil {
		t.Fatal(err)
	}
	if err := st.TakeTopic(ctx, x.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Topic(ctx, x.ID)
	if got.Status != TopicConsulted || got.ActivityID == nil || *got.ActivityID != a.ID {
		t.Fatalf("taken: %+v", got)
	}
	of, err := st.TopicsOfActivity(ctx, a.ID)
	if err != nil || len(of) != 1 || of[0].ID != x.ID {
		t.Errorf("the activity's topics: %+v %v", of, err)
	}
	err = st.TrashTopic(ctx, x.ID)
	if ErrorCode(err) != EInUse || !strings.Contains(Message(err, "zh"), "2024-05-08 小寨工业片区交通和环境问题") ||
		!strings.Contains(Message(err, "en"), "2024-05-08 小寨工业片区交通和环境问题") {
		t.Errorf("trashing a topic in use: %v", err)
	}
	err = st.TrashActivity(ctx, a.ID)
	if ErrorCode(err) != EInUse || !strings.Contains(Message(err, "zh"), "小区停车难") {
		t.Errorf("trashing an activity that takes a topic: %v", err)
	}
	// Unlinked (set back to chosen), both go.
	got.Status, got.ActivityID = TopicChosen, nil
	if err := st.SaveTopic(ctx, got); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashTopic(ctx, x.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashActivity(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "topic", x.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashTopic(ctx, x.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "topic", x.ID); err != nil {
		t.Fatal(err)
	}
}

func TestTopicFilters(t *testing.T) {
	st, town, site := actSetup(t)
	other := &Site{Name: "马街镇", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, other); err != nil {
		t.Fatal(err)
	}
	for i, x := range []Topic{
		{Text: "小区停车难", Source: SourcePublic, ProposerKind: ProposerPublic, ProposedOn: NewDate(2024, 4, 20), SiteID: site.ID, Status: TopicCollecting},
		{Text: "背街小巷硬化", Source: SourceGovernment, ProposerKind: ProposerUnit, Proposer: "街道办事处", ProposedOn: NewDate(2024, 3, 1), SiteID: town.ID, Status: TopicChosen},
		{Text: "集市日交通秩序", Source: SourceMember, ProposerKind: ProposerUnit, Proposer: "农业界委员小组", ProposedOn: NewDate(2023, 9, 9), SiteID: other.ID, Status: TopicRejected, Reason: "已列入县级项目"},
	} {
		if err := st.SaveTopic(ctx, &x); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
	}
	for name, tc := range map[string]struct {
		f    TopicFilter
		want string
	}{
		"all, newest first": {TopicFilter{}, "小区停车难 背街小巷硬化 集市日交通秩序"},
		"township":          {TopicFilter{TownshipID: town.ID}, "小区停车难 背街小巷硬化"},
		"site":              {TopicFilter{SiteID: site.ID}, "小区停车难"},
		"source":            {TopicFilter{Source: SourceMember}, "集市日交通秩序"},
		"status":            {TopicFilter{Status: TopicChosen}, "背街小巷硬化"},
		"period":            {TopicFilter{From: NewDate(2024, 1, 1), To: NewDate(2024, 3, 31)}, "背街小巷硬化"},
		"keyword proposer":  {TopicFilter{Keyword: "农业界"}, "集市日交通秩序"},
		"keyword reason":    {TopicFilter{Keyword: "县级"}, "集市日交通秩序"},
		"keyword place":     {TopicFilter{Keyword: "小寨"}, "小区停车难"},
		"keyword like char": {TopicFilter{Keyword: "%"}, ""},
	} {
		rows, err := st.Topics(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Text)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: %v, want %s", name, got, tc.want)
		}
	}
}

// Files of the schema before version 9 open with an empty topic library
// that takes topics.
func TestUpgradeTopics(t *testing.T) {
	for _, v := range []int{5, 8} {
		st := openFixture(t, v)
		if st == nil {
			t.Fatalf("no fixture of schema %d", v)
		}
		if rows, err := st.Topics(ctx, TopicFilter{}); err != nil || len(rows) != 0 {
			t.Errorf("v%d: topics after the upgrade: %v %v", v, rows, err)
		}
		acts, _, err := st.Activities(ctx, ActivityFilter{})
		if err != nil || len(acts) != 2 {
			t.Fatalf("v%d: activities %v %v", v, acts, err)
		}
		x := topicValid(acts[0].SiteID)
		x.Status, x.ActivityID = TopicConsulted, &acts[0].ID
		if err := st.SaveTopic(ctx, &x); err != nil {
			t.Errorf("v%d: %v", v, err)
		}
		if err := st.TrashActivity(ctx, acts[0].ID); ErrorCode(err) != EInUse {
			t.Errorf("v%d: an activity taking a topic was trashed: %v", v, err)
		}
		st.Close()
	}
}
