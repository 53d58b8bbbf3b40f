package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The inputs of the screens, forms and dialogs. Fyne gives a key to the
// focused input only, so each passes Esc (and Enter, where it does not
// use it) to the dialog it is in (dialogKey, widget_dialogs.go).

// formEntry is the text input of forms and dialogs: Esc goes to the dialog
// (a form asks before throwing changes away), and so does Enter in a
// single-line input without its own OnSubmitted (a form saves).
type formEntry struct {
	widget.Entry
	// valid, when set, tells whether text reads as what the field takes
	// (a date, a number): a message under the field stays until it does.
	valid func(text string) bool
}

func newFormEntry() *formEntry {
	e := &formEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *formEntry) TypedKey(k *fyne.KeyEvent) {
	toDialog := k.Name == fyne.KeyEscape || !e.MultiLine && e.OnSubmitted == nil
	if toDialog && dialogKey(canvasOf(e), k) {
		return
	}
	e.Entry.TypedKey(k)
}

// formSelect is a drop-down of forms and dialogs: Esc and Enter go to the
// dialog (a closed Select ignores both).
type formSelect struct{ widget.Select }

func newFormSelect(options []string, changed func(string)) *formSelect {
	s := &formSelect{}
	s.Options = options
	s.OnChanged = changed
	s.ExtendBaseWidget(s)
	return s
}

func (s *formSelect) TypedKey(k *fyne.KeyEvent) {
	if !dialogKey(canvasOf(s), k) {
		s.Select.TypedKey(k)
	}
}

// searchBox is a search field: Esc clears it (the list follows through
// OnChanged); in an empty box Esc goes to the dialog, if any.
type searchBox struct{ widget.Entry }

// searchEntry is a search box that calls changed as the user types.
func searchEntry(hintKey string, changed func()) *searchBox {
	e := &searchBox{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(lang.L(hintKey))
	e.OnChanged = func(string) { changed() }
	return e
}

func (e *searchBox) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyEscape && e.Text != "":
		e.SetText("")
	case k.Name == fyne.KeyEscape && dialogKey(canvasOf(e), k):
	default:
		e.Entry.TypedKey(k)
	}
}

// enumSelect is a drop-down showing translated labels of an enumeration
// and giving back codes. It embeds Select by value and extends it, so the
// driver finds the wrapper in the window (with an embedded *Select, a click
// opened the menu on no canvas and crashed).
type enumSelect struct {
	widget.Select
	enum data.Enum
}

func newEnumSelect(e data.Enum, changed func(code string)) *enumSelect {
	s := &enumSelect{enum: e}
	for _, o := range e.Options {
		s.Options = append(s.Options, enumLabel(e, o.Code))
	}
	s.OnChanged = func(string) {
		if changed != nil {
			changed(s.code())
		}
	}
	s.PlaceHolder = lang.L("form.choose")
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey passes Esc and Enter to the dialog, as formSelect does.
func (s *enumSelect) TypedKey(k *fyne.KeyEvent) {
	if !dialogKey(canvasOf(s), k) {
		s.Select.TypedKey(k)
	}
}

func (s *enumSelect) code() string {
	i := s.SelectedIndex()
	if i < 0 {
		return ""
	}
	return s.enum.Options[i].Code
}

func (s *enumSelect) setCode(code string) {
	for i, o := range s.enum.Options {
		if o.Code == code {
			s.SetSelectedIndex(i)
			return
		}
	}
	s.ClearSelected()
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
