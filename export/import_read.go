package export

// The sheet reader: a workbook (.xlsx) or a CSV file read into rows of text
// cells, merged cells filled in, nothing interpreted yet. Cells are read raw
// (RawCellValue): a date is its serial number and a phone number stored as a
// number keeps all its digits, however Excel displays it (1.39E+10); the
// importer converts by column. Reading formatted values costs twice the time
// and loses those digits.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"pilotdesk/data"
)

// Limits that keep a bad or hostile file from eating the machine: far above
// any real roster or ledger, and every one reported as a message.
const (
	maxImportRows = 300_000
	maxImportCols = 200
	maxCSVBytes   = 256 << 20
)

// Source is a spreadsheet file opened for import.
type Source struct {
	Path   string
	Sheets []string // the sheets to choose from: visible worksheets; a CSV file has one

	zr       *zip.ReadCloser
	parts    map[string]string // sheet name -> worksheet part
	sstPart  string
	sst      []string // read on first use
	date1904 bool
	csv      *Table
}

// Row is one row of a sheet as text.
type Row struct {
	N     int      // the row number Excel shows (CSV: the record number)
	Cells []string // merged cells filled in from their first cell
	span  int      // the widest merge across this row, in columns: titles and notes span the table
}

// Table is one sheet read as text; blank rows are left out.
type Table struct {
	Sheet    string
	Rows     []Row
	Cols     int // the widest row
	date1904 bool
}

// OpenSource opens path for import. Old binary workbooks (.xls, WPS .et)
// and password-protected ones are refused with a message saying what to do.
func OpenSource(path string) (*Source, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, errRead(path, err)
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	fi, _ := fh.Stat()
	fh.Close()
	if n == 0 {
		return nil, errEmptyFile(path)
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return openXLSX(path)
	case bytes.Equal(head, oleMagic):
		// Both an .xls/.et and an encrypted .xlsx are OLE containers; the
		// encrypted one holds a stream called EncryptedPackage.
		if fi != nil && fi.Size() < 512<<20 {
			if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, encryptedPackage) {
				return nil, errPassword(path)
			}
		}
		return nil, errOldFormat(path)
	case ext == ".xls" || ext == ".et" || ext == ".ett" || ext == ".xlt":
		return nil, errOldFormat(path)
	case ext == ".csv" || ext == ".txt":
		t, err := readCSVFile(path)
		if err != nil {
			return nil, err
		}
		return &Source{Path: path, Sheets: []string{t.Sheet}, csv: t}, nil
	}
	return nil, errNotWorkbook(path)
}

var (
	oleMagic         = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
)

func openXLSX(path string) (*Source, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, errDamagedFile(path, err)
	}
	s := &Source{Path: path, zr: zr}
	if err := s.readWorkbook(); err != nil {
		s.Close()
		return nil, errDamagedFile(path, err)
	}
	if len(s.Sheets) == 0 {
		s.Close()
		return nil, errEmptyFile(path)
	}
	return s, nil
}

// Close releases the file.
func (s *Source) Close() error {
	if s.zr != nil {
		s.zr.Close()
	}
	return nil
}

// Read reads one sheet ("" for the first). progress hears rows read of
// the sheet's size (0: unknown), from the calling goroutine.
func (s *Source) Read(ctx context.Context, sheet string, progress func(done, total int)) (*Table, error) {
	if s.csv != nil {
		return s.csv, nil
	}
	all, merges, err := s.readRows(ctx, sheet, 0, progress)
	if err != nil {
		return nil, err
	}
	t := &Table{Sheet: sheet, date1904: s.date1904}
	if sheet == "" {
		t.Sheet = s.Sheets[0]
	}
	t.collect(all, fillMerges(all, merges))
	return t, nil
}

