package export

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// The print geometry of a written sheet, worked out here from what the file
// says (paper, margins, column widths, row heights, fit settings), with
// Excel's rules: a width unit of the workbook's 宋体 11 pt is 8 pixels, 96
// pixels to the inch; zoom in whole percent; fit to width and to height
// both shrink, the smaller zoom wins; rows never split; the header rows
// repeat on every page after the first.
type printed struct {
	width, height float64 // printable, in points
	zoom          float64 // as printed
	widthZoom     float64 // fit to one page wide alone
	heights       []float64
	heads         [2]int // the repeated header rows, 1-based, inclusive
}

func readPrinted(t testing.TB, f *excelize.File, sheet string) printed {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	must(t, err)
	paperW, paperH := map[int]float64{9: 595.3, 8: 841.9}[*pl.Size], map[int]float64{9: 841.9, 8: 1190.6}[*pl.Size]
	if paperW == 0 {
		t.Fatalf("%s: paper size %d", sheet, *pl.Size)
	}
	if *pl.Orientation == "landscape" {
		paperW, paperH = paperH, paperW
	}
	m, err := f.GetPageMargins(sheet)
	must(t, err)
	p := printed{width: paperW - (*m.Left+*m.Right)*72, height: paperH - (*m.Top+*m.Bottom)*72}

	cols, err := f.GetCols(sheet)
	must(t, err)
	tablePt := 0.0
	for i := range cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		w, err := f.GetColWidth(sheet, name)
		must(t, err)
		tablePt += math.Round(w*8) * 0.75
	}
	p.widthZoom = math.Min(1, math.Floor(p.width/tablePt*100)/100)
	p.zoom = p.widthZoom

	for r := 1; r <= len(ownHeights(t, f, sheet)); r++ { // every row says its height
		h, err := f.GetRowHeight(sheet, r)
		must(t, err)
		p.heights = append(p.heights, h)
	}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && d.Scope == sheet {
			ref := strings.ReplaceAll(d.RefersTo[strings.Index(d.RefersTo, "!")+1:], "$", "")
			from, to, _ := strings.Cut(ref, ":")
			p.heads[0], _ = strconv.Atoi(from)
			p.heads[1], _ = strconv.Atoi(to)
		}
	}
	if pl.FitToHeight != nil && *pl.FitToHeight > 0 {
		for p.zoom > 0.1 && p.pages(p.zoom) > *pl.FitToHeight {
			p.zoom = math.Round(p.zoom*100-1) / 100
		}
	}
	return p
}

// pages counts the pages the rows fill at zoom z.
func (p printed) pages(z float64) int {
	room := p.height / z
	head := 0.0
	for r := p.heads[0]; r <= p.heads[1] && r > 0; r++ {
		head += p.heights[r-1]
	}
	n, used := 1, 0.0
	for _, h := range p.heights {
		if used+h > room && used > head {
			n++
			used = head
		}
		used += h
	}
	return n
}

// The ledger prints its 10 pt text at no less than 9 pt on paper, fit to
// width; also when fitting the height saves a page.
func TestLedgerPrintsAtLeast9Points(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	// 34 one-line activities overflow one A3 page by a couple of rows: a
	// shrink fits them on one.
	rows := make([]data.Activity, 34)
	for i := range rows {
		rows[i] = data.Activity{Date: day("2025-01-01").AddDays(i), SiteID: fx.lexi.ID, Topic: "协商", TopicSource: data.SourcePublic, Participants: 10}
	}
	must(t, fx.st.InsertActivities(ctx, rows))

	for _, c := range []struct {
		name  string
		opts  Options
		pages int
	}{
		{"the fixture's", half2024, 1},
		{"34 short ones", Options{From: day("2025-01-01"), To: day("2025-12-31")}, 1},
	} {
		path := t.TempDir() + "/ledger.xlsx"
		must(t, Ledger(ctx, fx.st, path, c.opts))
		f := reopen(t, path)
		sh := "协商议事活动台账"
		p := readPrinted(t, f, sh)
		style, err := f.GetCellStyle(sh, "E5")
		must(t, err)
		st, err := f.GetStyle(style)
		must(t, err)
		if size := st.Font.Size * p.zoom; size < 9 {
			t.Errorf("%s: %v pt at %v%% (fit to width alone %v%%): under 9 pt", c.name, st.Font.Size, p.zoom*100, p.widthZoom*100)
		}
		if n := p.pages(p.zoom); n != c.pages {
			t.Errorf("%s: %d pages, want %d", c.name, n, c.pages)
		}
	}
}

// A sign-in sheet for an ordinary meeting, 25 names, prints on one page
// with room to sign on every row.
func TestSignInFitsOnePage(t *testing.T) {
	fx := newFixture(t)
	a := data.Activity{Date: day("2024-06-01"), SiteID: fx.lexi.ID, Topic: "协商", TopicSource: data.SourcePublic, Participants: 25}
	var named []data.Attendee
	for i := range 25 {
		named = append(named, data.Attendee{Name: "参会人" + strconv.Itoa(i+1), Role: "stakeholder"})
	}
	must(t, fx.st.SaveActivity(ctx, &a, named, nil))
	path := t.TempDir() + "/signin.xlsx"
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: a.ID}))
	f := reopen(t, path)
	sh := "签到表"
	p := readPrinted(t, f, sh)
	if n := p.pages(p.zoom); n != 1 {
		t.Errorf("%d pages", n)
	}
	all := rows(t, f, sh)
	if got := get(t, f, sh, "B28"); got != "参会人25" {
		t.Errorf("B28 = %q", got)
	}
	for r := 4; r < findRowPrefix(all, "填表人")-1; r++ {
		if p.heights[r-1] < 20 {
			t.Errorf("row %d is %v points: no room to sign", r, p.heights[r-1])
		}
	}
	if p.zoom < 1 {
		t.Errorf("zoom %v", p.zoom)
	}
}

