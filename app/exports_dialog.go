package app

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// The export dialogs: where to save, and for which period.

// exportDialog asks where to save job (and, for a period report, which
// period), showing problem under the path when the last try failed.
func (u *UI) exportDialog(job exportJob, path, problem string) {
	var d *dialog.CustomDialog
	info := widget.NewLabel("")
	info.Wrapping = fyne.TextWrapWord
	showInfo := func() {
		text := job.info
		if job.all {
			text = lang.L("exports.all_info", map[string]any{"List": strings.Join(u.allNames(job.opts), "\n")})
		}
		info.SetText(text)
		info.Hidden = text == ""
	}
	showInfo()
	form := container.New(layout.NewFormLayout())
	target := newPathRow(u, path, job.all)
	var period *periodRow
	if job.period {
		period = newPeriodRow(u, job.opts.From, job.opts.To, func(from, to data.Date) {
			// A name still as proposed follows the period.
			old := job.fileName(u)
			job.opts.From, job.opts.To = from, to
			target.renameIf(old, job.fileName(u))
			showInfo()
		})
		form.Add(widget.NewLabel(lang.L("exports.period")))
		form.Add(period.content)
	}
	// A sign-in sheet passed round a meeting carries phone numbers only
	// when asked.
	var phones *widget.Check
	if job.report == export.ReportSignIn {
		phones = widget.NewCheck(lang.L("exports.phones"), nil)
		phones.SetChecked(job.opts.Phones)
		form.Add(widget.NewLabel(lang.L("exports.options")))
		form.Add(phones)
	}
	where, title := "exports.save_as", lang.L("exports.title", map[string]any{"Name": job.name()})
	if job.all {
		where, title = "exports.folder", lang.L("exports.all_title")
	}
	form.Add(widget.NewLabel(lang.L(where)))
	form.Add(target.content)
	target.showProblem(problem)

	exportBtn := widget.NewButtonWithIcon(lang.L("exports.export"), theme.DownloadIcon(), func() {
		if period != nil {
			from, to, ok := period.read()
			if !ok {
				return
			}
			if job.submit && (from.IsZero() || to.IsZero()) { // the city files a 报送表 by its period
				period.problem.SetText(lang.L("exports.submission_period"))
				period.problem.Show()
				return
			}
			job.opts.From, job.opts.To = from, to
		}
		if phones != nil {
			job.opts.Phones = phones.Checked
		}
		names := []string{job.fileName(u)}
		if job.all {
			names = u.allNames(job.opts)
		}
		p, files, ok := target.read(names)
		if !ok {
			return
		}
		confirmReplace(u, files, func() {
			d.Hide()
			u.rememberFolder(filepath.Dir(files[0]))
			u.runExport(job, p)
		})
	})
	exportBtn.Importance = widget.HighImportance
	d = u.showPathDialog(title, container.NewVBox(info, form), target, exportBtn)
}

// showPathDialog shows content with Cancel and ok, wide enough for a path,
// the cursor in target's field.
func (u *UI) showPathDialog(title string, content fyne.CanvasObject, target *pathRow, ok *widget.Button) *dialog.CustomDialog {
	d := dialog.NewCustomWithoutButtons(title, content, u.win)
	cancel := widget.NewButtonWithIcon(lang.L("form.cancel"), theme.CancelIcon(), d.Hide)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(min(800, u.win.Canvas().Size().Width*0.9), content.MinSize().Height+140))
	showDialog(u.win, d)
	u.win.Canvas().Focus(target.entry)
	return d
}