// readRows reads a sheet's rows (the first limit only, when limit > 0),
// indexed by row number - 1, and its merged ranges.
func (s *Source) readRows(ctx context.Context, sheet string, limit int, progress func(done, total int)) ([][]string, []mergeRect, error) {
	if sheet == "" {
		sheet = s.Sheets[0]
	}
	part, ok := s.parts[sheet]
	if !ok {
		return nil, nil, &data.Error{Code: data.ENotFound, ZH: fmt.Sprintf("文件中没有名为“%s”的工作表。", sheet),
			EN: fmt.Sprintf("The file has no sheet called %q.", sheet)}
	}
	if s.sst == nil && s.sstPart != "" {
		if f := findPart(&s.zr.Reader, s.sstPart); f != nil {
			r, err := f.Open()
			if err != nil {
				return nil, nil, errDamagedFile(s.Path, err)
			}
			s.sst, err = readSST(r)
			r.Close()
			if err != nil {
				return nil, nil, errDamagedFile(s.Path, err)
			}
		}
	}
	f := findPart(&s.zr.Reader, part)
	if f == nil {
		return nil, nil, errDamagedFile(s.Path, fmt.Errorf("no part %s", part))
	}
	r, err := f.Open()
	if err != nil {
		return nil, nil, errDamagedFile(s.Path, err)
	}
	defer r.Close()
	var all [][]string
	var failed error
	i := 0
	merges, _, err := sheetRows(r, s.sst, func(n, dim int, cells []string) bool {
		if limit > 0 && n > limit {
			return false
		}
		if n > maxImportRows {
			failed = errTooBig(s.Path)
			return false
		}
		if all == nil && dim > 0 { // the size the sheet declares, within reason
			c := min(dim, maxImportRows)
			if limit > 0 {
				c = min(c, limit)
			}
			all = make([][]string, 0, c)
		}
		for len(all) < n-1 {
			all = append(all, nil)
		}
		if n == len(all)+1 {
			all = append(all, cells)
		} else {
			all[n-1] = cells // rows out of order: the later wins
		}
		if i++; i%2048 == 0 {
			if err := ctx.Err(); err != nil {
				failed = cancelledImport(err)
				return false
			}
			if progress != nil {
				progress(n, max(min(dim, maxImportRows), n))
			}
		}
		return true
	})
	switch {
	case failed != nil:
		return nil, nil, failed
	case errors.Is(err, errTooManyRows):
		return nil, nil, errTooBig(s.Path)
	case err != nil:
		return nil, nil, errDamagedFile(s.Path, err)
	}
	if progress != nil {
		progress(len(all), len(all))
	}
	return all, merges, nil
}

// collect keeps the rows with any text, numbered from 1.
func (t *Table) collect(all [][]string, spans []int) {
	t.Rows = slices.Grow(t.Rows, len(all))
	for i, cells := range all {
		last := -1
		for j, c := range cells {
			if strings.TrimSpace(c) != "" {
				last = j
			}
		}
		if last < 0 {
			continue
		}
		r := Row{N: i + 1, Cells: cells[:last+1]}
		if i < len(spans) {
			r.span = spans[i]
		}
		t.Rows = append(t.Rows, r)
		t.Cols = max(t.Cols, last+1)
	}
}

// mergeRect is a merged range, 0-based and inclusive.
type mergeRect struct{ r1, c1, r2, c2 int }

// fillMerges copies each merged range's first cell into the rest of it (a
// township written once for its group of villages), and returns each row's
// widest merge. Ranges reaching past the data are cut to it.
func fillMerges(all [][]string, merges []mergeRect) []int {
	spans := make([]int, len(all))
	for _, m := range merges {
		if m.r1 >= len(all) || m.c1 >= maxImportCols {
			continue
		}
		m.r2 = min(m.r2, len(all)-1)
		m.c2 = min(m.c2, maxImportCols-1)
		var v string
		if m.c1 < len(all[m.r1]) {
			v = all[m.r1][m.c1]
		}
		for r := m.r1; r <= m.r2; r++ {
			spans[r] = max(spans[r], m.c2-m.c1+1)
			if v == "" {
				continue
			}
			row := all[r]
			if len(row) <= m.c2 {
				row = append(row, make([]string, m.c2+1-len(row))...)
				all[r] = row
			}
			for c := m.c1; c <= m.c2; c++ {
				row[c] = v
			}
		}
	}
	return spans
}

// readWorkbook finds the visible worksheets and their parts, the shared
// strings and the date system, from the workbook and its relationships.
func (s *Source) readWorkbook() error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	zr := &s.zr.Reader
	if err := readXMLPart(zr, "xl/workbook.xml", &wb); err != nil {
		return err
	}
	if err := readXMLPart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return err
	}
	s.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			s.sstPart = t
		}
	}
	s.parts = map[string]string{}
	for _, sh := range wb.Sheets {
		// Only worksheets have cells; chart sheets and dialogs do not.
		t := targets[sh.RID]
		if !strings.HasPrefix(t, "xl/worksheets/") || findPart(zr, t) == nil {
			continue
		}
		s.parts[sh.Name] = t
		if sh.State == "" || sh.State == "visible" {
			s.Sheets = append(s.Sheets, sh.Name)
		}
	}
	return nil
}

func findPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			return f
		}
	}
	return nil
}

func readXMLPart(zr *zip.Reader, name string, v any) error {
	f := findPart(zr, name)
	if f == nil {
		return fmt.Errorf("no %s", name)
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(io.LimitReader(r, 64<<20)).Decode(v)
}

// readCSVFile reads a CSV file saved by Excel or WPS: UTF-8 (with or
// without a byte-order mark) or, failing that, GBK (GB18030), which is what
// Chinese Excel writes for "CSV (逗号分隔)". Tabs or semicolons instead of
// commas are recognised from the first line.
func readCSVFile(path string) (*Table, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, errRead(path, err)
	}
	if fi.Size() > maxCSVBytes {
		return nil, errTooBig(path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errRead(path, err)
	}
	t, err := parseCSV(b)
	if err != nil {
		return nil, errDamagedFile(path, err)
	}
	t.Sheet = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return t, nil
}

func parseCSV(b []byte) (*Table, error) {
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(b) {
		d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			return nil, err
		}
		b = d
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = csvComma(b)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var all [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(all) >= maxImportRows {
			return nil, errors.New("too many rows")
		}
		if len(rec) > maxImportCols {
			rec = rec[:maxImportCols]
		}
		all = append(all, rec)
	}
	t := &Table{}
	t.collect(all, nil)
	return t, nil
}

// csvComma guesses the separator from the first line.
func csvComma(b []byte) rune {
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{'\t', ';'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// File-level errors, each with what to do about it.

func errRead(path string, err error) error {
	return &data.Error{Code: data.ENotFound, Err: err,
		ZH: fmt.Sprintf("无法打开文件“%s”。请确认文件存在，且没有被其他程序独占。", filepath.Base(path)),
		EN: fmt.Sprintf("Cannot open %q. Check that it exists and is not locked by another program.", filepath.Base(path))}
}

func errEmptyFile(path string) error {
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("文件“%s”是空的，没有可导入的内容。", filepath.Base(path)),
		EN: fmt.Sprintf("The file %q is empty: there is nothing to import.", filepath.Base(path))}
}

func errOldFormat(path string) error {
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("“%s”是旧版 Excel（.xls）或 WPS（.et）格式，无法直接导入。请在 Excel 或 WPS 中打开它，选择“另存为”→“Excel 工作簿（*.xlsx）”，再导入另存的文件。", filepath.Base(path)),
		EN: fmt.Sprintf("%q is an old Excel (.xls) or WPS (.et) workbook, which cannot be imported. Open it in Excel or WPS, choose Save As > Excel Workbook (*.xlsx), and import that file.", filepath.Base(path))}
}

func errPassword(path string) error {
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("“%s”设有打开密码，无法读取。请在 Excel 或 WPS 中打开它，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再导入。", filepath.Base(path)),
		EN: fmt.Sprintf("%q is protected by a password and cannot be read. Open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and import again.", filepath.Base(path))}
}

func errDamagedFile(path string, err error) error {
	return &data.Error{Code: data.EDamaged, Err: err,
		ZH: fmt.Sprintf("“%s”已损坏或不是有效的 Excel 工作簿，无法读取。请在 Excel 或 WPS 中打开检查，另存为 .xlsx 后再导入。", filepath.Base(path)),
		EN: fmt.Sprintf("%q is damaged or not a valid Excel workbook. Open it in Excel or WPS to check, save it as .xlsx, and import again.", filepath.Base(path))}
}

func errNotWorkbook(path string) error {
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("“%s”不是可导入的文件。请选择 Excel 工作簿（.xlsx）或 CSV 文件。", filepath.Base(path)),
		EN: fmt.Sprintf("%q cannot be imported. Choose an Excel workbook (.xlsx) or a CSV file.", filepath.Base(path))}
}

func errTooBig(path string) error {
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("“%s”太大（超过 %d 行），请分成几个文件导入。", filepath.Base(path), maxImportRows),
		EN: fmt.Sprintf("%q is too big (more than %d rows); split it into several files.", filepath.Base(path), maxImportRows)}
}

// cancelledImport is the error of an import the user stopped.
func cancelledImport(err error) error {
	return &data.Error{Code: ECancelled, Err: err, ZH: "导入已取消，数据库没有改动。", EN: "The import was cancelled; nothing was changed."}
}
