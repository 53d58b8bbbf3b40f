package export

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pilotdesk/data"
)

// A case's page holds every part of its activity, and the paragraph that
// tells it.
func TestCases(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx) // none of them a case
	member, staff := fx.member.ID, fx.staff.ID
	parking := data.Activity{Date: day("2024-04-10"), SiteID: fx.xiaozhai.ID, Topic: "小寨工业片区停车难", TopicSource: data.SourcePublic,
		Form: "onsite", Procedure: "三阶五步", Decision: data.DecisionHands, VotesFor: 20, VotesAgainst: 1, VotesAbstain: 1,
		Participants: 25, Outcome: "设置临时停车场；增加保洁员。", FollowUp: data.FollowUpInProgress, FollowUpDate: day("2024-05-01"),
		ProblemsRaised: 6, ProblemsSolved: 4, Notes: "群众满意", TypicalCase: true, CaseTitle: "小寨社区：协商解决片区停车难"}
	must(t, fx.st.SaveActivity(ctx, &parking, []data.Attendee{
		{PersonID: &member, Role: "member"}, {PersonID: &staff, Role: "adviser"}, {Name: "片区商户代表", Role: "stakeholder"},
	}, []data.FollowUpItem{
		{Task: "设置临时停车场", Unit: "通泉街道办事处", Deadline: day("2024-04-30"), Status: data.FollowUpDone, DoneOn: day("2024-04-28")},
		{Task: "增加保洁员4名", Unit: "小寨社区居委会", Deadline: day("2024-08-01"), Status: data.FollowUpPending},
	}))
	water := data.Activity{Date: day("2024-06-01"), SiteID: fx.lexi.ID, Topic: "小区供水", TopicSource: data.SourceGovernment,
		Form: "forum", Decision: data.DecisionConsensus, Participants: 12, Outcome: "经协商一致，同意改造小区加压泵站。",
		FollowUp: data.FollowUpDone, FollowUpDate: day("2024-06-20"), TypicalCase: true, CaseTitle: "乐熙社区：供水"}
	must(t, fx.st.SaveActivity(ctx, &water, nil, nil))
	old := data.Activity{Date: day("2023-06-01"), SiteID: fx.lexi.ID, Topic: "期外", TopicSource: data.SourceParty,
		TypicalCase: true, CaseTitle: "期外的案例"}
	must(t, fx.st.SaveActivity(ctx, &old, nil, nil))

	path := filepath.Join(t.TempDir(), "cases.xlsx")
	must(t, Cases(ctx, fx.st, path, half2024))
	f := reopen(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"目录", "案例1", "案例2"}) {
		t.Fatalf("sheets %v", got)
	}
	sh := "目录"
	if a1 := get(t, f, sh, "A1"); a1 != "政协马龙区委员会“协商在基层”典型案例目录（2024年1月至6月）" {
		t.Errorf("A1 = %q", a1)
	}
	for j, want := range []string{"1", "小寨社区：协商解决片区停车难", "通泉街道", "小寨社区居委会", "2024年4月10日", "社会征题", "案例1"} {
		if got := get(t, f, sh, cell(j, 4)); got != want {
			t.Errorf("目录 %s = %q, want %q", cell(j, 4), got, want)
		}
	}
	if got := get(t, f, sh, "B5"); got != "乐熙社区：供水" {
		t.Errorf("B5 = %q", got)
	}

	sh = "案例1"
	if a1 := get(t, f, sh, "A1"); a1 != "小寨社区：协商解决片区停车难" {
		t.Errorf("A1 = %q", a1)
	}
	story := "　　2024年4月10日，通泉街道小寨社区居委会围绕“小寨工业片区停车难”（社会征题）开展现场协商，按照“三阶五步”程序，" +
		"25人参加，其中政协委员1名、政策顾问1名。经举手表决，赞成20票、反对1票、弃权1票，形成协商成果：设置临时停车场；增加保洁员。" +
		"会后形成督办事项2项，已办结1项，其余正在督促办理。共收集意见建议6条，解决群众急难愁盼问题4个。"
	if a3 := get(t, f, sh, "A3"); a3 != story {
		t.Errorf("A3 = %q\nwant %q", a3, story)
	}
	fields := map[string]string{}
	all := rows(t, f, sh)
	for _, r := range all[3:] {
		if len(r) > 1 && r[0] != "" {
			fields[r[0]] = r[1]
		}
	}
	for label, want := range map[string]string{
		"试点单位": "通泉街道小寨社区居委会",
		"活动日期": "2024年4月10日",
		"议题":   "小寨工业片区停车难",
		"议题来源": "社会征题",
		"协商形式": "现场协商",
		"议事程序": "三阶五步",
		"参加人员": "25人。政协委员：赵丽；政策顾问：陈红；利益相关方：片区商户代表",
		"议定方式": "举手表决：赞成20票，反对1票，弃权1票",
		"协商成果": "设置临时停车场；增加保洁员。",
		"成效":   "提出问题（意见建议）6条，解决问题4个",
		"落实情况": "办理中", // its date is the 办结日期: none yet
		"督办事项": "督办事项",
		"备注":   "群众满意",
	} {
		if got := fields[label]; got != want {
			t.Errorf("%s: %q, want %q", label, got, want)
		}
	}
	items := findRow(all, 1, "督办事项")
	if items == 0 {
		t.Fatalf("no item table: %q", all)
	}
	for i, want := range [][]string{
		{"督办事项", "督办事项", "责任单位", "办结时限", "办理状态", "办结日期"},
		{"督办事项", "1. 设置临时停车场", "通泉街道办事处", "2024年4月30日", "已办结", "2024年4月28日"},
		{"督办事项", "2. 增加保洁员4名", "小寨社区居委会", "2024年8月1日", "未办结", ""},
	} {
		for j, text := range want {
			if got := get(t, f, sh, cell(j, items+i)); got != text {
				t.Errorf("%s = %q, want %q", cell(j, items+i), got, text)
			}
		}
		assertBordered(t, f, sh, items+i, len(caseColumns))
	}
	if sig := all[len(all)-1]; !strings.HasPrefix(sig[0], "填表人：李明") {
		t.Errorf("last row %q", sig)
	}
	assertOnePage(t, f, sh)

	// Decided by consensus at a forum (召开, not 开展), its outcome telling
	// how it was decided, without items or notes.
	sh = "案例2"
	all = rows(t, f, sh)
	if a3 := get(t, f, sh, "A3"); a3 != "　　2024年6月1日，通泉街道乐熙社区围绕“小区供水”（政府出题）召开座谈会，12人参加。经协商一致，同意改造小区加压泵站。" {
		t.Errorf("A3 = %q", a3)
	}
	if r := findRow(all, 0, "落实情况"); r == 0 || get(t, f, sh, cell(1, r)) != "已办结（2024年6月20日）" {
		t.Errorf("落实情况 of a case done: %q", all)
	}
	if r := findRow(all, 0, "督办事项"); r == 0 || get(t, f, sh, cell(1, r)) != "无" {
		t.Errorf("items of a case without any: %q", all)
	}
	if findRow(all, 0, "备注") != 0 {
		t.Error("a 备注 row without notes")
	}
}

func TestCasesNone(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "cases.xlsx")
	must(t, Cases(ctx, fx.st, path, half2024))
	f := reopen(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"目录"}) {
		t.Fatalf("sheets %v", got)
	}
	if got := get(t, f, "目录", "A4"); !strings.HasPrefix(got, "本期没有典型案例。") {
		t.Errorf("A4 = %q", got)
	}
}
