package app

import (
	"image/color"
	"reflect"
	"slices"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"pilotdesk/data"
)

// column describes one column of a recordTable.
type column[T any] struct {
	key   string  // translation key of the header
	width float32 // initial width
	text  func(T) string
	// less orders rows for this column; nil compares the text (as person
	// names when names is set).
	less  func(a, b T) bool
	names bool
	// fit are texts the column always shows whole, whatever the language:
	// an enumeration's labels (enumLabels).
	fit []string
	// grow marks a column of long free text (a topic, notes): such columns
	// share the width the other columns leave, so the table fills the
	// window and its last columns are not cut off at the right edge.
	grow bool
	// kind is what the column holds, for "export what I see" (exports.go).
	kind cellKind
}

// cellKind: text unless set; the workbook gets a date or number column's
// cells as real dates or numbers read back from their text.
type cellKind int

const (
	kindText cellKind = iota
	kindDate
	kindNumber
)

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
	widths  []float32        // as declared or dragged; grow columns then fill (fitWidths)
	mins    []float32        // each column's least width (minWidths)
	arrow   float32          // the width the sort arrow adds to its header
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
	for _, c := range cols {
		t.widths = append(t.widths, c.width)
	}
	t.fitWidths(0)
	return t
}

// fitWidths sets the columns' widths for a table width wide (0: as
// declared). Every column is wide enough for its header and its fit texts;
// when there are grow columns they take what the others leave, down to half
// their declared width, below which the table scrolls sideways.
func (t *recordTable[T]) fitWidths(wide float32) {
	mins := t.minWidths()
	want := make([]float32, len(t.cols))
	var fixed, growing float32
	for i, c := range t.cols {
		want[i] = max(t.widths[i], mins[i])
		if c.grow {
			growing += want[i]
		} else {
			fixed += want[i]
		}
	}
	// Each column is followed by a divider; the vertical scroll bar lies
	// over the right edge.
	room := wide - fixed - float32(len(t.cols))*theme.Padding() - theme.ScrollBarSmallSize()*2
	for i, c := range t.cols {
		w := want[i]
		if c.grow && wide > 0 && growing > 0 {
			w = max(w*room/growing, mins[i], c.width/2)
		}
		t.SetColumnWidth(i, w)
	}
}

// minWidths are what the columns need for their headers (the sorted one
// with its arrow) and fit texts. They are measured once: the screens are
// built again when the language changes.
func (t *recordTable[T]) minWidths() []float32 {
	if t.mins == nil {
		for _, c := range t.cols {
			w := widget.NewButton(lang.L(c.key), nil).MinSize().Width
			for _, s := range c.fit {
				// Bold for group heads; a little more, as the label
				// truncates at whole pixels.
				w = max(w, widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}).MinSize().Width+theme.Padding())
			}
			t.mins = append(t.mins, w)
		}
		t.arrow = fyne.MeasureText(" ▲", theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	}
	mins := slices.Clone(t.mins)
	if t.sortCol >= 0 && t.sortCol < len(mins) {
		mins[t.sortCol] += t.arrow
	}
	return mins
}

// Resize fits the columns to the new width.
func (t *recordTable[T]) Resize(s fyne.Size) {
	if s.Width != t.Size().Width {
		t.fitWidths(s.Width)
	}
	t.Table.Resize(s)
}

// enumLabels are the labels of e in the window's language, for column.fit.
func enumLabels(e data.Enum) []string {
	out := make([]string, len(e.Options))
	for i, o := range e.Options {
		out[i] = enumLabel(e, o.Code)
	}
	return out
}

// rememberWidths restores the column widths the user last dragged, and
// saves them after each drag.
func (t *recordTable[T]) rememberWidths(p fyne.Preferences, key string) {
	t.prefs, t.prefKey = p, key
	for i, c := range t.cols {
		if w := p.FloatWithFallback(t.widthKey(i), float64(c.width)); w >= 20 {
			t.widths[i] = float32(w)
		}
	}
	t.fitWidths(t.Size().Width)
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
			t.widths[col] = float32(w)
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
	t.fitWidths(t.Size().Width) // room for the arrow
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
	switch {
	case less == nil && c.names:
		less = func(a, b T) bool { return data.NameLess(c.text(a), c.text(b)) }
	case less == nil:
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

// crudBar is the row above a record table: New (labelled newLabel), Edit
// and Delete of the selected row, any extra filter widgets, then the search
// box and the row count.
func crudBar[T any](t *recordTable[T], newLabel string, onNew func(), onEdit, onDelete func(T), search fyne.CanvasObject, count *widget.Label, extra ...fyne.CanvasObject) fyne.CanvasObject {
	add := widget.NewButtonWithIcon(newLabel, theme.ContentAddIcon(), onNew)
	add.Importance = widget.HighImportance
	left := []fyne.CanvasObject{add, editButton(t, onEdit), deleteButton(t, onDelete)}
	left = append(left, extra...)
	if readOnlyReason != "" { // why the buttons are grey, beside them
		add.Disable()
		left = append(left, readOnlyNote())
	}
	return container.NewBorder(nil, nil, container.NewHBox(left...), count, search)
}

// rowButton is a button that acts on the table's selected row, disabled
// while none is selected (so an empty list offers nothing to click).
func rowButton[T any](t *recordTable[T], label string, icon fyne.Resource, action func(T)) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, func() {
		if r, ok := t.current(); ok {
			action(r)
		}
	})
	t.rowButtons = append(t.rowButtons, b)
	t.syncButtons()
	return b
}

// editButton and deleteButton are the usual Edit and Delete row buttons.
func editButton[T any](t *recordTable[T], edit func(T)) *widget.Button {
	return offWhenReadOnly(t, rowButton(t, lang.L("action.edit"), theme.DocumentCreateIcon(), edit))
}

func deleteButton[T any](t *recordTable[T], del func(T)) *widget.Button {
	return offWhenReadOnly(t, rowButton(t, lang.L("action.delete"), theme.DeleteIcon(), del))
}

// readOnlyReason is why editing is off ("" while it is on): the database
// user may only look (a leader's role on a server). Set by New.
var readOnlyReason string

// readOnlyNote says why the buttons before it are grey.
func readOnlyNote() *widget.Label {
	return widget.NewLabelWithStyle(readOnlyReason, fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
}

// offWhenReadOnly keeps an editing row button grey whatever the selection.
func offWhenReadOnly[T any](t *recordTable[T], b *widget.Button) *widget.Button {
	if readOnlyReason == "" {
		return b
	}
	t.rowButtons = slices.DeleteFunc(t.rowButtons, func(x *widget.Button) bool { return x == b })
	b.Disable()
	return b
}

// setCount shows the number of rows: "1 row", "2 rows". Not through
// lang.N: the translations are registered under the system's locale
// (i18n.go), whose plural rules would pick the form.
func setCount(l *widget.Label, n int) {
	key := "table.count"
	if n == 1 {
		key = "table.count_one"
	}
	l.SetText(lang.L(key, map[string]any{"N": formatInt(n)}))
}
