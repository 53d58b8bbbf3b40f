package export

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// Summary writes the 工作情况统计表 alone: one A4 page of fixed shape, the
// first sheet of the statistics too (Stats). Its layout:
//
//	A1      the title, 政协马龙区委员会“协商在基层”工作情况统计表（2026年1月至11月）
//	A2      填报单位：…　　填报日期：…
//	A3      情况综述: the paragraphs written from the figures below
//	row 4   headers: 序号, 类别, 项目, 单位, 本期, 累计, 备注, and the hidden 代码
//	5-29    one row per figure, always the same 25 in the same order (data's
//	        Summary.Rows), whatever the county, period or records: the city
//	        adds up the same cell of every county's sheet. Column H (hidden)
//	        holds each row's code, e.g. activities_party.
//	then    a line saying what 本期 and 累计 cover, a blank row, the
//	        signature line.
func Summary(ctx context.Context, st *data.Store, path string, opts Options) error {
	return write(ctx, st, path, ReportSummary, periodText(opts.From, opts.To), opts, func(b *book, _ string) error {
		return summarySheet(ctx, st, b, opts, false)
	})
}

// summaryLine is how the sheet shows one of data's summary rows.
type summaryLine struct {
	group, item, unit, note string
}

// summaryLines are the sheet's words for each row code; the rows and their
// order are data's. A group's name stands on its first row.
func summaryLines() map[string]summaryLine {
	active := "本期：期内开展协商议事活动的"
	lines := map[string]summaryLine{
		"townships":            {"试点情况", "试点乡镇（街道）", "个", active},
		"communities":          {"", "试点村（社区）", "个", active},
		"enterprises":          {"", "试点企事业单位", "个", active},
		"rooms":                {"", "建成协商议事室", "个", "本期：期内新挂牌的"},
		"leaders":              {"挂包指导", "挂包领导", "名", "本期：期内挂包的，按人计"},
		"members":              {"", "挂包委员", "名", "本期：期内挂包的，按人计"},
		"panel_departments":    {"", "政策顾问团推荐部门", "家", "按顾问团名册现状"},
		"panel_people":         {"", "政策顾问团成员", "名", "按顾问团名册现状"},
		"visits":               {"", "调研指导", "次", ""},
		"activities":           {"协商议事", "协商议事活动", "场次", ""},
		"participants":         {"", "参与人次", "人次", "各次活动参加人数之和"},
		"participants_on_file": {"", "其中：登记在册人员", "人次", "列名参加的在册人员"},
		"problems_raised":      {"", "提出问题（意见建议）", "条", ""},
		"problems_solved":      {"", "解决问题", "个", ""},
		"follow_ups":           {"督办落实", "督办事项", "项", "本期：期内协商活动形成的"},
		"follow_ups_overdue":   {"", "逾期未办结", "项", "超过办结时限仍未办结"},
		"tasks_done":           {"目标任务", "已完成", "项", "本期：期内完成的"},
		"tasks_overdue":        {"", "逾期未完成", "项", "本期：时间节点在期内的"},
	}
	for _, per := range []struct {
		prefix, unit string
		codes        data.Enum
	}{{"activities_", "场次", data.TopicSources}, {"follow_ups_", "项", data.FollowUps}} {
		for i, o := range per.codes.Options {
			item := "　　　" + o.ZH
			if i == 0 {
				item = "其中：" + o.ZH
			}
			lines[per.prefix+o.Code] = summaryLine{"", item, per.unit, ""}
		}
	}
	return lines
}

// summaryColumns fill an A4 page's width (about 115 units).
var summaryColumns = []Column{
	{Header: "序号", Width: 6, Kind: KindNumber},
	{Header: "类别", Width: 11, Kind: KindShort},
	{Header: "项目", Width: 28, Kind: KindText},
	{Header: "单位", Width: 7, Kind: KindShort},
	{Header: "本期", Width: 12, Kind: KindNumber},
	{Header: "累计", Width: 12, Kind: KindNumber},
	{Header: "备注", Width: 36, Kind: KindText},
	{Header: "代码", Width: 22, Kind: KindShort}, // hidden: for programs
}

// summaryRowHeight is every figure row's height: 25 of them and the
// paragraph fill an A4 page.
const summaryRowHeight = 20

// summarySheet adds the 工作情况统计表 to b; a city's is the sum of its
// counties' submitted ones.
func summarySheet(ctx context.Context, st *data.Store, b *book, opts Options, city bool) error {
	summary := st.Summary
	if city {
		summary = st.CitySummary
	}
	sum, err := summary(ctx, data.Period{From: opts.From, To: opts.To}, b.h.Date)
	if err != nil {
		return err
	}
	return writeSummary(b, sum, opts, false)
}

