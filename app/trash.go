package app

import (
	"context"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// TrashScreen (回收站) lists every trashed record, newest first, filtered by
// kind and a search box. Enter or a double click restores the selected
// record; Delete purges it after a confirmation that names it and says it
// cannot be undone; "Empty trash" purges everything that can go.
type TrashScreen struct {
	u      *UI
	table  *recordTable[data.TrashItem]
	all    []data.TrashItem // as loaded
	kind   *widget.Select
	kinds  []string // entity codes behind the kind filter's options (index-1)
	search *searchBox
	count  *widget.Label
	empty  *widget.Button
	none   fyne.CanvasObject // shown over the table when the trash is empty

	tasks sync.WaitGroup // running background work, for the tests
}

func newTrashScreen(u *UI) *TrashScreen { return &TrashScreen{u: u} }

func (s *TrashScreen) id() string          { return "trash" }
func (s *TrashScreen) title() string       { return lang.L("nav.trash") }
func (s *TrashScreen) icon() fyne.Resource { return theme.DeleteIcon() }

func (s *TrashScreen) build() fyne.CanvasObject {
	s.table = newRecordTable([]column[data.TrashItem]{
		{key: "trash.col_kind", width: 160, text: func(r data.TrashItem) string { return entityLabel(r.Entity) }},
		{key: "trash.col_title", width: 420, text: func(r data.TrashItem) string { return r.Title }, grow: true},
		{key: "trash.col_deleted", width: 150, text: func(r data.TrashItem) string { return formatTime(r.DeletedAt) },
			less: func(a, b data.TrashItem) bool { return a.DeletedAt.Before(b.DeletedAt) }},
	}, trashKey)
	s.table.rememberWidths(s.u.app.Preferences(), "table.trash")
	s.table.onActivate = s.restore
	s.table.onDelete = s.purge

	s.search = searchEntry("trash.search_hint", s.show)
	s.kind = filterSelect("trash.all_kinds", nil, s.show)
	s.count = widget.NewLabel("")
	restore := offWhenReadOnly(s.table, rowButton(s.table, lang.L("trash.restore"), theme.ContentUndoIcon(), s.restore))
	restore.Importance = widget.HighImportance
	purge := offWhenReadOnly(s.table, rowButton(s.table, lang.L("trash.purge"), theme.DeleteIcon(), s.purge))
	purge.Importance = widget.DangerImportance
	s.empty = widget.NewButtonWithIcon(lang.L("trash.empty"), theme.ContentClearIcon(), s.emptyTrash)
	if readOnlyReason != "" { // a city's trash is what its counties removed
		s.table.onDelete = nil
	}
	left := container.NewHBox(restore, purge, s.empty, widthAtLeast(s.kind, 150))
	bar := container.NewBorder(nil, nil, left, s.count, s.search)
	hint := widget.NewLabel(lang.L("trash.hint"))
	hint.SizeName = theme.SizeNameCaptionText
	hint.Wrapping = fyne.TextWrapWord
	s.none = emptyNote(lang.L("trash.none"))
	return container.NewBorder(bar, hint, nil, nil, container.NewStack(s.table, container.NewCenter(s.none)))
}

// exportView is "export what I see" (exports.go).
func (s *TrashScreen) exportView() tableExport { return tableView("exports.view_trash", s.table) }

// emptyNote is a message over an empty table, on a plain ground so the
// column lines do not run through it; hidden at first.
func emptyNote(text string) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	box := container.NewStack(bg, container.NewPadded(widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{})))
	box.Hide()
	return box
}

// trashKey tells records of different kinds with the same ID apart, so
// the selection survives a reload.
func trashKey(r data.TrashItem) uint {
	h := fnv.New64a()
	h.Write([]byte(r.Entity + ":" + strconv.FormatUint(uint64(r.ID), 10)))
	return uint(h.Sum64())
}

// trashKindLabel names the record's kind inside a sentence.
func trashKindLabel(r data.TrashItem) string { return data.TrashEntityLabel(r.Entity, Lang()) }

