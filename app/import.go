package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// The import flow (从 Excel 导入…): choose what the sheet holds, then the
// file, then the sheet if there are several; read it, show the preview
// (header row, column mapping to correct, counts, rejected rows with their
// reasons), and import the good rows in one transaction. Reading and
// writing run through runTask, with progress and Cancel.

// startImport opens the import dialog; the main menu and the welcome
// dialog call it. What the sheet holds is preset from the screen shown.
func (u *UI) startImport() {
	kinds := export.ImportKinds
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Name(Lang())
	}
	choice := newFormSelect(names, nil)
	choice.SetSelectedIndex(max(slices.Index(kinds, screenImports[u.screen().id()]), 0))
	kind := func() export.ImportKind { return kinds[max(choice.SelectedIndex(), 0)] }
	var d dialog.Dialog
	open := widget.NewButton(lang.L("import.choose_file"), func() {
		d.Hide()
		u.chooseImportFile(kind())
	})
	open.Importance = widget.HighImportance
	tmpl := widget.NewButton(lang.L("import.template"), func() { u.saveTemplate(kind()) })
	hint := widget.NewLabel(lang.L("import.hint"))
	hint.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(widget.NewLabel(lang.L("import.kind")), choice, hint, container.NewHBox(open, tmpl))
	d = dialog.NewCustom(lang.L("import.title"), lang.L("form.cancel"), content, u.win)
	d.Resize(fyne.NewSize(560, 300))
	showDialog(u.win, d)
}

// screenImports is what a sheet imported from a screen most likely holds.
var screenImports = map[string]export.ImportKind{
	"sites":       export.ImportSites,
	"people":      export.ImportPeople,
	"assignments": export.ImportAssignments,
	"panels":      export.ImportPanelMembers,
	"activities":  export.ImportActivities,
	"topics":      export.ImportTopics,
}

func (u *UI) chooseImportFile(kind export.ImportKind) {
	// .xls and .et are listed so that choosing one says how to convert it.
	u.chooseFile("files.import_title", []string{".xlsx", ".xlsm", ".csv", ".txt", ".xls", ".et"}, "",
		func(path string) { u.importFile(kind, path) })
}

// importFile opens path and, once a sheet is chosen, previews it.
func (u *UI) importFile(kind export.ImportKind, path string) {
	src, err := export.OpenSource(path)
	if err != nil {
		u.showError(err)
		return
	}
	guess := src.GuessSheet(kind)
	if len(src.Sheets) == 1 {
		u.readImport(kind, src, src.Sheets[0])
		return
	}
	sheets := newFormSelect(src.Sheets, nil)
	if guess != "" {
		sheets.SetSelected(guess)
	} else {
		sheets.SetSelectedIndex(0)
	}
	showDialog(u.win, dialog.NewCustomConfirm(lang.L("import.choose_sheet"), lang.L("import.next"), lang.L("form.cancel"),
		container.NewVBox(widget.NewLabel(lang.L("import.sheets", map[string]any{"File": filepath.Base(path)})), sheets),
		func(ok bool) {
			if !ok {
				src.Close()
				return
			}
			u.readImport(kind, src, sheets.Selected)
		}, u.win))
}

// readImport reads the sheet and previews it; the source is closed after.
func (u *UI) readImport(kind export.ImportKind, src *export.Source, sheet string) {
	var p *export.Preview
	u.importTask(lang.L("import.reading"), func(ctx context.Context, report func(int, int)) error {
		defer src.Close()
		t, err := src.Read(ctx, sheet, report)
		if err != nil {
			return err
		}
		p, err = export.Analyze(ctx, u.store, kind, t, export.PreviewOptions{})
		return err
	}, func(err error) {
		if err != nil {
			if data.ErrorCode(err) != export.ECancelled {
				u.showError(err)
			}
			return
		}
		u.showPreview(p, filepath.Base(src.Path))
	})
}