// writeSummary writes sum as the 工作情况统计表; blank leaves the figures
// and the paragraph out (the template a county fills by hand).
func writeSummary(b *book, sum *data.Summary, opts Options, blank bool) error {
	s := b.pageSheet("工作情况统计表", summaryColumns, len(summaryColumns)-1)
	width := width(summaryColumns[:len(summaryColumns)-1])
	var paragraphs []string
	if !blank {
		paragraphs = summaryParagraphs(b.h.District, sum)
	}
	s.lead(title(b.h, ReportSummary, periodText(opts.From, opts.To)), paragraphs, width)
	s.writeHeaders()
	s.height = summaryRowHeight
	// The figures as reports write them: 11,630.
	thousands, err := b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10}, Border: boxBorder, NumFmt: 3,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	lines := summaryLines()
	group := s.row + 1
	cells := make([]excelize.Cell, len(summaryColumns))
	for _, r := range sum.Rows() {
		l, ok := lines[r.Code]
		if !ok {
			return fmt.Errorf("export: the summary row %q has no words", r.Code)
		}
		if l.group != "" && s.row+1 > group {
			s.mergeDown(1, group, s.row)
			group = s.row + 1
		}
		values := []any{l.group, l.item, l.unit, r.Period, r.Total, l.note, r.Code}
		if blank {
			values[3], values[4] = nil, nil
		}
		h := s.prepare(cells, values)
		cells[4].StyleID, cells[5].StyleID = thousands, thousands
		s.put(cells, h)
	}
	s.mergeDown(1, group, s.row)
	note := fmt.Sprintf("说明：“本期”指%s，“累计”指试点开始至%s；办结、逾期等情况以%s为准。",
		periodWords(opts.From, sum.AsOf), sum.AsOf.Chinese(), sum.AsOf.Chinese())
	if blank {
		note = "说明：“本期”指报送期间，“累计”指试点开始至报送期间末；办结、逾期等情况以报送期间末为准。"
	}
	s.text(note, 10, width)
	return s.finish(nil)
}

// periodWords is 本期 in words: the period up to the day the figures are
// taken on.
func periodWords(from, asOf data.Date) string {
	if from.IsZero() {
		return "试点开始至" + asOf.Chinese()
	}
	return periodText(from, asOf)
}

// pageSheet adds a sheet printed on one A4 page, portrait (the summary, a
// case): fitted to the page both ways, no repeated headers, column hidden
// (an index into cols; -1 for none) kept out of print. The caller writes
// every row, starting with lead.
func (b *book) pageSheet(name string, cols []Column, hidden int) *sheet {
	s := &sheet{b: b, name: name, cols: cols, heads: 1}
	s.err = firstErr(
		b.addSheet(name),
		b.f.SetPageLayout(name, &excelize.PageLayoutOptions{
			Size: ptr(paperA4.size), Orientation: ptr("portrait"), FitToWidth: ptr(1), FitToHeight: ptr(1),
		}),
		// All six: an unset margin is written as 0.
		b.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
			Top: ptr(0.6), Bottom: ptr(0.6), Left: ptr(0.5), Right: ptr(0.5),
			Header: ptr(0.3), Footer: ptr(0.3), Horizontally: ptr(true),
		}),
	)
	s.stream(hidden)
	return s
}

// lead writes a page sheet's title, the 填报单位 line and, when given,
// paragraphs of text across the table (the 情况综述), each row as tall as
// its wrapped lines across width (the printed columns' widths).
func (s *sheet) lead(title string, paragraphs []string, width float64) {
	b := s.b
	s.merged(title, b.styles.title, textHeight(title, width, 16)+10)
	s.merged("填报单位："+b.h.Unit+"　　　　填报日期："+b.h.Date.Chinese(), b.styles.line, 22)
	if len(paragraphs) > 0 {
		// Each paragraph indented by two characters, as a report's are.
		s.text("　　"+strings.Join(paragraphs, "\n　　"), 11, width)
	}
}

// text writes text of size points across the table, wrapped, its row as
// tall as its lines across width: a paragraph, or a note under a table.
func (s *sheet) text(text string, size, width float64) {
	style, err := s.b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: size},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	s.err = firstErr(s.err, err)
	s.merged(text, style, textHeight(text, width, size)+6)
}

// textHeight is the height that shows text of size points wrapped across
// width (in column units). A line of Chinese takes about 1.55 times the
// type's size (LibreOffice drew 11 pt lines 17 pt apart; rows cut to 15 pt
// lost their last line).
func textHeight(text string, width, size float64) float64 {
	line := math.Ceil(size * 1.55)
	// Column units are of the 11 pt default font; bigger type takes more.
	room := width*11/size - 2
	lines := 0
	for l := range strings.SplitSeq(text, "\n") {
		lines += max(1, int(math.Ceil(float64(textWidth(l))/room)))
	}
	return min(float64(lines)*line, maxRowHeight)
}

// mergeDown merges column col (0-based) from row top to row bottom.
func (s *sheet) mergeDown(col, top, bottom int) {
	if bottom > top {
		s.merge(col, top, col, bottom)
	}
}

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
		if below := joinNonEmpty("和", counted(s.Communities.Total, "个村（社区）"), counted(s.Enterprises.Total, "个企事业单位")); below != "" {
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