// refresh reloads the trash from the store.
func (s *TrashScreen) refresh() {
	if s.table == nil {
		return
	}
	items, err := s.u.store.Trash(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.all = items
	s.reloadKinds()
	s.show()
}

// reloadKinds offers the kinds present in the trash, keeping the choice.
func (s *TrashScreen) reloadKinds() {
	keep := s.kindCode()
	s.kinds = s.kinds[:0]
	opts := []string{lang.L("trash.all_kinds")}
	sel := 0
	for _, it := range s.all {
		if !slices.Contains(s.kinds, it.Entity) {
			s.kinds = append(s.kinds, it.Entity)
			opts = append(opts, entityLabel(it.Entity))
			if it.Entity == keep {
				sel = len(s.kinds)
			}
		}
	}
	cb := s.kind.OnChanged
	s.kind.OnChanged = nil // no reload loop while refilling
	s.kind.SetOptions(opts)
	s.kind.SetSelectedIndex(sel)
	s.kind.OnChanged = cb
}

func (s *TrashScreen) kindCode() string {
	if i := s.kind.SelectedIndex(); i > 0 && i <= len(s.kinds) {
		return s.kinds[i-1]
	}
	return ""
}

// show applies the kind filter and the search box to what was loaded; it
// runs as one types, without going back to the database.
func (s *TrashScreen) show() {
	kind, kw := s.kindCode(), strings.ToLower(strings.TrimSpace(s.search.Text))
	var rows []data.TrashItem
	for _, it := range s.all {
		if kind != "" && it.Entity != kind {
			continue
		}
		if kw != "" && !strings.Contains(strings.ToLower(it.Title+" "+trashKindLabel(it)), kw) {
			continue
		}
		rows = append(rows, it)
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	if len(s.all) == 0 {
		s.empty.Disable()
		s.none.Show()
	} else {
		enable(s.empty, readOnlyReason == "")
		s.none.Hide()
	}
}

func (s *TrashScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

// itemName is how messages name a trashed record: its kind and title.
func itemName(r data.TrashItem) map[string]any {
	return map[string]any{"Kind": trashKindLabel(r), "Name": r.Title}
}

// restore brings the record back; a refusal (its township is still in the
// trash, a namesake took its place) is shown as data's sentence.
func (s *TrashScreen) restore(r data.TrashItem) {
	if err := s.u.store.RestoreTrash(s.u.ctx, r.Entity, r.ID); err != nil {
		s.u.showError(err)
		s.refresh()
		return
	}
	s.refresh()
	s.u.notify(lang.L("trash.restored", itemName(r)), nil)
}

// purge deletes the record for good once the user confirms it by name.
func (s *TrashScreen) purge(r data.TrashItem) {
	d := dialog.NewConfirm(lang.L("trash.purge_title"), lang.L("trash.purge_question", itemName(r)), func(yes bool) {
		if !yes {
			return
		}
		if err := s.u.store.PurgeTrash(s.u.ctx, r.Entity, r.ID); err != nil {
			s.u.showError(err)
			s.refresh()
			return
		}
		s.refresh()
		s.u.notify(lang.L("trash.purged", itemName(r)), nil)
	}, s.u.win)
	d.SetConfirmText(lang.L("trash.purge_confirm"))
	d.SetDismissText(lang.L("form.cancel"))
	d.SetConfirmImportance(widget.DangerImportance)
	showDialog(s.u.win, d)
}

// emptyTrash purges everything after a confirmation, in the background;
// what could not go is listed with data's reasons.
func (s *TrashScreen) emptyTrash() {
	if len(s.all) == 0 {
		return
	}
	d := dialog.NewConfirm(lang.L("trash.empty_title"),
		lang.L("trash.empty_question", map[string]any{"N": formatInt(len(s.all))}), func(yes bool) {
			if yes {
				s.runEmpty()
			}
		}, s.u.win)
	d.SetConfirmText(lang.L("trash.empty_confirm"))
	d.SetDismissText(lang.L("form.cancel"))
	d.SetConfirmImportance(widget.DangerImportance)
	showDialog(s.u.win, d)
}

func (s *TrashScreen) runEmpty() {
	var purged int
	var left []data.TrashFailure
	s.tasks.Add(1)
	s.u.runTask(lang.L("trash.emptying"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		purged, left, err = s.u.store.EmptyTrash(ctx)
		return err
	}, func(err error) {
		defer s.tasks.Done()
		s.refresh()
		switch {
		case err != nil:
			s.u.showError(err)
		case len(left) > 0:
			lines := []string{lang.L("trash.empty_partial", map[string]any{"N": formatInt(purged), "Left": formatInt(len(left))})}
			for _, f := range left {
				lines = append(lines, lang.L("trash.empty_failure", map[string]any{
					"Kind": trashKindLabel(f.Item), "Name": f.Item.Title, "Reason": errText(f.Err)}))
			}
			msg := widget.NewLabel(strings.Join(lines, "\n"))
			msg.Wrapping = fyne.TextWrapWord
			d := dialog.NewCustom(lang.L("trash.empty_title"), lang.L("trash.close"), container.NewVScroll(msg), s.u.win)
			d.Resize(fyne.NewSize(560, 320))
			showDialog(s.u.win, d)
		default:
			s.u.notify(lang.L("trash.emptied", map[string]any{"N": formatInt(purged)}), nil)
		}
	})
}
