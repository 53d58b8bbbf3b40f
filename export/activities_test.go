package export

import (
	"testing"

	"pilotdesk/data"
)

// activities adds the fixture's activities: four in the first half of 2024
// and one just before it.
type activities struct {
	xiaozhai, lexi, town, firm, old data.Activity
}

func addActivities(t testing.TB, fx *fixture) *activities {
	t.Helper()
	leader := fx.leader.ID
	as := &activities{
		xiaozhai: data.Activity{Date: day("2024-03-05"), SiteID: fx.xiaozhai.ID, Topic: "小寨工业片区交通和环境卫生",
			TopicSource: data.SourcePublic, Form: "onsite", Procedure: "三阶五步", Decision: data.DecisionHands,
			VotesFor: 31, Participants: 31, Outcome: "=设置临时停车场", FollowUp: data.FollowUpDone,
			FollowUpDate: day("2024-04-30"), ProblemsSolved: 3, Notes: "+1"},
		lexi: data.Activity{Date: day("2024-03-20"), SiteID: fx.lexi.ID, Topic: "小区停车难", TopicSource: data.SourceParty,
			Form: "meeting", Decision: data.DecisionConsensus, Participants: 20, ProblemsSolved: 1},
		town: data.Activity{Date: day("2024-05-08"), SiteID: fx.tongquan.ID, Topic: "街天秩序", TopicSource: data.SourceGovernment,
			Decision: data.DecisionBallot, VotesFor: 10, VotesAgainst: 3, VotesAbstain: 2, Participants: 15},
		firm: data.Activity{Date: day("2024-05-09"), SiteID: fx.firm.ID, Topic: "民营企业面对面协商", TopicSource: data.SourceMember,
			Form: "forum", Participants: 52, ProblemsSolved: 38, Outcome: "30 家企业提出问题 38 个，全部答复办理"},
		old: data.Activity{Date: day("2023-12-31"), SiteID: fx.lexi.ID, Topic: "去年的活动", TopicSource: data.SourcePublic, Participants: 9},
	}
	must(t, fx.st.SaveActivity(ctx, &as.xiaozhai, []data.Attendee{
		{PersonID: &leader, Role: "leader"},
		{Name: "片区商户代表", Role: "stakeholder"},
	}, []data.FollowUpItem{
		{Task: "设置临时停车场", Unit: "通泉街道办事处", Deadline: day("2024-03-31"), Status: data.FollowUpDone, DoneOn: day("2024-03-30")},
		{Task: "增加保洁员", Status: data.FollowUpDone, DoneOn: day("2024-04-30")},
	}))
	for _, a := range []*data.Activity{&as.lexi, &as.town, &as.firm, &as.old} {
		must(t, fx.st.SaveActivity(ctx, a, nil, nil))
	}
	return as
}

var half2024 = Options{From: day("2024-01-01"), To: day("2024-06-30"), ReportDate: day("2024-07-05")}