// saveAsDialog asks where to save one small workbook named name (the
// import's template and rejected rows), then calls write with the checked
// path and tells savedKey's message ({{.File}}). Unlike Fyne's save dialog it creates nothing before write runs: a
// failed or cancelled save leaves an existing file as it was.
func (u *UI) saveAsDialog(title, name, savedKey string, write func(path string) error) {
	target := newPathRow(u, filepath.Join(u.exportFolder(), name), false)
	form := container.New(layout.NewFormLayout(), widget.NewLabel(lang.L("exports.save_as")), target.content)
	var d *dialog.CustomDialog
	save := widget.NewButtonWithIcon(lang.L("form.save"), theme.DocumentSaveIcon(), func() {
		p, files, ok := target.read([]string{name})
		if !ok {
			return
		}
		confirmReplace(u, files, func() {
			if err := write(p); err != nil {
				target.showProblem(errText(err))
				return
			}
			d.Hide()
			u.rememberFolder(filepath.Dir(p))
			u.notify(lang.L(savedKey, map[string]any{"File": filepath.Base(p)}), nil)
		})
	})
	save.Importance = widget.HighImportance
	d = u.showPathDialog(title, form, target, save)
}

// confirmReplace asks before replacing existing files, then calls next.
func confirmReplace(u *UI, paths []string, next func()) {
	var exist []string
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			exist = append(exist, filepath.Base(p))
		}
	}
	if len(exist) == 0 {
		next()
		return
	}
	msg := lang.L("exports.replace", map[string]any{"Files": strings.Join(exist, "\n")})
	if len(exist) == 1 {
		msg = lang.L("exports.replace_one", map[string]any{"File": exist[0]})
	}
	u.confirm(lang.L("exports.replace_title"), msg, func(yes bool) {
		if yes {
			next()
		}
	})
}

// allNames are the files export.All writes for opts.
func (u *UI) allNames(opts export.Options) []string {
	var out []string
	for _, r := range export.Reports {
		if r != export.ReportSignIn || opts.ActivityID != 0 {
			out = append(out, export.FileName(u.ctx, u.store, r, opts))
		}
	}
	return out
}

// pathRow is where a workbook goes: a path to type or paste (a folder, or
// a file) and a button choosing the folder, with the problem under it.
type pathRow struct {
	u       *UI
	entry   *formEntry
	problem *widget.Label
	folder  bool // the row asks for a folder only
	content fyne.CanvasObject
}

func newPathRow(u *UI, path string, folder bool) *pathRow {
	r := &pathRow{u: u, entry: newFormEntry(), folder: folder}
	r.entry.SetText(path)
	r.problem = widget.NewLabel("")
	r.problem.Importance = widget.DangerImportance
	r.problem.Wrapping = fyne.TextWrapWord
	r.problem.Hide()
	choose := widget.NewButtonWithIcon(lang.L("exports.choose_folder"), theme.FolderOpenIcon(), r.chooseFolder)
	r.content = container.NewVBox(container.NewBorder(nil, nil, nil, choose, r.entry), r.problem)
	return r
}

func (r *pathRow) showProblem(msg string) {
	r.problem.SetText(msg)
	r.problem.Hidden = msg == ""
	r.problem.Refresh()
}

// renameIf replaces the file name when it is still old (the user did not
// change it).
func (r *pathRow) renameIf(old, name string) {
	p := strings.TrimSpace(r.entry.Text)
	if filepath.Base(p) == old {
		r.entry.SetText(filepath.Join(filepath.Dir(p), name))
	}
}

// chooseFolder picks the folder, keeping the file name.
func (r *pathRow) chooseFolder() {
	p := cleanPath(r.entry.Text)
	dir, name := filepath.Dir(p), filepath.Base(p)
	if r.folder || isDir(p) {
		dir, name = p, ""
	}
	r.u.chooseFolder("files.export_folder_title", dir, func(folder string) {
		r.entry.SetText(filepath.Join(folder, name))
		r.showProblem("")
	})
}

