package export

// Every report sheet has the same stable layout, so the city can merge the
// workbooks of all its counties by fixed cells:
//
//	A1        the title, merged across the table: the office named from
//	          the district, the report's subject, then the period (and what
//	          a filtered ledger was narrowed to) in brackets, e.g.
//	          政协马龙区委员会“协商在基层”协商议事活动台账（2024年1月至6月）
//	A2        "填报单位：…　　填报日期：…", merged across the table (the sign-in
//	          sheet says there instead what, when and where the meeting is)
//	row 3     column headers (rows 3-4 when a sheet has two-level headers),
//	          bold, bordered, wrapped, repeated on every printed page
//	next row  data, one row per record; 序号 in column A, 备注 in the last column
//	then      a 合计 row where the report adds up (or a line saying what it
//	          counts), then a blank row and "填表人：…　审核人：　联系电话：…"
//
// Every row carries its height, and each report chooses its paper so that
// its text prints at 9 pt or more fit to one page wide (page.go).
//
// The workbook also carries the district in the defined name District and
// in its document properties (Keywords, custom property District), and the
// report kind and period in custom properties.
//
// Sheets are written with excelize's StreamWriter. Its order rules (checked,
// see FIELD-NOTES.md): sheet properties before NewStreamWriter, widths and
// panes before the first row, page setup and charts before Flush.

import (
	"archive/zip"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// Kind says how a column's cells are written and aligned.
type Kind int

const (
	KindText   Kind = iota // wrapped, left-aligned text in "@" format: phones, IDs and "=..." stay text
	KindShort              // centred text: names, types, statuses
	KindNumber             // a number (sums work), centred
	KindDate               // a real date shown as 2020年3月24日
)

// Column is one column of a report table.
type Column struct {
	Header string
	Group  string  // the upper header cell, shared by adjacent columns with the same Group
	Width  float64 // in Excel character units; 0: fitted to the header
	Kind   Kind
}

const (
	dateFormat = `yyyy"年"m"月"d"日"`
	firstRow   = 3 // the header row
)

// header is what every report prints around its table, from the settings.
type header struct {
	District   string
	Unit       string // 填报单位
	Preparer   string // 填表人
	Phone      string // 联系电话
	MaskPhones bool
	Date       data.Date // 填报日期
	City       bool      // a city's database: its ledger and roster name each row's county
}

func loadHeader(ctx context.Context, st *data.Store, opts Options) (header, error) {
	s, err := st.Settings(ctx)
	if err != nil {
		return header{}, err
	}
	h := header{
		District:   strings.TrimSpace(s[data.SettingDistrict]),
		Unit:       strings.TrimSpace(s[data.SettingReportUnit]),
		Preparer:   strings.TrimSpace(s[data.SettingPreparer]),
		Phone:      strings.TrimSpace(s[data.SettingPhone]),
		MaskPhones: s[data.SettingMaskPhones] == "1",
		Date:       opts.ReportDate,
		City:       s[data.SettingLevel] == data.LevelCity,
	}
	if h.Date.IsZero() {
		h.Date = data.Today()
	}
	return h, nil
}

// book is one workbook being written.
type book struct {
	f      *excelize.File
	h      header
	styles styles
	sheets int
}

type styles struct {
	title, line, head, text, short, number, date, total, totalText int
}

// fastZip is the workbooks' zip writer. Level 1 deflate: the zip step is
// a third of a big export's time at the default level; files come out
// about a third larger.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	return zw
}

