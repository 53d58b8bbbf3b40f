package export

import (
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

const summarySheetName = "工作情况统计表"

var summaryHeaders = []string{"序号", "类别", "项目", "单位", "本期", "累计", "备注", "代码"}

// sheetFigures reads the figures of a 工作情况统计表 back by the codes in its
// hidden column, checking the rows' shape on the way: 25 rows from row 5,
// numbered, with numbers in 本期 and 累计.
func sheetFigures(t *testing.T, f *excelize.File) ([]string, map[string]data.Figure) {
	t.Helper()
	var codes []string
	out := map[string]data.Figure{}
	for r := 5; r < 5+25; r++ {
		ref := strconv.Itoa(r)
		code := get(t, f, summarySheetName, "H"+ref)
		if code == "" || out[code] != (data.Figure{}) {
			t.Fatalf("row %d: code %q", r, code)
		}
		assertNumber(t, f, summarySheetName, "A"+ref, r-4)
		period, err1 := strconv.Atoi(raw(t, f, summarySheetName, "E"+ref))
		total, err2 := strconv.Atoi(raw(t, f, summarySheetName, "F"+ref))
		if err1 != nil || err2 != nil {
			t.Fatalf("row %d (%s): 本期 %q, 累计 %q", r, code, raw(t, f, summarySheetName, "E"+ref), raw(t, f, summarySheetName, "F"+ref))
		}
		assertNumber(t, f, summarySheetName, "E"+ref, period)
		codes = append(codes, code)
		out[code] = data.Figure{Period: period, Total: total}
	}
	if next := get(t, f, summarySheetName, "H30"); regexp.MustCompile(`^[a-z_]+$`).MatchString(next) {
		t.Errorf("a 26th row: %q", next)
	}
	return codes, out
}

// The sheet holds the store's figures under data's codes, in data's order,
// in the fixed shape, and prints on one A4 page.
func TestSummarySheet(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "summary.xlsx")
	must(t, Summary(ctx, fx.st, path, half2024))
	want, err := fx.st.Summary(ctx, data.Period{From: half2024.From, To: half2024.To}, half2024.ReportDate)
	must(t, err)

	f := reopen(t, path)
	if got := f.GetSheetList(); !slices.Equal(got, []string{summarySheetName}) {
		t.Fatalf("sheets %v", got)
	}
	sh := summarySheetName
	if a1 := get(t, f, sh, "A1"); a1 != "政协马龙区委员会“协商在基层”工作情况统计表（2024年1月至6月）" {
		t.Errorf("A1 = %q", a1)
	}
	if a2 := get(t, f, sh, "A2"); a2 != "填报单位：政协曲靖市马龙区委员会办公室　　　　填报日期：2024年7月5日" {
		t.Errorf("A2 = %q", a2)
	}
	if a3 := get(t, f, sh, "A3"); !strings.HasPrefix(a3, "　　截至2024年6月30日，全区在2个乡镇（街道）") {
		t.Errorf("A3 = %q", a3)
	}
	for i, h := range summaryHeaders {
		if got := get(t, f, sh, cell(i, 4)); got != h {
			t.Errorf("header %s = %q, want %q", cell(i, 4), got, h)
		}
	}
	codes, figures := sheetFigures(t, f)
	var wantCodes []string
	for _, r := range want.Rows() {
		wantCodes = append(wantCodes, r.Code)
		if figures[r.Code] != r.Figure {
			t.Errorf("%s: sheet %+v, store %+v", r.Code, figures[r.Code], r.Figure)
		}
	}
	if !slices.Equal(codes, wantCodes) {
		t.Errorf("codes %v, want %v", codes, wantCodes)
	}
	// A few by hand: 4 activities in the half year, 5 up to its end; the
	// three unveiled rooms, none of them new this half year.
	for code, fig := range map[string]data.Figure{"activities": {Period: 4, Total: 5}, "activities_member": {Period: 1, Total: 1}, "rooms": {Period: 0, Total: 3},
		"townships": {Period: 2, Total: 2}, "communities": {Period: 2, Total: 2}, "enterprises": {Period: 1, Total: 1}, "participants": {Period: 118, Total: 127}} {
		if figures[code] != fig {
			t.Errorf("%s = %+v, want %+v", code, figures[code], fig)
		}
	}
	// The words of the rows, and the groups merged down their column.
	for ref, text := range map[string]string{"B5": "试点情况", "C5": "试点乡镇（街道）", "D5": "个", "C15": "其中：党委会点题",
		"C16": "　　　政府出题", "C24": "其中：未办结", "C28": "已完成", "G5": "本期：期内开展协商议事活动的"} {
		if got := get(t, f, sh, ref); got != text {
			t.Errorf("%s = %q, want %q", ref, got, text)
		}
	}
	merges, err := f.GetMergeCells(sh)
	must(t, err)
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A1:H1", "A2:H2", "A3:H3", "B5:B8", "B9:B13", "B14:B22", "B23:B27", "B28:B29"} {
		if !slices.Contains(refs, want) {
			t.Errorf("merges %v lack %s", refs, want)
		}
	}
	for r := 5; r < 30; r++ {
		assertBordered(t, f, sh, r, 7)
	}
	if !strings.HasPrefix(get(t, f, sh, "A30"), "说明：“本期”指2024年1月至6月，") {
		t.Errorf("A30 = %q", get(t, f, sh, "A30"))
	}
	all := rows(t, f, sh)
	if sig := all[len(all)-1]; !strings.HasPrefix(sig[0], "填表人：李明") {
		t.Errorf("last row %q", sig)
	}
	assertOnePage(t, f, sh)
	if visible, err := f.GetColVisible(sh, "H"); err != nil || visible {
		t.Errorf("the code column is visible (%v)", err)
	}
}

