package export

import (
	"context"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// GuessSheet returns the first of the source's sheets whose header is
// recognised for kind, reading only their first rows; "" when none is.
func (s *Source) GuessSheet(kind ImportKind) string {
	if s.csv != nil {
		return s.Sheets[0]
	}
	for _, name := range s.Sheets {
		all, merges, err := s.readRows(context.Background(), name, headerSearchRows+2, nil)
		if err != nil {
			continue
		}
		t := &Table{}
		t.collect(all, fillMerges(all, merges))
		if i, _ := kind.findHeader(t); i >= 0 {
			return name
		}
	}
	return ""
}

// SaveRejected writes the rejected rows to path for correcting and
// importing again: the header as found, each row's original cells, and the
// reason in lang in a last column 错误原因 (which the importer ignores).
// Dates are written as 2020-03-24, not as the serial numbers read.
func (p *Preview) SaveRejected(ctx context.Context, path, lang string) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
	f := excelize.NewFile()
	b := &book{f: f}
	defer b.close()
	const name = "错误行"
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return wrapCancel(ctx, err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return wrapCancel(ctx, err)
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	reason := "错误原因"
	if lang == "en" {
		reason = "Error"
	}
	cols := len(p.Headers)
	if err := sw.SetColWidth(1, cols+1, 14); err != nil {
		return wrapCancel(ctx, err)
	}
	row := make([]any, cols+1)
	for i, h := range p.Headers {
		row[i] = excelize.Cell{StyleID: head, Value: h}
	}
	row[cols] = excelize.Cell{StyleID: head, Value: reason}
	if err := sw.SetRow("A1", row); err != nil {
		return wrapCancel(ctx, err)
	}
	bad := make(map[int]error, len(p.Rejected))
	for _, r := range p.Rejected {
		bad[r.Row] = r.Err
	}
	n := 1
	for _, r := range p.Table.Rows {
		e, ok := bad[r.N]
		if !ok {
			continue
		}
		n++
		row := make([]any, cols+1)
		for i := 0; i < cols; i++ {
			v := ""
			if i < len(r.Cells) {
				v = r.Cells[i]
			}
			row[i] = p.rejectedCell(i, v, text)
		}
		row[cols] = excelize.Cell{StyleID: text, Value: data.Message(e, lang)}
		if err := sw.SetRow(cell(0, n), row); err != nil {
			return wrapCancel(ctx, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return wrapCancel(ctx, err)
	}
	return b.save(ctx, path)
}

// rejectedCell writes a cell back for fixing: a date column's serial
// number as 2020-03-24, everything else as the text read (phones and codes
// keep their digits).
func (p *Preview) rejectedCell(col int, v string, text int) any {
	if v == "" {
		return nil
	}
	if f, ok := p.Kind.field(p.Mapping[col]); ok && f.typ == tDate {
		if d, err := parseDateCell(f, v, p.Table.date1904); err == nil && !d.IsZero() {
			v = d.String()
		}
	}
	return excelize.Cell{StyleID: text, Value: v}
}