// newBook starts a workbook for report (its code) titled title: its
// styles, and the district, report and period in its names and properties.
func newBook(h header, report Report, title string, opts Options) (*book, error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	b := &book{f: f, h: h}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	centre := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	dateFmt := dateFormat
	specs := []struct {
		id *int
		s  excelize.Style
	}{
		{&b.styles.title, excelize.Style{Font: font(16, true), Alignment: centre}},
		{&b.styles.line, excelize.Style{Font: font(11, false), Alignment: left}},
		{&b.styles.head, excelize.Style{Font: font(11, true), Border: boxBorder, Alignment: centre}},
		{&b.styles.text, excelize.Style{Font: font(10, false), Border: boxBorder, NumFmt: 49, Alignment: left}},
		{&b.styles.short, excelize.Style{Font: font(10, false), Border: boxBorder, NumFmt: 49, Alignment: centre}},
		{&b.styles.number, excelize.Style{Font: font(10, false), Border: boxBorder, NumFmt: 1, Alignment: centre}},
		{&b.styles.date, excelize.Style{Font: font(10, false), Border: boxBorder, CustomNumFmt: &dateFmt, Alignment: centre}},
		{&b.styles.total, excelize.Style{Font: font(10, true), Border: boxBorder, NumFmt: 1, Alignment: centre}},
		{&b.styles.totalText, excelize.Style{Font: font(10, true), Border: boxBorder, NumFmt: 49, Alignment: centre}},
	}
	err := f.SetDefaultFont("宋体")
	for _, s := range specs {
		if err == nil {
			*s.id, err = f.NewStyle(&s.s)
		}
	}
	// The district travels with the workbook for the city's merge.
	err = firstErr(err,
		f.SetDefinedName(&excelize.DefinedName{Name: "District", RefersTo: excelQuote(h.District)}),
		f.SetDocProps(&excelize.DocProperties{
			Title:       title,
			Subject:     string(report),
			Keywords:    h.District,
			Creator:     h.Unit,
			Category:    "协商在基层",
			Description: "议事台 PilotDesk",
			Language:    "zh-CN",
			Created:     time.Now().UTC().Format(time.RFC3339),
		}))
	for _, p := range []excelize.CustomProperty{
		{Name: "District", Value: h.District},
		{Name: "ReportUnit", Value: h.Unit},
		{Name: "Report", Value: string(report)},
		{Name: "PeriodFrom", Value: opts.From.String()},
		{Name: "PeriodTo", Value: opts.To.String()},
		{Name: "ReportDate", Value: h.Date.String()},
	} {
		err = firstErr(err, f.SetCustomProps(p))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// boxBorder is the thin border all round of every table cell.
var boxBorder = []excelize.Border{
	{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
}

// excelQuote writes s as a string constant for a defined name.
func excelQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (b *book) close() { b.f.Close() }

// sheet is one report table being streamed. Like a bufio.Writer it keeps
// its first error: every write after it does nothing, and finish returns
// it, so a report lays out its rows without checking each one.
type sheet struct {
	b      *book
	name   string
	cols   []Column
	page   page
	sw     *excelize.StreamWriter
	err    error
	row    int     // the last row written
	heads  int     // header rows: 1 or 2
	n      int     // records written, for 序号
	height float64 // of data rows at least; their wrapped text may need more
	// The rows' heights as printed, for the page layout (see page.go).
	layout pagination
	// A data row's cells and SetRow's argument, reused row after row.
	buf   []excelize.Cell
	cells []any
}

// The pages reports print on.
var (
	a4Landscape = page{paper: paperA4, landscape: true}
	a4Portrait  = page{paper: paperA4}
	a3Landscape = page{paper: paperA3, landscape: true}
)

// newSheet adds a sheet and writes its title, the line under it (info; ""
// gives the 填报单位 line) and the headers. Sheet-level print settings are
// set here, before any row; finish may still fit the height.
func (b *book) newSheet(name, title, info string, cols []Column, pg page) *sheet {
	cols = slices.Clone(cols)
	s := &sheet{b: b, name: name, cols: cols, page: pg, heads: 1}
	for i, c := range cols {
		cols[i].Width = c.width()
		if c.Group != "" {
			s.heads = 2
		}
	}
	f := b.f
	lastHead := firstRow + s.heads - 1
	s.err = firstErr(
		b.addSheet(name),
		s.setPageLayout(0),
		// All six: an unset margin is written as 0.
		f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
			Top: ptr(marginTop), Bottom: ptr(marginBottom), Left: ptr(marginSide), Right: ptr(marginSide),
			Header: ptr(marginHeader), Footer: ptr(marginFooter), Horizontally: ptr(true),
		}),
		f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&C第&P页 共&N页"}),
		f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", Scope: name,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, firstRow, lastHead),
		}),
	)
	s.stream(-1)
	if s.err == nil {
		s.err = s.sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: lastHead, TopLeftCell: fmt.Sprintf("A%d", lastHead+1), ActivePane: "bottomLeft",
		})
	}
	if info == "" {
		info = "填报单位：" + b.h.Unit + "　　　　填报日期：" + b.h.Date.Chinese()
	}
	// The title wraps rather than run past the table.
	titleLines := math.Ceil(textPx(title, 16) / (width(cols)*unitPxNarrowest - 2*cellPaddingPx))
	s.merged(title, b.styles.title, titleLines*22+10)
	s.merged(info, b.styles.line, lineRowHeight+float64(strings.Count(info, "\n"))*15)
	s.layout.heads[0] = len(s.layout.units)
	s.writeHeaders()
	s.layout.heads[1] = len(s.layout.units)
	return s
}

