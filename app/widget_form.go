package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// recordForm is a modal form for one record: labelled fields with their
// error line under each, Save and Cancel buttons, Ctrl+S and Enter (but in
// a multi-line field) to save, Esc to cancel, and a
// question before unsaved changes are thrown away. A failed save keeps
// everything that was typed.
type recordForm struct {
	u       *UI
	dlg     dialog.Dialog
	grid    *fyne.Container
	errs    map[string]*widget.Label
	inputs  map[string]fyne.CanvasObject // by field, for tests and focus
	general *widget.Label
	dirty   bool
	onSave  func() error // validates and stores; returns data's errors
	saved   func()       // after a successful save

	cancelled func() // after the form is closed without saving
	// readOnly is why the record is shown but cannot be saved (a city's
	// records are its counties'); readOnlyReason unless the form is the
	// city's own (its counties).
	readOnly string
}

func newRecordForm(u *UI) *recordForm {
	f := &recordForm{u: u, errs: map[string]*widget.Label{}, inputs: map[string]fyne.CanvasObject{}, readOnly: readOnlyReason}
	f.grid = container.New(layout.NewFormLayout())
	f.general = widget.NewLabel("")
	f.general.Importance = widget.DangerImportance
	f.general.Wrapping = fyne.TextWrapWord
	f.general.Hide()
	return f
}

// field adds a labelled input; field is data's field name, so its
// validation message lands under it. The message goes as soon as the input
// is edited (a date or number once it reads as one); Save checks again.
func (f *recordForm) field(field, labelKey string, required bool, w fyne.CanvasObject) {
	f.labelledField(field, lang.L(labelKey), required, w)
}

// columnField adds the input of a record's column, labelled and marked
// required as data lists it.
func columnField[T any](f *recordForm, c data.Column[T], w fyne.CanvasObject) {
	f.labelledField(c.Name, c.Label(Lang()), c.Required || c.Default != "", w)
}

func (f *recordForm) labelledField(field, text string, required bool, w fyne.CanvasObject) {
	if required {
		text += " *"
	}
	l := widget.NewLabel(text)
	e := widget.NewLabel("")
	e.Importance = widget.DangerImportance
	e.Wrapping = fyne.TextWrapWord
	e.Hide()
	f.errs[field] = e
	f.inputs[field] = w
	f.grid.Add(l)
	f.grid.Add(container.NewVBox(w, e))
	onEdit(w, func(in fyne.CanvasObject) {
		if fe, ok := in.(*formEntry); ok && fe.valid != nil && !fe.valid(fe.Text) {
			return // not a date or number yet: the message still holds
		}
		e.Hide()
	})
}

// onEdit calls edited with the input after every edit of the inputs in o,
// those inside a container too: typing, choosing, picking.
func onEdit(o fyne.CanvasObject, edited func(fyne.CanvasObject)) {
	then := func(prev func(string)) func(string) {
		return func(s string) {
			if prev != nil {
				prev(s)
			}
			edited(o)
		}
	}
	switch w := o.(type) {
	case *formEntry:
		w.OnChanged = then(w.OnChanged)
	case *suggestEntry:
		w.OnChanged = then(w.OnChanged)
	case *enumSelect:
		w.OnChanged = then(w.OnChanged)
	case *formSelect:
		w.OnChanged = then(w.OnChanged)
	case *widget.Select:
		w.OnChanged = then(w.OnChanged)
	case *picker:
		prev := w.changed
		w.changed = func(id uint) {
			if prev != nil {
				prev(id)
			}
			edited(o)
		}
	case *fyne.Container:
		for _, c := range w.Objects {
			onEdit(c, edited)
		}
	}
}

// entry is a single-line input that marks the form dirty; Esc cancels
// and Enter saves the form (formEntry).
func (f *recordForm) entry(text string) *formEntry {
	e := newFormEntry()
	e.SetText(text)
	e.OnChanged = func(string) { f.dirty = true }
	return e
}

