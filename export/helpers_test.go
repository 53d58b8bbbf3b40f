package export

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/internal/testdb"

	"pilotdesk/data"
)

var ctx = context.Background()

func day(s string) data.Date {
	d, err := data.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func openStore(t testing.TB) *data.Store {
	t.Helper()
	st, err := data.Open(testdb.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// fixture is a small district built through data's public API.
type fixture struct {
	st                   *data.Store
	tongquan, jiuxian    data.Site // townships
	lexi, xiaozhai, firm data.Site
	leader, member, odd  data.Person
	staff                data.Person
	panel                data.Panel
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st := openStore(t)
	fx := &fixture{st: st}
	must(t, st.SetSettings(ctx, map[string]string{
		data.SettingDistrict:   "马龙区",
		data.SettingReportUnit: "政协曲靖市马龙区委员会办公室",
		data.SettingPreparer:   "李明",
		data.SettingPhone:      "0874-8823456",
	}))
	fx.tongquan = data.Site{Name: "通泉街道", Kind: data.KindTownship, Status: data.StatusActive, UnveiledOn: day("2020-03-20"), Platform: "通泉街道政协委员之家"}
	must(t, st.SaveSite(ctx, &fx.tongquan))
	fx.jiuxian = data.Site{Name: "旧县街道", Kind: data.KindTownship, Status: data.StatusPlanned}
	must(t, st.SaveSite(ctx, &fx.jiuxian))
	fx.lexi = data.Site{Name: "乐熙社区", Kind: data.KindCommunity, ParentID: &fx.tongquan.ID, Status: data.StatusUnveiled,
		UnveiledOn: day("2020-04-02"), Platform: "乐熙社区议事站", Notes: "=SUM(A1)"}
	must(t, st.SaveSite(ctx, &fx.lexi))
	fx.xiaozhai = data.Site{Name: "小寨社区居委会", Kind: data.KindCommunity, ParentID: &fx.tongquan.ID, Status: data.StatusActive,
		UnveiledOn: day("2020-05-12"), Platform: "小寨社区议事厅"}
	must(t, st.SaveSite(ctx, &fx.xiaozhai))
	fx.firm = data.Site{Name: "马龙区工业园区", Kind: data.KindEnterprise, ParentID: &fx.jiuxian.ID, Status: data.StatusPlanned}
	must(t, st.SaveSite(ctx, &fx.firm))

	fx.leader = data.Person{Name: "王建国", Gender: data.GenderMale, Position: "区政协副主席", Category: data.CategoryLeader, Phone: "13812345678"}
	must(t, st.SavePerson(ctx, &fx.leader))
	fx.member = data.Person{Name: "赵丽", Gender: data.GenderFemale, Sector: "经济界", Category: data.CategoryMember, Phone: "13987654321"}
	must(t, st.SavePerson(ctx, &fx.member))
	fx.odd = data.Person{Name: "+86", Category: data.CategoryFigure, Notes: "@x"}
	must(t, st.SavePerson(ctx, &fx.odd))
	fx.staff = data.Person{Name: "陈红", Gender: data.GenderFemale, Unit: "区水务局", Position: "副局长", Category: data.CategoryStaff, Phone: "13812345678"}
	must(t, st.SavePerson(ctx, &fx.staff))

	for _, a := range []data.Assignment{
		{PersonID: fx.leader.ID, SiteID: fx.lexi.ID, Role: data.RoleLead, FromDate: day("2020-01-01")},
		{PersonID: fx.member.ID, SiteID: fx.lexi.ID, Role: data.RoleLiaison, FromDate: day("2020-01-01")},
		{PersonID: fx.odd.ID, SiteID: fx.lexi.ID, Role: data.RoleLiaison, FromDate: day("2020-01-01")},
		{PersonID: fx.leader.ID, SiteID: fx.xiaozhai.ID, Role: data.RoleLead, FromDate: day("2020-01-01"), ToDate: day("2020-12-31")},
	} {
		must(t, st.SaveAssignment(ctx, &a))
	}

	fx.panel = data.Panel{Name: "马龙区政策顾问团"}
	must(t, st.SavePanel(ctx, &fx.panel))
	for _, m := range []data.PanelMember{
		{PanelID: fx.panel.ID, PersonID: fx.staff.ID, Department: "区水务局", Expertise: "供水"},
		{PanelID: fx.panel.ID, PersonID: fx.member.ID, Department: "区发展和改革局", Expertise: "产业政策"},
		{PanelID: fx.panel.ID, PersonID: fx.leader.ID, Department: "区发展和改革局", Expertise: "-1"},
	} {
		must(t, st.SavePanelMember(ctx, &m))
	}
	return fx
}

func reopen(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func get(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func raw(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func rows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// findRow returns the 1-based row whose column col (0-based) is text, or 0.
func findRow(all [][]string, col int, text string) int {
	for i, r := range all {
		if col < len(r) && r[col] == text {
			return i + 1
		}
	}
	return 0
}

// assertText checks ref holds a plain string (no formula), in the "@" format.
func assertText(t testing.TB, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	if got := get(t, f, sheet, ref); got != want {
		t.Errorf("%s!%s = %q, want %q", sheet, ref, got, want)
	}
	typ, err := f.GetCellType(sheet, ref)
	must(t, err)
	if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		t.Errorf("%s!%s has type %v, want a string", sheet, ref, typ)
	}
	if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
		t.Errorf("%s!%s has formula %q", sheet, ref, fm)
	}
	if fmtID := numFmt(t, f, sheet, ref); fmtID != 49 {
		t.Errorf("%s!%s number format %d, want 49 (@ text)", sheet, ref, fmtID)
	}
}

// assertNumber checks ref holds the number want (not text).
func assertNumber(t testing.TB, f *excelize.File, sheet, ref string, want int) {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	must(t, err)
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s has type %v, want a number", sheet, ref, typ)
	}
	if got := raw(t, f, sheet, ref); got != strconv.Itoa(want) {
		t.Errorf("%s!%s = %q, want %d", sheet, ref, got, want)
	}
}

// assertDate checks ref holds want as a date serial with the Chinese format.
func assertDate(t testing.TB, f *excelize.File, sheet, ref string, want data.Date) {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	must(t, err)
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s has type %v, want a number", sheet, ref, typ)
	}
	serial, err := strconv.ParseFloat(raw(t, f, sheet, ref), 64)
	if err != nil {
		t.Fatalf("%s!%s is not a serial number: %v", sheet, ref, err)
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	must(t, err)
	if !data.DateOf(got).Equal(want) {
		t.Errorf("%s!%s = %v, want %v", sheet, ref, got, want)
	}
	id, _ := f.GetCellStyle(sheet, ref)
	s, _ := f.GetStyle(id)
	if s.CustomNumFmt == nil || *s.CustomNumFmt != dateFormat {
		t.Errorf("%s!%s date format = %v, want %s", sheet, ref, s.CustomNumFmt, dateFormat)
	}
	if shown := get(t, f, sheet, ref); shown != want.Chinese() {
		t.Errorf("%s!%s shows %q, want %q", sheet, ref, shown, want.Chinese())
	}
}

func numFmt(t testing.TB, f *excelize.File, sheet, ref string) int {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	must(t, err)
	s, err := f.GetStyle(id)
	must(t, err)
	return s.NumFmt
}

// assertForm checks the conventions every report sheet shares: merged
// title naming the district, the 填报单位 line, bold bordered wrapped
// headers (row 3, or 3-4; a header may be broken into lines), frozen
// panes, print settings on paper pg, signature line, and every row with a
// height of its own (see assertRowHeights).
func assertForm(t testing.TB, f *excelize.File, sheet string, headers []string, pg page) {
	t.Helper()
	last, _ := excelize.ColumnNumberToName(len(headers))
	if a1 := get(t, f, sheet, "A1"); !strings.HasPrefix(a1, "政协马龙区委员会") && !strings.HasPrefix(a1, "马龙区") {
		t.Errorf("%s!A1 = %q, want the office or the district first", sheet, a1)
	}
	merges, err := f.GetMergeCells(sheet)
	must(t, err)
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A1:" + last + "1", "A2:" + last + "2"} {
		if !slices.Contains(refs, want) {
			t.Errorf("%s: merges %v lack %s", sheet, refs, want)
		}
	}
	a2 := get(t, f, sheet, "A2")
	if !strings.HasPrefix(a2, "填报单位：政协曲靖市马龙区委员会办公室") || !strings.Contains(a2, "填报日期：") {
		t.Errorf("%s!A2 = %q", sheet, a2)
	}
	heads := 1
	for i, h := range headers {
		ref := cell(i, 3)
		got := strings.ReplaceAll(get(t, f, sheet, ref), "\n", "")
		if got != h {
			if got2 := strings.ReplaceAll(get(t, f, sheet, cell(i, 4)), "\n", ""); got2 == h {
				heads = 2
			} else {
				t.Errorf("%s header %s = %q / %q, want %q", sheet, ref, got, got2, h)
			}
		}
		id, _ := f.GetCellStyle(sheet, ref)
		s, _ := f.GetStyle(id)
		if s.Font == nil || !s.Font.Bold || len(s.Border) != 4 || s.Alignment == nil || !s.Alignment.WrapText {
			t.Errorf("%s header %s style: font %+v, borders %d, alignment %+v", sheet, ref, s.Font, len(s.Border), s.Alignment)
		}
	}
	if headers[0] != "序号" || headers[len(headers)-1] != "备注" {
		t.Errorf("%s: headers %v must run from 序号 to 备注", sheet, headers)
	}
	lastHead := 2 + heads

	panes, err := f.GetPanes(sheet)
	must(t, err)
	if !panes.Freeze || panes.YSplit != lastHead {
		t.Errorf("%s panes = %+v, want frozen below row %d", sheet, panes, lastHead)
	}
	var titles string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && d.Scope == sheet {
			titles = d.RefersTo
		}
	}
	if want := "'" + sheet + "'!$3:$" + strconv.Itoa(lastHead); titles != want {
		t.Errorf("%s Print_Titles = %q, want %q", sheet, titles, want)
	}
	pl, err := f.GetPageLayout(sheet)
	must(t, err)
	orient := "portrait"
	if pg.landscape {
		orient = "landscape"
	}
	if *pl.Size != pg.paper.size || *pl.Orientation != orient || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil {
		t.Errorf("%s page layout: size %d, %s, fit %v x %v", sheet, *pl.Size, *pl.Orientation, pl.FitToWidth, pl.FitToHeight)
	}
	sp, err := f.GetSheetProps(sheet)
	must(t, err)
	if sp.FitToPage == nil || !*sp.FitToPage {
		t.Errorf("%s: fit to page is off", sheet)
	}
	pm, err := f.GetPageMargins(sheet)
	must(t, err)
	for name, m := range map[string]*float64{"top": pm.Top, "bottom": pm.Bottom, "left": pm.Left, "right": pm.Right, "header": pm.Header, "footer": pm.Footer} {
		if m == nil || *m <= 0 {
			t.Errorf("%s: %s margin not set", sheet, name)
		}
	}
	hf, err := f.GetHeaderFooter(sheet)
	must(t, err)
	if hf == nil || hf.OddFooter != "&C第&P页 共&N页" {
		t.Errorf("%s footer = %+v", sheet, hf)
	}
	all := rows(t, f, sheet)
	sigRow := findRowPrefix(all, "填表人：")
	if sigRow == 0 {
		t.Fatalf("%s: no signature line in %q", sheet, all)
	}
	sig := all[sigRow-1]
	if !strings.HasPrefix(sig[0], "填表人：李明") || !strings.Contains(sig[0], "审核人：") || !strings.Contains(sig[0], "联系电话：0874-8823456") {
		t.Errorf("%s: row %d %q is not the signature line", sheet, sigRow, sig)
	}
	for _, r := range all[sigRow:] { // only a chart's rows after it
		if strings.Join(r, "") != "" {
			t.Errorf("%s: %q after the signature line", sheet, r)
		}
	}
	assertRowHeights(t, f, sheet, 3+heads, sigRow)
}

// findRowPrefix returns the 1-based row whose first cell starts with text,
// or 0.
func findRowPrefix(all [][]string, text string) int {
	for i, r := range all {
		if len(r) > 0 && strings.HasPrefix(r[0], text) {
			return i + 1
		}
	}
	return 0
}

// assertRowHeights checks that rows 1..last all carry a height of their own
// (LibreOffice would print them at its default height whatever they hold),
// and that the data rows from firstData on are even: n lines of 13.5
// points and 4.5 of room, never less than one line, at least as many lines
// as a cell's text has.
func assertRowHeights(t testing.TB, f *excelize.File, sheet string, firstData, last int) {
	t.Helper()
	all := rows(t, f, sheet)
	own := ownHeights(t, f, sheet)
	for r := 1; r <= last; r++ {
		if !own[r] {
			t.Errorf("%s row %d has no height of its own", sheet, r)
		}
		if r < firstData || r >= last-2 { // title, headers; the lines under the table
			continue
		}
		h, err := f.GetRowHeight(sheet, r)
		must(t, err)
		n := (h - 4.5) / 13.5
		if n < 1 || n != float64(int(n)) {
			t.Errorf("%s row %d is %v points tall: not n lines of 13.5 + 4.5", sheet, r, h)
			continue
		}
		if r <= len(all) {
			for _, v := range all[r-1] {
				if lines := strings.Count(v, "\n") + 1; float64(lines) > n {
					t.Errorf("%s row %d: %d lines of text in %v points", sheet, r, lines, h)
				}
			}
		}
	}
}

// ownHeights are the rows of sheet that say their height (customHeight),
// read from the saved file.
func ownHeights(t testing.TB, f *excelize.File, sheet string) map[int]bool {
	t.Helper()
	i, err := f.GetSheetIndex(sheet)
	must(t, err)
	xml := zipPart(t, f.Path, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
	out := map[int]bool{}
	for _, m := range regexp.MustCompile(`<row r="(\d+)"[^>]*customHeight="1"`).FindAllStringSubmatch(xml, -1) {
		n, _ := strconv.Atoi(m[1])
		out[n] = true
	}
	return out
}

// assertSeq checks 序号 counts 1..n from the first data row.
func assertSeq(t testing.TB, f *excelize.File, sheet string, first, n int) {
	t.Helper()
	for i := range n {
		assertNumber(t, f, sheet, "A"+strconv.Itoa(first+i), i+1)
	}
}

// assertBordered checks every cell of a row has four borders.
func assertBordered(t testing.TB, f *excelize.File, sheet string, row, cols int) {
	t.Helper()
	for i := range cols {
		id, _ := f.GetCellStyle(sheet, cell(i, row))
		s, _ := f.GetStyle(id)
		if len(s.Border) != 4 {
			t.Errorf("%s!%s has %d borders", sheet, cell(i, row), len(s.Border))
		}
	}
}

// zipPart reads one part of the package, e.g. xl/charts/chart1.xml.
func zipPart(t testing.TB, path, name string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	must(t, err)
	defer z.Close()
	for _, f := range z.File {
		if f.Name == name {
			r, err := f.Open()
			must(t, err)
			b, err := io.ReadAll(r)
			must(t, err)
			return string(b)
		}
	}
	return ""
}

// assertColumnSums checks the total row holds the sum of rows first..last
// in each of cols, as numbers.
func assertColumnSums(t testing.TB, f *excelize.File, sheet string, first, last, total int, cols ...string) {
	t.Helper()
	for _, col := range cols {
		sum := 0
		for r := first; r <= last; r++ {
			v := raw(t, f, sheet, col+strconv.Itoa(r))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("%s!%s%d = %q is not a number", sheet, col, r, v)
			}
			sum += n
		}
		assertNumber(t, f, sheet, col+strconv.Itoa(total), sum)
	}
}