// addSheet adds a sheet to the workbook (the first takes the place of
// excelize's Sheet1), fitted to its pages.
func (b *book) addSheet(name string) error {
	f := b.f
	var err error
	if b.sheets == 0 {
		err = f.SetSheetName(f.GetSheetName(0), name)
	} else {
		_, err = f.NewSheet(name)
	}
	b.sheets++
	return firstErr(err, f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}))
}

// stream starts the sheet's rows, its columns' widths set and column
// hidden (an index into s.cols; -1 for none) kept out of print.
func (s *sheet) stream(hidden int) {
	if s.err != nil {
		return
	}
	if s.sw, s.err = s.b.f.NewStreamWriter(s.name); s.err != nil {
		return
	}
	for i, c := range s.cols {
		s.err = firstErr(s.err, s.sw.SetColWidth(i+1, i+1, c.Width))
	}
	if hidden >= 0 {
		s.err = firstErr(s.err, s.sw.SetColVisible(hidden+1, hidden+1, false))
	}
}

// setPageLayout sets the paper, one page wide, and tall pages (0: as many
// as it takes).
func (s *sheet) setPageLayout(tall int) error {
	orientation := "portrait"
	if s.page.landscape {
		orientation = "landscape"
	}
	return s.b.f.SetPageLayout(s.name, &excelize.PageLayoutOptions{
		Size: ptr(s.page.paper.size), Orientation: &orientation, FitToWidth: ptr(1), FitToHeight: ptr(tall),
	})
}

// writeHeaders writes one header row, or two when columns are grouped: the
// group's cell merged across its columns, ungrouped headers merged down.
func (s *sheet) writeHeaders() {
	head := s.b.styles.head
	top := make([]any, len(s.cols))
	bottom := make([]any, len(s.cols))
	topLines, bottomLines := 1, 1
	for i, c := range s.cols {
		text, lines := headerText(c.Header, c.Width)
		top[i] = excelize.Cell{StyleID: head, Value: text}
		bottom[i] = excelize.Cell{StyleID: head}
		if s.heads == 2 && c.Group != "" {
			top[i] = excelize.Cell{StyleID: head, Value: c.Group}
			bottom[i] = excelize.Cell{StyleID: head, Value: text}
			bottomLines = max(bottomLines, lines)
		} else {
			topLines = max(topLines, lines)
		}
	}
	if s.heads == 1 {
		s.raw(top, headerHeight(topLines))
		return
	}
	// A header merged down the two rows has both rows' height.
	s.raw(top, headerHeight(max(1, topLines-bottomLines)))
	s.raw(bottom, headerHeight(bottomLines))
	up, down := s.row-1, s.row
	for i := 0; i < len(s.cols); {
		j := i
		for j+1 < len(s.cols) && s.cols[i].Group != "" && s.cols[j+1].Group == s.cols[i].Group {
			j++
		}
		switch {
		case s.cols[i].Group == "":
			s.merge(i, up, i, down)
		case j > i:
			s.merge(i, up, j, up)
		}
		i = j + 1
	}
}

// cell names the cell of column index i (0-based) in row r.
func cell(i, r int) string {
	name, _ := excelize.CoordinatesToCellName(i+1, r)
	return name
}

// raw writes one row of prepared cells, height points tall. Every row
// says its height: LibreOffice prints a row without one at its default
// height whatever it holds, and the page layout needs them all.
func (s *sheet) raw(cells []any, height float64) {
	if s.err != nil {
		return
	}
	s.row++
	s.layout.units = append(s.layout.units, height)
	s.err = s.sw.SetRow(cell(0, s.row), cells, excelize.RowOpts{Height: height})
}

// merge merges the cells from column i of row r1 to column j of row r2
// (columns 0-based).
func (s *sheet) merge(i, r1, j, r2 int) {
	if s.err == nil {
		s.err = s.sw.MergeCell(cell(i, r1), cell(j, r2))
	}
}

