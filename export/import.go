package export

// Import: a spreadsheet (.xlsx through excelize, or CSV) is read into a Table
// of text cells; Analyze finds its header row, maps the columns to the kind's
// fields and plans every row into a Preview (what would be new, updated,
// unchanged or rejected, and why); Apply writes it in one transaction through
// data's own Save* and InsertActivities, so every rule of the forms holds for
// imported rows too. Each kind (its fields, parsing, matching and writing) is
// one file, import_<kind>.go; this file holds what they share.
//
// Rules where real sheets leave a choice:
//   - Records are matched by natural keys, which each kind's file names.
//   - A blank cell never clears a stored value: sheets leave cells empty for
//     "unknown" far more often than for "delete this". Columns not mapped
//     are not touched either.
//   - A row whose key repeats an earlier row's is rejected as a duplicate,
//     unless the database already holds that many records with the key
//     (a ledger exported and imported back).
//   - Formulas: the value Excel or WPS saved with the formula is imported,
//     which is what the user sees; formulas are never evaluated.

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"pilotdesk/data"
)

// ImportKind is the kind of records a sheet holds.
type ImportKind string

const (
	ImportSites        ImportKind = "sites"
	ImportPeople       ImportKind = "people"
	ImportAssignments  ImportKind = "assignments"
	ImportPanelMembers ImportKind = "panel-members"
	ImportActivities   ImportKind = "activities"
	ImportTopics       ImportKind = "topics"
)

// ImportKinds lists the kinds in menu order.
var ImportKinds = []ImportKind{ImportSites, ImportPeople, ImportAssignments, ImportPanelMembers, ImportActivities, ImportTopics}

// kindSpec is what the importer knows of a kind besides how it plans rows.
type kindSpec struct {
	zh, en  string
	fields  []Field           // in template order
	need    [][]string        // the columns it cannot do without: one of each group
	keyText string            // how rows find the records on file, for the template's help
	example map[string]string // the template's example row
}

var kinds = map[ImportKind]*kindSpec{ImportSites: &sitesKind, ImportPeople: &peopleKind,
	ImportAssignments: &assignmentsKind, ImportPanelMembers: &panelMembersKind, ImportActivities: &activitiesKind, ImportTopics: &topicsKind}

// ParseImportKind reads a kind as typed on the command line.
func ParseImportKind(s string) (ImportKind, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	k, ok := map[string]ImportKind{"members": ImportPanelMembers, "panel": ImportPanelMembers, "panels": ImportPanelMembers,
		"panel-member": ImportPanelMembers, "site": ImportSites, "person": ImportPeople, "assignment": ImportAssignments,
		"activity": ImportActivities, "ledger": ImportActivities, "topic": ImportTopics}[s]
	if !ok {
		k = ImportKind(s)
	}
	_, ok = kinds[k]
	return k, ok
}

// Name is the kind's name in lang ("zh" or "en").
func (k ImportKind) Name(lang string) string { return data.InLang(lang, kinds[k].zh, kinds[k].en) }

// Fields lists the fields of kind, in template order.
func (k ImportKind) Fields() []Field { return kinds[k].fields }

