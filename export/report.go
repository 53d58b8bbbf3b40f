package export

// The 报送表 a county sends up to the city (issue 20), and its reading at
// the city. Layout:
//
//	工作情况统计表   the period's summary, as Summary writes it (codes in H)
//	one sheet per data.MergeKinds entry, in that order: title, 填报单位
//	          line, headers on row 3 (序号, 编号, then the kind's columns:
//	          data.MergeKind.Cols' Head), a record a row, the signature
//	          line; protected against accidental edits
//	defined names ReportKind (报送表 or 报送表模板), County, CountyOffice,
//	          CountyDatabase, PeriodFrom, PeriodTo, ProgramVersion; the same
//	          as custom document properties. In the template (the summary
//	          alone, figures blank) County, PeriodFrom and PeriodTo refer to
//	          the cells of the sheet 填报信息 the county fills in.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// ReportSubmission is the 报送表 (not in Reports: it is sent, not printed alone).
const ReportSubmission Report = "report"

const (
	reportKindData     = "报送表"
	reportKindTemplate = "报送表模板"
	infoSheet          = "填报信息"
)

// reportColumns are a kind's sheet columns: 序号, 编号, then its own.
func reportColumns(k *data.MergeKind) []Column {
	cols := []Column{{Header: "序号", Width: 6, Kind: KindNumber}, {Header: data.IDHead, Width: 8, Kind: KindNumber}}
	for _, c := range k.Cols {
		col := Column{Header: c.Head, Kind: KindShort}
		switch {
		case c.Link != "":
			col.Kind, col.Width = KindText, 14
		case c.Kind == data.ColText:
			col.Kind, col.Width = KindText, 16
		case c.Kind == data.ColDate:
			col.Kind, col.Width = KindDate, 15
		case c.Kind == data.ColCount, c.Kind == data.ColRef:
			col.Kind = KindNumber
		case c.Kind == data.ColEnum: // 乡镇（街道）、村（社区） on one line
			col.Width = 13
		}
		if slices.Contains([]string{"notes", "outcome", "findings", "requirements", "topic"}, c.Name) {
			col.Width = 28
		}
		cols = append(cols, col)
	}
	return cols
}

// WriteReport writes the 报送表 of period p to path; version is the
// program's. progress (may be nil) hears sheets done of sheets in all.
func WriteReport(ctx context.Context, st *data.Store, path string, p data.Period, version string, progress func(done, total int)) error {
	opts := Options{From: p.From, To: p.To}
	dbID, err := st.DatabaseID(ctx)
	if err != nil {
		return err
	}
	return write(ctx, st, path, ReportSubmission, periodText(p.From, p.To), opts, func(b *book, _ string) error {
		if err := reportNames(b, reportKindData, b.h.District, dbID, p, version); err != nil {
			return err
		}
		if err := summarySheet(ctx, st, b, opts, false); err != nil {
			return err
		}
		for i, k := range data.MergeKinds {
			if err := reportSheet(ctx, st, b, k, p); err != nil {
				return err
			}
			if progress != nil {
				progress(i+1, len(data.MergeKinds))
			}
		}
		return nil
	})
}

// reportNames puts what the city reads first into defined names and
// document properties.
func reportNames(b *book, kind, county, dbID string, p data.Period, version string) error {
	names := [][2]string{{"ReportKind", kind}, {"County", county}, {"CountyOffice", b.h.Unit}, {"CountyDatabase", dbID},
		{"PeriodFrom", p.From.String()}, {"PeriodTo", p.To.String()}, {"ProgramVersion", version}}
	typed := map[string]string{"County": "$B$3", "PeriodFrom": "$B$4", "PeriodTo": "$B$5"} // on 填报信息
	for _, n := range names {
		ref := excelQuote(n[1])
		if cell := typed[n[0]]; kind == reportKindTemplate && cell != "" { // the county types them
			ref = "'" + infoSheet + "'!" + cell
		}
		if err := b.f.SetDefinedName(&excelize.DefinedName{Name: n[0], RefersTo: ref}); err != nil {
			return err
		}
		if err := b.f.SetCustomProps(excelize.CustomProperty{Name: n[0], Value: n[1]}); err != nil {
			return err
		}
	}
	return nil
}

