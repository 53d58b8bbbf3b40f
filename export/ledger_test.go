package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

var ledgerHeaders = []string{"序号", "活动日期", "乡镇（街道）", "试点单位", "议题", "议题来源", "协商形式", "议事程序", "参加人数",
	"参加人员", "议定方式", "赞成", "反对", "弃权", "协商成果", "督办事项", "落实情况", "办结日期", "提出问题数", "解决问题数", "备注"}

func TestLedger(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	var progress [][2]int
	opts := half2024
	opts.Progress = func(done, total int) { progress = append(progress, [2]int{done, total}) }
	must(t, Ledger(ctx, fx.st, path, opts))

	f := reopen(t, path)
	sh := "协商议事活动台账"
	assertForm(t, f, sh, ledgerHeaders, a3Landscape)
	if a1 := get(t, f, sh, "A1"); a1 != "政协马龙区委员会“协商在基层”协商议事活动台账（2024年1月至6月）" {
		t.Errorf("A1 = %q", a1)
	}
	// A header too long for its column is broken by hand, never inside
	// its bracket.
	if got := get(t, f, sh, "C3"); got != "乡镇\n（街道）" {
		t.Errorf("C3 = %q", got)
	}
	// Two header rows: 表决情况 over the three tallies, the rest merged
	// down (议定方式 among them: 协商一致 is not a vote).
	if got := get(t, f, sh, "L3"); got != "表决情况" {
		t.Errorf("L3 = %q", got)
	}
	merges, _ := f.GetMergeCells(sh)
	var refs []string
	for _, m := range merges {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"L3:N3", "K3:K4", "A3:A4", "E3:E4", "U3:U4"} {
		if !strings.Contains(strings.Join(refs, " "), want) {
			t.Errorf("merges %v lack %s", refs, want)
		}
	}
	for _, m := range merges {
		if _, r, _ := excelize.CellNameToCoordinates(m.GetEndAxis()); r > 4 && r < len(rows(t, f, sh))-1 {
			t.Errorf("data cells merged: %s", m.GetStartAxis()+":"+m.GetEndAxis())
		}
	}

	all := rows(t, f, sh)
	// Date order, the activity of 2023 left out; every data cell bordered.
	for i, topic := range []string{"小寨工业片区交通和环境卫生", "小区停车难", "街天秩序", "民营企业面对面协商"} {
		if got := all[4+i][4]; got != topic {
			t.Errorf("row %d topic = %q, want %q", 5+i, got, topic)
		}
		assertBordered(t, f, sh, 5+i, len(ledgerHeaders))
	}
	assertSeq(t, f, sh, 5, 4)
	if len(all) != 4+4+3 { // title, info, 2 headers, 4 rows, 合计, blank, signatures
		t.Errorf("%d rows: %q", len(all), all)
	}

	// The activity at 小寨, cell by cell.
	assertDate(t, f, sh, "B5", day("2024-03-05"))
	assertText(t, f, sh, "C5", "通泉街道")
	assertText(t, f, sh, "D5", "小寨社区居委会")
	assertText(t, f, sh, "F5", "社会征题")
	assertText(t, f, sh, "G5", "现场协商")
	assertText(t, f, sh, "H5", "三阶五步")
	assertNumber(t, f, sh, "I5", 31)
	assertText(t, f, sh, "J5", "王建国、片区商户代表")
	assertText(t, f, sh, "K5", "举手表决")
	assertNumber(t, f, sh, "L5", 31)
	assertNumber(t, f, sh, "M5", 0)
	assertNumber(t, f, sh, "N5", 0)
	assertText(t, f, sh, "O5", "=设置临时停车场")
	assertText(t, f, sh, "P5", "1. 设置临时停车场（通泉街道办事处，2024年3月31日前，已办结）\n2. 增加保洁员（已办结）")
	assertText(t, f, sh, "Q5", "已办结")
	assertDate(t, f, sh, "R5", day("2024-04-30"))
	assertNumber(t, f, sh, "T5", 3)
	assertText(t, f, sh, "U5", "+1")
	if got := get(t, f, sh, "P6"); got != "" { // no items
		t.Errorf("P6 = %q", got)
	}
	// The row is as tall as its longest text: 督办事项 wraps to four lines.
	if h, _ := f.GetRowHeight(sh, 5); h != 4*13.5+4.5 {
		t.Errorf("row 5 is %v points tall", h)
	}
	// Consensus: no vote counts; a ballot has them.
	if got := get(t, f, sh, "L6"); got != "" {
		t.Errorf("L6 = %q, want empty for a consensus", got)
	}
	assertNumber(t, f, sh, "M7", 3)

	// 合计 equals the column sums.
	assertText(t, f, sh, "A9", "合计")
	assertNumber(t, f, sh, "I9", 31+20+15+52)
	assertNumber(t, f, sh, "T9", 3+1+0+38)
	if fm, _ := f.GetCellFormula(sh, "I9"); fm != "SUM(I5:I8)" {
		t.Errorf("I9 formula = %q", fm)
	}
	assertColumnSums(t, f, sh, 5, 8, 9, "I", "S", "T")

	if len(progress) == 0 || progress[len(progress)-1] != [2]int{4, 4} {
		t.Errorf("progress = %v", progress)
	}
}

