package export

import (
	"context"
	"iter"
	"slices"
	"strings"

	"pilotdesk/data"
)

// Total is a table's 合计 row as the screen shows it (one value per
// column), and what it counts when that is not the sum of the rows above,
// e.g. people counted once however many sites they guide.
type Total struct {
	Cells []any
	Note  string
}

// View writes "what I see": a table's visible columns and filtered rows, in
// the local form (title, 填报单位 line, headers, signature line). Each row
// holds one value per column: string, a whole or decimal number, data.Date,
// time.Time or nil. A 序号 column is put first and a 备注 column last
// unless the table has them; period is printed after the title when set.
// total (nil: none) is printed in bold under the rows, unnumbered, its
// note in the 备注 column.
func View(ctx context.Context, st *data.Store, path, name, period string, columns []Column, rows iter.Seq[[]any], total *Total, opts Options) error {
	cols, seqGiven := viewColumns(columns)
	return write(ctx, st, path, Report(name), period, opts, func(b *book, title string) error {
		pg := a4Portrait // up to 92 units prints at 100%
		if width(cols) > 92 {
			pg = a4Landscape
		}
		s := b.newSheet(sheetName(name), title, "", cols, pg)
		n := 0
		for row := range rows {
			if n++; n%512 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if seqGiven && len(row) > 0 {
				row = row[1:] // the sheet numbers the rows itself
			}
			s.record(row...)
		}
		if n == 0 {
			s.nothing("没有符合条件的记录。")
		}
		if total != nil {
			cells := total.Cells
			if seqGiven && len(cells) > 0 {
				cells = cells[1:]
			}
			s.totalAsShown(cells, total.Note)
		}
		return s.finish(nil)
	})
}

// viewColumns adds 序号 and 备注 where the table lacks them, and tells
// whether the table's first column already was 序号.
func viewColumns(columns []Column) ([]Column, bool) {
	seqGiven := len(columns) > 0 && columns[0].Header == "序号"
	if seqGiven {
		columns = columns[1:]
	}
	cols := append([]Column{{Header: "序号", Width: 6, Kind: KindNumber}}, columns...)
	if !slices.ContainsFunc(columns, func(c Column) bool { return c.Header == "备注" }) {
		cols = append(cols, Column{Header: "备注", Width: 16, Kind: KindText})
	}
	return cols, seqGiven
}

// width is the table's width in character units, to choose the orientation.
func width(cols []Column) float64 {
	w := 0.0
	for _, c := range cols {
		w += c.width()
	}
	return w
}

// width is the column's width, or one that fits its header when unset.
func (c Column) width() float64 {
	if c.Width == 0 {
		return max(6, float64(textWidth(c.Header))+2)
	}
	return c.Width
}

// sheetName makes a title usable as a sheet name: at most 31 characters,
// none of : \ / ? * [ ].
func sheetName(s string) string {
	r := []rune(strings.Map(func(c rune) rune {
		if strings.ContainsRune(`:\/?*[]`, c) {
			return '_'
		}
		return c
	}, s))
	if len(r) > 31 {
		r = r[:31]
	}
	if len(r) == 0 {
		return "Sheet1"
	}
	return string(r)
}
