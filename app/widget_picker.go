package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Form fields for choosing records: a searchable picker for one record
// among hundreds, multiPick for several, and a text field with
// suggestions.

// pickItem is one choice of a picker.
type pickItem struct {
	id     uint
	text   string // the name shown once chosen
	detail string // what tells namesakes apart (unit, township); searched too
	extra  string // searched but not shown (a phone number)
}

// label is the item as the field and the list show it.
func (it pickItem) label() string {
	if it.detail == "" {
		return it.text
	}
	return lang.L("picker.item", map[string]any{"Text": it.text, "Detail": it.detail})
}

// picker shows the chosen record on a button; the button opens a dialog
// with a search box (filtering as one types) and the list of matches.
// Enter picks the first match, a tap picks any, Esc closes the dialog.
type picker struct {
	widget.BaseWidget
	u       *UI
	title   string
	items   []pickItem
	chosen  uint
	button  *widget.Button
	changed func(id uint)

	// The open dialog; kept for the tests.
	dlg    dialog.Dialog
	search *formEntry
	list   *widget.List
	shown  []pickItem
}

// picker adds a picker to the form; picking marks the form dirty.
func (f *recordForm) picker(title string, items []pickItem, chosen uint) *picker {
	p := &picker{u: f.u, title: title, items: items}
	p.button = widget.NewButtonWithIcon("", theme.SearchIcon(), p.open)
	p.button.Alignment = widget.ButtonAlignLeading
	p.button.IconPlacement = widget.ButtonIconTrailingText
	p.changed = func(uint) { f.dirty = true }
	p.ExtendBaseWidget(p)
	p.set(chosen)
	return p
}

func (p *picker) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.button)
}

// set shows id as the choice without marking anything changed.
func (p *picker) set(id uint) {
	p.chosen = 0
	p.button.SetText(lang.L("form.choose"))
	for _, it := range p.items {
		if it.id == id && id != 0 {
			p.chosen = id
			p.button.SetText(it.label())
		}
	}
}

// pick chooses id as the user did, and closes the dialog.
func (p *picker) pick(id uint) {
	p.set(id)
	if p.dlg != nil {
		p.dlg.Hide()
	}
	if p.changed != nil {
		p.changed(id)
	}
}

func (p *picker) open() {
	p.search = newFormEntry() // Esc closes the picker only, not the form under it
	p.search.SetPlaceHolder(lang.L("picker.search_hint"))
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(p.shown) {
				o.(*widget.Label).SetText(p.shown[i].label())
			}
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		if i < len(p.shown) {
			p.pick(p.shown[i].id)
		}
	}
	count := widget.NewLabel("")
	p.filter()
	setCount(count, len(p.shown))
	p.search.OnChanged = func(string) {
		p.filter()
		p.list.UnselectAll()
		p.list.Refresh()
		p.list.ScrollToTop()
		setCount(count, len(p.shown))
	}
	p.search.OnSubmitted = func(string) {
		if len(p.shown) > 0 {
			p.pick(p.shown[0].id)
		}
	}
	content := container.NewBorder(p.search, count, nil, nil, p.list)
	p.dlg = dialog.NewCustom(p.title, lang.L("form.cancel"), content, p.u.win)
	size := p.u.win.Canvas().Size()
	p.dlg.Resize(fyne.NewSize(min(460, size.Width*0.9), min(520, size.Height*0.9)))
	showDialog(p.u.win, p.dlg)
	p.u.win.Canvas().Focus(p.search)
}

// filter keeps the items whose name or detail contains every word typed.
func (p *picker) filter() {
	words := strings.Fields(strings.ToLower(p.search.Text))
	p.shown = p.shown[:0]
	for _, it := range p.items {
		hay := strings.ToLower(it.text + " " + it.detail + " " + it.extra)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			p.shown = append(p.shown, it)
		}
	}
}

// suggestEntry is free text with a drop-down of usual values (界别,
// departments); it marks the form dirty and, like formEntry, passes Esc
// and Enter to the form.
type suggestEntry struct {
	widget.SelectEntry
}

func (f *recordForm) suggest(text string, options []string) *suggestEntry {
	e := &suggestEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // one line, as NewSelectEntry does
	e.SetOptions(options)
	e.SetText(text)
	e.OnChanged = func(string) { f.dirty = true }
	return e
}

func (e *suggestEntry) TypedKey(k *fyne.KeyEvent) {
	if !dialogKey(canvasOf(e), k) {
		e.SelectEntry.TypedKey(k)
	}
}

// multiPick chooses several records: those chosen are listed, each with a
// button to take it off, above an Add button that opens the searchable
// picker.
type multiPick struct {
	widget.BaseWidget
	items  []pickItem
	chosen []uint
	list   *fyne.Container
	add    *picker
	form   *recordForm
}

func (f *recordForm) multiPick(title string, items []pickItem, chosen []uint) *multiPick {
	m := &multiPick{items: items, chosen: slices.Clone(chosen), list: container.NewVBox(), form: f}
	m.add = f.picker(title, items, 0)
	m.add.button.SetIcon(theme.ContentAddIcon())
	m.add.button.IconPlacement = widget.ButtonIconLeadingText
	m.add.changed = func(id uint) {
		if id != 0 && !slices.Contains(m.chosen, id) {
			m.chosen = append(m.chosen, id)
			f.dirty = true
		}
		m.render()
	}
	m.ExtendBaseWidget(m)
	m.render()
	return m
}

func (m *multiPick) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(m.list, m.add))
}

// render lists the chosen records and resets the Add button.
func (m *multiPick) render() {
	m.list.Objects = nil
	for _, id := range m.chosen {
		text := ""
		for _, it := range m.items {
			if it.id == id {
				text = it.label()
			}
		}
		remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { m.remove(id) })
		remove.Importance = widget.LowImportance
		m.list.Add(container.NewBorder(nil, nil, nil, remove, widget.NewLabel(text)))
	}
	m.list.Refresh()
	m.add.chosen = 0
	m.add.button.SetText(lang.L("picker.add_item"))
	m.Refresh()
}

func (m *multiPick) remove(id uint) {
	m.chosen = slices.DeleteFunc(m.chosen, func(x uint) bool { return x == id })
	m.form.dirty = true
	m.render()
}