func TestLedgerFilter(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	opts := Options{Filter: data.ActivityFilter{TownshipID: fx.jiuxian.ID}}
	must(t, Ledger(ctx, fx.st, path, opts))
	f := reopen(t, path)
	sh := "协商议事活动台账"
	if a1 := get(t, f, sh, "A1"); a1 != "政协马龙区委员会“协商在基层”协商议事活动台账（旧县街道）" {
		t.Errorf("A1 = %q", a1)
	}
	assertText(t, f, sh, "E5", "民营企业面对面协商")
	assertText(t, f, sh, "A6", "合计")
	assertNumber(t, f, sh, "T6", 38)
}

func TestLedgerEmptyPeriod(t *testing.T) {
	fx := newFixture(t)
	addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	must(t, Ledger(ctx, fx.st, path, Options{From: day("2019-01-01"), To: day("2019-12-31")}))
	f := reopen(t, path)
	sh := "协商议事活动台账"
	assertForm(t, f, sh, ledgerHeaders, a3Landscape)
	if got := get(t, f, sh, "A5"); got != "本期无协商议事活动。" {
		t.Errorf("A5 = %q", got)
	}
	assertText(t, f, sh, "A6", "合计")
	assertNumber(t, f, sh, "I6", 0)
}

// A big ledger cancelled halfway leaves the previous file as it was.
func TestLedgerCancel(t *testing.T) {
	fx := newFixture(t)
	rows := make([]data.Activity, 6000)
	for i := range rows {
		rows[i] = data.Activity{Date: day("2024-01-01").AddDays(i % 180), SiteID: fx.lexi.ID, Topic: "协商", TopicSource: data.SourcePublic, Participants: 10}
	}
	must(t, fx.st.InsertActivities(ctx, rows))
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	must(t, os.WriteFile(path, []byte("the good old workbook"), 0o644))

	c, cancel := context.WithCancel(ctx)
	defer cancel()
	calls := 0
	err := Ledger(c, fx.st, path, Options{Progress: func(done, total int) {
		if calls++; calls == 1 {
			if total != 6000 {
				t.Errorf("total = %d", total)
			}
			cancel()
		}
	}})
	if data.ErrorCode(err) != ECancelled {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, []byte("the good old workbook")) {
		t.Error("the previous file was changed")
	}
	if got := dirFiles(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v", got)
	}
	if calls != 1 {
		t.Errorf("progress called %d times after cancelling", calls)
	}
}

// Every activity column the ledger places by name is one of
// data.ActivityColumns: a renamed column fails here, not as an empty
// column in print.
func TestLedgerLayoutNamesActivityColumns(t *testing.T) {
	for i, l := range ledgerLayout {
		added := l.of == "序号" || l.of == "attendees" || l.of == "items"
		if (ledgerOf[i] == nil) != added || ledgerColumns[i].Header == "" {
			t.Errorf("ledger column %d (%q): no activity column of that name", i+1, l.of)
		}
	}
}