// field returns the field with key, or false.
func (k ImportKind) field(key string) (Field, bool) {
	for _, f := range k.Fields() {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// fieldType says how a field's cells are read.
type fieldType int

const (
	tText fieldType = iota
	tName           // a name: spaces next to Chinese characters removed (王  芳)
	tDate
	tInt
	tPhone
	tEnum
	tNames // several names in one cell: 张三、李四
	tFlag  // 是 or 否
)

// Field is one thing a column can hold for a kind.
type Field struct {
	Key      string // e.g. "township"; also data's field name where there is one
	ZH, EN   string // the column's name in the template and the mapping list
	Required bool   // the template marks it *
	typ      fieldType
	enum     *data.Enum
	synonyms []string // headers people use, besides ZH
	hint     string   // the template's note (Chinese)
}

// columnFields are the importer's fields of a record's columns, with the
// template's notes by key (a site's id is read by its name, from
// "township" and "site").
func columnFields[T any](cols []data.Column[T], hints map[string]string) []Field {
	types := map[data.ColumnKind]fieldType{data.ColDate: tDate, data.ColCount: tInt, data.ColEnum: tEnum, data.ColRef: tName, data.ColFlag: tFlag}
	out := make([]Field, len(cols))
	for i, c := range cols {
		key := strings.TrimSuffix(c.Name, "_id")
		out[i] = Field{Key: key, ZH: c.ZH, EN: c.EN, Required: c.Required && c.Kind != data.ColRef,
			typ: types[c.Kind], enum: c.Enum, synonyms: c.Headers, hint: hints[key]}
	}
	return out
}

// enumAliases are words people write for an option besides its label.
var enumAliases = map[*data.Enum]map[string]string{
	&data.TopicSources: {"党委点题": data.SourceParty, "政府点题": data.SourceGovernment, "委员点题": data.SourceMember,
		"群众点题": data.SourcePublic, "群众征题": data.SourcePublic},
	&data.Decisions: {"举手": data.DecisionHands, "投票": data.DecisionBallot, "一致": data.DecisionConsensus},
	// The labels of before issue 19 (待落实, 落实中, 已落实) too.
	&data.FollowUps: {"未落实": data.FollowUpPending, "正在落实": data.FollowUpInProgress, "已完成": data.FollowUpDone,
		"完成": data.FollowUpDone, "待落实": data.FollowUpPending, "落实中": data.FollowUpInProgress, "已落实": data.FollowUpDone},
	&data.SiteKinds: {"乡镇": data.KindTownship, "街道": data.KindTownship, "镇": data.KindTownship, "乡": data.KindTownship,
		"村": data.KindCommunity, "社区": data.KindCommunity, "村社区": data.KindCommunity, "居委会": data.KindCommunity,
		"企业": data.KindEnterprise, "事业单位": data.KindEnterprise, "机关": data.KindEnterprise},
	&data.SiteStatuses: {"筹备": data.StatusPlanned, "未挂牌": data.StatusPlanned, "已揭牌": data.StatusUnveiled, "挂牌": data.StatusUnveiled,
		"运行": data.StatusActive, "常态化运行": data.StatusActive, "定型": data.StatusStandardized},
	&data.RoomBases: {"政协委员之家": "members_home", "委员服务联络处": "liaison_office", "委员联络处": "liaison_office", "委员联络站": "liaison_office",
		"党群服务站": "party_center", "村活动室": "village_venue", "社区活动室": "village_venue"},
	&data.TopicProposers: {"委员": data.ProposerPerson, "人员": data.ProposerPerson, "部门": data.ProposerUnit,
		"社会公众": data.ProposerPublic, "公众": data.ProposerPublic, "居民": data.ProposerPublic, "村民": data.ProposerPublic},
	&data.TopicStatuses: {"征集": data.TopicCollecting, "确定": data.TopicChosen, "协商": data.TopicConsulted, "落实": data.TopicDone, "未采纳": data.TopicRejected},
	&data.PersonCategories: {"委员": data.CategoryMember, "处级领导": data.CategoryLeader, "政协领导": data.CategoryLeader,
		"县级领导": data.CategoryLeader, "部门": data.CategoryStaff, "工作人员": data.CategoryStaff, "乡贤": data.CategoryFigure,
		"老党员": data.CategoryFigure, "老干部": data.CategoryFigure, "老劳模": data.CategoryFigure, "群众代表": data.CategoryFigure},
	&data.Genders:         {"男性": data.GenderMale, "女性": data.GenderFemale},
	&data.AssignmentRoles: {"牵头": data.RoleLead, "领导": data.RoleLead, "联系": data.RoleLiaison, "委员": data.RoleLiaison},
}

// Label is the field's name in lang.
func (f Field) Label(lang string) string { return data.InLang(lang, f.ZH, f.EN) }

// Fields of several kinds.
var (
	fTownship   = activityFields[1] // data.ActivityColumns' township_id and site_id
	fSite       = activityFields[2]
	fPersonName = Field{Key: "name", ZH: "姓名", EN: "Name", Required: true, typ: tName,
		synonyms: []string{"名字", "人员姓名", "委员姓名", "成员姓名", "顾问姓名", "人员", "姓 名"}}
	fPhone = Field{Key: "phone", ZH: "联系电话", EN: "Phone", typ: tPhone,
		synonyms: []string{"电话", "手机", "手机号", "手机号码", "电话号码", "联系方式", "联系手机", "办公电话"},
		hint:     "手机号11位，固定电话带区号，如“0874-3123456”"}
	fUnit     = Field{Key: "unit", ZH: "工作单位", EN: "Work unit", synonyms: []string{"单位", "所在单位", "工作单位名称"}}
	fPosition = Field{Key: "position", ZH: "职务", EN: "Position", synonyms: []string{"职位", "现任职务", "职务职称"}}
	fUnitPos  = Field{Key: "unit_position", ZH: "工作单位及职务", EN: "Work unit and position",
		synonyms: []string{"单位及职务", "单位职务", "工作单位和职务", "单位和职务"}, hint: "单位与职务之间空一格"}
	fGender = Field{Key: "gender", ZH: "性别", EN: "Gender", typ: tEnum, enum: &data.Genders}
	fNotes  = Field{Key: "notes", ZH: "备注", EN: "Notes", synonyms: []string{"说明", "备 注"}}
)

// Reading a spreadsheet.

// Limits that keep a bad or hostile file from eating the machine: far above
// any real roster or ledger, and every one reported as a message.
const (
	maxImportRows = 300_000
	maxImportCols = 200
	maxCSVBytes   = 256 << 20
	// The parts of a workbook inflate to at most this in all; a worksheet
	// or the shared strings over maxXMLInMemory go to a temporary file.
	maxUnzipBytes  = 1 << 30
	maxXMLInMemory = 16 << 20
	// excelize reads merged cells only by decoding the whole sheet into
	// memory (GetMergeCells; no streaming way, excelize issue #1613), so
	// longer sheets are read without them: rows that many are one record
	// each, as our ledger is.
	maxRowsWithMerges = 10_000
)

// Source is a spreadsheet file opened for import.
type Source struct {
	Path   string
	Sheets []string // the sheets to choose from: visible worksheets; a CSV file has one

	f   *excelize.File // nil for CSV
	csv *Table
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
		return nil, errRead.of(path, err)
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	fi, _ := fh.Stat()
	fh.Close()
	if n == 0 {
		return nil, errEmptyFile.of(path, nil)
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
				return nil, errPassword.of(path, nil)
			}
		}
		return nil, errOldFormat.of(path, nil)
	case ext == ".xls" || ext == ".et" || ext == ".ett" || ext == ".xlt":
		return nil, errOldFormat.of(path, nil)
	case ext == ".csv" || ext == ".txt":
		t, err := readCSVFile(path)
		if err != nil {
			return nil, err
		}
		return &Source{Path: path, Sheets: []string{t.Sheet}, csv: t}, nil
	}
	return nil, errNotWorkbook.of(path, nil)
}

var (
	oleMagic         = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	encryptedPackage = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00")
)

// openXLSX opens a workbook to read its cells raw (RawCellValue): a date is
// its serial number and a phone number stored as a number keeps all its
// digits, however Excel displays it (1.39E+10); the importer converts by
// column. Formatted reading is twice as slow and loses those digits.
func openXLSX(path string) (*Source, error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzipBytes, UnzipXMLSizeLimit: maxXMLInMemory})
	if err != nil {
		if f != nil {
			f.Close() // its temporary files
		}
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, errTooBig.of(path, nil)
		}
		return nil, errDamagedFile.of(path, err)
	}
	s := &Source{Path: path, f: f}
	for _, name := range f.GetSheetList() {
		if visible, _ := f.GetSheetVisible(name); visible {
			s.Sheets = append(s.Sheets, name)
		}
	}
	if len(s.Sheets) == 0 { // Excel always keeps one visible sheet
		f.Close()
		return nil, errDamagedFile.of(path, errors.New("no visible sheet"))
	}
	return s, nil
}

// Close releases the file and excelize's temporary files.
func (s *Source) Close() error {
	if s.f != nil {
		return s.f.Close()
	}
	return nil
}

