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
	var cells [][]any
	for _, r := range rows {
		name := data.RoomBases.Label(r.Basis, "zh")
		if r.Basis == "" {
			name = "未填写"
		}
		cells = append(cells, append([]any{name, r.Sites, r.Unveiled}, tallyCells(r.Tally)...))
	}
	return siteStats(b, title, "按依托类型", "依托类型", 16, cells, "", "")
}
