package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// Form fields for the people, assignment and panel forms: a searchable
// picker for choosing one record among hundreds, and a text field with
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

// filterSelect is a filter drop-down whose first option means "all".
func filterSelect(allKey string, options []string, changed func()) *widget.Select {
	s := widget.NewSelect(append([]string{lang.L(allKey)}, options...), nil)
	s.SetSelectedIndex(0)
	s.OnChanged = func(string) { changed() }
	return s
}

// enumFilter is a filter drop-down over an enumeration.
func enumFilter(allKey string, e data.Enum, changed func()) *widget.Select {
	labels := make([]string, len(e.Options))
	for i, o := range e.Options {
		labels[i] = enumLabel(e, o.Code)
	}
	return filterSelect(allKey, labels, changed)
}

// enumFilterCode is the code chosen in an enumFilter, "" for all.
func enumFilterCode(s *widget.Select, e data.Enum) string {
	if i := s.SelectedIndex(); i > 0 && i <= len(e.Options) {
		return e.Options[i-1].Code
	}
	return ""
}

// widthAtLeast gives o at least width w, so a drop-down shows its whole
// choice instead of truncating it; a drop-down is also made as wide as its
// longest option (an English label is often twice the Chinese).
func widthAtLeast(o fyne.CanvasObject, w float32) fyne.CanvasObject {
	w = max(w, o.MinSize().Width)
	if s, ok := o.(*widget.Select); ok {
		pad := theme.InnerPadding()
		for _, opt := range s.Options {
			w = max(w, fyne.MeasureText(opt, theme.TextSize(), fyne.TextStyle{}).Width+pad*4+theme.IconInlineSize())
		}
	}
	return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
}
