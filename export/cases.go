package export

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// Cases writes the 典型案例 of a period: a first sheet listing them (目录),
// then one sheet per case, printed on one A4 page (一事一档): the case told
// in a paragraph ready to paste into 经验交流材料, then the record of it:
// site, date, topic and its source, form and procedure, who took part,
// how it was decided, the outcome and results, the follow-up and each
// follow-up item with its state. Item states are taken on the 填报日期.
func Cases(ctx context.Context, st *data.Store, path string, opts Options) error {
	p := data.Period{From: opts.From, To: opts.To}
	return write(ctx, st, path, ReportCases, periodText(p.From, p.To), opts, func(b *book, title string) error {
		cases, err := st.TypicalCases(ctx, p)
		if err != nil {
			return err
		}
		if err := caseIndex(b, cases, title); err != nil {
			return err
		}
		for i := range cases {
			if err := casePage(b, i+1, &cases[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// caseSheet names the sheet of case number i (1-based).
func caseSheet(i int) string { return fmt.Sprintf("案例%d", i) }

func caseIndex(b *book, cases []data.ActivityDetail, title string) error {
	cols := []Column{
		{Header: "序号", Width: 5, Kind: KindNumber},
		{Header: "案例标题", Width: 30, Kind: KindText},
		{Header: "乡镇（街道）", Width: 12, Kind: KindShort},
		{Header: "试点单位", Width: 13, Kind: KindShort},
		{Header: "活动日期", Width: 12, Kind: KindDate},
		{Header: "议题来源", Width: 10, Kind: KindShort},
		{Header: "工作表", Width: 7, Kind: KindShort},
		{Header: "备注", Width: 10, Kind: KindText},
	}
	s := b.newSheet("目录", title, "", cols, a4Portrait)
	for i, c := range cases {
		s.record(c.CaseTitle, c.Township, c.SiteName, c.Date, data.TopicSources.Label(c.TopicSource, "zh"), caseSheet(i+1))
	}
	if len(cases) == 0 {
		s.nothing("本期没有典型案例。在协商议事活动中勾选“作为典型案例”并填写案例标题后，这里逐件列出。")
	}
	return s.finish(nil)
}

// caseColumns are a case page's: a label column, then the value across the
// rest, which the follow-up items' small table divides (under the headers
// of the columns after the first).
var caseColumns = []Column{
	{Header: "项目", Width: 14, Kind: KindShort},
	{Header: "督办事项", Width: 36, Kind: KindText},
	{Header: "责任单位", Width: 18, Kind: KindText},
	{Header: "办结时限", Width: 15, Kind: KindShort},
	{Header: "办理状态", Width: 11, Kind: KindShort},
	{Header: "办结日期", Width: 15, Kind: KindShort},
}

func casePage(b *book, i int, c *data.ActivityDetail) error {
	s := b.pageSheet(caseSheet(i), caseColumns, -1)
	s.lead(c.CaseTitle, []string{caseStory(c, b.h.Date)}, width(caseColumns))
	label := b.styles.head
	// field writes a label and its text across the other columns.
	field := func(name, text string) {
		cells := make([]any, len(caseColumns))
		cells[0] = excelize.Cell{StyleID: label, Value: name}
		cells[1] = excelize.Cell{StyleID: b.styles.text, Value: text}
		for k := 2; k < len(cells); k++ {
			cells[k] = excelize.Cell{StyleID: b.styles.text}
		}
		width := width(caseColumns[1:])
		s.raw(cells, max(22, textHeight(text, width, 10)+6))
		s.merge(1, s.row, len(caseColumns)-1, s.row)
	}
	decision := data.Decisions.Label(c.Decision, "zh")
	if data.IsVote(c.Decision) {
		decision += fmt.Sprintf("：赞成%d票，反对%d票，弃权%d票", c.VotesFor, c.VotesAgainst, c.VotesAbstain)
	}
	followUp := data.FollowUps.Label(c.FollowUp, "zh")
	if c.FollowUp == data.FollowUpDone && !c.FollowUpDate.IsZero() { // its 办结日期
		followUp += "（" + c.FollowUpDate.Chinese() + "）"
	}
	fields := [][2]string{
		{"试点单位", place(c)},
		{"活动日期", c.Date.Chinese()},
		{"议题", c.Topic},
		{"议题来源", data.TopicSources.Label(c.TopicSource, "zh")},
		{"协商形式", data.ActivityForms.Label(c.Form, "zh")},
		{"议事程序", c.Procedure},
		{"参加人员", attendance(c)},
		{"议定方式", decision},
		{"协商成果", c.Outcome},
		{"成效", fmt.Sprintf("提出问题（意见建议）%d条，解决问题%d个", c.ProblemsRaised, c.ProblemsSolved)},
		{"落实情况", followUp},
	}
	for _, f := range fields {
		field(f[0], f[1])
	}
	if len(c.Items) == 0 {
		field("督办事项", "无")
	} else {
		caseItems(s, c, b.h.Date)
	}
	if c.Notes != "" {
		field("备注", c.Notes)
	}
	return s.finish(nil)
}

// caseItems writes the follow-up items of a case as a small table, the
// label 督办事项 down its left, their states on day asOf.
func caseItems(s *sheet, c *data.ActivityDetail, asOf data.Date) {
	label := s.b.styles.head
	heads := make([]any, len(caseColumns))
	heads[0] = excelize.Cell{StyleID: label, Value: "督办事项"}
	for k := 1; k < len(caseColumns); k++ {
		heads[k] = excelize.Cell{StyleID: label, Value: caseColumns[k].Header}
	}
	s.raw(heads, 22)
	top := s.row
	for k, it := range c.Items {
		state := data.FollowUpStateOn(&it, asOf)
		done := ""
		if state == data.FollowUpDone {
			done = it.DoneOn.Chinese()
		}
		// record would number the row in the first column: the label's.
		cells := make([]excelize.Cell, len(caseColumns))
		h := s.prepare(cells, []any{fmt.Sprintf("%d. %s", k+1, it.Task), it.Unit, it.Deadline.Chinese(),
			data.FollowUps.Label(state, "zh"), done})
		row := make([]any, len(cells))
		cells[0] = excelize.Cell{StyleID: label}
		for j := range cells {
			row[j] = cells[j]
		}
		s.raw(row, max(h, 20))
	}
	s.mergeDown(0, top, s.row)
}

// place is where a case was held, as a report names it: the township and
// the site (通泉街道小寨社区居委会), or the township alone for its own.
func place(c *data.ActivityDetail) string {
	if c.SiteName == c.Township {
		return c.Township
	}
	return c.Township + c.SiteName
}

// attendance is who took part: the head count, then the named people by
// role (政协委员：郑强；政策顾问：何敏、吕东).
func attendance(c *data.ActivityDetail) string {
	out := fmt.Sprintf("%d人", c.Participants)
	byRole := map[string][]string{}
	for _, a := range c.Attendees {
		byRole[a.Role] = append(byRole[a.Role], a.Name)
	}
	var parts []string
	for _, o := range data.AttendeeRoles.Options {
		if names := byRole[o.Code]; len(names) > 0 {
			parts = append(parts, o.ZH+"："+strings.Join(names, "、"))
		}
	}
	if len(parts) > 0 {
		out += "。" + strings.Join(parts, "；")
	}
	return out
}

// caseStory tells the case in one paragraph, as an 经验交流材料 would:
// when and where, on what, how, who, how it was decided, what came of it
// and how the follow-up stands on day asOf.
func caseStory(c *data.ActivityDetail, asOf data.Date) string {
	var b strings.Builder
	b.WriteString(c.Date.Chinese() + "，" + place(c))
	b.WriteString("围绕“" + c.Topic + "”（" + data.TopicSources.Label(c.TopicSource, "zh") + "）")
	form := data.ActivityForms.Label(c.Form, "zh")
	if c.Form == "" {
		form = "协商议事活动"
	}
	if strings.HasSuffix(form, "会") { // 召开座谈会, but 开展现场协商
		b.WriteString("召开" + form)
	} else {
		b.WriteString("开展" + form)
	}
	if p := c.Procedure; p != "" {
		if strings.ContainsAny(p, "“”\"") {
			b.WriteString("，按照" + p + "程序")
		} else {
			b.WriteString("，按照“" + p + "”程序")
		}
	}
	if c.Participants > 0 {
		b.WriteString(fmt.Sprintf("，%d人参加", c.Participants))
		roles := map[string]int{}
		for _, a := range c.Attendees {
			roles[a.Role]++
		}
		var named []string
		for _, code := range []string{"member", "adviser"} {
			if k := roles[code]; k > 0 {
				named = append(named, data.AttendeeRoles.Label(code, "zh")+fmt.Sprintf("%d名", k))
			}
		}
		if len(named) > 0 {
			b.WriteString("，其中" + strings.Join(named, "、"))
		}
	}
	b.WriteString("。")
	how, told := "", false
	switch {
	case c.Decision != "" && strings.Contains(c.Outcome, data.Decisions.Label(c.Decision, "zh")):
		// The outcome tells how it was decided (经举手表决，全票同意：…):
		// it is written as it stands.
		told = true
	case data.IsVote(c.Decision):
		how = fmt.Sprintf("经%s，赞成%d票、反对%d票、弃权%d票", data.Decisions.Label(c.Decision, "zh"),
			c.VotesFor, c.VotesAgainst, c.VotesAbstain)
	case c.Decision == data.DecisionConsensus:
		how = "经充分协商，达成一致意见"
	}
	switch outcome := strings.TrimRight(c.Outcome, "。；; "); {
	case told:
		b.WriteString(outcome + "。")
	case outcome != "" && how != "":
		b.WriteString(how + "，形成协商成果：" + outcome + "。")
	case outcome != "":
		b.WriteString("形成协商成果：" + outcome + "。")
	case how != "":
		b.WriteString(how + "。")
	}
	if n := len(c.Items); n > 0 {
		done := 0
		for i := range c.Items {
			if data.FollowUpStateOn(&c.Items[i], asOf) == data.FollowUpDone {
				done++
			}
		}
		b.WriteString(fmt.Sprintf("会后形成督办事项%d项，", n))
		switch done {
		case n:
			b.WriteString("已全部办结。")
		case 0:
			b.WriteString("正在督促办理。")
		default:
			b.WriteString(fmt.Sprintf("已办结%d项，其余正在督促办理。", done))
		}
	}
	var results []string
	if c.ProblemsRaised > 0 {
		results = append(results, "收集意见建议"+num(c.ProblemsRaised)+"条")
	}
	if c.ProblemsSolved > 0 {
		results = append(results, "解决群众急难愁盼问题"+num(c.ProblemsSolved)+"个")
	}
	if len(results) > 0 {
		b.WriteString("共" + strings.Join(results, "，") + "。")
	}
	return b.String()
}