// assertOnePage checks a sheet prints on one A4 page, portrait: fitted one
// page wide and one tall, every margin set.
func assertOnePage(t *testing.T, f *excelize.File, sh string) {
	t.Helper()
	pl, err := f.GetPageLayout(sh)
	must(t, err)
	if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "portrait" ||
		pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 1 {
		t.Errorf("%s page layout %+v", sh, pl)
	}
	sp, err := f.GetSheetProps(sh)
	must(t, err)
	if sp.FitToPage == nil || !*sp.FitToPage {
		t.Errorf("%s: fit to page is off", sh)
	}
	pm, err := f.GetPageMargins(sh)
	must(t, err)
	for name, m := range map[string]*float64{"top": pm.Top, "bottom": pm.Bottom, "left": pm.Left, "right": pm.Right, "header": pm.Header, "footer": pm.Footer} {
		if m == nil || *m <= 0 {
			t.Errorf("%s: %s margin not set", sh, name)
		}
	}
}

// An empty database still gives the whole sheet: every row, zeros, and a
// paragraph that says there is nothing yet.
func TestSummarySheetEmpty(t *testing.T) {
	st := openStore(t)
	must(t, st.SetSettings(ctx, map[string]string{data.SettingDistrict: "陆良县"}))
	path := filepath.Join(t.TempDir(), "empty.xlsx")
	must(t, Summary(ctx, st, path, Options{From: day("2026-01-01"), To: day("2026-03-31"), ReportDate: day("2026-04-02")}))
	f := reopen(t, path)
	codes, figures := sheetFigures(t, f)
	empty := (&data.Summary{BySource: map[string]data.Figure{}, ByState: map[string]data.Figure{}}).Rows()
	for i, r := range empty {
		if codes[i] != r.Code || figures[r.Code] != (data.Figure{}) {
			t.Errorf("row %d: %s %+v", i, codes[i], figures[codes[i]])
		}
	}
	if a1 := get(t, f, summarySheetName, "A1"); a1 != "政协陆良县委员会“协商在基层”工作情况统计表（2026年1月至3月）" {
		t.Errorf("A1 = %q", a1)
	}
	want := "　　截至2026年3月31日，全县尚未登记试点单位。2026年1月至3月，全县尚未开展协商议事活动。\n　　2026年1月至3月暂无督办事项。"
	if a3 := get(t, f, summarySheetName, "A3"); a3 != want {
		t.Errorf("A3 = %q\nwant %q", a3, want)
	}
	assertOnePage(t, f, summarySheetName)
}

// paragraphFigures are the phrases of the 情况综述 that carry a figure:
// the number in each is the sheet's cell of that code and column.
var paragraphFigures = []struct {
	re     *regexp.Regexp
	code   string
	period bool // 本期, else 累计
}{
	{regexp.MustCompile(`全[区县市]在([\d,]+)个乡镇（街道）`), "townships", false},
	{regexp.MustCompile(`的([\d,]+)个村（社区）`), "communities", false},
	{regexp.MustCompile(`[的和]([\d,]+)个企事业单位`), "enterprises", false},
	{regexp.MustCompile(`建成协商议事室([\d,]+)个`), "rooms", false},
	{regexp.MustCompile(`新增([\d,]+)个`), "rooms", true},
	{regexp.MustCompile(`([\d,]+)个部门推荐`), "panel_departments", false},
	{regexp.MustCompile(`([\d,]+)名同志组成政策顾问团`), "panel_people", false},
	{regexp.MustCompile(`([\d,]+)名领导`), "leaders", true},
	{regexp.MustCompile(`([\d,]+)名政协委员`), "members", true},
	{regexp.MustCompile(`调研指导([\d,]+)次`), "visits", true},
	{regexp.MustCompile(`开展协商议事活动([\d,]+)场次`), "activities", true},
	{regexp.MustCompile(`党委会点题([\d,]+)场次`), "activities_party", true},
	{regexp.MustCompile(`政府出题([\d,]+)场次`), "activities_government", true},
	{regexp.MustCompile(`委员荐题([\d,]+)场次`), "activities_member", true},
	{regexp.MustCompile(`社会征题([\d,]+)场次`), "activities_public", true},
	{regexp.MustCompile(`参与([\d,]+)人次`), "participants", true},
	{regexp.MustCompile(`登记在册人员([\d,]+)人次`), "participants_on_file", true},
	{regexp.MustCompile(`收集意见建议([\d,]+)条`), "problems_raised", true},
	{regexp.MustCompile(`解决群众急难愁盼问题([\d,]+)个`), "problems_solved", true},
	{regexp.MustCompile(`形成督办事项([\d,]+)项`), "follow_ups", true},
	{regexp.MustCompile(`([\d,]+)项已办结`), "follow_ups_done", true},
	{regexp.MustCompile(`([\d,]+)项正在办理`), "follow_ups_in_progress", true},
	{regexp.MustCompile(`([\d,]+)项尚未办结`), "follow_ups_pending", true},
	{regexp.MustCompile(`其中([\d,]+)项已超过办结时限`), "follow_ups_overdue", true},
	{regexp.MustCompile(`完成目标任务([\d,]+)项`), "tasks_done", true},
	{regexp.MustCompile(`([\d,]+)项目标任务逾期未完成`), "tasks_overdue", false},
}