// Read reads one sheet ("" for the first). progress hears rows read of
// the sheet's size (0: unknown), from the calling goroutine.
func (s *Source) Read(ctx context.Context, sheet string, progress func(done, total int)) (*Table, error) {
	if s.csv != nil {
		return s.csv, nil
	}
	if sheet == "" {
		sheet = s.Sheets[0]
	}
	all, err := s.readRows(ctx, sheet, maxImportRows+1, progress)
	if err != nil {
		return nil, err
	}
	if len(all) > maxImportRows {
		return nil, errTooBig.of(s.Path, nil)
	}
	var merges []excelize.MergeCell
	if len(all) <= maxRowsWithMerges {
		merges, _ = s.f.GetMergeCells(sheet, true) // a chart sheet has none, and says so with an error
	}
	t := &Table{Sheet: sheet}
	if props, err := s.f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	t.collect(all, fillMerges(all, merges))
	return t, nil
}

// readRows streams the first limit rows of a sheet, indexed by row number - 1.
func (s *Source) readRows(ctx context.Context, sheet string, limit int, progress func(done, total int)) ([][]string, error) {
	rows, err := s.f.Rows(sheet)
	if err != nil {
		return nil, &data.Error{Code: data.ENotFound, Err: err, ZH: fmt.Sprintf("文件中没有名为“%s”的工作表。", sheet),
			EN: fmt.Sprintf("The file has no sheet called %q.", sheet)}
	}
	defer rows.Close()
	total := 0 // the size the sheet declares, if it does
	if dim, err := s.f.GetSheetDimension(sheet); err == nil {
		if _, last, err := excelize.SplitCellName(dim[strings.LastIndex(dim, ":")+1:]); err == nil {
			total = min(last, maxImportRows)
		}
	}
	var all [][]string
	// Short values (dates, numbers, codes, places) repeat row after row:
	// kept once, and rows no longer than their cells, to save memory.
	intern := map[string]string{}
	for len(all) < limit && rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return nil, errDamagedFile.of(s.Path, err)
		}
		row := make([]string, min(len(cells), maxImportCols))
		for i, c := range row {
			if v, ok := intern[cells[i]]; ok {
				c = v
			} else if c = cells[i]; len(c) <= 32 && len(intern) < 1<<16 {
				intern[c] = c
			}
			row[i] = c
		}
		all = append(all, row)
		if len(all)%2048 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, cancelledImport(err)
			}
			if progress != nil {
				progress(len(all), max(total, len(all)))
			}
		}
	}
	if err := rows.Error(); err != nil {
		return nil, errDamagedFile.of(s.Path, err)
	}
	if progress != nil {
		progress(len(all), len(all))
	}
	return all, nil
}

// collect keeps the rows with any text, numbered from 1.
func (t *Table) collect(all [][]string, spans []int) {
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

// fillMerges copies each merged range's first cell into the rest of it (a
// township written once for its group of villages), and returns each row's
// widest merge. Ranges reaching past the data are cut to it.
func fillMerges(all [][]string, merges []excelize.MergeCell) []int {
	spans := make([]int, len(all))
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r1 > len(all) || c1 > maxImportCols {
			continue
		}
		r1, c1, r2, c2 = r1-1, c1-1, min(r2, len(all))-1, min(c2, maxImportCols)-1
		var v string
		if c1 < len(all[r1]) {
			v = all[r1][c1]
		}
		for r := r1; r <= r2; r++ {
			spans[r] = max(spans[r], c2-c1+1)
			if v == "" {
				continue
			}
			row := all[r]
			if len(row) <= c2 {
				row = append(row, make([]string, c2+1-len(row))...)
				all[r] = row
			}
			for c := c1; c <= c2; c++ {
				row[c] = v
			}
		}
	}
	return spans
}

// GuessSheet returns the first of the source's sheets whose header is
// recognised for kind, reading only their first rows; "" when none is.
func (s *Source) GuessSheet(kind ImportKind) string {
	if s.csv != nil {
		return s.Sheets[0]
	}
	for _, name := range s.Sheets {
		all, err := s.readRows(context.Background(), name, headerSearchRows+2, nil)
		if err != nil {
			continue
		}
		t := &Table{}
		t.collect(all, nil)
		if i, _ := kind.findHeader(t); i >= 0 {
			return name
		}
	}
	return ""
}

// readCSVFile reads a CSV file saved by Excel or WPS: UTF-8 (with or
// without a byte-order mark) or, failing that, GBK (GB18030), which is what
// Chinese Excel writes for "CSV (逗号分隔)". Tabs or semicolons instead of
// commas are recognised from the first line.
func readCSVFile(path string) (*Table, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, errRead.of(path, err)
	}
	if fi.Size() > maxCSVBytes {
		return nil, errTooBig.of(path, nil)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errRead.of(path, err)
	}
	t, err := parseCSV(b)
	if err != nil {
		return nil, errDamagedFile.of(path, err)
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
		all = append(all, rec[:min(len(rec), maxImportCols)])
	}
	t := &Table{}
	t.collect(all, nil)
	return t, nil
}

// csvComma guesses the separator from the first line.
func csvComma(b []byte) rune {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{'\t', ';'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// Finding the header.

// normHeader reduces a header to what identifies it: no spaces or line
// breaks, half-width, no "*" marking it required, no bracketed note.
func normHeader(s string) string {
	s = strings.ToLower(data.HalfWidth(s))
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == ':' || r == '：' {
			return -1
		}
		return r
	}, s)
	if t := reBracket.ReplaceAllString(s, ""); t != "" {
		s = t
	}
	return s
}

var reBracket = regexp.MustCompile(`[(（【\[][^)）】\]]*[)）】\]]`)

// headerIndex maps normalised headers to field keys, per kind.
var headerIndex = func() map[ImportKind]map[string]string {
	out := map[ImportKind]map[string]string{}
	for k, spec := range kinds {
		m := map[string]string{}
		for _, f := range spec.fields {
			for _, s := range append([]string{f.ZH}, f.synonyms...) {
				if n := normHeader(s); m[n] == "" {
					m[n] = f.Key
				}
			}
		}
		out[k] = m
	}
	return out
}()