// multiline is a multi-line input; Enter starts a new line.
func (f *recordForm) multiline(text string) *formEntry {
	e := f.entry(text)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// dateEntry takes the forms people type: 2020-03-24, 2020/3/24, 2020.3.24,
// 2020年3月24日.
func (f *recordForm) dateEntry(d data.Date) *formEntry {
	e := newFormEntry()
	e.valid = func(s string) bool { _, err := data.ParseDate(s); return err == nil }
	withPicker(f.u.win, e) // before SetText, which builds the entry's look
	e.SetText(d.String())
	e.OnChanged = func(string) { f.dirty = true }
	e.SetPlaceHolder(lang.L("form.date_hint"))
	return e
}

// choice is a drop-down over an enumeration.
func (f *recordForm) choice(e data.Enum, code string) *enumSelect {
	s := newEnumSelect(e, func(string) { f.dirty = true })
	s.setCode(code)
	return s
}

// fieldError puts a message under a field, unless one is there already
// (the first problem found is the one to fix first).
func (f *recordForm) fieldError(field, msg string) {
	if l, ok := f.errs[field]; ok {
		if l.Visible() {
			return
		}
		l.SetText(msg)
		l.Show()
		return
	}
	f.general.SetText(msg)
	f.general.Show()
}

func (f *recordForm) clearErrors() {
	for _, l := range f.errs {
		l.SetText("")
		l.Hide()
	}
	f.general.SetText("")
	f.general.Hide()
}

// showErr spreads err over the fields it names; the rest goes to the line
// above the buttons.
func (f *recordForm) showErr(err error) {
	fe := data.FieldErrors(err)
	if len(fe) == 0 {
		f.fieldError("", errText(err))
		return
	}
	for _, e := range fe {
		f.fieldError(e.Field, e.Message(Lang()))
	}
}

// parseDate reads a date field, reporting a bad one under it.
func (f *recordForm) parseDate(field string, e *formEntry, ok *bool) data.Date {
	d, err := data.ParseDate(e.Text)
	if err != nil {
		f.fieldError(field, errText(err))
		*ok = false
		return data.Date{}
	}
	return d
}

// show opens the form as a dialog titled title.
func (f *recordForm) show(title string) {
	saveBtn := widget.NewButtonWithIcon(lang.L("form.save"), theme.DocumentSaveIcon(), f.save)
	saveBtn.Importance = widget.HighImportance
	cancelBtn := widget.NewButtonWithIcon(lang.L("form.cancel"), theme.CancelIcon(), f.cancel)
	if f.readOnly != "" { // opened by a double click or Enter: shown, not saved
		saveBtn.Disable()
		f.general.Importance = widget.MediumImportance
		f.general.SetText(f.readOnly)
		f.general.Show()
	}
	content := container.NewBorder(nil, f.general, nil, nil, container.NewVScroll(f.grid))
	d := dialog.NewCustomWithoutButtons(title, content, f.u.win)
	d.SetButtons([]fyne.CanvasObject{cancelBtn, saveBtn})
	d.SetOnClosed(func() {
		if f.u.form == f {
			f.u.form = nil
		}
	})
	f.dlg = d
	f.u.form = f
	size := f.u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width*0.9), min(f.grid.MinSize().Height+160, size.Height*0.9)))
	showDialogKeys(f.u.win, d, f.cancel, f.save)
	f.dirty = false
}

// save validates and stores; on failure the form stays open with messages.
func (f *recordForm) save() {
	if f.readOnly != "" {
		return
	}
	f.clearErrors()
	if err := f.onSave(); err != nil {
		if errors.Is(err, errParsed) {
			return
		}
		f.showErr(err)
		if data.ErrorCode(err) == data.EInternal {
			f.u.showError(err)
		}
		return
	}
	f.dirty = false
	f.close()
	if f.saved != nil {
		f.saved()
	}
}

// cancel closes, asking first if something was changed.
func (f *recordForm) cancel() {
	closed := func() {
		f.close()
		if f.cancelled != nil {
			f.cancelled()
		}
	}
	if !f.dirty {
		closed()
		return
	}
	f.u.confirm(lang.L("form.discard_title"), lang.L("form.discard_question"), func(yes bool) {
		if yes {
			closed()
		}
	})
}

func (f *recordForm) close() {
	if f.dlg != nil {
		f.dlg.Hide()
	}
	if f.u.form == f {
		f.u.form = nil
	}
}

// errParsed is returned by onSave when the input could not even be read
// and the form already shows why.
var errParsed = errors.New("input not parsed")
