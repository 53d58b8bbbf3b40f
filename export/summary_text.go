package export

import (
	"context"
	"strconv"
	"strings"

	"pilotdesk/data"
)

// The paragraph a coordinator writes at the top of every report (情况综述),
// written from the summary's figures as the office writes it: the standing
// of the pilot on the day, what the period brought, then the follow-up.
// Every number in it is a cell of the 工作情况统计表 of the same period
// (the tests read both back from the workbook). Clauses whose number is
// nothing are left out rather than written as "0 个".

// SummaryText is the two paragraphs (情况综述) of period p written on day
// today, with the district from the settings: what the overview shows and
// copies, and what heads the 工作情况统计表.
func SummaryText(ctx context.Context, st *data.Store, p data.Period, today data.Date) ([]string, error) {
	s, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := st.Summary(ctx, p, today)
	if err != nil {
		return nil, err
	}
	return summaryParagraphs(strings.TrimSpace(s[data.SettingDistrict]), sum), nil
}

// summaryParagraphs writes the two paragraphs of s for district.
func summaryParagraphs(district string, s *data.Summary) []string {
	whole := wholeOf(district)
	asOf := "截至" + s.AsOf.Chinese()
	during := "试点以来"
	if !s.Period.From.IsZero() {
		during = periodText(s.Period.From, s.AsOf)
	}

	// The pilot as it stands.
	var b strings.Builder
	b.WriteString(asOf + "，")
	if s.Townships.Total+s.Communities.Total+s.Enterprises.Total == 0 {
		b.WriteString(whole + "尚未登记试点单位")
	} else {
		b.WriteString(whole + "在" + num(s.Townships.Total) + "个乡镇（街道）")
		if below := joinAnd(counted(s.Communities.Total, "个村（社区）"), counted(s.Enterprises.Total, "个企事业单位")); below != "" {
			b.WriteString("的" + below)
		}
		b.WriteString("开展“协商在基层”试点，")
		if s.Rooms.Total == 0 {
			b.WriteString("协商议事室尚未挂牌")
		} else {
			b.WriteString("建成协商议事室" + num(s.Rooms.Total) + "个")
			if s.Rooms.Period > 0 {
				b.WriteString("，其中" + during + "新增" + num(s.Rooms.Period) + "个")
			}
		}
	}
	if s.PanelPeople.Total > 0 {
		b.WriteString("；")
		if s.PanelDepartments.Total > 0 {
			b.WriteString(num(s.PanelDepartments.Total) + "个部门推荐")
		}
		b.WriteString(num(s.PanelPeople.Total) + "名同志组成政策顾问团")
	}
	b.WriteString("。" + during + "，")
	if guides := joinNonEmpty("、", counted(s.Leaders.Period, "名领导"), counted(s.Members.Period, "名政协委员")); guides != "" {
		b.WriteString(guides + "挂包联系试点单位")
		if s.Visits.Period > 0 {
			b.WriteString("，开展调研指导" + num(s.Visits.Period) + "次")
		}
		b.WriteString("；")
	} else if s.Visits.Period > 0 {
		b.WriteString("开展调研指导" + num(s.Visits.Period) + "次；")
	}
	if s.Activities.Period == 0 {
		b.WriteString(whole + "尚未开展协商议事活动。")
	} else {
		b.WriteString(whole + "开展协商议事活动" + num(s.Activities.Period) + "场次")
		var sources []string
		for _, o := range data.TopicSources.Options {
			if k := s.BySource[o.Code].Period; k > 0 {
				sources = append(sources, o.ZH+num(k)+"场次")
			}
		}
		b.WriteString("（" + strings.Join(sources, "、") + "）")
		if s.Participants.Period > 0 {
			b.WriteString("，参与" + num(s.Participants.Period) + "人次")
			if s.OnFile.Period > 0 {
				b.WriteString("（其中登记在册人员" + num(s.OnFile.Period) + "人次）")
			}
		}
		if s.ProblemsRaised.Period > 0 {
			b.WriteString("，收集意见建议" + num(s.ProblemsRaised.Period) + "条")
		}
		if s.ProblemsSolved.Period > 0 {
			b.WriteString("，解决群众急难愁盼问题" + num(s.ProblemsSolved.Period) + "个")
		}
		b.WriteString("。")
	}
	first := b.String()

	// The follow-up, of the activities above ("上述") and in the same
	// period ("同期"): the period is not written out a third time.
	b.Reset()
	items := s.FollowUps.Period
	switch {
	case items == 0 && s.Activities.Period > 0:
		b.WriteString("上述协商议事活动暂未形成督办事项。")
	case items == 0:
		b.WriteString(during + "暂无督办事项。")
	default:
		b.WriteString("上述协商议事活动形成督办事项" + num(items) + "项，")
		done := s.ByState[data.FollowUpDone].Period
		if done == items {
			b.WriteString("已全部办结。")
		} else {
			b.WriteString(joinNonEmpty("、", counted(done, "项已办结"),
				counted(s.ByState[data.FollowUpInProgress].Period, "项正在办理"),
				counted(s.ByState[data.FollowUpPending].Period, "项尚未办结")))
			if s.Overdue.Period > 0 {
				b.WriteString("，其中" + num(s.Overdue.Period) + "项已超过办结时限，正在督促办理。")
			} else {
				b.WriteString("，均在办结时限内。")
			}
		}
	}
	switch done, late := s.TasksDone.Period, s.TasksOverdue.Total; {
	case done > 0 && late > 0:
		b.WriteString("同期完成目标任务" + num(done) + "项；" + asOf + "，" + num(late) + "项目标任务逾期未完成。")
	case done > 0:
		b.WriteString("同期完成目标任务" + num(done) + "项，其余目标任务均在时间节点内。")
	case late > 0:
		b.WriteString(asOf + "，" + num(late) + "项目标任务逾期未完成。")
	}
	return []string{first, b.String()}
}

// wholeOf is how the district calls itself in a report: 全区, 全县, 全市.
func wholeOf(district string) string {
	for _, unit := range []string{"区", "县", "市", "旗"} {
		if strings.HasSuffix(district, unit) {
			return "全" + unit
		}
	}
	return "全县（区）"
}

// num writes a number as reports do: 1,234.
func num(v int) string {
	s := strconv.Itoa(v)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// counted is "8名领导", or "" for none.
func counted(v int, what string) string {
	if v == 0 {
		return ""
	}
	return num(v) + what
}

// joinAnd joins two parts with 和, skipping an empty one.
func joinAnd(a, b string) string {
	if a != "" && b != "" {
		return a + "和" + b
	}
	return a + b
}