// matchHeader returns the field a header names, or "". A header that is
// not exactly a known one but short and containing one (试点单位全称) takes
// the longest it contains.
func (k ImportKind) matchHeader(h string) string {
	n := normHeader(h)
	if n == "" {
		return ""
	}
	idx := headerIndex[k]
	if key, ok := idx[n]; ok {
		return key
	}
	if len([]rune(n)) > 10 {
		return ""
	}
	// Three characters at least: a place name (通泉街道) contains 街道 and
	// must not read as a header.
	best, bestLen := "", 2
	for syn, key := range idx {
		if l := len([]rune(syn)); l > bestLen && strings.Contains(n, syn) {
			best, bestLen = key, l
		} else if l == bestLen && l > 2 && strings.Contains(n, syn) && key < best {
			best = key // ties broken the same way every time
		}
	}
	return best
}

// headerScore counts the distinct fields a row's cells name, and whether
// every non-empty cell is a header (or repeats the cell above it, which a
// vertical merge of a two-row header gives).
func (k ImportKind) headerScore(cells, above []string) (score int, allHeaders bool) {
	seen := map[string]bool{}
	allHeaders = true
	for i, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if key := k.matchHeader(c); key != "" {
			if !seen[key] {
				seen[key] = true
				score++
			}
			continue
		}
		if i < len(above) && above[i] == c || normHeader(c) == "序号" {
			continue
		}
		allHeaders = false
	}
	return score, allHeaders
}

// headerSearchRows is how far down the header may be: title, 填报单位 and
// note lines come first in real sheets, rarely more than a few.
const headerSearchRows = 30

// findHeader returns the index in t.Rows of the last header row and the
// header text of each column (two header rows combined), or -1.
func (k ImportKind) findHeader(t *Table) (int, []string) {
	best, bestScore := -1, 1 // at least two recognised columns
	for i := 0; i < len(t.Rows) && i < headerSearchRows; i++ {
		if s, _ := k.headerScore(t.Rows[i].Cells, nil); s > bestScore {
			best, bestScore = i, s
		}
	}
	if best < 0 {
		return -1, nil
	}
	heads := make([]string, t.Cols)
	copy(heads, t.Rows[best].Cells)
	// A second header row right under it (表决情况 over 赞成/反对/弃权)
	// names the columns the first one only grouped.
	if next := best + 1; next < len(t.Rows) && t.Rows[next].N == t.Rows[best].N+1 {
		if s, all := k.headerScore(t.Rows[next].Cells, t.Rows[best].Cells); s > 0 && all {
			for i, c := range t.Rows[next].Cells {
				if strings.TrimSpace(c) != "" && k.matchHeader(c) != "" {
					heads[i] = c
				}
			}
			best = next
		}
	}
	return best, heads
}

// guessMapping maps each header to a field; a field goes to the first
// column naming it.
func (k ImportKind) guessMapping(heads []string) []string {
	m := make([]string, len(heads))
	used := map[string]bool{}
	for i, h := range heads {
		if key := k.matchHeader(h); key != "" && !used[key] {
			m[i], used[key] = key, true
		}
	}
	return m
}

// Reading cells. Each reader returns a user error naming the column.

// cellErr is a rejected cell: the message names the column and the value.
func cellErr(f Field, zh, en string) *data.Error {
	return &data.Error{Code: data.EInvalid, Field: f.Key, ZH: "“" + f.ZH + "”" + zh, EN: f.EN + ": " + en}
}

var (
	reNumber  = regexp.MustCompile(`^[+-]?\d+(\.\d+)?$`)
	reSci     = regexp.MustCompile(`^(\d+)(?:\.(\d+))?[eE]\+?(\d+)$`)
	reDayTime = regexp.MustCompile(`^(\d{4}-\d{1,2}-\d{1,2})(?:[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$`)
)

// parseDateCell reads a day: an Excel serial number (how date cells come
// raw), or any form data.ParseDate accepts, or a date with a midnight time
// (2020-03-24 00:00:00, what databases and web systems export).
func parseDateCell(f Field, s string, date1904 bool) (data.Date, error) {
	s = strings.TrimSpace(data.HalfWidth(s))
	if s == "" {
		return data.Date{}, nil
	}
	if reNumber.MatchString(s) && len(s) != 8 {
		v, err := strconv.ParseFloat(s, 64)
		if err == nil && v >= 1 && v < 2958466 {
			if t, err := excelize.ExcelDateToTime(v, date1904); err == nil {
				return data.DateOf(t), nil
			}
		}
	}
	if m := reDayTime.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	d, err := data.ParseDate(s)
	if err != nil {
		return d, cellErr(f, "："+data.Message(err, "zh"), data.Message(err, "en"))
	}
	return d, nil
}

// parseIntCell reads a count: 25, 25.0, ２５, or 25人.
func parseIntCell(f Field, s string) (int, error) {
	s = strings.TrimSpace(data.HalfWidth(s))
	s = strings.TrimRight(strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune("人个项件次名票条", r) }), " ")
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v-math.Round(v)) > 1e-6 || math.Abs(v) > 1e7 {
		return 0, cellErr(f, fmt.Sprintf("应为整数，而不是“%s”。", s), fmt.Sprintf("%q is not a whole number.", s))
	}
	return int(math.Round(v)), nil
}

// parsePhoneCell reads a phone number. One stored as a number comes raw
// with all its digits (13912345678, or 1.3912345678E+10 from some writers);
// typed as text in scientific form with digits missing (1.39E+10) it cannot
// be recovered and is refused. A masked number (138****5678, from a handout)
// reads as blank, so the stored number stays.
func parsePhoneCell(f Field, s string) (string, error) {
	s = strings.TrimSpace(data.HalfWidth(s))
	if strings.Contains(s, "*") {
		return "", nil
	}
	if m := reSci.FindStringSubmatch(s); m != nil {
		if exp, _ := strconv.Atoi(m[3]); len(m[2]) < exp {
			return "", cellErr(f, fmt.Sprintf("“%s”是科学计数法，号码的后几位已经丢失。请在 Excel 中把这一列设为“文本”，重新输入号码。", s),
				fmt.Sprintf("%q is in scientific notation and its last digits are lost. Format the column as Text in Excel and type the numbers again.", s))
		}
		v, _ := strconv.ParseFloat(s, 64)
		s = strconv.FormatFloat(v, 'f', 0, 64)
	} else if reNumber.MatchString(s) && strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".") // 13912345678.0
	}
	return data.NormalizePhone(s), nil
}

