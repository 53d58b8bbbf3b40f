package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

type row struct {
	id   uint
	name string
	n    int
}

func newRowTable() *recordTable[row] {
	return newRecordTable([]column[row]{
		{key: "site.name", width: 100, text: func(r row) string { return r.name }},
		{key: "site.status", width: 80, text: func(r row) string { return formatInt(r.n) }, less: func(a, b row) bool { return a.n < b.n }},
	}, func(r row) uint { return r.id })
}

func TestTableSortCyclesAndKeepsSelection(t *testing.T) {
	test.NewTempApp(t)
	tb := newRowTable()
	tb.setRows([]row{{1, "乙", 10}, {2, "甲", 2}, {3, "丙", 33}}, 2)
	order := func() (s string) {
		for _, r := range tb.rows {
			s += r.name
		}
		return
	}
	if order() != "乙甲丙" || tb.selectedID() != 2 {
		t.Fatalf("initial %s sel %d", order(), tb.selectedID())
	}
	tb.sortBy(1)
	if order() != "甲乙丙" || tb.selectedID() != 2 {
		t.Errorf("ascending by number: %s sel %d", order(), tb.selectedID())
	}
	tb.sortBy(1)
	if order() != "丙乙甲" {
		t.Errorf("descending: %s", order())
	}
	tb.sortBy(1)
	if order() != "乙甲丙" || tb.selectedID() != 2 {
		t.Errorf("back to the screen's order: %s sel %d", order(), tb.selectedID())
	}
}

func TestTableKeys(t *testing.T) {
	test.NewTempApp(t)
	tb := newRowTable()
	var opened, deleted []uint
	tb.onActivate = func(r row) { opened = append(opened, r.id) }
	tb.onDelete = func(r row) { deleted = append(deleted, r.id) }
	tb.setRows([]row{{1, "甲", 1}, {2, "乙", 2}, {3, "丙", 3}}, 1)
	tb.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	tb.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	tb.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	tb.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	tb.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp}) // stays on the first row
	tb.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if len(opened) != 2 || opened[0] != 2 || opened[1] != 1 || len(deleted) != 1 || deleted[0] != 2 {
		t.Errorf("opened %v deleted %v", opened, deleted)
	}
}

func TestTableRemembersColumnWidths(t *testing.T) {
	a := test.NewTempApp(t)
	tb := newRowTable()
	tb.rememberWidths(a.Preferences(), "table.test")
	w := test.NewTempWindow(t, tb)
	w.Resize(fyne.NewSize(400, 300))
	tb.SetColumnWidth(0, 177) // what a drag on the header divider ends with
	tb.DragEnd()
	if got := a.Preferences().Float("table.test.col.0"); got != 177 {
		t.Fatalf("saved width %v", got)
	}
	again := newRowTable()
	again.rememberWidths(a.Preferences(), "table.test")
	w2 := test.NewTempWindow(t, again)
	w2.Resize(fyne.NewSize(400, 300))
	// The second column starts where the remembered first one ends.
	var found bool
	for _, o := range visibleObjects(w2.Canvas()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "状态" && b.Position().X >= 177 {
			found = true
		}
	}
	if !found {
		t.Error("the remembered width was not applied to the header")
	}
}

func TestTextColumnsSortByPinyin(t *testing.T) {
	test.NewTempApp(t)
	tb := newRowTable()
	// Code-point order would be 乐 (U+4E50) 同 (U+540C) 小 (U+5C0F) 通 (U+901A) 鑫 (U+946B);
	// pinyin: le, tong(乐 le < tong), tong, xiao, xin; numbers by value.
	tb.setRows([]row{{1, "鑫城社区", 0}, {2, "小寨社区", 0}, {3, "通泉街道", 0}, {4, "乐熙社区", 0}, {5, "10组", 0}, {6, "9组", 0}}, 0)
	tb.sortBy(0)
	var got []string
	for _, r := range tb.rows {
		got = append(got, r.name)
	}
	want := "9组 10组 乐熙社区 通泉街道 小寨社区 鑫城社区"
	if s := strings.Join(got, " "); s != want {
		t.Errorf("sorted: %s\nwant:   %s", s, want)
	}
}
