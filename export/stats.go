package export

import (
	"context"
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// Stats writes 统计表 for the higher level, the sheets of one period: the
// one-page 工作情况统计表 (summary.go), a city's counties (statsByCounty),
// then by township, by month with two native charts on the table's page
// (monthCharts), by kind of site and by 依托类型. Every table ends with a 合计
// row that is the sum of its columns. A period with no ends is all time (the
// command line and the window propose this year: DefaultPeriod).
func Stats(ctx context.Context, st *data.Store, path string, opts Options) error {
	p := data.Period{From: opts.From, To: opts.To}
	return write(ctx, st, path, ReportStats, periodText(p.From, p.To), opts, func(b *book, title string) error {
		if err := summarySheet(ctx, st, b, opts, b.h.City); err != nil {
			return err
		}
		if b.h.City {
			if err := statsByCounty(ctx, st, b, title, p); err != nil {
				return err
			}
		}
		stats, err := st.Statistics(ctx, p)
		if err != nil {
			return err
		}
		months, err := st.MonthlyStats(ctx, p)
		if err != nil {
			return err
		}
		var towns, kinds, basis [][]any
		for _, t := range stats.Townships {
			towns = append(towns, siteCells(t.Township, t.SiteTally))
		}
		for _, k := range stats.Kinds {
			kinds = append(kinds, siteCells(data.SiteKinds.Label(k.Kind, "zh"), k.SiteTally))
		}
		for _, r := range stats.Bases { // by what the sites' rooms are built on (issue 22)
			name := data.RoomBases.Label(r.Basis, "zh")
			if r.Basis == "" {
				name = "未填写"
			}
			basis = append(basis, siteCells(name, r.SiteTally))
		}
		after := ""
		if stats.Total.Activities == 0 {
			after = noActivities
		}
		if err := siteStats(b, title, "按乡镇", "乡镇（街道）", 12, towns, "尚未登记试点单位。", after); err != nil {
			return err
		}
		if err := statsByMonth(b, title, p, months); err != nil {
			return err
		}
		if err := siteStats(b, title, "按类型", "类型", 12, kinds, "", ""); err != nil {
			return err
		}
		return siteStats(b, title, "按依托类型", "依托类型", 16, basis, "", "")
	})
}

// statsColumns are the columns of a statistics sheet whose rows are named
// by what (乡镇（街道）, 月份, 类型) in a column width wide; sites adds the
// site counts. Widths keep each header whole on its lines: 党委会点题 on
// one, 试点单位 over （个）.
func statsColumns(what string, width float64, sites bool) []Column {
	cols := []Column{{Header: "序号", Width: 5, Kind: KindNumber}, {Header: what, Width: width, Kind: KindShort}}
	if sites {
		cols = append(cols, Column{Header: "试点单位（个）", Width: 9, Kind: KindNumber},
			Column{Header: "已挂牌议事室（个）", Width: 13, Kind: KindNumber})
	}
	const group = "协商议事活动（场次）"
	cols = append(cols, Column{Header: "合计", Group: group, Width: 7, Kind: KindNumber})
	for _, o := range data.TopicSources.Options {
		cols = append(cols, Column{Header: o.ZH, Group: group, Width: 11, Kind: KindNumber})
	}
	return append(cols,
		Column{Header: "参与人次", Width: 9, Kind: KindNumber},
		Column{Header: "解决问题（个）", Width: 9, Kind: KindNumber},
		Column{Header: "备注", Width: 8, Kind: KindText})
}

// tallyCells are a tally's cells: activities, by source, participants,
// problems solved.
func tallyCells(t data.Tally) []any {
	out := []any{t.Activities}
	for _, code := range data.TopicSources.Codes() {
		out = append(out, t.BySource[code])
	}
	return append(out, t.Participants, t.ProblemsSolved)
}

// siteCells are the cells of a row of sites named name.
func siteCells(name string, t data.SiteTally) []any {
	return append([]any{name, t.Sites, t.Unveiled}, tallyCells(t.Tally)...)
}

// sumColumns adds up the figures of rows (every cell after the name)
// column by column, n of them.
func sumColumns(rows [][]any, n int) []any {
	out := make([]any, n)
	for i := range out {
		sum := 0
		for _, r := range rows {
			sum += r[i+1].(int)
		}
		out[i] = sum
	}
	return out
}

const noActivities = "本期无协商议事活动。"

// siteStats writes a sheet of rows that count sites and activities (a
// township's, a kind of site's), the line none when there are no rows and
// the line after under the 合计.
func siteStats(b *book, title, name, what string, width float64, rows [][]any, none, after string) error {
	cols := statsColumns(what, width, true)
	s := b.newSheet(name, title, "", cols, a4Landscape)
	for _, r := range rows {
		s.record(r...)
	}
	if len(rows) == 0 && none != "" {
		s.nothing(none)
	}
	s.total(2, sumColumns(rows, len(cols)-3))
	if after != "" {
		s.merged(after, b.styles.line, lineRowHeight)
	}
	return s.finish(nil)
}

// statsByMonth lists the months of the period that had activities (a year
// of quiet months would be rows of zeros), named 3月 when the period lies
// in one year and 2025年11月 otherwise, and draws the charts under the
// table, on its page. Portrait: the table is narrow, and the charts need
// the height.
func statsByMonth(b *book, title string, p data.Period, months []data.MonthStats) error {
	cols := statsColumns("月份", 10, false)
	s := b.newSheet("按月份", title, "", cols, a4Portrait)
	oneYear := !p.From.IsZero() && !p.To.IsZero() && p.From.Year() == p.To.Year()
	first := s.row + 1
	var rows [][]any
	most := 0 // activities in the busiest month
	for _, m := range months {
		if m.Activities == 0 {
			continue
		}
		name := fmt.Sprintf("%d年%d月", m.Year, m.Month)
		if oneYear {
			name = fmt.Sprintf("%d月", m.Month)
		}
		rows = append(rows, append([]any{name}, tallyCells(m.Tally)...))
		s.record(rows[len(rows)-1]...)
		most = max(most, m.Activities)
	}
	last := s.row
	if len(rows) == 0 {
		s.nothing(noActivities)
	}
	s.total(2, sumColumns(rows, len(cols)-3))
	totalRow := s.row
	if len(rows) == 0 {
		return s.finish(nil)
	}
	if len(rows) < len(months) {
		s.merged("未列出的月份没有协商议事活动。", b.styles.line, lineRowHeight)
	}
	return s.finish(func() error {
		return monthCharts(s, first, last, totalRow, most, oneYear)
	})
}

// Chart heights in points: what is left of the table's last page, within
// these bounds; below the least they move to a page of their own.
const (
	chartMinHeight = 170
	chartMaxHeight = 290
)

// monthCharts adds the charts of the monthly sheet under its table: the
// activities per month stacked by topic source, and each source's share of
// the period, side by side, together as wide as the table. They lie over
// rows of the default height written for them (excelize places a chart by
// those heights), one block of the page layout, so a page never cuts them.
// Columns: B 月份, C 合计, D-G the sources (header names in row 4).
func monthCharts(s *sheet, first, last, totalRow, most int, oneYear bool) error {
	_, pageHeight := s.page.printable()
	scale := s.page.mostZoom(s.cols)
	_, used := s.layout.pages(s.page, scale)
	height := pageHeight/scale - used - blankHeight
	if height < chartMinHeight {
		height = chartMaxHeight
	}
	rows := int(min(height, chartMaxHeight) / defaultRowHeight)
	s.raw(nil, blankHeight)
	at := s.row + 1
	for range rows {
		s.raw(nil, defaultRowHeight)
	}
	if s.err != nil {
		return s.err
	}
	s.keepTogether(rows + 1)

	widthPx := uint(0)
	for _, c := range s.cols {
		widthPx += uint(math.Round(c.Width * unitPxWidest))
	}
	heightPx := uint(rows*excelizeRowPx) - 4
	// The column chart takes a little over half, the pie the rest.
	split, leftPx := 0, uint(0)
	for split < len(s.cols) && leftPx < widthPx*11/20 {
		leftPx += uint(math.Round(s.cols[split].Width * unitPxWidest))
		split++
	}
	sheet := s.name
	ref := func(col string, from, to int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, from, col, to)
	}
	var series []excelize.ChartSeries
	for _, col := range []string{"D", "E", "F", "G"} {
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$4", sheet, col),
			Categories: ref("B", first, last),
			Values:     ref(col, first, last),
		})
	}
	titleFont := &excelize.Font{Family: "宋体", Size: 11, Bold: true}
	rotation := 0 // 2025年11月 is too long to stand under its bar: slanted
	if !oneYear {
		rotation = -45
	}
	axisFont := excelize.Font{Family: "宋体", Size: 9, Color: "333333"}
	perMonth := &excelize.Chart{
		Type:       excelize.ColStacked,
		Series:     series,
		VaryColors: ptr(false), // one colour per source, not per bar
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各月协商议事活动（场次）", Font: titleFont}}},
		Legend:     excelize.ChartLegend{Position: "right", Font: &axisFont},
		XAxis:      excelize.ChartAxis{Font: axisFont, Alignment: excelize.Alignment{TextRotation: rotation}},
		YAxis:      excelize.ChartAxis{Font: axisFont, MajorGridLines: true, MajorUnit: axisStep(most), Minimum: ptr(0.0)},
		Dimension:  excelize.ChartDimension{Width: leftPx - 8, Height: heightPx},
		Format:     excelize.GraphicOptions{OffsetX: 2, OffsetY: 2},
	}
	if err := s.b.f.AddChart(sheet, fmt.Sprintf("A%d", at), perMonth); err != nil {
		return err
	}
	bySource := &excelize.Chart{
		Type: excelize.Pie,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$C$4", sheet),
			Categories: fmt.Sprintf("'%s'!$D$4:$G$4", sheet),
			Values:     fmt.Sprintf("'%s'!$D$%d:$G$%d", sheet, totalRow, totalRow),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "议题来源构成", Font: titleFont}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &axisFont},
		PlotArea:  excelize.ChartPlotArea{ShowPercent: true},
		Dimension: excelize.ChartDimension{Width: widthPx - leftPx - 4, Height: heightPx},
		Format:    excelize.GraphicOptions{OffsetX: 2, OffsetY: 2},
	}
	return s.b.f.AddChart(sheet, cell(split, at), bySource)
}