// Row heights in points. Data rows are 10 pt: a line takes 13.5 points,
// and every row has the same room around its text, so that one-line and
// wrapped rows look alike.
const (
	lineRowHeight   = 20 // the 填报单位 line, notes under a table
	lineHeight      = 13.5
	rowPadding      = 4.5
	blankHeight     = 12 // between the table and the signature line
	signatureHeight = 24
)

// dataHeight is the height of a data row of n lines.
func dataHeight(lines int) float64 { return float64(lines)*lineHeight + rowPadding }

// headerHeight is the height of a header row of n lines (11 pt bold).
func headerHeight(lines int) float64 { return max(30, float64(lines)*14.5+6) }

// headerText is a header as written, and how many lines it takes in a
// column of width units. A header too long for one line is broken by hand,
// since the spreadsheet would break it wherever a line fills: before its
// bracket when that is enough (乡镇 over （街道）, never 乡镇（街 over 道）),
// else into even lines (议事 over 程序).
func headerText(h string, width float64) (string, int) {
	const size = 11
	fits := func(t string) bool { return textPx(t, size) <= cellRoomPx(width) }
	if fits(h) || strings.Contains(h, "\n") {
		return h, strings.Count(h, "\n") + 1
	}
	if before, after, ok := strings.Cut(h, "（"); ok && before != "" && fits(before) && fits("（"+after) {
		return before + "\n（" + after, 2
	}
	r := []rune(h)
	perLine := max(1, int(cellRoomPx(width)/(size*4/3))) // characters
	lines := (len(r) + perLine - 1) / perLine
	each := (len(r) + lines - 1) / lines
	var parts []string
	for len(r) > each {
		parts = append(parts, string(r[:each]))
		r = r[each:]
	}
	parts = append(parts, string(r))
	return strings.Join(parts, "\n"), len(parts)
}

// merged writes text in one row merged across the table.
func (s *sheet) merged(text string, style int, height float64) {
	cells := make([]any, len(s.cols))
	cells[0] = excelize.Cell{StyleID: style, Value: text}
	for i := 1; i < len(cells); i++ {
		cells[i] = excelize.Cell{StyleID: style}
	}
	s.raw(cells, height)
	s.merge(0, s.row, len(s.cols)-1, s.row)
}

// record writes one data row: its 序号 and then values for the remaining
// columns. See value for the types accepted.
func (s *sheet) record(values ...any) {
	if s.buf == nil {
		s.buf = make([]excelize.Cell, len(s.cols))
	}
	s.put(s.buf, s.prepare(s.buf, values))
}

// prepare fills cells (one per column) with a record's values, leaving
// the 序号 cell to put, and returns the row's height; a report may restyle
// a cell before put writes the row.
func (s *sheet) prepare(cells []excelize.Cell, values []any) float64 {
	for i := 1; i < len(s.cols) && s.err == nil; i++ {
		var v any
		if i-1 < len(values) {
			v = values[i-1]
		}
		cells[i], s.err = s.value(s.cols[i], v)
	}
	return max(s.height, s.rowHeight(values))
}

// put writes one prepared row (len(s.cols) cells), numbering it.
func (s *sheet) put(cells []excelize.Cell, h float64) {
	s.n++
	if s.cells == nil {
		s.cells = make([]any, len(s.cols))
	}
	cells[0] = excelize.Cell{StyleID: s.b.styles.number, Value: s.n}
	// Pointers in the interfaces spare an allocation per cell; SetRow
	// copies what it needs.
	for i := range cells {
		s.cells[i] = &cells[i]
	}
	s.raw(s.cells, h)
}

// rowHeight is the height that shows every wrapped line of the row's text
// (written, as raw says why).
func (s *sheet) rowHeight(values []any) float64 {
	lines := 1
	for i, v := range values {
		text, ok := v.(string)
		if !ok || i+1 >= len(s.cols) || text == "" {
			continue
		}
		lines = max(lines, linesIn(text, s.cols[i+1].Width, dataFontSize))
	}
	// Excel refuses rows over 409 points; longer text is cut off in print
	// rather than the whole export failing.
	return min(dataHeight(lines), maxRowHeight)
}

// maxRowHeight is the tallest row Excel allows, in points.
const maxRowHeight = 409