// showPreview is the preview dialog; changing a column's field previews
// again with the new mapping.
func (u *UI) showPreview(p *export.Preview, file string) {
	var d dialog.Dialog
	l := Lang()
	fields := p.Kind.Fields()
	options := []string{lang.L("import.skip_column")}
	for _, f := range fields {
		options = append(options, f.Label(l))
	}
	grid := container.NewGridWithColumns(2)
	for i, h := range p.Headers {
		if h == "" && p.Mapping[i] == "" {
			continue
		}
		col := i
		sel := newFormSelect(options, nil)
		sel.SetSelectedIndex(0)
		for j, f := range fields {
			if f.Key == p.Mapping[i] {
				sel.SetSelectedIndex(j + 1)
			}
		}
		sel.OnChanged = func(string) {
			m := append([]string(nil), p.Mapping...)
			m[col] = ""
			if k := sel.SelectedIndex(); k > 0 {
				m[col] = fields[k-1].Key
			}
			d.Hide()
			u.repreview(p, file, m)
		}
		grid.Add(widget.NewLabel(fmt.Sprintf("%s（%s）", h, columnName(i))))
		grid.Add(sel)
	}
	info := widget.NewLabel(lang.L("import.found", map[string]any{"File": file, "Sheet": p.Table.Sheet, "Row": p.HeaderRow}))
	info.Wrapping = fyne.TextWrapWord
	counts := widget.NewLabel(lang.L("import.counts", map[string]any{
		"New": formatInt(p.New), "Updated": formatInt(p.Updated), "Unchanged": formatInt(p.Unchanged), "Rejected": formatInt(len(p.Rejected))}))
	counts.TextStyle.Bold = true
	top := container.NewVBox(info, widget.NewLabel(lang.L("import.mapping")), container.NewVScroll(grid), counts)
	if len(p.Created) > 0 {
		var made []string
		for _, m := range p.Created {
			made = append(made, m.Text(l))
		}
		c := widget.NewLabel(lang.L("import.created", map[string]any{"List": joinMax(made, 10)}))
		c.Wrapping = fyne.TextWrapWord
		top.Add(c)
	}
	// The rejected rows: row number and reason.
	rejected := widget.NewTable(
		func() (int, int) { return len(p.Rejected), 2 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			r := p.Rejected[id.Row]
			if id.Col == 0 {
				o.(*widget.Label).SetText(formatInt(r.Row))
			} else {
				o.(*widget.Label).SetText(data.Message(r.Err, l))
			}
		})
	rejected.ShowHeaderRow = true
	rejected.CreateHeader = func() fyne.CanvasObject { return widget.NewLabel("") }
	rejected.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText([]string{lang.L("import.col_row"), lang.L("import.col_reason")}[max(id.Col, 0)])
	}
	rejected.SetColumnWidth(0, 70)
	rejected.SetColumnWidth(1, 760)
	var body fyne.CanvasObject = rejected
	if len(p.Rejected) == 0 {
		body = widget.NewLabel(lang.L("import.no_rejected"))
	}
	importBtn := widget.NewButton(lang.L("import.do", map[string]any{"N": formatInt(p.Good())}), func() {
		d.Hide()
		u.applyImport(p)
	})
	importBtn.Importance = widget.HighImportance
	if p.Good() == 0 {
		importBtn.Disable()
	}
	saveBtn := widget.NewButton(lang.L("import.save_rejected"), func() { u.saveRejected(p) })
	if len(p.Rejected) == 0 {
		saveBtn.Disable()
	}
	cancelBtn := widget.NewButton(lang.L("form.cancel"), func() { d.Hide() })
	content := container.NewBorder(top, nil, nil, nil, body)
	cd := dialog.NewCustomWithoutButtons(lang.L("import.preview_title", map[string]any{"Kind": p.Kind.Name(l)}), content, u.win)
	cd.SetButtons([]fyne.CanvasObject{cancelBtn, saveBtn, importBtn})
	cd.Resize(fyne.NewSize(900, 640))
	d = cd
	showDialog(u.win, cd)
}

func (u *UI) repreview(old *export.Preview, file string, mapping []string) {
	var p *export.Preview
	u.importTask(lang.L("import.reading"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		p, err = export.Analyze(ctx, u.store, old.Kind, old.Table, export.PreviewOptions{Mapping: mapping})
		return err
	}, func(err error) {
		if err != nil {
			if data.ErrorCode(err) != export.ECancelled {
				u.showError(err)
			}
			u.showPreview(old, file) // back to what worked
			return
		}
		u.showPreview(p, file)
	})
}

func (u *UI) applyImport(p *export.Preview) {
	var res export.Result
	u.importTask(lang.L("import.writing"), func(ctx context.Context, report func(int, int)) error {
		var err error
		res, err = p.Apply(ctx, u.store, report)
		return err
	}, func(err error) {
		if err != nil {
			if data.ErrorCode(err) == export.ECancelled {
				u.notify(errText(err), nil)
				return
			}
			u.showError(err)
			return
		}
		u.screen().refresh()
		u.inform(lang.L("import.done_title"), lang.L("import.done", map[string]any{
			"New": formatInt(res.New), "Updated": formatInt(res.Updated), "Unchanged": formatInt(res.Unchanged),
			"Rejected": formatInt(res.Rejected)}))
	})
}

func (u *UI) saveRejected(p *export.Preview) {
	name := lang.L("import.rejected_file", map[string]any{"Kind": p.Kind.Name("zh")}) + ".xlsx"
	u.saveAsDialog(strings.TrimSuffix(lang.L("import.save_rejected"), "…"), name, "import.rejected_saved", func(path string) error {
		return p.SaveRejected(u.ctx, path, Lang())
	})
}

func (u *UI) saveTemplate(kind export.ImportKind) {
	u.saveAsDialog(strings.TrimSuffix(lang.L("import.template"), "…"), export.TemplateName(kind), "import.template_saved", func(path string) error {
		return export.WriteTemplate(u.ctx, u.store, kind, path)
	})
}

// importTasks counts the import's reads and writes under way, so tests
// can wait for them to finish.
var importTasks sync.WaitGroup

// importTask is runTask, counted in importTasks until done has run.
func (u *UI) importTask(title string, work func(ctx context.Context, report func(done, total int)) error, done func(err error)) {
	importTasks.Add(1)
	u.runTask(title, work, func(err error) {
		defer importTasks.Done()
		done(err)
	})
}

// columnName is the spreadsheet letter of column i (0-based): A, B, … AA.
func columnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// joinMax lists up to n items and says how many more there are.
func joinMax(items []string, n int) string {
	if len(items) <= n {
		return joinList(items)
	}
	return joinList(items[:n]) + lang.L("import.and_more", map[string]any{"N": len(items) - n})
}

func joinList(items []string) string {
	sep := "、"
	if Lang() == LangEN {
		sep = ", "
	}
	out := ""
	for i, s := range items {
		if i > 0 {
			out += sep
		}
		out += s
	}
	return out
}
