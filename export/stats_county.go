package export

import (
	"context"

	"pilotdesk/data"
)

// A city's statistics (issue 20): its 工作情况统计表 is the sum of the
// counties' submitted ones (data.CitySummary), and the sheet 按县（市、区）
// lists each county on the city's list with its key figures and whether
// it has reported for the period, then the 合计.

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

// countyColumns are the sheet 按县（市、区）'s columns.
var countyColumns = []Column{
	{Header: "序号", Width: 5, Kind: KindNumber}, {Header: "县（市、区）", Width: 14, Kind: KindShort},
	{Header: "报送情况", Width: 12, Kind: KindShort}, {Header: "试点单位（个）", Width: 9, Kind: KindNumber},
	{Header: "已挂牌议事室（个）", Width: 11, Kind: KindNumber}, {Header: "协商议事活动（场次）", Width: 11, Kind: KindNumber},
	{Header: "参与人次", Width: 9, Kind: KindNumber}, {Header: "提出问题（条）", Width: 9, Kind: KindNumber},
	{Header: "解决问题（个）", Width: 9, Kind: KindNumber}, {Header: "报送期间", Width: 26, Kind: KindText},
	{Header: "备注", Width: 16, Kind: KindText},
}

// statsByCounty writes the sheet 按县（市、区）.
func statsByCounty(ctx context.Context, st *data.Store, b *book, title string, p data.Period) error {
	rows, err := st.CityOverview(ctx, p)
	if err != nil {
		return err
	}
	s := b.newSheet("按县（市、区）", title, "", countyColumns, a4Landscape)
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