// Titles: the office, the subject, the period the Chinese way.
func TestPeriodText(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"2026-01-01", "2026-12-31", "2026年"},
		{"2024-01-01", "2026-12-31", "2024年至2026年"},
		{"2026-01-01", "2026-11-30", "2026年1月至11月"},
		{"2026-03-01", "2026-03-31", "2026年3月"},
		{"2024-02-01", "2024-02-29", "2024年2月"},
		{"2025-11-01", "2026-02-28", "2025年11月至2026年2月"},
		{"2026-01-05", "2026-03-20", "2026年1月5日至3月20日"},
		{"2026-01-01", "2026-03-20", "2026年1月1日至3月20日"},
		{"2026-03-05", "2026-03-20", "2026年3月5日至20日"},
		{"2026-03-05", "2026-03-05", "2026年3月5日"},
		{"2025-12-05", "2026-01-20", "2025年12月5日至2026年1月20日"},
		{"2026-01-05", "", "2026年1月5日起"},
		{"", "2026-03-20", "截至2026年3月20日"},
		{"", "", ""},
	} {
		var from, to data.Date
		if c.from != "" {
			from = day(c.from)
		}
		if c.to != "" {
			to = day(c.to)
		}
		if got := periodText(from, to); got != c.want {
			t.Errorf("%s..%s: %q, want %q", c.from, c.to, got, c.want)
		}
	}
	h := header{District: "马龙区"}
	if got := title(h, ReportStats, "2026年1月至11月"); got != "政协马龙区委员会“协商在基层”工作统计表（2026年1月至11月）" {
		t.Errorf("title %q", got)
	}
	if got := title(h, Report("人员名单"), ""); got != "马龙区人员名单" {
		t.Errorf("view title %q", got)
	}
	for district, want := range map[string]string{"马龙区": "政协马龙区委员会", "政协陆良县委员会": "政协陆良县委员会", "": ""} {
		if got := officeName(district); got != want {
			t.Errorf("officeName(%q) = %q, want %q", district, got, want)
		}
	}
}

// Without a period the statistics cover this year, on the command line as
// in the window.
func TestDefaultPeriod(t *testing.T) {
	today := day("2026-12-07")
	from, to := DefaultPeriod(data.Date{}, data.Date{}, today)
	if from != day("2026-01-01") || to != day("2026-12-31") {
		t.Errorf("no period: %v..%v", from, to)
	}
	from, to = DefaultPeriod(day("2025-03-01"), data.Date{}, today)
	if from != day("2025-03-01") || !to.IsZero() {
		t.Errorf("from only: %v..%v", from, to)
	}
	fx := newFixture(t)
	path := t.TempDir() + "/stats.xlsx"
	opts := Options{ReportDate: today}
	opts.From, opts.To = DefaultPeriod(opts.From, opts.To, today)
	must(t, Stats(ctx, fx.st, path, opts))
	if got := get(t, reopen(t, path), "按乡镇", "A1"); got != "政协马龙区委员会“协商在基层”工作统计表（2026年）" {
		t.Errorf("A1 = %q", got)
	}
}

// A header too long for its column breaks before its bracket, or into even
// lines; "（街道）" is never split.
func TestHeaderText(t *testing.T) {
	for _, c := range []struct {
		header string
		width  float64
		want   string
	}{
		{"乡镇（街道）", 14, "乡镇（街道）"},
		{"乡镇（街道）", 10, "乡镇\n（街道）"},
		{"解决问题（个）", 9, "解决问题\n（个）"},
		{"议事程序", 8, "议事\n程序"},
		{"解决问题数", 5, "解决\n问题\n数"},
	} {
		if got, lines := headerText(c.header, c.width); got != c.want || lines != strings.Count(c.want, "\n")+1 {
			t.Errorf("%s in %v: %q (%d lines), want %q", c.header, c.width, got, lines, c.want)
		}
	}
}

// A page is saved by a shrink to no less than 92%, never more.
func TestFitHeight(t *testing.T) {
	cols := []Column{{Width: 50}} // 100% on A4 portrait
	units := func(rows int) pagination {
		g := pagination{units: []float64{32, 20, 30}, heads: [2]int{2, 3}}
		for range rows {
			g.units = append(g.units, 18)
		}
		return g
	}
	// 748 points a page: 82 of title and header, then 36 rows of 18.
	if n, _ := units(36).pages(a4Portrait, 1); n != 1 {
		t.Errorf("36 rows: %d pages", n)
	}
	if got := units(38).fitHeight(a4Portrait, cols); got != 1 {
		t.Errorf("38 rows (2 over): fit to %d pages, want 1", got)
	}
	if got := units(45).fitHeight(a4Portrait, cols); got != 0 {
		t.Errorf("45 rows: fit to %d pages, want 0 (as many as it takes)", got)
	}
}
