package export

import (
	"fmt"
	"path/filepath"
	"testing"

	"pilotdesk/data"
)

// topicsFixture adds to the district an activity and four topics: one
// consulted on at that activity, one of a township proposed by a person on
// file, one not taken up, one being collected from the public.
func topicsFixture(t *testing.T) (*fixture, data.Activity) {
	t.Helper()
	fx := newFixture(t)
	a := data.Activity{Date: day("2024-05-08"), SiteID: fx.xiaozhai.ID, Topic: "小寨工业片区交通和环境问题", TopicSource: data.SourcePublic, Participants: 20}
	must(t, fx.st.SaveActivity(ctx, &a, nil, nil))
	for _, x := range []data.Topic{
		{Text: "小寨工业片区交通和环境问题", Source: data.SourcePublic, ProposerKind: data.ProposerPublic, ProposedOn: day("2024-04-20"),
			SiteID: fx.xiaozhai.ID, Status: data.TopicConsulted, ActivityID: &a.ID},
		{Text: "背街小巷硬化", Source: data.SourceMember, ProposerKind: data.ProposerPerson, PersonID: &fx.member.ID,
			ProposedOn: day("2024-03-01"), SiteID: fx.tongquan.ID, Status: data.TopicChosen, Notes: "第二季度安排"},
		{Text: "集市日交通秩序", Source: data.SourceGovernment, ProposerKind: data.ProposerUnit, Proposer: "旧县街道办事处",
			ProposedOn: day("2023-09-09"), SiteID: fx.firm.ID, Status: data.TopicRejected, Reason: "已列入区级项目"},
		{Text: "=垃圾分类", Source: data.SourceParty, ProposerKind: data.ProposerPublic, Proposer: "乐熙社区居民",
			ProposedOn: day("2024-06-01"), SiteID: fx.lexi.ID, Status: data.TopicCollecting},
	} {
		must(t, fx.st.SaveTopic(ctx, &x))
	}
	return fx, a
}

func allTopics(t *testing.T, st *data.Store) []data.Topic {
	t.Helper()
	rows, err := st.Topics(ctx, data.TopicFilter{})
	must(t, err)
	return rows
}

// topicText writes a topic's fields, its links by the ids they hold.
func topicText(x data.Topic) string {
	id := func(p *uint) uint {
		if p == nil {
			return 0
		}
		return *p
	}
	pid, aid := id(x.PersonID), id(x.ActivityID)
	x.PersonID, x.ActivityID = nil, nil
	return fmt.Sprintf("%+v person %d activity %d", x, pid, aid)
}