// reportSheet writes kind k's records, protected.
func reportSheet(ctx context.Context, st *data.Store, b *book, k *data.MergeKind, p data.Period) error {
	cols := reportColumns(k)
	s := b.newSheet(k.Sheet, officeName(b.h.District)+"报送表："+k.Sheet+"（"+periodText(p.From, p.To)+"）", "", cols, a3Landscape)
	vals := make([]any, len(cols)-1)
	err := st.EachReportRow(ctx, k, p, func(id uint, row []string) error {
		vals[0] = int(id)
		for i, c := range k.Cols {
			vals[i+1] = reportValue(c, row[i])
		}
		s.record(vals...)
		return s.err
	})
	if err != nil {
		return err
	}
	return s.finish(func() error {
		return b.f.ProtectSheet(k.Sheet, &excelize.SheetProtectionOptions{
			AlgorithmName: "SHA-512", Password: "pilotdesk", FormatColumns: true, FormatRows: true, SelectLockedCells: true, SelectUnlockedCells: true})
	})
}

// reportValue is a value as the sheet shows it: dates as dates, codes as
// their Chinese labels, ids and counts as numbers.
func reportValue(c data.MergeCol, v string) any {
	if v == "" {
		return nil
	}
	switch {
	case c.Link != "":
		return v
	case c.Kind == data.ColDate:
		d, _ := data.ParseDate(v)
		return d
	case c.Kind == data.ColCount, c.Kind == data.ColRef:
		n, _ := strconv.Atoi(v)
		return n
	case c.Kind == data.ColEnum:
		return c.Enum.Label(v, "zh")
	case c.Kind == data.ColFlag:
		if v == "1" {
			return "是"
		}
		return "否"
	}
	return v
}