// Days and months as the paragraph writes them: not figures.
var reDates = regexp.MustCompile(`\d{4}年(\d{1,2}月(\d{1,2}日)?)?|至\d{1,2}月(\d{1,2}日)?|\d{1,2}月\d{1,2}日`)

// Every number of the paragraph is the sheet's, read back from the file.
func TestSummaryParagraphIsTheSheets(t *testing.T) {
	st := openStore(t)
	must(t, st.LoadDemo(ctx, data.Today()))
	must(t, st.GenerateActivities(ctx, 3000, 4, data.Today()))
	today := data.Today()
	for _, opts := range []Options{
		{From: day("2020-01-01"), To: day("2020-12-31"), ReportDate: today},
		{From: data.NewDate(today.Year(), 1, 1), To: data.NewDate(today.Year(), 12, 31), ReportDate: today},
		{From: day("2021-03-15"), To: day("2024-08-20"), ReportDate: day("2025-01-10")},
		{ReportDate: today},
	} {
		path := filepath.Join(t.TempDir(), "s.xlsx")
		must(t, Summary(ctx, st, path, opts))
		f := reopen(t, path)
		_, figures := sheetFigures(t, f)
		text := get(t, f, summarySheetName, "A3")
		rest := text
		for _, p := range paragraphFigures {
			for _, m := range p.re.FindAllStringSubmatch(text, -1) {
				got, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
				must(t, err)
				fig := figures[p.code]
				want := fig.Total
				if p.period {
					want = fig.Period
				}
				if got != want {
					t.Errorf("%v: %q says %d, the sheet's %s has %d", opts.From, m[0], got, p.code, want)
				}
			}
			rest = p.re.ReplaceAllString(rest, "")
		}
		if strings.Contains(text, "已全部办结") && figures["follow_ups_done"] != figures["follow_ups"] {
			t.Errorf("all done, but %+v of %+v", figures["follow_ups_done"], figures["follow_ups"])
		}
		if left := regexp.MustCompile(`\d+`).FindAllString(reDates.ReplaceAllString(rest, ""), -1); len(left) > 0 {
			t.Errorf("%v: numbers %v of the paragraph are not the sheet's:\n%s", opts.From, left, text)
		}
		if figures["activities"].Period > 0 && !strings.Contains(text, "开展协商议事活动") {
			t.Errorf("the activities are missing from %q", text)
		}
	}
}

// The overview's paragraphs are the sheet's.
func TestSummaryTextIsTheSheets(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	got, err := SummaryText(ctx, fx.st, data.Period{From: half2024.From, To: half2024.To}, half2024.ReportDate)
	must(t, err)
	path := filepath.Join(t.TempDir(), "summary.xlsx")
	must(t, Summary(ctx, fx.st, path, half2024))
	sheet := get(t, reopen(t, path), summarySheetName, "A3")
	if want := "　　" + strings.Join(got, "\n　　"); sheet != want || len(got) != 2 {
		t.Errorf("overview %q\nsheet %q", got, sheet)
	}
	// The period as the office writes it.
	if !strings.Contains(got[0], "。2024年1月至6月，") {
		t.Errorf("paragraph %q", got[0])
	}
	// Written once: the follow-up is of the activities above (上述).
	if n := strings.Count(strings.Join(got, ""), "2024年1月至6月"); n != 1 || !strings.HasPrefix(got[1], "上述协商议事活动形成督办事项") {
		t.Errorf("the period %d times; follow-up %q", n, got[1])
	}
}

func TestWholeOf(t *testing.T) {
	for district, want := range map[string]string{"马龙区": "全区", "陆良县": "全县", "宣威市": "全市", "": "全县（区）"} {
		if got := wholeOf(district); got != want {
			t.Errorf("%q: %q", district, got)
		}
	}
	if got := num(1234567); got != "1,234,567" || num(999) != "999" {
		t.Errorf("num: %q", got)
	}
}
