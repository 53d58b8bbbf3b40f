package app

import (
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"image/color"
	"reflect"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/export"
)

// column describes one column of a recordTable.
type column[T any] struct {
	key   string  // translation key of the header
	width float32 // initial width
	text  func(T) string
	// less orders rows for this column; nil compares the text.
	less func(a, b T) bool
	// kind is how "export what I see" writes the column (exports.go):
	// text unless set; a date or number column is written as real dates
	// or numbers read back from its text.
	kind export.Kind
}

// recordTable is the table every screen uses: sticky headers that sort on
// click (ascending, descending, back to the screen's own order), the whole
// row highlighted, arrows to move, Enter or a double click to open, Delete
// to move to the trash.
type recordTable[T any] struct {
	widget.Table

	cols     []column[T]
	loaded   []T // in the screen's order
	rows     []T // as shown
	selected int // row index in rows, -1 for none
	sortCol  int // -1: the screen's order
	sortDesc bool
	bold     func(T) bool // rows drawn in bold (group heads)
	warn     func(T) bool // rows drawn in the warning colour (overdue)
	// onSort, when set, means the rows come sorted from the store (paged
	// tables): a header click records the column and calls it instead of
	// sorting the rows at hand.
	onSort func()
	id     func(T) uint // identity, to keep the selection across reloads

	onSelect   func(T)
	onActivate func(T)
	onDelete   func(T)
	rowButtons []*widget.Button // enabled while a row is selected (rowButton)

	prefs   fyne.Preferences // where column widths are remembered
	prefKey string           // e.g. "table.sites"
}

func newRecordTable[T any](cols []column[T], id func(T) uint) *recordTable[T] {
	t := &recordTable[T]{cols: cols, id: id, selected: -1, sortCol: -1}
	t.Length = func() (int, int) { return len(t.rows), len(t.cols) }
	t.CreateCell = func() fyne.CanvasObject {
		bg := canvas.NewRectangle(color.Transparent)
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return container.NewStack(bg, l)
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		st := o.(*fyne.Container)
		bg, l := st.Objects[0].(*canvas.Rectangle), st.Objects[1].(*widget.Label)
		if id.Row >= len(t.rows) {
			l.SetText("")
			return
		}
		r := t.rows[id.Row]
		if id.Row == t.selected {
			bg.FillColor = theme.Color(theme.ColorNameSelection)
		} else {
			bg.FillColor = color.Transparent
		}
		bg.Refresh()
		l.TextStyle.Bold = t.bold != nil && t.bold(r)
		l.Importance = widget.MediumImportance
		if t.warn != nil && t.warn(r) {
			l.Importance = widget.DangerImportance
		}
		l.SetText(t.cols[id.Col].text(r))
	}
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		return b
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 || id.Col >= len(t.cols) {
			b.SetText("")
			return
		}
		text := lang.L(t.cols[id.Col].key)
		if id.Col == t.sortCol {
			if t.sortDesc {
				text += " ▼"
			} else {
				text += " ▲"
			}
		}
		b.SetText(text)
		col := id.Col
		b.OnTapped = func() { t.sortBy(col) }
	}
	t.OnSelected = func(id widget.TableCellID) { t.selectRow(id.Row) }
	t.ExtendBaseWidget(t)
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

// rememberWidths restores the column widths the user last dragged, and
// saves them after each drag.
func (t *recordTable[T]) rememberWidths(p fyne.Preferences, key string) {
	t.prefs, t.prefKey = p, key
	for i, c := range t.cols {
		if w := p.FloatWithFallback(t.widthKey(i), float64(c.width)); w >= 20 {
			t.SetColumnWidth(i, float32(w))
		}
	}
}

func (t *recordTable[T]) widthKey(col int) string {
	return t.prefKey + ".col." + strconv.Itoa(col)
}

// DragEnd ends a column resize; Fyne keeps the widths private, so they
// are read back by reflection (nothing is saved if that ever fails).
func (t *recordTable[T]) DragEnd() {
	t.Table.DragEnd()
	if t.prefs == nil {
		return
	}
	m := reflect.ValueOf(&t.Table).Elem().FieldByName("columnWidths")
	if !m.IsValid() || m.Kind() != reflect.Map {
		return
	}
	iter := m.MapRange()
	for iter.Next() {
		col, w := int(iter.Key().Int()), iter.Value().Float()
		if col >= 0 && col < len(t.cols) {
			t.prefs.SetFloat(t.widthKey(col), w)
		}
	}
}

