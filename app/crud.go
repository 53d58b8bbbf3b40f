package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Shared pieces of the record screens, so every list looks and behaves alike.

// crudBar is the row above a record table: New (labelled newLabel), Edit
// and Delete of the selected row, any extra filter widgets, then the search
// box and the row count.
func crudBar[T any](t *recordTable[T], newLabel string, onNew func(), onEdit, onDelete func(T), search fyne.CanvasObject, count *widget.Label, extra ...fyne.CanvasObject) fyne.CanvasObject {
	add := widget.NewButtonWithIcon(newLabel, theme.ContentAddIcon(), onNew)
	add.Importance = widget.HighImportance
	left := []fyne.CanvasObject{add, editButton(t, onEdit), deleteButton(t, onDelete)}
	left = append(left, extra...)
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
	return rowButton(t, lang.L("action.edit"), theme.DocumentCreateIcon(), edit)
}

func deleteButton[T any](t *recordTable[T], del func(T)) *widget.Button {
	return rowButton(t, lang.L("action.delete"), theme.DeleteIcon(), del)
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

// confirmTrash asks whether to move name to the trash, does it, refreshes,
// and offers Undo (restore) in a notification.
func (u *UI) confirmTrash(name string, trash, restore func() error, refresh func()) {
	msg := lang.L("trash.question", map[string]any{"Name": name})
	u.confirm(lang.L("trash.title"), msg, func(yes bool) {
		if !yes {
			return
		}
		if err := trash(); err != nil {
			u.showError(err)
			return
		}
		refresh()
		u.notify(lang.L("trash.done", map[string]any{"Name": name}), func() {
			if err := restore(); err != nil {
				u.showError(err)
			}
			refresh()
		})
	})
}