// parseEnumCell reads an option by its code, label or a common alias.
func parseEnumCell(f Field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if code, ok := f.enum.Parse(s); ok {
		return code, nil
	}
	if code, ok := enumAliases[f.enum][squashOption(s)]; ok {
		return code, nil
	}
	zh := make([]string, len(f.enum.Options))
	en := make([]string, len(f.enum.Options))
	for i, o := range f.enum.Options {
		zh[i], en[i] = o.ZH, o.EN
	}
	return "", cellErr(f, fmt.Sprintf("不能填“%s”，可选：%s。", s, strings.Join(zh, "、")),
		fmt.Sprintf("%q is not one of: %s.", s, strings.Join(en, ", ")))
}

// parseFlagCell reads yes or no: 是/否, √/×, yes/no, 1/0.
func parseFlagCell(f Field, s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(data.HalfWidth(s))) {
	case "是", "√", "✓", "yes", "y", "true", "1":
		return true, nil
	case "否", "×", "✗", "no", "n", "false", "0":
		return false, nil
	}
	return false, cellErr(f, fmt.Sprintf("应填“是”或“否”，而不是“%s”。", s), fmt.Sprintf("%q is neither yes nor no.", s))
}

func squashOption(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("()（）/、_-", r) {
			return -1
		}
		return r
	}, strings.ToLower(data.HalfWidth(s)))
}

