package export

import (
	"context"

	"pilotdesk/data"
)

// statsByBasis is the statistics' sheet by 依托类型 (issue 22): the sites
// and activities by what their rooms are built on, the sites not told in
// a row of their own, and the 合计 row.
func statsByBasis(ctx context.Context, st *data.Store, b *book, title string, p data.Period) error {
	rows, err := st.BasisStatistics(ctx, p)
	if err != nil {
		return err
	}
	cols := statsColumns("依托类型", 16, true)
	s, err := b.newSheet("按依托类型", title, "", cols, a4Landscape)
	if err != nil {
		return err
	}
	var total sums
	for _, r := range rows {
		cells := append([]any{r.Sites, r.Unveiled}, tallyCells(r.Tally)...)
		total.add(cells)
		name := data.RoomBases.Label(r.Basis, "zh")
		if r.Basis == "" {
			name = "未填写"
		}
		if err := s.record(append([]any{name}, cells...)...); err != nil {
			return err
		}
	}
	if err := s.total(2, total.cells(len(cols)-3)); err != nil {
		return err
	}
	return s.finish(nil)
}
