package export

// Import: a sheet read by import_read.go becomes a Preview (what would be
// new, updated, unchanged or rejected, and why), which Apply writes in one
// transaction through data's own Save* and InsertActivities, so every rule
// of the forms holds for imported rows too.
//
// Rules where real sheets leave a choice:
//   - Records are matched by natural keys: a site by township + name, a
//     person by name + phone or name + unit (data.FindPerson; a bare name
//     when the sheet has neither and the name is unique), an assignment by
//     person + site + role + from-date, a panel member by panel + person,
//     an activity by date + site + topic.
//   - A blank cell never clears a stored value: sheets leave cells empty for
//     "unknown" far more often than for "delete this". Columns not mapped
//     are not touched either.
//   - A row whose key repeats an earlier row's is rejected as a duplicate,
//     unless the database already holds that many records with the key
//     (a ledger exported and imported back).
//   - Formulas: the value Excel or WPS saved with the formula is imported,
//     which is what the user sees; formulas are never evaluated.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode"

	"pilotdesk/data"
)

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
func (m Made) Text(lang string) string {
	if lang == "en" {
		return m.EN + ": " + m.Name
	}
	return m.ZH + "：" + m.Name
}

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
	if _, ok := importFields[kind]; !ok {
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
	pl := &planner{ctx: ctx, st: st, p: p, opts: opts, date1904: t.date1904, col: map[string]int{}}
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
	pl.rows = make([]Row, 0, len(t.Rows)-last-1)
	for _, r := range t.Rows[last+1:] {
		if !pl.skip(r) {
			pl.rows = append(pl.rows, r)
		}
	}
	var err error
	switch kind {
	case ImportSites:
		err = pl.sites()
	case ImportPeople:
		err = pl.people()
	case ImportAssignments:
		err = pl.assignments()
	case ImportPanelMembers:
		err = pl.panelMembers()
	case ImportActivities:
		err = pl.activities()
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, cancelledImport(ctx.Err())
		}
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
		if err := p.apply(ctx, tx, func(n int) {
			tick(n)
		}); err != nil {
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

// keepRejectedRows lets the sheet go but for its rejected rows. A sheet of
// 100,000 activities is half of what an import holds (the other half is the
// new activities, which share its text): kept through the write, which
// makes much garbage, the heap grew to twice both (165-170 MB); let go and
// collected at once, which sets the collector's next goal from what is left,
// the write peaked at 106-126 MB, below the preview (120-135 MB).
func (p *Preview) keepRejectedRows() {
	if p.Table == nil {
		return
	}
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
	big := len(p.Table.Rows) >= 10_000
	p.Table = &t
	if big {
		runtime.GC()
	}
}

// planner builds one preview.
type planner struct {
	ctx      context.Context
	st       *data.Store
	p        *Preview
	opts     PreviewOptions
	date1904 bool
	col      map[string]int // field key -> column
	rows     []Row          // the data rows
}

// checkColumns refuses a mapping without the columns the kind cannot do
// without.
func (pl *planner) checkColumns() error {
	var need [][]string // one of each group
	switch pl.p.Kind {
	case ImportSites:
		need = [][]string{{"name", "township"}}
	case ImportPeople, ImportPanelMembers:
		need = [][]string{{"name"}}
	case ImportAssignments:
		need = [][]string{{"name", "leads", "liaisons"}, {"site", "township"}}
	case ImportActivities:
		need = [][]string{{"date"}, {"site", "township"}, {"topic"}}
	}
	var zh, en []string
	for _, group := range need {
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
	for _, f := range kind.Fields() {
		if len(zh) < 4 {
			zh, en = append(zh, f.ZH), append(en, f.EN)
		}
	}
	return &data.Error{Code: data.EInvalid,
		ZH: fmt.Sprintf("在工作表“%s”的前 %d 行中找不到表头。表头一行应有“%s”等列名；可以下载导入模板对照。", sheet, headerSearchRows, strings.Join(zh, "”“")),
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
			// normHeader only drops and folds characters: a cell without
			// the words' first characters cannot become one (and
			// normalising every row's first cell was a third of a preview).
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

func (pl *planner) date(r Row, key string, errs *data.ValidationErrors) data.Date {
	d, err := parseDateCell(pl.field(key), pl.cell(r, key), pl.date1904)
	addErr(errs, err)
	return d
}

// count reads a number field; given is false for a blank cell.
func (pl *planner) count(r Row, key string, errs *data.ValidationErrors) (n int, given bool) {
	s := strings.TrimSpace(pl.cell(r, key))
	if s == "" {
		return 0, false
	}
	n, err := parseIntCell(pl.field(key), s)
	addErr(errs, err)
	return n, err == nil
}

func (pl *planner) enum(r Row, key string, errs *data.ValidationErrors) string {
	code, err := parseEnumCell(pl.field(key), pl.cell(r, key))
	addErr(errs, err)
	return code
}

func (pl *planner) phone(r Row, errs *data.ValidationErrors) (phone string, masked bool) {
	phone, masked, err := parsePhoneCell(pl.field("phone"), pl.cell(r, "phone"))
	addErr(errs, err)
	return phone, masked
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

// count classifies an accepted row.
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

// rowFailed names the row a write failed on: the preview checks every rule
// it can, but rules reading other rows run only while saving.
func rowFailed(n int, err error) error {
	if data.ErrorCode(err) == ECancelled || data.ErrorCode(err) == data.EInternal {
		return err
	}
	return &data.Error{Code: data.ErrorCode(err), Err: errors.New(err.Error()), // not err: Message would find its sentence first
		ZH: fmt.Sprintf("第 %d 行无法导入：%s 没有导入任何记录，请改正后重试。", n, data.Message(err, "zh")),
		EN: fmt.Sprintf("Row %d cannot be imported: %s Nothing was imported; correct it and try again.", n, data.Message(err, "en"))}
}

func errDuplicate(first int) error {
	return &data.Error{Code: data.EConflict,
		ZH: fmt.Sprintf("与第 %d 行重复（同一条记录）。", first), EN: fmt.Sprintf("Duplicate of row %d (the same record).", first)}
}

// sitePlace finds the live site a row names by township and site name,
// for assignments and activities.
type sitePlace struct {
	towns map[string]*data.Site
	sites map[siteKey]*data.Site
	names map[string][]*data.Site // by name alone
}

type siteKey struct {
	parent uint
	name   string
}

func (pl *planner) loadSites() (*sitePlace, error) {
	all, err := pl.st.Sites(pl.ctx, data.SiteFilter{})
	if err != nil {
		return nil, err
	}
	sp := &sitePlace{towns: map[string]*data.Site{}, sites: map[siteKey]*data.Site{}, names: map[string][]*data.Site{}}
	for i := range all {
		s := &all[i]
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
	return sp, nil
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

// personPlace finds people on file for rows that refer to them.
type personPlace struct {
	st     *data.Store
	byName map[string][]*data.Person
}

func (pl *planner) loadPeople() (*personPlace, error) {
	all, err := pl.st.People(pl.ctx, data.PersonFilter{})
	if err != nil {
		return nil, err
	}
	pp := &personPlace{st: pl.st, byName: map[string][]*data.Person{}}
	for i := range all {
		pp.byName[all[i].Name] = append(pp.byName[all[i].Name], &all[i])
	}
	return pp, nil
}

// find is data.FindPerson, and with neither phone nor unit given, the one
// live person of that name (several: an error asking for the phone).
func (pp *personPlace) find(ctx context.Context, name, phone, unit string) (*data.Person, error) {
	if phone != "" || unit != "" {
		return pp.st.FindPerson(ctx, name, phone, unit)
	}
	switch list := pp.byName[name]; len(list) {
	case 0:
		return nil, nil
	case 1:
		return list[0], nil
	}
	return nil, &data.Error{Code: data.EConflict, Field: "name",
		ZH: fmt.Sprintf("有多位名为“%s”的人员，请填写联系电话或工作单位加以区分。", name),
		EN: fmt.Sprintf("Several people are called %q; add the phone number or work unit to tell them apart.", name)}
}

func errNoPerson(name string) error {
	return &data.Error{Code: data.ENotFound, Field: "person_id",
		ZH: fmt.Sprintf("没有名为“%s”的人员，请先导入或登记人员。", name),
		EN: fmt.Sprintf("There is no person called %q; import or enter the people first.", name)}
}

// inParts runs fn over [0, n) cut into one part per core, all at once, and
// returns the parts' results in order, or the first part's error. Small
// jobs stay in one part.
func inParts[T any](n int, fn func(lo, hi int) (T, error)) ([]T, error) {
	k := runtime.GOMAXPROCS(0)
	if n < 4096 {
		k = 1
	}
	out := make([]T, k)
	errs := make([]error, k)
	var wg sync.WaitGroup
	for p := range k {
		wg.Go(func() { out[p], errs[p] = fn(p*n/k, (p+1)*n/k) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
