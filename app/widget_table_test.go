package app

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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
		if b, ok := o.(*widget.Button); ok && b.Text == lang.L("site.status") && b.Position().X >= 177 {
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

// shownWidths are the widths the table draws its columns at (Fyne keeps
// them private, as DragEnd knows).
func shownWidths[T any](tb *recordTable[T]) []float32 {
	m := reflect.ValueOf(&tb.Table).Elem().FieldByName("columnWidths")
	out := make([]float32, len(tb.cols))
	for i := range out {
		if v := m.MapIndex(reflect.ValueOf(i)); v.IsValid() {
			out[i] = float32(v.Float())
		}
	}
	return out
}

// overflow is by how much the columns (with their dividers) are wider than
// the table: above zero, the last ones are cut off at the right edge.
func overflow[T any](tb *recordTable[T]) float32 {
	sum := float32(0)
	for _, w := range shownWidths(tb) {
		sum += w + theme.Padding()
	}
	return sum - tb.Size().Width
}

// cutLabels lists the fit texts (enumeration labels) that do not fit
// their column.
func cutLabels[T any](tb *recordTable[T]) []string {
	var out []string
	widths := shownWidths(tb)
	for i, c := range tb.cols {
		for _, s := range c.fit {
			if widget.NewLabel(s).MinSize().Width > widths[i] {
				out = append(out, s)
			}
		}
	}
	return out
}

// At a 1200-pixel window every list fits its width, so no column is cut
// off at the right edge (联系电话 of the sites, 擅长领域 of the panels), and
// no label of an enumeration is cut, in Chinese and in English. The
// ledger in English is the exception that scrolls sideways: its English
// labels ("Named by the Party committee") are too long for one screen.
func TestListsFitTheWindow(t *testing.T) {
	for _, language := range []string{LangZH, LangEN} {
		t.Run(language, func(t *testing.T) {
			u, _ := newTestUI(t, language)
			check := func(name string, over float32, cut []string, scrolls bool) {
				t.Helper()
				if over > 0 && !scrolls {
					t.Errorf("%s: the columns are %.0f px wider than the table", name, over)
				}
				if len(cut) > 0 {
					t.Errorf("%s: labels cut: %q", name, cut)
				}
			}
			show := func(id string) screen {
				u.showScreen(id)
				return u.screen()
			}
			s := show("sites").(*SitesScreen)
			check("sites", overflow(s.table), cutLabels(s.table), false)
			p := show("people").(*PeopleScreen)
			check("people", overflow(p.table), cutLabels(p.table), false)
			as := show("assignments").(*AssignmentsScreen)
			check("assignments", overflow(as.table), cutLabels(as.table), false)
			pa := show("panels").(*PanelsScreen)
			check("panel members", overflow(pa.members), cutLabels(pa.members), false)
			a := show("activities").(*ActivitiesScreen)
			check("activities", overflow(a.table), cutLabels(a.table), language == LangEN)
			ta := show("tasks").(*TasksScreen)
			check("tasks", overflow(ta.table), cutLabels(ta.table), false)
			v := show("visits").(*VisitsScreen)
			check("visits", overflow(v.table), cutLabels(v.table), false)
			tr := show("trash").(*TrashScreen)
			check("trash", overflow(tr.table), cutLabels(tr.table), false)
		})
	}
}

// A column of long text takes the room the others leave: wider in a wider
// window, narrower (down to half) in a narrower one.
func TestGrowColumnFollowsTheWindow(t *testing.T) {
	test.NewTempApp(t)
	tb := newRecordTable([]column[row]{
		{key: "site.name", width: 100, text: func(r row) string { return r.name }},
		{key: "site.notes", width: 200, text: func(r row) string { return r.name }, grow: true},
	}, func(r row) uint { return r.id })
	w := test.NewTempWindow(t, tb)
	w.Resize(fyne.NewSize(600, 300))
	wide := shownWidths(tb)[1]
	w.Resize(fyne.NewSize(300, 300))
	narrow := shownWidths(tb)[1]
	if shownWidths(tb)[0] != 100 || wide <= 200 || narrow >= 200 || narrow < 100 {
		t.Errorf("first column %v; the growing one %v at 600 px, %v at 300 px", shownWidths(tb)[0], wide, narrow)
	}
	if over := overflow(tb); over > 0 {
		t.Errorf("at 300 px the columns are %.0f px too wide", over)
	}
}