// tidyName removes the spaces people put inside Chinese names to line them
// up (王  芳, 通 泉 街道) and trims the rest.
func tidyName(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsSpace(r) {
			prev, next := rs[i-1], rs[i+1] // trimmed: never at either end
			if unicode.Is(unicode.Han, prev) || unicode.Is(unicode.Han, next) || unicode.IsSpace(prev) {
				continue
			}
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitNames splits a cell of names: 张三、李四，王五 / 赵六.
func splitNames(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,;；/／\n", r)
	})
	var out []string
	for _, p := range parts {
		if p = tidyName(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// The preview.

// Preview is what importing a sheet would do.
type Preview struct {
	Kind      ImportKind
	Table     *Table
	HeaderRow int      // the sheet row number of the (last) header row
	Headers   []string // header text of each column
	Mapping   []string // field key of each column; "" not imported

	New, Updated, Unchanged int
	Rejected                []Rejection
	Created                 []Made // records made on the way (a township named by its villages, ...)

	writes int // records Apply saves, for the progress bar
	apply  func(ctx context.Context, tx *data.Store, tick func(n int)) error
}

// Rejection is a row that will not be imported.
type Rejection struct {
	Row int   // the sheet's row number
	Err error // data.Message(Err, lang) is the reason
}

// Made is a record the import creates besides the rows: a township, a panel
// or a person referred to but not yet on file.
type Made struct {
	ZH, EN string // what it is: 乡镇（街道）, ...
	Name   string
}

// Text is "乡镇（街道）：通泉街道" in lang.
func (m Made) Text(lang string) string { return data.InLang(lang, m.ZH+"："+m.Name, m.EN+": "+m.Name) }

// PreviewOptions adjust a preview.
type PreviewOptions struct {
	// Mapping gives each column's field key ("" not imported); nil
	// recognises the columns from their headers.
	Mapping []string
	// Panel is the advisory panel of member rows that name none.
	Panel string
}

// Good is the number of rows Apply imports.
func (p *Preview) Good() int { return p.New + p.Updated + p.Unchanged }

// Analyze previews importing t as kind into st, reading the database but
// writing nothing.
func Analyze(ctx context.Context, st *data.Store, kind ImportKind, t *Table, opts PreviewOptions) (*Preview, error) {
	if _, ok := kinds[kind]; !ok {
		return nil, &data.Error{Code: data.EInvalid, ZH: fmt.Sprintf("无法导入“%s”。", kind), EN: fmt.Sprintf("Cannot import %q.", kind)}
	}
	last, heads := kind.findHeader(t)
	if last < 0 {
		return nil, errNoHeader(kind, t.Sheet)
	}
	p := &Preview{Kind: kind, Table: t, HeaderRow: t.Rows[last].N, Headers: heads}
	p.Mapping = make([]string, t.Cols)
	if opts.Mapping != nil {
		copy(p.Mapping, opts.Mapping)
	} else {
		copy(p.Mapping, kind.guessMapping(heads))
	}
	pl := &planner{ctx: ctx, st: st, p: p, opts: opts, col: map[string]int{}, first: map[any]int{}}
	for i, key := range p.Mapping {
		if _, ok := kind.field(key); ok {
			if _, dup := pl.col[key]; !dup {
				pl.col[key] = i
			}
		} else {
			p.Mapping[i] = ""
		}
	}
	if err := pl.checkColumns(); err != nil {
		return nil, err
	}
	for _, r := range t.Rows[last+1:] {
		if !pl.skip(r) {
			pl.rows = append(pl.rows, r)
		}
	}
	err := pl.plan()
	if ctx.Err() != nil {
		return nil, cancelledImport(ctx.Err())
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Result is what Apply did.
type Result struct{ New, Updated, Unchanged, Rejected int }

// Apply writes the preview's new and changed records in one transaction:
// all of them, or, on any failure or cancellation, none. progress hears
// records written of those to write. A preview is applied once: Apply
// keeps of its sheet only the rejected rows, which SaveRejected writes.
func (p *Preview) Apply(ctx context.Context, st *data.Store, progress func(done, total int)) (Result, error) {
	res := Result{p.New, p.Updated, p.Unchanged, len(p.Rejected)}
	if p.writes == 0 || p.apply == nil {
		return res, nil
	}
	p.keepRejectedRows()
	done := 0
	tick := func(n int) {
		done += n
		if progress != nil && (done%256 < n || done == p.writes) {
			progress(done, p.writes)
		}
	}
	err := st.Import(ctx, func(tx *data.Store) error {
		if err := p.apply(ctx, tx, tick); err != nil {
			return err
		}
		return ctx.Err()
	})
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, cancelledImport(ctx.Err())
		}
		return Result{}, err
	}
	return res, nil
}

// keepRejectedRows lets the sheet go but for its rejected rows, and
// collects at once, so that the write's garbage is not added to the sheet's.
func (p *Preview) keepRejectedRows() {
	bad := make(map[int]bool, len(p.Rejected))
	for _, r := range p.Rejected {
		bad[r.Row] = true
	}
	t := *p.Table // the caller's table stays whole
	t.Rows = nil
	for _, r := range p.Table.Rows {
		if bad[r.N] {
			t.Rows = append(t.Rows, r)
		}
	}
	p.Table = &t
	runtime.GC()
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
	if err := p.writeRejected(f, lang); err != nil {
		return wrapCancel(ctx, err)
	}
	return b.save(ctx, path)
}

func (p *Preview) writeRejected(f *excelize.File, lang string) error {
	const name = "错误行"
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})
	reason := data.InLang(lang, "错误原因", "Error")
	cols := len(p.Headers)
	if err := sw.SetColWidth(1, cols+1, 14); err != nil {
		return err
	}
	row := make([]any, cols+1)
	for i, h := range p.Headers {
		row[i] = excelize.Cell{StyleID: head, Value: h}
	}
	row[cols] = excelize.Cell{StyleID: head, Value: reason}
	if err := sw.SetRow("A1", row); err != nil {
		return err
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
		for i := 0; i < cols && i < len(r.Cells); i++ {
			row[i] = p.rejectedCell(i, r.Cells[i], text)
		}
		row[cols] = excelize.Cell{StyleID: text, Value: data.Message(e, lang)}
		if err := sw.SetRow(cell(0, n), row); err != nil {
			return err
		}
	}
	return sw.Flush()
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

// The planner: what every kind's plan uses.

// planner builds one preview.
type planner struct {
	ctx   context.Context
	st    *data.Store
	p     *Preview
	opts  PreviewOptions
	col   map[string]int // field key -> column
	rows  []Row          // the data rows
	first map[any]int    // a key of a good row (see accept) -> its row number

	places       *sitePlace
	peopleByName map[string][]*data.Person // the live people on file
}

// each yields the rows to plan; it stops early when the import is
// cancelled, which Analyze then reports.
func (pl *planner) each() iter.Seq[Row] {
	return func(yield func(Row) bool) {
		for i, r := range pl.rows {
			if i%256 == 0 && pl.ctx.Err() != nil || !yield(r) {
				return
			}
		}
	}
}

// checkColumns refuses a mapping without the columns the kind cannot do
// without.
func (pl *planner) checkColumns() error {
	var zh, en []string
	for _, group := range kinds[pl.p.Kind].need {
		found := false
		var gz, ge []string
		for _, key := range group {
			_, ok := pl.col[key]
			found = found || ok
			f, _ := pl.p.Kind.field(key)
			gz, ge = append(gz, "“"+f.ZH+"”"), append(ge, f.EN)
		}
		if !found {
			zh, en = append(zh, strings.Join(gz, "或")), append(en, strings.Join(ge, " or "))
		}
	}
	if len(zh) == 0 {
		return nil
	}
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("工作表“%s”缺少%s列。请在列对应中指定，或检查表头。", pl.p.Table.Sheet, strings.Join(zh, "、")),
		EN: fmt.Sprintf("The sheet %q has no column for %s. Choose it in the column mapping, or check the header.", pl.p.Table.Sheet, strings.Join(en, ", "))}
}

func errNoHeader(kind ImportKind, sheet string) error {
	var zh, en []string
	for _, f := range kind.Fields()[:min(4, len(kind.Fields()))] {
		zh, en = append(zh, f.ZH), append(en, f.EN)
	}
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("在工作表“%s”的前%d行中找不到表头。表头一行应有“%s”等列名；可以用导入模板对照。", sheet, headerSearchRows, strings.Join(zh, "”“")),
		EN: fmt.Sprintf("No header row found in the first %d rows of the sheet %q. It should have columns such as %s; the import template shows them.", headerSearchRows, sheet, strings.Join(en, ", "))}
}

// skip tells the rows under the header that are not records: lines merged
// across the table (notes, 本期无…, the signature line), totals, the
// template's example row, and the header repeated for printing.
func (pl *planner) skip(r Row) bool {
	cols := max(len(pl.p.Headers), 1)
	if r.span >= 3 && r.span*2 >= cols {
		return true
	}
	first := ""
	for _, c := range r.Cells {
		if c = strings.TrimSpace(c); c != "" {
			// Normalising only a cell that may hold one of the words saves time.
			if strings.ContainsAny(c, "合总小填审制示例") {
				first = normHeader(c)
			}
			break
		}
	}
	for _, w := range []string{"合计", "总计", "小计", "填表人", "审核人", "制表人", "填报人", "示例", "例"} {
		if first == w || len(w) > 3 && strings.HasPrefix(first, w) {
			return true
		}
	}
	for _, i := range pl.col {
		if i >= len(r.Cells) || strings.TrimSpace(r.Cells[i]) != strings.TrimSpace(pl.p.Headers[i]) {
			return false
		}
	}
	return true
}

// Reading one row's cells by field.