// The 议题库 exported and imported again changes nothing; imported into
// another file with the same places and activity, it comes back field for
// field.
func TestTopicsRoundTrip(t *testing.T) {
	fx, _ := topicsFixture(t)
	path := filepath.Join(t.TempDir(), "议题库.xlsx")
	must(t, Run(ctx, fx.st, ReportTopics, path, Options{}))
	f := reopen(t, path)
	assertText(t, f, "议题库", "D4", "=垃圾分类")
	assertText(t, f, "议题库", "I5", "已协商")
	assertText(t, f, "议题库", "K5", "2024-05-08 小寨工业片区交通和环境问题")
	all := rows(t, f, "议题库")
	if i := findRowPrefix(all, "合计"); i == 0 || all[i-1][0] != "合计：议题4个，征集中1个，已确定1个，已协商1个，已落实0个，不予采纳1个" {
		t.Errorf("total line: %v", all)
	}
	f.Close()

	before := allTopics(t, fx.st)
	p := preview(t, fx.st, ImportTopics, path, "", PreviewOptions{})
	counts(t, p, 0, 0, 4, 0)
	apply(t, fx.st, p)
	after := allTopics(t, fx.st)
	if len(after) != len(before) {
		t.Fatalf("%d topics after, %d before", len(after), len(before))
	}
	for i := range before {
		if topicText(before[i]) != topicText(after[i]) {
			t.Errorf("topic %d changed:\n%+v\n%+v", i, before[i], after[i])
		}
	}

	// Another file with the same places, people and activity.
	fy, _ := topicsFixture(t)
	for _, x := range allTopicsWithIDs(t, fy.st) {
		if x.ActivityID != nil {
			x.Status, x.ActivityID = data.TopicChosen, nil
			must(t, fy.st.SaveTopic(ctx, &x))
		}
		must(t, fy.st.TrashTopic(ctx, x.ID))
	}
	p = preview(t, fy.st, ImportTopics, path, "", PreviewOptions{})
	counts(t, p, 4, 0, 0, 0)
	apply(t, fy.st, p)
	got := allTopics(t, fy.st)
	for i := range before {
		w, g := before[i], got[i]
		// Ids differ between the files; the names they lead to do not.
		if (w.ActivityID == nil) != (g.ActivityID == nil) || (w.PersonID == nil) != (g.PersonID == nil) {
			t.Errorf("topic %d links: %+v, want %+v", i, g, w)
		}
		w.ActivityID, g.ActivityID, w.PersonID, g.PersonID, w.SiteID, g.SiteID = nil, nil, nil, nil, 0, 0
		w.Model, g.Model = data.Model{}, data.Model{}
		if w != g {
			t.Errorf("topic %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func allTopicsWithIDs(t *testing.T, st *data.Store) []data.Topic {
	rows, err := st.Topics(ctx, data.TopicFilter{})
	must(t, err)
	return rows
}

// Bad rows are refused one by one, each with its reason; the good ones go in.
func TestImportTopicsRejects(t *testing.T) {
	fx, _ := topicsFixture(t)
	path := sheetFile(t, [][]any{
		{"乡镇（街道）", "试点单位", "议题", "议题来源", "提出人", "提出日期", "状态", "不予采纳理由", "协商活动"},
		{"通泉街道", "乐熙社区", "老旧小区改造", "社会征题", "", "2024-05-01", "", "", ""},
		{"通泉街道", "乐熙社区", "加装电梯", "委员荐题", "赵丽", "2024-05-02", "已确定", "", ""},
		{"通泉街道", "小寨社区居委会", "门前三包", "政府出题", "区城管局", "2024-05-03", "已协商", "", "2024-05-08 小寨工业片区交通和环境问题"},
		{"通泉街道", "乐熙社区", "停车收费", "社会征题", "", "2024-05-04", "已协商", "", ""},
		{"通泉街道", "乐熙社区", "广场舞噪音", "社会征题", "", "2024-05-05", "不予采纳", "", ""},
		{"通泉街道", "无此社区", "路灯", "社会征题", "", "2024-05-06", "", "", ""},
		{"通泉街道", "小寨社区居委会", "绿化", "社会征题", "", "2024-05-07", "已协商", "", "2024-05-09 绿化"},
		{"通泉街道", "乐熙社区", "老旧小区改造", "社会征题", "", "2024-05-01", "", "", ""},
		{"通泉街道", "乐熙社区", "快递驿站", "", "", "2024-05-01", "", "", ""},
	}, nil, nil)
	p := preview(t, fx.st, ImportTopics, path, "", PreviewOptions{})
	counts(t, p, 3, 0, 0, 6)
	rejectedRow(t, p, 5, "须关联开展协商的活动")
	rejectedRow(t, p, 6, "不予采纳的理由")
	rejectedRow(t, p, 7, "无此社区")
	rejectedRow(t, p, 8, "没有2024年5月9日开展的议题为“绿化”")
	rejectedRow(t, p, 9, "与第2行重复")
	rejectedRow(t, p, 10, "议题来源")
	apply(t, fx.st, p)
	rows, err := fx.st.Topics(ctx, data.TopicFilter{SiteID: fx.lexi.ID})
	must(t, err)
	kinds := map[string]string{}
	for _, r := range rows {
		kinds[r.Text] = r.ProposerKind
		if r.Text == "加装电梯" && (r.PersonID == nil || *r.PersonID != fx.member.ID) {
			t.Errorf("a person on file proposed it: %+v", r)
		}
	}
	if kinds["老旧小区改造"] != data.ProposerPublic || kinds["加装电梯"] != data.ProposerPerson {
		t.Errorf("proposers: %v", kinds)
	}
	x, err := fx.st.Topics(ctx, data.TopicFilter{Keyword: "门前三包"})
	must(t, err)
	if len(x) != 1 || x[0].ProposerKind != data.ProposerUnit || x[0].ActivityTitle() != "2024-05-08 小寨工业片区交通和环境问题" {
		t.Errorf("the topic consulted on: %+v", x)
	}
}

// The template has the topic's columns and reads back as a topics sheet.
func TestTopicsTemplate(t *testing.T) {
	fx, _ := topicsFixture(t)
	path := filepath.Join(t.TempDir(), TemplateName(ImportTopics))
	must(t, WriteTemplate(ctx, fx.st, ImportTopics, path))
	p := preview(t, fx.st, ImportTopics, path, "", PreviewOptions{})
	if len(p.Rejected) > 0 || p.New+p.Unchanged > 1 {
		t.Errorf("the template's example: new %d, rejected %s", p.New, reasons(p))
	}
}