// WriteReportTemplate writes the blank 报送表 for a county without
// PilotDesk: the 工作情况统计表 with its fixed rows and blank figures, and
// the sheet 填报信息 for the county's name and period.
func WriteReportTemplate(path string, version string) error {
	if err := CheckTarget(path); err != nil {
		return err
	}
	// 填报单位 and 填报日期 are left for the county to write.
	b, err := newBook(header{}, ReportSubmission, "“协商在基层”工作情况统计表（报送表模板）", Options{})
	if err != nil {
		return err
	}
	defer b.close()
	if err := firstErr(reportNames(b, reportKindTemplate, "", "", data.Period{}, version),
		writeSummary(b, data.EmptySummary(data.Period{}), Options{}, true)); err != nil {
		return err
	}
	f := b.f
	if _, err := f.NewSheet(infoSheet); err != nil {
		return err
	}
	rows := [][]any{
		{"请填写下面三项，并在“工作情况统计表”中填写“本期”和“累计”两列的数字（没有的填0），然后发送给市政协。"},
		{"项目", "填写"},
		{"县（市、区）名称", ""},
		{"报送期间起（如2026-01-01）", ""},
		{"报送期间止（如2026-06-30）", ""},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(infoSheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	if err := firstErr(f.SetColWidth(infoSheet, "A", "A", 30), f.SetColWidth(infoSheet, "B", "B", 24),
		f.SetCellStyle(infoSheet, "B4", "B5", b.styles.text)); err != nil {
		return err
	}
	return b.save(context.Background(), path)
}

// reportErr is a refusal of a file: not a 报送表, or one whose structure
// was edited; where names the sheet and cell.
func reportErr(path string, at data.Place, zh, en string) error {
	return data.FileError(filepath.Base(path), at, zh, en)
}

// ReadReport reads and checks a 报送表 (or a filled template). Errors are
// data.Error values naming the file, sheet and cell.
func ReadReport(path string) (*data.Submission, error) {
	src, err := OpenSource(path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	if src.f == nil {
		return nil, reportErr(path, data.Place{}, "不是报送表（应为议事台导出的 .xlsx 文件）。", "not a report workbook (an .xlsx written by PilotDesk).")
	}
	f := src.f
	names := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Scope == "" || n.Scope == "Workbook" {
			names[n.Name] = n.RefersTo
		}
	}
	value := func(name string) (string, data.Place, error) {
		ref, ok := names[name]
		if !ok {
			return "", data.Place{}, reportErr(path, data.Place{}, fmt.Sprintf("缺少定义名称“%s”，不是报送表或结构已被改动。", name),
				fmt.Sprintf("the defined name %s is missing: not a report workbook, or its structure was edited.", name))
		}
		if strings.HasPrefix(ref, `"`) {
			return strings.ReplaceAll(strings.Trim(ref, `"`), `""`, `"`), data.NamePlace(name), nil
		}
		sheet, cellRef, _ := strings.Cut(ref, "!")
		sheet = strings.Trim(sheet, "'")
		cellRef = strings.ReplaceAll(cellRef, "$", "")
		v, err := f.GetCellValue(sheet, cellRef, excelize.Options{RawCellValue: true})
		return strings.TrimSpace(v), data.CellPlace(sheet, cellRef), err
	}
	kind, _, err := value("ReportKind")
	if err != nil {
		return nil, err
	}
	if kind != reportKindData && kind != reportKindTemplate {
		return nil, reportErr(path, data.NamePlace("ReportKind"), "不是报送表。", "not a report workbook.")
	}
	s := &data.Submission{File: filepath.Base(path), FiguresOnly: kind == reportKindTemplate}
	var where data.Place
	if s.County, where, err = value("County"); err != nil {
		return nil, err
	}
	if s.County == "" {
		return nil, reportErr(path, where, "没有填写县（市、区）名称。", "the county's name is missing.")
	}
	for _, d := range []struct {
		name string
		dst  *data.Date
	}{{"PeriodFrom", &s.Period.From}, {"PeriodTo", &s.Period.To}} {
		v, where, err := value(d.name)
		if err != nil {
			return nil, err
		}
		if n, err := strconv.ParseFloat(v, 64); err == nil && n > 1 { // a date typed in a cell
			if t, err := excelize.ExcelDateToTime(n, false); err == nil {
				v = t.Format("2006-01-02")
			}
		}
		if *d.dst, err = data.ParseDate(v); err != nil || d.dst.IsZero() {
			return nil, reportErr(path, where, fmt.Sprintf("报送期间应为日期，如“2026-01-01”，而不是“%s”。", v),
				fmt.Sprintf("the period should be a date such as 2026-01-01, not %q.", v))
		}
	}
	if s.Period.To.Before(s.Period.From) {
		return nil, reportErr(path, data.NamePlace("PeriodFrom, PeriodTo"), "报送期间的结束日期早于开始日期。", "the period ends before it begins.")
	}
	s.Office, _, _ = value("CountyOffice")
	s.DatabaseID, _, _ = value("CountyDatabase")
	s.ProgramVersion, _, _ = value("ProgramVersion")
	if s.Figures, err = readFigures(src, path); err != nil {
		return nil, err
	}
	if s.FiguresOnly {
		return s, nil
	}
	for _, k := range data.MergeKinds {
		sh, err := readReportSheet(src, path, k)
		if err != nil {
			return nil, err
		}
		s.Sheets = append(s.Sheets, *sh)
	}
	return s, nil
}

// readFigures reads the 工作情况统计表's rows by their codes (column H):
// every code must be there, each figure a whole number (blank: 0).
func readFigures(src *Source, path string) ([]data.SummaryRow, error) {
	const sheet = "工作情况统计表"
	if !slices.Contains(src.Sheets, sheet) {
		return nil, reportErr(path, data.Place{}, "缺少“工作情况统计表”工作表。", "the sheet 工作情况统计表 is missing.")
	}
	t, err := src.Read(context.Background(), sheet, nil)
	if err != nil {
		return nil, err
	}
	wanted := data.EmptySummary(data.Period{}).Rows()
	byCode := map[string]*data.SummaryRow{}
	for _, r := range t.Rows {
		code := rowCell(r, 7)
		if !slices.ContainsFunc(wanted, func(w data.SummaryRow) bool { return w.Code == code }) {
			continue
		}
		row := &data.SummaryRow{Code: code}
		for i, dst := range []*int{&row.Period, &row.Total} {
			f := Field{Key: code, ZH: []string{"本期", "累计"}[i], EN: []string{"period", "total"}[i]}
			n, err := parseIntCell(f, r.Cells[4+i])
			if err != nil || n < 0 {
				return nil, reportErr(path, data.CellPlace(sheet, fmt.Sprintf("%c%d", 'E'+i, r.N)),
					fmt.Sprintf("应为0或正整数，而不是“%s”。", r.Cells[4+i]), fmt.Sprintf("%q is not a whole number of 0 or more.", r.Cells[4+i]))
			}
			*dst = n
		}
		byCode[code] = row
	}
	for i, want := range wanted {
		row, ok := byCode[want.Code]
		if !ok {
			return nil, reportErr(path, data.CellPlace(sheet, ""), fmt.Sprintf("找不到代码为“%s”的行，表格结构已被改动。", want.Code),
				fmt.Sprintf("no row coded %s: the sheet's structure was edited.", want.Code))
		}
		wanted[i] = *row
	}
	return wanted, nil
}

// readReportSheet reads kind k's sheet: headers on row 3 exactly as
// written, then a record a row up to the signature line.
func readReportSheet(src *Source, path string, k *data.MergeKind) (*data.SubmittedSheet, error) {
	if !slices.Contains(src.Sheets, k.Sheet) {
		return nil, reportErr(path, data.Place{}, fmt.Sprintf("缺少“%s”工作表，报送表结构已被改动。", k.Sheet), fmt.Sprintf("the sheet %s is missing: the structure was edited.", k.Sheet))
	}
	t, err := src.Read(context.Background(), k.Sheet, nil)
	if err != nil {
		return nil, err
	}
	cols := reportColumns(k)
	where := func(col, row int) data.Place { return data.CellPlace(k.Sheet, cell(col, row)) }
	head := slices.IndexFunc(t.Rows, func(r Row) bool { return r.N == firstRow })
	if head < 0 {
		return nil, reportErr(path, where(0, firstRow), "找不到表头，报送表结构已被改动。", "the headers are missing: the structure was edited.")
	}
	for i, c := range cols {
		if got := rowCell(t.Rows[head], i); got != c.Header {
			return nil, reportErr(path, where(i, firstRow), fmt.Sprintf("表头应为“%s”，而不是“%s”；报送表结构已被改动。", c.Header, got),
				fmt.Sprintf("the header should be %q, not %q: the structure was edited.", c.Header, got))
		}
	}
	sh := &data.SubmittedSheet{Kind: k}
	var lines []int
	sh.Cell = func(row, col int) string { return cell(col+2, lines[row]) } // after 序号 and 编号
	for _, r := range t.Rows[head+1:] {
		if strings.HasPrefix(rowCell(r, 0), "填表人") {
			break
		}
		id, err := strconv.Atoi(rowCell(r, 1))
		if err != nil || id <= 0 {
			return nil, reportErr(path, where(1, r.N), fmt.Sprintf("编号应为正整数，而不是“%s”。", rowCell(r, 1)), fmt.Sprintf("the id should be a positive whole number, not %q.", rowCell(r, 1)))
		}
		row := data.SubmittedRow{ID: uint(id), Vals: make([]string, len(k.Cols))}
		for i, c := range k.Cols {
			v, err := readReportValue(c, rowCell(r, i+2), t.date1904)
			if err != nil {
				return nil, reportErr(path, where(i+2, r.N), data.Message(err, "zh"), data.Message(err, "en"))
			}
			row.Vals[i] = v
		}
		sh.Rows = append(sh.Rows, row)
		lines = append(lines, r.N)
	}
	return sh, nil
}

// rowCell is cell i of row r, trimmed; "" past the row's end.
func rowCell(r Row, i int) string {
	if i < len(r.Cells) {
		return strings.TrimSpace(r.Cells[i])
	}
	return ""
}

// readReportValue reads a cell back into the text data.MergeKind values
// are compared in, with the importer's cell readers.
func readReportValue(c data.MergeCol, v string, date1904 bool) (string, error) {
	f := Field{Key: c.Name, ZH: c.Head, EN: c.Name, enum: c.Enum}
	switch {
	case v == "":
		if c.Kind == data.ColFlag {
			return "0", nil
		}
		return "", nil
	case c.Link != "":
		for _, p := range strings.Split(v, ";") {
			if n, err := strconv.Atoi(strings.TrimSpace(p)); err != nil || n <= 0 {
				return "", cellErr(f, fmt.Sprintf("应为以分号分隔的编号，而不是“%s”。", v), fmt.Sprintf("%q is not a list of ids separated by semicolons.", v))
			}
		}
		return v, nil
	case c.Kind == data.ColDate:
		d, err := parseDateCell(f, v, date1904)
		return d.String(), err
	case c.Kind == data.ColCount, c.Kind == data.ColRef:
		n, err := parseIntCell(f, v)
		return strconv.Itoa(n), err
	case c.Kind == data.ColEnum:
		return parseEnumCell(f, v)
	case c.Kind == data.ColFlag:
		b, err := parseFlagCell(f, v)
		if b {
			return "1", err
		}
		return "0", err
	}
	return v, nil
}
