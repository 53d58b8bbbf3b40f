package export

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// Stats writes 统计表 for the higher level, four sheets of one period: the
// one-page 工作情况统计表 first (summary.go), then by township (sites, rooms unveiled, activities in all and by topic source,
// participants, problems solved), by month with two native charts (activities
// per month by topic source, and the share of each source), and by kind of
// site. Every sheet ends with a 合计 row that is the sum of its columns.
func Stats(ctx context.Context, st *data.Store, path string, opts Options) error {
	p := data.Period{From: opts.From, To: opts.To}
	return write(ctx, st, path, ReportStats, periodText(p.From, p.To), opts, func(b *book, title string) error {
		if err := summarySheet(ctx, st, b, opts); err != nil {
			return err
		}
		stats, err := st.Statistics(ctx, p)
		if err != nil {
			return err
		}
		months, err := st.MonthlyStats(ctx, p)
		if err != nil {
			return err
		}
		if err := statsByTownship(b, title, stats); err != nil {
			return err
		}
		if err := statsByMonth(b, title, months); err != nil {
			return err
		}
		return statsByKind(b, title, stats)
	})
}

// statsColumns are the columns of a statistics sheet whose rows are named
// by what (乡镇（街道）, 月份, 类型); sites adds the site counts.
func statsColumns(what string, sites bool) []Column {
	cols := []Column{{Header: "序号", Width: 6, Kind: KindNumber}, {Header: what, Width: 14, Kind: KindShort}}
	if sites {
		cols = append(cols, Column{Header: "试点单位（个）", Width: 9, Kind: KindNumber},
			Column{Header: "已挂牌议事室（个）", Width: 10, Kind: KindNumber})
	}
	const group = "协商议事活动（次）"
	cols = append(cols, Column{Header: "合计", Group: group, Width: 8, Kind: KindNumber})
	for _, o := range data.TopicSources.Options {
		cols = append(cols, Column{Header: o.ZH, Group: group, Width: 9, Kind: KindNumber})
	}
	return append(cols,
		Column{Header: "参与人次", Width: 9, Kind: KindNumber},
		Column{Header: "解决问题（个）", Width: 9, Kind: KindNumber},
		Column{Header: "备注", Width: 14, Kind: KindText})
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

// sums adds up rows of ints column by column.
type sums []int

func (s *sums) add(cells []any) {
	if *s == nil {
		*s = make(sums, len(cells))
	}
	for i, c := range cells {
		(*s)[i] += c.(int)
	}
}

func (s sums) cells(n int) []any {
	out := make([]any, n)
	for i := range out {
		if i < len(s) {
			out[i] = s[i]
		} else {
			out[i] = 0
		}
	}
	return out
}

const noActivities = "本期无协商议事活动。"

func statsByTownship(b *book, title string, stats *data.Statistics) error {
	cols := statsColumns("乡镇（街道）", true)
	s, err := b.newSheet("按乡镇", title, "", cols, true)
	if err != nil {
		return err
	}
	var total sums
	for _, t := range stats.Townships {
		cells := append([]any{t.Sites, t.Unveiled}, tallyCells(t.Tally)...)
		total.add(cells)
		if err := s.record(append([]any{t.Township}, cells...)...); err != nil {
			return err
		}
	}
	if len(stats.Townships) == 0 {
		if err := s.nothing("尚未登记试点单位。"); err != nil {
			return err
		}
	}
	if err := s.total(2, total.cells(len(cols)-3)); err != nil {
		return err
	}
	if stats.Total.Activities == 0 {
		if err := s.merged(noActivities, b.styles.line, 22); err != nil {
			return err
		}
	}
	return s.finish(nil)
}

func statsByKind(b *book, title string, stats *data.Statistics) error {
	cols := statsColumns("类型", true)
	s, err := b.newSheet("按类型", title, "", cols, true)
	if err != nil {
		return err
	}
	var total sums
	for _, k := range stats.Kinds {
		cells := append([]any{k.Sites, k.Unveiled}, tallyCells(k.Tally)...)
		total.add(cells)
		if err := s.record(append([]any{data.SiteKinds.Label(k.Kind, "zh")}, cells...)...); err != nil {
			return err
		}
	}
	if err := s.total(2, total.cells(len(cols)-3)); err != nil {
		return err
	}
	return s.finish(nil)
}

func statsByMonth(b *book, title string, months []data.MonthStats) error {
	cols := statsColumns("月份", false)
	s, err := b.newSheet("按月份", title, "", cols, true)
	if err != nil {
		return err
	}
	first := s.row + 1
	var total sums
	for _, m := range months {
		cells := tallyCells(m.Tally)
		total.add(cells)
		if err := s.record(append([]any{fmt.Sprintf("%d年%d月", m.Year, m.Month)}, cells...)...); err != nil {
			return err
		}
	}
	last := s.row
	if len(months) == 0 {
		if err := s.nothing(noActivities); err != nil {
			return err
		}
	}
	if err := s.total(2, total.cells(len(cols)-3)); err != nil {
		return err
	}
	totalRow := s.row
	if len(months) == 0 {
		return s.finish(nil)
	}
	if len(total) > 0 && total[0] == 0 {
		if err := s.merged(noActivities, b.styles.line, 22); err != nil {
			return err
		}
	}
	return s.finish(func() error {
		// The charts print on a page of their own after the table, side by
		// side, together as wide as the table.
		at := s.row + 2
		if err := s.sw.InsertPageBreak(fmt.Sprintf("A%d", at)); err != nil {
			return err
		}
		return monthCharts(b.f, s.name, cols, first, last, totalRow, at)
	})
}

// monthCharts adds the two charts of the monthly sheet: activities per
// month stacked by topic source, and each source's share of the period.
// Columns: B 月份, C 合计, D-G the sources (header names in row 4).
func monthCharts(f *excelize.File, sheet string, cols []Column, first, last, totalRow, at int) error {
	// The second chart starts at the first column boundary past the middle
	// (excelize keeps an offset inside the anchor column).
	width := tableWidthPx(cols)
	split, left := 0, uint(0)
	for split < len(cols) && left < width/2 {
		left += colPx(cols[split])
		split++
	}
	splitCol, _ := excelize.ColumnNumberToName(split + 1)
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
	perMonth := &excelize.Chart{
		Type:       excelize.ColStacked,
		Series:     series,
		VaryColors: ptr(false), // one colour per source, not per bar
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各月协商议事活动（按议题来源）"}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		Dimension:  excelize.ChartDimension{Width: left - 8, Height: 320},
		Format:     excelize.GraphicOptions{OffsetX: 2, OffsetY: 2},
	}
	if err := f.AddChart(sheet, fmt.Sprintf("A%d", at), perMonth); err != nil {
		return err
	}
	bySource := &excelize.Chart{
		Type: excelize.Pie,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$C$4", sheet),
			Categories: fmt.Sprintf("'%s'!$D$4:$G$4", sheet),
			Values:     fmt.Sprintf("'%s'!$D$%d:$G$%d", sheet, totalRow, totalRow),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "协商议事活动议题来源构成"}}},
		Legend:    excelize.ChartLegend{Position: "right"},
		PlotArea:  excelize.ChartPlotArea{ShowPercent: true},
		Dimension: excelize.ChartDimension{Width: width - left - 4, Height: 320},
		Format:    excelize.GraphicOptions{OffsetX: 2, OffsetY: 2},
	}
	return f.AddChart(sheet, fmt.Sprintf("%s%d", splitCol, at), bySource)
}

// tableWidthPx is about how wide the columns are on screen: Excel draws a
// character unit of the default font in about 7 pixels plus padding.
func tableWidthPx(cols []Column) uint {
	px := uint(0)
	for _, c := range cols {
		px += colPx(c)
	}
	return px
}

func colPx(c Column) uint { return uint(c.Width*7 + 5) }