// value turns a Go value into a styled cell for column c.
func (s *sheet) value(c Column, v any) (excelize.Cell, error) {
	st := s.b.styles
	blank := st.short
	switch c.Kind {
	case KindText:
		blank = st.text
	case KindNumber:
		blank = st.number
	case KindDate:
		blank = st.date
	}
	switch x := v.(type) {
	case nil:
		return excelize.Cell{StyleID: blank}, nil
	case string:
		if x == "" { // an empty cell, not an empty string: less to write
			return excelize.Cell{StyleID: blank}, nil
		}
		// Always a string cell in "@" format, so "=SUM(A1)", "+86..." or a
		// phone number is text, in the file and after the user edits it.
		// v, not x: boxing x again would allocate once per cell.
		if c.Kind == KindText {
			return excelize.Cell{StyleID: st.text, Value: v}, nil
		}
		return excelize.Cell{StyleID: st.short, Value: v}, nil
	case int, int64, int32, uint, uint64, uint32, float64, float32:
		return excelize.Cell{StyleID: st.number, Value: x}, nil
	case data.Date:
		if x.IsZero() {
			return excelize.Cell{StyleID: blank}, nil
		}
		return excelize.Cell{StyleID: st.date, Value: excelDay(x)}, nil
	case time.Time:
		if x.IsZero() {
			return excelize.Cell{StyleID: blank}, nil
		}
		return excelize.Cell{StyleID: st.date, Value: excelDay(data.DateOf(x))}, nil
	}
	return excelize.Cell{}, fmt.Errorf("export: cannot write a %T in column %q", v, c.Header)
}