// setRows replaces the rows (in the screen's order), keeping the sort, and
// selects the row with identity sel (0: none).
func (t *recordTable[T]) setRows(rows []T, sel uint) {
	t.loaded = rows
	t.applySort()
	t.selectID(sel)
}

// selectID selects the row with identity id, or nothing.
func (t *recordTable[T]) selectID(id uint) {
	t.selected = -1
	for i, r := range t.rows {
		if id != 0 && t.id(r) == id {
			t.selected = i
			break
		}
	}
	t.Table.UnselectAll()
	t.Refresh()
	if t.selected >= 0 {
		t.ScrollTo(widget.TableCellID{Row: t.selected, Col: 0})
	}
	t.syncButtons()
}

// syncButtons enables the row buttons when a row is selected.
func (t *recordTable[T]) syncButtons() {
	for _, b := range t.rowButtons {
		if t.selected >= 0 {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// selectedID is the identity of the selected row, 0 for none.
func (t *recordTable[T]) selectedID() uint {
	if r, ok := t.current(); ok {
		return t.id(r)
	}
	return 0
}

// sortBy cycles a column through ascending, descending and unsorted.
func (t *recordTable[T]) sortBy(col int) {
	sel := t.selectedID()
	switch {
	case t.sortCol != col:
		t.sortCol, t.sortDesc = col, false
	case !t.sortDesc:
		t.sortDesc = true
	default:
		t.sortCol, t.sortDesc = -1, false
	}
	t.applySort()
	t.selectID(sel)
	if t.onSort != nil {
		t.onSort()
	}
}

func (t *recordTable[T]) applySort() {
	t.rows = append(t.rows[:0:0], t.loaded...)
	if t.sortCol < 0 || t.sortCol >= len(t.cols) || t.onSort != nil {
		return
	}
	c := t.cols[t.sortCol]
	less := c.less
	if less == nil {
		less = func(a, b T) bool { return chineseLess(c.text(a), c.text(b)) }
	}
	sort.SliceStable(t.rows, func(i, j int) bool {
		if t.sortDesc {
			return less(t.rows[j], t.rows[i])
		}
		return less(t.rows[i], t.rows[j])
	})
}

func (t *recordTable[T]) selectRow(row int) {
	if row < 0 || row >= len(t.rows) {
		return
	}
	t.selected = row
	t.Refresh()
	t.syncButtons()
	if t.onSelect != nil {
		t.onSelect(t.rows[row])
	}
}

// current is the selected row.
func (t *recordTable[T]) current() (T, bool) {
	var zero T
	if t.selected < 0 || t.selected >= len(t.rows) {
		return zero, false
	}
	return t.rows[t.selected], true
}

func (t *recordTable[T]) activate() {
	if r, ok := t.current(); ok && t.onActivate != nil {
		t.onActivate(r)
	}
}

// Tapped selects the row and takes the keyboard focus. Table.Tapped alone
// looks for the canvas of the embedded Table, which the window does not
// hold (it holds the recordTable), so on a real window the keys (Enter,
// Delete, arrows) went nowhere.
func (t *recordTable[T]) Tapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil {
		c.Focus(t)
	}
}

// DoubleTapped opens the row under the pointer.
func (t *recordTable[T]) DoubleTapped(e *fyne.PointEvent) {
	t.Tapped(e)
	t.activate()
}

// TypedKey adds Enter, Delete and row-wise arrows to the table's keys.
func (t *recordTable[T]) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		t.activate()
	case fyne.KeyDelete:
		if r, ok := t.current(); ok && t.onDelete != nil {
			t.onDelete(r)
		}
	case fyne.KeyDown, fyne.KeyUp:
		next := t.selected + 1
		if e.Name == fyne.KeyUp {
			next = t.selected - 1
		}
		if next >= 0 && next < len(t.rows) {
			t.selectRow(next)
			t.ScrollTo(widget.TableCellID{Row: next, Col: 0})
		}
	default:
		t.Table.TypedKey(e)
	}
}

// Text columns sort the way Excel and WPS sort Chinese: by pinyin (CLDR's
// Chinese collation), numbers within text by value. One collator, used on
// the UI goroutine only.
var zhCollator = collate.New(language.SimplifiedChinese, collate.Numeric)

func chineseLess(a, b string) bool { return zhCollator.CompareString(a, b) < 0 }
