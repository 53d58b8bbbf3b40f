package export

import (
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var statsTownshipHeaders = []string{"序号", "乡镇（街道）", "试点单位（个）", "已挂牌议事室（个）", "合计", "党委会点题", "政府出题", "委员荐题", "社会征题", "参与人次", "解决问题（个）", "备注"}
var statsMonthHeaders = []string{"序号", "月份", "合计", "党委会点题", "政府出题", "委员荐题", "社会征题", "参与人次", "解决问题（个）", "备注"}

func TestStats(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	must(t, Stats(ctx, fx.st, path, half2024))

	f := reopen(t, path)
	if got := strings.Join(f.GetSheetList(), ","); got != "工作情况统计表,按乡镇,按月份,按类型,按依托类型" {
		t.Fatalf("sheets = %s", got)
	}
	title := "政协马龙区委员会“协商在基层”工作统计表（2024年1月至6月）"

	sh := "按乡镇"
	assertForm(t, f, sh, statsTownshipHeaders, a4Landscape)
	if got := get(t, f, sh, "A1"); got != title {
		t.Errorf("A1 = %q", got)
	}
	if got := get(t, f, sh, "E3"); got != "协商议事活动（场次）" {
		t.Errorf("E3 = %q", got)
	}
	// 通泉街道: itself, 乐熙, 小寨 (all unveiled); 3 activities in the period.
	assertText(t, f, sh, "B5", "通泉街道")
	for col, want := range map[string]int{"C": 3, "D": 3, "E": 3, "F": 1, "G": 1, "H": 0, "I": 1, "J": 31 + 20 + 15, "K": 3 + 1} {
		assertNumber(t, f, sh, col+"5", want)
	}
	// 旧县街道: itself and the industrial park, none unveiled; the forum.
	assertText(t, f, sh, "B6", "旧县街道")
	for col, want := range map[string]int{"C": 2, "D": 0, "E": 1, "F": 0, "G": 0, "H": 1, "I": 0, "J": 52, "K": 38} {
		assertNumber(t, f, sh, col+"6", want)
	}
	assertSeq(t, f, sh, 5, 2)
	assertText(t, f, sh, "A7", "合计")
	assertColumnSums(t, f, sh, 5, 6, 7, "C", "D", "E", "F", "G", "H", "I", "J", "K")
	assertNumber(t, f, sh, "E7", 4)

	sh = "按月份"
	assertForm(t, f, sh, statsMonthHeaders, a4Portrait)
	// Only the months with activities, named within the period's year;
	// the quiet ones are said to be left out.
	all := rows(t, f, sh)
	assertText(t, f, sh, "B5", "3月")
	assertText(t, f, sh, "B6", "5月")
	assertNumber(t, f, sh, "C5", 2)  // March
	assertNumber(t, f, sh, "D5", 1)  // 党委会点题
	assertNumber(t, f, sh, "G5", 1)  // 社会征题
	assertNumber(t, f, sh, "H6", 67) // May: 15 + 52
	assertText(t, f, sh, "A7", "合计")
	assertColumnSums(t, f, sh, 5, 6, 7, "C", "D", "E", "F", "G", "H", "I")
	assertNumber(t, f, sh, "C7", 4) // the period's activities, as on 按乡镇
	if all[7][0] != "未列出的月份没有协商议事活动。" {
		t.Errorf("row 8 = %q", all[7])
	}

	// Native charts, in the package, drawn on the monthly sheet under the
	// table and on its page (excelize writes the chart namespace as the
	// default one: no c: prefix).
	c1 := html.UnescapeString(zipPart(t, path, "xl/charts/chart1.xml"))
	c2 := html.UnescapeString(zipPart(t, path, "xl/charts/chart2.xml"))
	if !strings.Contains(c1, "<barChart>") || !strings.Contains(c1, "'按月份'!$D$5:$D$6") || !strings.Contains(c1, "各月协商议事活动") {
		t.Errorf("chart1 is not the monthly column chart:\n%.600s", c1)
	}
	if strings.Count(c1, "<c:cat>")+strings.Count(c1, "<cat>") != 4 || !strings.Contains(c1, "'按月份'!$B$5:$B$6") {
		t.Errorf("chart1's categories are not the months B5:B6 once a series:\n%.1200s", c1)
	}
	if !strings.Contains(c2, "<pieChart>") || !strings.Contains(c2, "'按月份'!$D$7:$G$7") {
		t.Errorf("chart2 is not the pie of sources:\n%.600s", c2)
	}
	drawing := zipPart(t, path, "xl/drawings/drawing1.xml")
	anchors := regexp.MustCompile(`<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`).FindAllStringSubmatch(drawing, -1)
	if len(anchors) != 2 {
		t.Fatalf("drawing anchors: %q", drawing)
	}
	sig := findRowPrefix(all, "填表人：")
	p := readPrinted(t, f, sh)
	for _, a := range anchors {
		from, _ := strconv.Atoi(a[1]) // 0-based
		to, _ := strconv.Atoi(a[2])
		if from+1 <= sig || to+1 > len(p.heights) {
			t.Errorf("chart on rows %d-%d: not under the table (signature row %d, %d rows)", from+1, to+1, sig, len(p.heights))
		}
		p.heights = p.heights[:to+1]
		if n := p.pages(p.zoom); n != 1 {
			t.Errorf("the chart ends on page %d", n)
		}
	}

	sh = "按类型"
	kindHeaders := append([]string{}, statsTownshipHeaders...)
	kindHeaders[1] = "类型"
	assertForm(t, f, sh, kindHeaders, a4Landscape)
	for i, k := range []string{"乡镇（街道）", "村（社区）", "企事业单位"} {
		assertText(t, f, sh, cell(1, 5+i), k)
	}
	assertNumber(t, f, sh, "E5", 1)
	assertNumber(t, f, sh, "E6", 2)
	assertNumber(t, f, sh, "E7", 1)
	assertColumnSums(t, f, sh, 5, 7, 8, "C", "D", "E", "F", "G", "H", "I", "J", "K")

}

func TestStatsEmptyPeriod(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	must(t, Stats(ctx, fx.st, path, Options{From: day("2019-01-01"), To: day("2019-03-31")}))
	f := reopen(t, path)
	all := rows(t, f, "按乡镇")
	if findRow(all, 0, "本期无协商议事活动。") == 0 {
		t.Errorf("no 'nothing to report' line: %q", all)
	}
	assertNumber(t, f, "按乡镇", "E7", 0)
	assertNumber(t, f, "按乡镇", "C7", 5) // the sites are still there
	m := rows(t, f, "按月份")
	if m[4][0] != "本期无协商议事活动。" || m[5][0] != "合计" {
		t.Errorf("monthly sheet: %q", m)
	}
	if got := zipPart(t, path, "xl/charts/chart1.xml"); got != "" {
		t.Error("charts of nothing")
	}
}

// Over more than a year the months are named with their year, and only
// those with activities are listed, however long the period.
func TestStatsManyYears(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	must(t, Stats(ctx, fx.st, path, Options{From: day("2018-01-01"), To: day("2024-12-31")}))
	f := reopen(t, path)
	sh := "按月份"
	if got := get(t, f, sh, "A1"); got != "政协马龙区委员会“协商在基层”工作统计表（2018年至2024年）" {
		t.Errorf("A1 = %q", got)
	}
	all := rows(t, f, sh)
	var months []string
	for _, r := range all[4:] {
		if r[0] == "合计" {
			break
		}
		months = append(months, r[1])
		if r[2] == "0" {
			t.Errorf("a month without activities: %q", r)
		}
	}
	if strings.Join(months, ",") != "2023年12月,2024年3月,2024年5月" {
		t.Errorf("months %q", months)
	}
	assertColumnSums(t, f, sh, 5, 7, 8, "C", "D", "E", "F", "G", "H", "I")
	assertNumber(t, f, sh, "C8", 5)
}

// No activities at all and no period: no months, still a valid workbook.
func TestStatsNothingAtAll(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "stats.xlsx")
	must(t, Stats(ctx, fx.st, path, Options{}))
	f := reopen(t, path)
	if got := get(t, f, "按月份", "A5"); got != "本期无协商议事活动。" {
		t.Errorf("A5 = %q", got)
	}
	if got := get(t, f, "按乡镇", "A1"); got != "政协马龙区委员会“协商在基层”工作统计表" {
		t.Errorf("A1 = %q", got)
	}
}
