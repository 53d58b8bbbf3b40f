package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// datePicker is a month calendar in the window's language (Fyne's own
// calendar prints English month names), weeks starting on Monday as in China.
type datePicker struct {
	month    time.Time // first day of the month shown
	title    *widget.Label
	days     *fyne.Container
	onPicked func(data.Date)
}

func newDatePicker(start data.Date, onPicked func(data.Date)) *datePicker {
	if start.IsZero() {
		start = data.Today()
	}
	p := &datePicker{onPicked: onPicked, title: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})}
	p.month = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	p.days = container.NewGridWithColumns(7)
	return p
}

func (p *datePicker) content() fyne.CanvasObject {
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { p.month = p.month.AddDate(0, -1, 0); p.render() })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { p.month = p.month.AddDate(0, 1, 0); p.render() })
	today := widget.NewButton(lang.L("calendar.today"), func() { p.onPicked(data.Today()) })
	p.render()
	return container.NewBorder(container.NewBorder(nil, nil, prev, next, p.title), today, nil, nil, p.days)
}

func (p *datePicker) render() {
	p.title.SetText(lang.L("calendar.month", map[string]any{"Year": p.month.Year(), "Month": int(p.month.Month()), "MonthName": p.month.Month().String()}))
	var cells []fyne.CanvasObject
	for _, k := range []string{"monday.short", "tuesday.short", "wednesday.short", "thursday.short", "friday.short", "saturday.short", "sunday.short"} {
		cells = append(cells, widget.NewLabelWithStyle(lang.L(k), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	lead := (int(p.month.Weekday()) + 6) % 7 // Monday first
	for range lead {
		cells = append(cells, widget.NewLabel(""))
	}
	today := data.Today()
	for d := p.month; d.Month() == p.month.Month(); d = d.AddDate(0, 0, 1) {
		day := data.NewDate(d.Year(), d.Month(), d.Day())
		b := widget.NewButton(formatInt(d.Day()), func() { p.onPicked(day) })
		if day == today {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.LowImportance
		}
		cells = append(cells, b)
	}
	p.days.Objects = cells
	p.days.Refresh()
}

// withPicker gives a date entry a calendar button; picking writes the date
// in ISO form into the entry. Call it before the entry's first SetText or
// Refresh: Fyne builds the entry's look once and ignores a later ActionItem.
func withPicker(w fyne.Window, e *formEntry) {
	var pop *widget.PopUp
	btn := widget.NewButtonWithIcon("", theme.CalendarIcon(), nil)
	btn.OnTapped = func() {
		start, _ := data.ParseDate(e.Text)
		p := newDatePicker(start, func(d data.Date) {
			e.SetText(d.String())
			pop.Hide()
		})
		pop = widget.NewPopUp(p.content(), w.Canvas())
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
		pop.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
		pop.Resize(fyne.NewSize(320, 300))
	}
	e.ActionItem = btn
}