// A chart's rows are 15 points tall, the height excelize assumes for rows
// it finds none for (the stream writer keeps them out of its reach), which
// it counts as 18 pixels when it works out the cell a chart ends in: a
// chart k rows tall is k*18 pixels to excelize, and ends in its last row.
const (
	defaultRowHeight = 15
	excelizeRowPx    = 18
)

// axisStep is a step for a count axis up to most: whole numbers, about
// five steps.
func axisStep(most int) float64 {
	for _, step := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000} {
		if most <= step*6 {
			return float64(step)
		}
	}
	return 0 // automatic
}

// countyColumn is the column a city's ledger and rosters add after 序号.
var countyColumn = Column{Header: "县（市、区）", Width: 14, Kind: KindShort}

// withCounty adds countyColumn after 序号 in a city's database.
func withCounty(cols []Column, city bool) []Column {
	if !city {
		return cols
	}
	return append([]Column{cols[0], countyColumn}, cols[1:]...)
}

// countyCell puts the county's name before a row's values in a city's database.
func countyCell(values []any, county string, city bool) []any {
	if !city {
		return values
	}
	return append([]any{county}, values...)
}

// statsByCounty writes a city's sheet 按县（市、区） (issue 20): each county
// on the city's list with its key figures from its submitted 工作情况统计表
// and whether it has reported for the period, then the 合计.
func statsByCounty(ctx context.Context, st *data.Store, b *book, title string, p data.Period) error {
	rows, err := st.CityOverview(ctx, p)
	if err != nil {
		return err
	}
	s := b.newSheet("按县（市、区）", title, "", []Column{
		{Header: "序号", Width: 5, Kind: KindNumber}, countyColumn,
		{Header: "报送情况", Width: 12, Kind: KindShort}, {Header: "试点单位（个）", Width: 9, Kind: KindNumber},
		{Header: "已挂牌议事室（个）", Width: 11, Kind: KindNumber}, {Header: "协商议事活动（场次）", Width: 11, Kind: KindNumber},
		{Header: "参与人次", Width: 9, Kind: KindNumber}, {Header: "提出问题（条）", Width: 9, Kind: KindNumber},
		{Header: "解决问题（个）", Width: 9, Kind: KindNumber}, {Header: "报送期间", Width: 26, Kind: KindText},
		{Header: "备注", Width: 16, Kind: KindText},
	}, a4Landscape)
	var sums [][]any
	for _, r := range rows {
		state, period, note := "未报送", "", ""
		if r.Reported {
			state, period = "已报送", periodText(r.Period.From, r.Period.To)
			if r.FiguresOnly {
				note = "只报送了统计数字，没有记录"
			}
		}
		figures := []any{r.Sites, r.Rooms, r.Activities, r.Participants, r.ProblemsRaised, r.ProblemsSolved}
		sums = append(sums, append([]any{r.County}, figures...))
		s.record(append(append([]any{r.County, state}, figures...), period, note)...)
	}
	if len(rows) == 0 {
		s.nothing("尚未列入任何县（市、区）：请在“设置”中添加。")
	}
	s.total(3, sumColumns(sums, 6)) // the six figures
	return s.finish(nil)
}
