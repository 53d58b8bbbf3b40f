package export

import (
	"iter"
	"path/filepath"
	"slices"
	"testing"
)

func TestView(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "view.xlsx")
	cols := []Column{
		{Header: "名称", Kind: KindText},
		{Header: "电话", Kind: KindShort},
		{Header: "日期", Kind: KindDate},
		{Header: "人数", Kind: KindNumber},
	}
	data := [][]any{
		{"=SUM(A1)", "13812345678", day("2020-03-24"), 12},
		{"+86", "0874-8823456", nil, 0},
		{"-1", "", day("2024-02-29"), 7},
		{"@x", nil, nil, nil},
	}
	must(t, View(ctx, fx.st, path, "人员", "", cols, slices.Values(data), nil, Options{}))

	f := reopen(t, path)
	sh := "人员"
	assertForm(t, f, sh, []string{"序号", "名称", "电话", "日期", "人数", "备注"}, a4Portrait)
	if a1 := get(t, f, sh, "A1"); a1 != "马龙区人员" {
		t.Errorf("A1 = %q", a1)
	}
	assertSeq(t, f, sh, 4, 4)
	for i, want := range []string{"=SUM(A1)", "+86", "-1", "@x"} {
		assertText(t, f, sh, cell(1, 4+i), want)
		assertBordered(t, f, sh, 4+i, 6)
	}
	assertText(t, f, sh, "C4", "13812345678")
	assertText(t, f, sh, "C5", "0874-8823456")
	assertDate(t, f, sh, "D4", day("2020-03-24"))
	assertDate(t, f, sh, "D6", day("2024-02-29"))
	assertNumber(t, f, sh, "E4", 12)
	assertNumber(t, f, sh, "E5", 0)
}

// A table whose first column is 序号 keeps one numbering, the sheet's.
func TestViewWithSeqAndNotes(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "view.xlsx")
	cols := []Column{{Header: "序号"}, {Header: "名称"}, {Header: "备注"}, {Header: "状态"}}
	rows := [][]any{{7, "甲", "注", "好"}, {9, "乙", "", "好"}}
	must(t, View(ctx, fx.st, path, "试点单位", "2024年", cols, slices.Values(rows), nil, Options{}))
	f := reopen(t, path)
	sh := "试点单位"
	if a1 := get(t, f, sh, "A1"); a1 != "马龙区试点单位（2024年）" {
		t.Errorf("A1 = %q", a1)
	}
	if got := get(t, f, sh, "D3"); got != "状态" {
		t.Errorf("D3 = %q: no 备注 column should be added", got)
	}
	assertSeq(t, f, sh, 4, 2)
	assertText(t, f, sh, "B5", "乙")
}

func TestViewEmpty(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "view.xlsx")
	var none iter.Seq[[]any] = func(func([]any) bool) {}
	must(t, View(ctx, fx.st, path, "协商议事活动", "", []Column{{Header: "议题"}}, none, nil, Options{}))
	f := reopen(t, path)
	if got := get(t, f, "协商议事活动", "A4"); got != "没有符合条件的记录。" {
		t.Errorf("A4 = %q", got)
	}
}

// A table's 合计 row that is not the sum of its rows (people counted
// once) prints apart, in bold, unnumbered, saying what it counts.
func TestViewTotalAsShown(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "view.xlsx")
	cols := []Column{{Header: "乡镇（街道）", Width: 14}, {Header: "试点单位", Kind: KindNumber}, {Header: "领导人数", Kind: KindNumber}}
	rows := [][]any{{"通泉街道", 3, 1}, {"旧县街道", 2, 1}}
	total := &Total{Cells: []any{"合计", 5, 1}, Note: "领导、委员人数按人计，同一人挂包多个单位只计一次"}
	must(t, View(ctx, fx.st, path, "挂包联系覆盖情况", "", cols, slices.Values(rows), total, Options{}))
	f := reopen(t, path)
	sh := "挂包联系覆盖情况"
	assertForm(t, f, sh, []string{"序号", "乡镇（街道）", "试点单位", "领导人数", "备注"}, a4Portrait)
	assertSeq(t, f, sh, 4, 2)
	if got := get(t, f, sh, "A6"); got != "" {
		t.Errorf("A6 = %q: the total is numbered", got)
	}
	assertText(t, f, sh, "B6", "合计")
	assertNumber(t, f, sh, "C6", 5)
	assertNumber(t, f, sh, "D6", 1) // not 1 + 1: one leader guides both
	assertText(t, f, sh, "E6", total.Note)
	for _, ref := range []string{"B6", "D6"} {
		id, _ := f.GetCellStyle(sh, ref)
		if s, _ := f.GetStyle(id); s.Font == nil || !s.Font.Bold {
			t.Errorf("%s is not bold", ref)
		}
	}
	if fm, _ := f.GetCellFormula(sh, "D6"); fm != "" {
		t.Errorf("D6 has formula %q", fm)
	}
}