// read is the checked target: in folder mode the folder, for each of names
// to be written there; else the workbook's path, relative to the default
// folder, named names[0] when only a folder is given, ending in .xlsx.
// A missing or read-only folder, or a file open in Excel, is reported here.
func (r *pathRow) read(names []string) (target string, files []string, ok bool) {
	p := cleanPath(r.entry.Text)
	if p == "" {
		r.showProblem(lang.L("exports.path_required"))
		return "", nil, false
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.u.exportFolder(), p)
	}
	if r.folder {
		for _, n := range names {
			files = append(files, filepath.Join(p, n))
		}
	} else {
		switch {
		case isDir(p) || strings.HasSuffix(strings.TrimSpace(r.entry.Text), string(filepath.Separator)):
			p = filepath.Join(p, names[0])
		case strings.EqualFold(filepath.Base(p), ".xlsx"): // a folder and an extension, no name
			p = filepath.Join(filepath.Dir(p), names[0])
		}
		if !strings.EqualFold(filepath.Ext(p), ".xlsx") {
			p += ".xlsx"
		}
		files = []string{p}
	}
	r.entry.SetText(p)
	for _, f := range files {
		if err := export.CheckTarget(f); err != nil {
			r.showProblem(errText(err))
			return "", nil, false
		}
	}
	r.showProblem("")
	return p, files, true
}

// cleanPath trims what a pasted path brings along: spaces, and the quotes
// of Explorer's "Copy as path".
func cleanPath(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, `"`)
	if s == "" {
		return ""
	}
	return filepath.Clean(s)
}

// periodRow is a from–to pair with the usual quick choices.
type periodRow struct {
	dates   *dateRange
	problem *widget.Label
	content fyne.CanvasObject
}

func newPeriodRow(u *UI, from, to data.Date, changed func(from, to data.Date)) *periodRow {
	p := &periodRow{problem: widget.NewLabel("")}
	p.dates = newDateRange(u.win, func() {
		if from, to, ok := p.dates.dates(); ok {
			p.problem.Hide()
			changed(from, to)
		}
	})
	p.dates.from.SetText(from.String())
	p.dates.to.SetText(to.String())
	p.problem.Importance = widget.DangerImportance
	p.problem.Hide()
	set := func(from, to data.Date) func() {
		return func() {
			p.dates.from.SetText(from.String())
			p.dates.to.SetText(to.String())
		}
	}
	today := data.Today()
	y, m := today.Year(), today.Month()
	q := time.Month((int(m)-1)/3*3 + 1)
	quick := []struct {
		key      string
		from, to data.Date
	}{
		{"exports.this_month", data.NewDate(y, m, 1), data.NewDate(y, m+1, 1).AddDays(-1)},
		{"exports.this_quarter", data.NewDate(y, q, 1), data.NewDate(y, q+3, 1).AddDays(-1)},
		{"exports.this_year", data.NewDate(y, 1, 1), data.NewDate(y, 12, 31)},
		{"exports.last_year", data.NewDate(y-1, 1, 1), data.NewDate(y-1, 12, 31)},
		{"exports.any_date", data.Date{}, data.Date{}},
	}
	buttons := container.NewHBox()
	for _, c := range quick {
		b := widget.NewButton(lang.L(c.key), set(c.from, c.to))
		b.Importance = widget.LowImportance
		buttons.Add(b)
	}
	p.content = container.NewVBox(container.NewHBox(p.dates.objects()...), buttons, p.problem)
	return p
}

// read is the period; a bad date or an end before the start is reported.
func (p *periodRow) read() (from, to data.Date, ok bool) {
	for _, e := range []*formEntry{p.dates.from, p.dates.to} {
		if _, err := data.ParseDate(e.Text); err != nil {
			p.problem.SetText(errText(err))
			p.problem.Show()
			return from, to, false
		}
	}
	from, to, _ = p.dates.dates()
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		p.problem.SetText(lang.L("exports.period_reversed"))
		p.problem.Show()
		return from, to, false
	}
	p.problem.Hide()
	return from, to, true
}

// yearOf is the whole of year y.
func yearOf(y int) (data.Date, data.Date) {
	return data.NewDate(y, 1, 1), data.NewDate(y, 12, 31)
}