// excelDay is the day's serial number in Excel's 1900 date system, written
// directly: it is what excelize would compute from a time.Time, without a
// workbook lookup per cell.
func excelDay(d data.Date) int {
	return int(d.Time().Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// total writes the 合计 row: "合计" across the first labelCols columns, then
// for each later column the caller's sum of the rows above (an int, written
// with its SUM formula) or nil.
func (s *sheet) total(labelCols int, values []any) {
	st := s.b.styles
	cells := make([]any, len(s.cols))
	cells[0] = excelize.Cell{StyleID: st.totalText, Value: "合计"}
	for i := 1; i < labelCols; i++ {
		cells[i] = excelize.Cell{StyleID: st.totalText}
	}
	firstData := firstRow + s.heads
	for i := labelCols; i < len(s.cols); i++ {
		var v any
		if i-labelCols < len(values) {
			v = values[i-labelCols]
		}
		n, ok := v.(int)
		if !ok {
			cells[i] = excelize.Cell{StyleID: st.totalText}
			continue
		}
		f := fmt.Sprintf("SUM(%s:%s)", cell(i, firstData), cell(i, s.row))
		if s.row < firstData {
			f = ""
		}
		cells[i] = excelize.Cell{StyleID: st.total, Formula: f, Value: n}
	}
	s.raw(cells, dataHeight(1))
	if labelCols > 1 {
		s.merge(0, s.row, labelCols-1, s.row)
	}
}

// totalAsShown writes a 合计 row whose figures are given rather than summed
// (values for the columns after 序号), in bold, with note in the last
// column (备注) saying what it counts.
func (s *sheet) totalAsShown(values []any, note string) {
	vals := make([]any, len(s.cols)-1)
	copy(vals, values)
	if note != "" {
		vals[len(vals)-1] = note
	}
	cells := make([]excelize.Cell, len(s.cols))
	h := s.prepare(cells, vals)
	st := s.b.styles
	row := make([]any, len(cells))
	row[0] = excelize.Cell{StyleID: st.totalText}
	for i := 1; i < len(cells); i++ {
		c := cells[i]
		switch {
		case note != "" && i == len(cells)-1: // the note stays plain text
		case c.StyleID == st.number:
			c.StyleID = st.total
		default:
			c.StyleID = st.totalText
		}
		row[i] = c
	}
	s.raw(row, h)
}

// nothing writes the bordered line that says the table has no rows, so an
// empty period still gives a valid, self-explaining form.
func (s *sheet) nothing(text string) { s.merged(text, s.b.styles.short, dataHeight(2)) }

// finish writes the signature line under the table and ends the sheet,
// returning the sheet's first error. Anything that must reach the sheet's
// XML (charts, and the rows under them) is added by beforeFlush. When a
// shrink to no less than 92% saves the last page, the sheet prints one
// page shorter (page.go).
func (s *sheet) finish(beforeFlush func() error) error {
	h := s.b.h
	s.raw(nil, blankHeight)
	line := "填表人：" + pad(h.Preparer, 8) + "审核人：" + pad("", 8) + "联系电话：" + h.Phone
	s.merged(line, s.b.styles.line, signatureHeight)
	if s.err != nil {
		return s.err
	}
	// The blank row and the signatures go on a page together.
	s.keepTogether(2)
	if beforeFlush != nil {
		if err := beforeFlush(); err != nil {
			return err
		}
	}
	if tall := s.layout.fitHeight(s.page, s.cols); tall > 0 {
		if err := s.setPageLayout(tall); err != nil {
			return err
		}
	}
	return s.sw.Flush()
}

// keepTogether makes the last n rows one unit of the page layout: they
// print on one page.
func (s *sheet) keepTogether(n int) {
	u := s.layout.units
	last := len(u) - n
	for _, h := range u[last+1:] {
		u[last] += h
	}
	s.layout.units = u[:last+1]
}

// pad leaves room after a name for a handwritten one.
func pad(s string, width int) string {
	n := textWidth(s)
	if n >= width {
		return s + "　　"
	}
	return s + strings.Repeat(" ", width-n+4)
}

// textWidth counts CJK characters as two columns, as Excel lays them out.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		if r < utf8.RuneSelf {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// title is a report's title: the office, the subject and the period, e.g.
// 政协马龙区委员会“协商在基层”工作统计表（2026年1月至11月）. A table's view
// (not one of Reports) is titled with the district and its name.
func title(h header, r Report, period string) string {
	t := h.District + string(r)
	if s := reportWords[r][1]; s != "" { // "" for a table's view
		t = officeName(h.District) + s
	}
	if period != "" {
		t += "（" + period + "）"
	}
	return t
}

// officeName is the county's CPPCC committee named the way its papers are
// headed: 马龙区 -> 政协马龙区委员会. A setting that already names the
// committee is kept as it is.
func officeName(district string) string {
	if district == "" || strings.HasPrefix(district, "政协") || strings.HasSuffix(district, "委员会") {
		return district
	}
	return "政协" + district + "委员会"
}

// periodText writes a period the way Chinese reports head it: a whole year
// 2026年, whole months 2026年1月至11月 (one month 2026年3月), otherwise the
// days 2026年1月5日至3月20日; the year or month is not repeated at the end.
// An open end reads 2026年1月5日起 or 截至2026年3月20日.
func periodText(from, to data.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return from.Chinese() + "起"
	case from.IsZero():
		return "截至" + to.Chinese()
	}
	y1, m1, y2, m2 := from.Year(), int(from.Month()), to.Year(), int(to.Month())
	if from.Day() == 1 && to.AddDays(1).Day() == 1 { // whole months
		switch {
		case m1 == 1 && m2 == 12 && y1 == y2:
			return fmt.Sprintf("%d年", y1)
		case m1 == 1 && m2 == 12:
			return fmt.Sprintf("%d年至%d年", y1, y2)
		case y1 != y2:
			return fmt.Sprintf("%d年%d月至%d年%d月", y1, m1, y2, m2)
		case m1 == m2:
			return fmt.Sprintf("%d年%d月", y1, m1)
		}
		return fmt.Sprintf("%d年%d月至%d月", y1, m1, m2)
	}
	switch {
	case from.Equal(to):
		return from.Chinese()
	case y1 != y2:
		return from.Chinese() + "至" + to.Chinese()
	case m1 == m2:
		return fmt.Sprintf("%s至%d日", from.Chinese(), to.Day())
	}
	return fmt.Sprintf("%s至%d月%d日", from.Chinese(), m2, to.Day())
}

// maskPhone hides the middle of a number for handouts: 138****5678, and
// 0874-****456 for landlines (an extension stays).
func maskPhone(p string) string {
	if len(p) == 11 && p[0] == '1' && !strings.Contains(p, "-") {
		return p[:3] + "****" + p[7:]
	}
	area, rest, ok := strings.Cut(p, "-")
	if !ok || area == "" {
		return p
	}
	number, ext, hasExt := strings.Cut(rest, "-")
	if len(number) <= 4 {
		return p
	}
	out := area + "-" + strings.Repeat("*", len(number)-3) + number[len(number)-3:]
	if hasExt {
		out += "-" + ext
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