func (pl *planner) cell(r Row, key string) string {
	i, ok := pl.col[key]
	if !ok || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// text is a text field as data stores it.
func (pl *planner) text(r Row, key string) string {
	s := data.CleanText(pl.cell(r, key), multiLine[key])
	if key == "department" && s == "（未填推荐部门）" { // the panel roster's placeholder
		return ""
	}
	return s
}

var multiLine = map[string]bool{"notes": true, "outcome": true, "procedure": true}

func (pl *planner) name(r Row, key string) string {
	return tidyName(data.CleanText(pl.cell(r, key), false))
}

func (pl *planner) field(key string) Field {
	f, _ := pl.p.Kind.field(key)
	return f
}

// read reads the field key of row r into dst, a pointer to a record's
// field (*string, *int, *bool or *data.Date), when the cell holds a value:
// a blank cell never clears a stored one. It tells whether it did.
func (pl *planner) read(r Row, key string, dst any, errs *data.ValidationErrors) bool {
	f, s := pl.field(key), pl.cell(r, key)
	if strings.TrimSpace(s) == "" {
		return false
	}
	var err error
	switch p := dst.(type) {
	case *data.Date:
		*p, err = parseDateCell(f, s, pl.p.Table.date1904)
	case *int:
		*p, err = parseIntCell(f, s)
	case *bool:
		*p, err = parseFlagCell(f, s)
	case *string:
		v := ""
		switch f.typ {
		case tEnum:
			v, err = parseEnumCell(f, s)
		case tPhone:
			v, err = parsePhoneCell(f, s)
		case tName:
			v = pl.name(r, key)
		default:
			v = pl.text(r, key)
		}
		if v == "" {
			addErr(errs, err)
			return false
		}
		*p = v
	default:
		panic(fmt.Sprintf("export: cannot read into a %T", dst))
	}
	addErr(errs, err)
	return err == nil
}

// unitPosition reads 工作单位 and 职务, or splits 工作单位及职务 (the panel
// roster writes 区水务局　副局长) when those two are blank.
func (pl *planner) unitPosition(r Row) (unit, position string) {
	unit, position = pl.text(r, "unit"), pl.text(r, "position")
	if both := pl.text(r, "unit_position"); both != "" && unit == "" && position == "" {
		i := strings.IndexFunc(both, unicode.IsSpace)
		if i < 0 {
			return both, ""
		}
		return strings.TrimSpace(both[:i]), strings.TrimSpace(both[i:])
	}
	return unit, position
}

func addErr(errs *data.ValidationErrors, err error) {
	if err == nil {
		return
	}
	if fe := data.FieldErrors(err); len(fe) > 0 {
		for _, e := range fe {
			if errs.Field(e.Field) == nil || e.Field == "" {
				*errs = append(*errs, e)
			}
		}
		return
	}
	*errs = append(*errs, &data.Error{Code: data.ErrorCode(err), ZH: data.Message(err, "zh"), EN: data.Message(err, "en")})
}

func (pl *planner) reject(r Row, err error) {
	pl.p.Rejected = append(pl.p.Rejected, Rejection{Row: r.N, Err: err})
}

// tally classifies an accepted row.
func (pl *planner) tally(isNew, changed bool) {
	switch {
	case isNew:
		pl.p.New++
		pl.p.writes++
	case changed:
		pl.p.Updated++
		pl.p.writes++
	default:
		pl.p.Unchanged++
	}
}

func setText(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// record is a data record a row saves: *data.Person, *data.Site, ...
type record[T any] interface {
	*T
	Validate() error
}

// accept ends the plan of a row saving rec, which updates base (nil: rec
// is new). A row with errors is rejected, and so is one sharing a key with
// an earlier good row (its natural key, or the id of the record it
// updates); then rec must pass its own checks. It counts an accepted row
// as new, changed or unchanged, and tells whether rec is to be saved.
func accept[T any, P record[T]](pl *planner, r Row, errs data.ValidationErrors, base *T, rec P, keys ...any) bool {
	for _, k := range keys {
		if first, dup := pl.first[k]; dup && len(errs) == 0 {
			addErr(&errs, errDuplicate(first))
		}
	}
	if len(errs) == 0 {
		addErr(&errs, rec.Validate())
	}
	if len(errs) > 0 {
		pl.reject(r, errs)
		return false
	}
	for _, k := range keys {
		pl.first[k] = r.N
	}
	// rec started as a copy of base: equal unless a cell changed it.
	changed := base == nil || !reflect.DeepEqual(base, (*T)(rec))
	pl.tally(base == nil, changed)
	return changed
}

// planned is a record a row will save.
type planned[T any] struct {
	row int
	rec T
}

// saveEach is an apply saving each record with save, in order.
func saveEach[T any](list []planned[T], save func(*data.Store, context.Context, *T) error) func(context.Context, *data.Store, func(int)) error {
	return func(ctx context.Context, tx *data.Store, tick func(int)) error {
		for _, it := range list {
			rec := it.rec // a failed save must leave the plan as it was
			if err := save(tx, ctx, &rec); err != nil {
				return rowFailed(it.row, err)
			}
			tick(1)
		}
		return nil
	}
}

// rowFailed names the row a write failed on: the preview checks every rule
// it can, but rules reading other rows run only while saving.
func rowFailed(n int, err error) error {
	if data.ErrorCode(err) == ECancelled || data.ErrorCode(err) == data.EInternal {
		return err
	}
	return &data.Error{Code: data.ErrorCode(err), Err: errors.New(err.Error()), // not err: Message would find its sentence first
		ZH: fmt.Sprintf("第%d行无法导入：%s整个表格均未导入，请改正后重试。", n, data.Message(err, "zh")),
		EN: fmt.Sprintf("Row %d cannot be imported: %s Nothing was imported; correct it and try again.", n, data.Message(err, "en"))}
}

func errDuplicate(first int) *data.Error {
	return &data.Error{Code: data.EConflict,
		ZH: fmt.Sprintf("与第%d行重复。", first), EN: fmt.Sprintf("Duplicate of row %d (the same record).", first)}
}

// sitePlace finds the live site a row names by township and site name.
type sitePlace struct {
	towns map[string]*data.Site
	sites map[siteKey]*data.Site
	names map[string][]*data.Site // by name alone
}

type siteKey struct {
	parent uint
	name   string
}

// plan plans every row of the preview by its kind, with the live sites
// and people on file at hand.
func (pl *planner) plan() error {
	sites, err := pl.st.Sites(pl.ctx, data.SiteFilter{})
	if err != nil {
		return err
	}
	sp := &sitePlace{towns: map[string]*data.Site{}, sites: map[siteKey]*data.Site{}, names: map[string][]*data.Site{}}
	for i := range sites {
		s := &sites[i]
		var parent uint
		if s.ParentID != nil {
			parent = *s.ParentID
		}
		if s.Kind == data.KindTownship {
			sp.towns[s.Name] = s
		}
		sp.sites[siteKey{parent, s.Name}] = s
		sp.names[s.Name] = append(sp.names[s.Name], s)
	}
	pl.places = sp
	people, err := pl.st.People(pl.ctx, data.PersonFilter{})
	if err != nil {
		return err
	}
	pl.peopleByName = map[string][]*data.Person{}
	for i := range people {
		pl.peopleByName[people[i].Name] = append(pl.peopleByName[people[i].Name], &people[i])
	}
	return map[ImportKind]func(*planner) error{ImportSites: (*planner).sites, ImportPeople: (*planner).people,
		ImportAssignments: (*planner).assignments, ImportPanelMembers: (*planner).panelMembers,
		ImportActivities: (*planner).activities, ImportTopics: (*planner).topics}[pl.p.Kind](pl)
}

// find returns the site, or an error saying why none or several fit.
func (sp *sitePlace) find(township, name string) (*data.Site, error) {
	switch {
	case name == "" && township == "":
		return nil, &data.Error{Code: data.EInvalid, Field: "site_id", ZH: "请填写试点单位。", EN: "Please enter the pilot site."}
	case name == "" || name == township:
		if t := sp.towns[township]; t != nil {
			return t, nil
		}
		return nil, errNoSite(township)
	case township != "":
		t := sp.towns[township]
		if t == nil {
			return nil, &data.Error{Code: data.ENotFound, Field: "site_id",
				ZH: fmt.Sprintf("没有名为“%s”的乡镇（街道），请先导入或登记试点单位。", township),
				EN: fmt.Sprintf("There is no township called %q; import or enter the pilot sites first.", township)}
		}
		if s := sp.sites[siteKey{t.ID, name}]; s != nil {
			return s, nil
		}
		return nil, errNoSite(township + name)
	}
	switch list := sp.names[name]; len(list) {
	case 0:
		return nil, errNoSite(name)
	case 1:
		return list[0], nil
	}
	return nil, &data.Error{Code: data.EConflict, Field: "site_id",
		ZH: fmt.Sprintf("有多个名为“%s”的试点单位，请填写所属乡镇（街道）加以区分。", name),
		EN: fmt.Sprintf("Several pilot sites are called %q; add the township to tell them apart.", name)}
}

func errNoSite(name string) error {
	return &data.Error{Code: data.ENotFound, Field: "site_id",
		ZH: fmt.Sprintf("没有名为“%s”的试点单位，请先导入或登记该试点单位。", name),
		EN: fmt.Sprintf("There is no pilot site called %q; import or enter it first.", name)}
}

// findPerson is data.FindPerson, and with neither phone nor unit given, the
// one live person of that name (several: an error asking for the phone).
func (pl *planner) findPerson(name, phone, unit string) (*data.Person, error) {
	if phone != "" || unit != "" {
		return pl.st.FindPerson(pl.ctx, name, phone, unit)
	}
	switch list := pl.peopleByName[name]; len(list) {
	case 0:
		return nil, nil
	case 1:
		return list[0], nil
	}
	return nil, &data.Error{Code: data.EConflict, Field: "name",
		ZH: fmt.Sprintf("有多位名为“%s”的人员，请填写联系电话或工作单位加以区分。", name),
		EN: fmt.Sprintf("Several people are called %q; add the phone number or work unit to tell them apart.", name)}
}

// fileError is an error about a file, saying what to do about it; the
// file's name stands in for %s or %q.
type fileError struct {
	code   data.Code
	zh, en string
}

func (e fileError) of(path string, err error) error {
	name := filepath.Base(path)
	return &data.Error{Code: e.code, Err: err, ZH: fmt.Sprintf(e.zh, name), EN: fmt.Sprintf(e.en, name)}
}

var (
	errRead = fileError{data.ENotFound, "无法打开文件“%s”。请确认文件存在，且没有被其他程序独占。",
		"Cannot open %q. Check that it exists and is not locked by another program."}
	errEmptyFile = fileError{data.EInvalid, "文件“%s”是空的，没有可导入的内容。", "The file %q is empty: there is nothing to import."}
	errOldFormat = fileError{data.EInvalid, "“%s”是旧版 Excel（.xls）或 WPS（.et）格式，无法直接导入。请在 Excel 或 WPS 中打开它，选择“另存为”→“Excel 工作簿（*.xlsx）”，再导入另存的文件。",
		"%q is an old Excel (.xls) or WPS (.et) workbook, which cannot be imported. Open it in Excel or WPS, choose Save As > Excel Workbook (*.xlsx), and import that file."}
	errPassword = fileError{data.EInvalid, "“%s”设有打开密码，无法读取。请在 Excel 或 WPS 中打开它，取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再导入。",
		"%q is protected by a password and cannot be read. Open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and import again."}
	errDamagedFile = fileError{data.EDamaged, "“%s”已损坏或不是有效的 Excel 工作簿，无法读取。请在 Excel 或 WPS 中打开检查，另存为 .xlsx 后再导入。",
		"%q is damaged or not a valid Excel workbook. Open it in Excel or WPS to check, save it as .xlsx, and import again."}
	errNotWorkbook = fileError{data.EInvalid, "“%s”不是可导入的文件。请选择 Excel 工作簿（.xlsx）或 CSV 文件。",
		"%q cannot be imported. Choose an Excel workbook (.xlsx) or a CSV file."}
	errTooBig = fileError{data.EInvalid, "“%s”太大（超过" + num(maxImportRows) + "行，或解压后超过1 GB），请分成几个文件导入。",
		"%q is too big (more than " + strconv.Itoa(maxImportRows) + " rows, or 1 GB unzipped); split it into several files."}
)

// cancelledImport is the error of an import the user stopped.
func cancelledImport(err error) error {
	return &data.Error{Code: ECancelled, Err: err, ZH: "导入已取消，数据库没有改动。", EN: "The import was cancelled; nothing was changed."}
}
