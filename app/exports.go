package app

import (
	"context"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// The export flow (导出 menu, the ledger's toolbar): choose what to export
// and where, then export/ writes it off the UI goroutine behind a progress
// dialog with Cancel. export/ writes through a temporary file, so a failed
// or cancelled export leaves nothing behind and never spoils a good file.
//
// The target is typed or chosen in our own dialog (a path field and a
// folder picker), not Fyne's save dialog: that one creates and truncates
// the chosen file before handing it over, which would leave an empty
// workbook after a cancel and wipe a good one after a failure.

// viewExporter is a list screen that can export what it shows.
type viewExporter interface{ exportView() tableExport }

// tableExport is what a table shows: a name for the workbook, the columns
// and the rows as shown, and a 合计 row kept apart (nil: none).
type tableExport struct {
	name  string
	cols  []export.Column
	rows  [][]any
	total *export.Total
}

// reportKeys name the reports in the menu.
var reportKeys = map[export.Report]string{
	export.ReportRoster: "exports.roster",
	export.ReportPanels: "exports.panels",
	export.ReportSignIn: "exports.signin",
	export.ReportLedger: "exports.ledger",
	export.ReportStats:  "exports.stats",
	// issue 19
	export.ReportSummary:   "exports.summary",
	export.ReportFollowUps: "exports.followups",
	export.ReportCases:     "exports.cases",
	export.ReportTopics:    "exports.topics", // issue 22
}

// exportTasks counts exports under way, so tests can wait for them.
var exportTasks sync.WaitGroup

// prefExportDir remembers the folder of the last export, for when the
// office has set none.
const prefExportDir = "exportLastDir"

// exportJob is one workbook asked for: what it is called and how export/
// writes it.
type exportJob struct {
	report export.Report // "" for a table's view
	all    bool          // every report, into a folder (export.All)
	submit bool          // the 报送表 to the city (export.WriteReport)
	opts   export.Options
	period bool   // the dialog offers a period (ledger, statistics)
	info   string // a line saying what is exported (the filter, the activity)

	view      string // "export what I see": the name, columns, rows and total
	viewCols  []export.Column
	viewRows  iter.Seq[[]any]
	viewTotal *export.Total
}

func (j exportJob) name() string {
	if j.submit {
		return lang.L("exports.submission")
	}
	if j.all {
		return lang.L("exports.all_name")
	}
	if j.report == "" {
		return j.view
	}
	return lang.L(reportKeys[j.report])
}

// fileName is the name proposed for the workbook.
func (j exportJob) fileName(u *UI) string {
	if j.submit {
		return submissionFileName(u, j.opts)
	}
	if j.report == "" {
		return export.SafeFileName(j.view) + ".xlsx"
	}
	return export.FileName(u.ctx, u.store, j.report, j.opts)
}

func (j exportJob) write(ctx context.Context, st *data.Store, path string) error {
	if j.submit {
		return writeSubmission(ctx, st, path, j.opts)
	}
	if j.all {
		_, err := export.All(ctx, st, path, j.opts)
		return err
	}
	if j.report == "" {
		return export.View(ctx, st, path, j.view, "", j.viewCols, j.viewRows, j.viewTotal, j.opts)
	}
	return export.Run(ctx, st, j.report, path, j.opts)
}

// exportMenu is the main menu's 导出: every report, all of them at once,
// and the table on screen.
func (u *UI) exportMenu() *fyne.Menu {
	item := func(r export.Report, action func()) *fyne.MenuItem {
		return fyne.NewMenuItem(lang.L(reportKeys[r])+"…", action)
	}
	m := fyne.NewMenu(lang.L("exports.menu"),
		item(export.ReportRoster, func() { u.startExport(exportJob{report: export.ReportRoster}) }),
		item(export.ReportPanels, func() { u.startExport(exportJob{report: export.ReportPanels}) }),
		item(export.ReportLedger, u.exportLedger),
		item(export.ReportFollowUps, func() { u.startExport(periodJob(export.ReportFollowUps)) }),
		item(export.ReportCases, func() { u.startExport(periodJob(export.ReportCases)) }),
		item(export.ReportSummary, func() { u.startExport(periodJob(export.ReportSummary)) }),
		item(export.ReportStats, func() { u.startExport(periodJob(export.ReportStats)) }),
	)
	// The 报送表 carries no topics, and a county prints its own sign-in
	// sheets: a city has neither to export, and no 报送表 to send up.
	if !u.city {
		m.Items = append(m.Items,
			item(export.ReportTopics, func() { u.startExport(exportJob{report: export.ReportTopics}) }),
			item(export.ReportSignIn, u.exportSignIn))
	}
	m.Items = append(m.Items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("exports.all"), u.startExportAll),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.L("exports.current_view"), u.exportCurrentView))
	if !u.city {
		m.Items = append(m.Items, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("exports.submission_menu"), u.startSubmission))
	}
	return m
}

// activityTools are the ledger screen's export buttons; the sign-in sheet
// is of the selected activity.
func (u *UI) activityTools(t *recordTable[data.Activity]) []fyne.CanvasObject {
	ledger := widget.NewButtonWithIcon(lang.L("exports.ledger_button"), theme.DownloadIcon(), u.exportLedger)
	if u.city { // a county prints its own sign-in sheets; the toolbar keeps room for the search box
		return []fyne.CanvasObject{ledger}
	}
	return []fyne.CanvasObject{
		rowButton(t, lang.L("exports.signin_button"), theme.DocumentPrintIcon(), func(data.Activity) { u.exportSignIn() }),
		ledger,
	}
}

// exportCurrentView exports the table on screen as shown; the ledger,
// paged, exports every activity its filter finds.
func (u *UI) exportCurrentView() {
	if _, ok := u.screen().(*ActivitiesScreen); ok {
		u.exportLedger()
		return
	}
	job, ok := u.viewJob()
	if !ok {
		u.notify(lang.L("exports.no_table"), nil)
		return
	}
	u.startExport(job)
}

// viewJob is "export what I see" of the screen shown, if it has a table.
func (u *UI) viewJob() (exportJob, bool) {
	v, ok := u.screen().(viewExporter)
	if !ok {
		return exportJob{}, false
	}
	x := v.exportView()
	return exportJob{view: x.name, viewCols: x.cols, viewRows: slices.Values(x.rows), viewTotal: x.total}, true
}

// tableView is a screen's exportView: the name (a translation key) and
// what the table shows: its columns with their headers and widths, and the
// rows in the order shown. The cells are read here, on the UI goroutine,
// since the export runs on another and the cells' text may depend on the
// screen's state.
func tableView[T any](nameKey string, t *recordTable[T], args ...any) tableExport {
	x := tableExport{name: lang.L(nameKey, args...)}
	for i, c := range t.cols {
		// About 7 units of the window to an Excel character: a Chinese
		// character is 14 here and two characters there.
		w := min(max(float64(t.widths[i])/7, 4), 60)
		x.cols = append(x.cols, export.Column{Header: lang.L(c.key), Width: w, Kind: exportKinds[c.kind]})
	}
	for _, r := range t.rows {
		row := make([]any, len(t.cols))
		for j, c := range t.cols {
			row[j] = cellValue(c.kind, c.text(r))
		}
		x.rows = append(x.rows, row)
	}
	return x
}

// exportKinds are how the workbook writes the table's kinds of column.
var exportKinds = map[cellKind]export.Kind{kindText: export.KindText, kindDate: export.KindDate, kindNumber: export.KindNumber}

// withTotal is the view x of table t with the row isTotal picks (wherever
// a sort put it) taken out of the rows into the workbook's 合计 row, and
// note saying what that row counts.
func withTotal[T any](x tableExport, t *recordTable[T], isTotal func(T) bool, note string) tableExport {
	for i, r := range t.rows {
		if isTotal(r) {
			x.total = &export.Total{Cells: x.rows[i], Note: note}
			x.rows = slices.Delete(slices.Clone(x.rows), i, i+1)
			break
		}
	}
	return x
}

// cellValue turns a cell's text into what the workbook gets: real dates and
// numbers where the column holds them, so they sort and add up in Excel.
func cellValue(kind cellKind, text string) any {
	switch kind {
	case kindDate:
		if d, err := data.ParseDate(text); err == nil {
			return d
		}
	case kindNumber:
		if n, err := strconv.Atoi(strings.ReplaceAll(text, ",", "")); err == nil {
			return n
		}
	}
	return strings.TrimSpace(text) // indents shown in the window are not data
}

// exportLedger offers the ledger: from the ledger screen, of what its
// filter finds (every page); elsewhere, of this year.
func (u *UI) exportLedger() {
	job := exportJob{report: export.ReportLedger, period: true}
	if s, ok := u.screen().(*ActivitiesScreen); ok && s.table != nil {
		f := s.exportFilter()
		// The dialog's period replaces the screen's dates, so clearing it
		// there means "any date".
		job.opts.From, job.opts.To = f.From, f.To
		f.From, f.To = data.Date{}, data.Date{}
		job.opts.Filter = f
		job.info = u.filterInfo(f)
	} else {
		job.opts.From, job.opts.To = yearOf(data.Today().Year())
	}
	u.startExport(job)
}

// periodJob is report r of this year.
func periodJob(r export.Report) exportJob {
	j := exportJob{report: r, period: true}
	j.opts.From, j.opts.To = export.DefaultPeriod(data.Date{}, data.Date{}, data.Today())
	return j
}

// exportSignIn offers the sign-in sheet of the activity selected on the
// ledger screen, or takes the user there to choose one.
func (u *UI) exportSignIn() {
	s, ok := u.screen().(*ActivitiesScreen)
	var a data.Activity
	if ok && s.table != nil {
		a, ok = s.table.current()
	}
	if !ok {
		u.showScreen("activities")
		u.notify(lang.L("exports.pick_activity"), nil)
		return
	}
	job := exportJob{report: export.ReportSignIn}
	job.opts.ActivityID = a.ID
	job.info = lang.L("exports.activity_info", map[string]any{"Date": a.Date.String(), "Site": a.SiteName, "Topic": a.Topic})
	u.startExport(job)
}

// filterInfo says in words what the ledger's filter narrows to, besides
// the dates; "" when it does not.
func (u *UI) filterInfo(f data.ActivityFilter) string {
	var parts []string
	add := func(key string, name string) {
		if name != "" {
			parts = append(parts, lang.L(key, map[string]any{"Name": name}))
		}
	}
	siteName := func(id uint) string {
		if id == 0 {
			return ""
		}
		if s, err := u.store.Site(u.ctx, id); err == nil {
			return s.Name
		}
		return ""
	}
	if f.CountyID != 0 { // a city's ledger of one county
		cs, _ := u.store.Counties(u.ctx)
		for _, c := range cs {
			if c.ID == f.CountyID {
				add("exports.filter_county", c.Name)
			}
		}
	}
	add("exports.filter_township", siteName(f.TownshipID))
	add("exports.filter_site", siteName(f.SiteID))
	add("exports.filter_source", enumLabel(data.TopicSources, f.TopicSource))
	add("exports.filter_follow_up", enumLabel(data.FollowUps, f.FollowUp))
	add("exports.filter_keyword", f.Keyword)
	if len(parts) == 0 {
		return ""
	}
	return lang.L("exports.filter_info", map[string]any{"Filter": strings.Join(parts, lang.L("exports.sep"))})
}

// startExport opens the export dialog for job in the default folder, after
// asking for the office's details if the reports would lack them.
func (u *UI) startExport(job exportJob) {
	if !u.officeReady(func() { u.startExport(job) }) {
		return
	}
	path := u.exportFolder()
	if !job.all {
		path = filepath.Join(path, job.fileName(u))
	}
	u.exportDialog(job, path, "")
}

// startExportAll offers every report of this year, into one folder.
func (u *UI) startExportAll() {
	j := exportJob{all: true, period: true}
	j.opts.From, j.opts.To = yearOf(data.Today().Year())
	u.startExport(j)
}

// exportTo writes report r to path with progress and Cancel, and tells
// how it went (the dialog's last step; tests call it directly).
func (u *UI) exportTo(r export.Report, path string, opts export.Options) {
	u.runExport(exportJob{report: r, opts: opts, period: r.HasPeriod()}, path)
}

// runExport writes job to path behind the progress dialog, then says how
// it went: cancelled quietly, a bad target back to the dialog to choose
// another path, other failures as an error, success with buttons to open
// what was written.
func (u *UI) runExport(job exportJob, path string) {
	exportTasks.Add(1)
	u.runTask(lang.L("exports.working", map[string]any{"Name": job.name()}), func(ctx context.Context, report func(int, int)) error {
		j := job // the dialog may reopen with job: its own Progress stays
		j.opts.Progress = func(done, total int) {
			report(done, total)
			if job.opts.Progress != nil {
				job.opts.Progress(done, total)
			}
		}
		return j.write(ctx, u.store, path)
	}, func(err error) {
		defer exportTasks.Done()
		switch data.ErrorCode(err) {
		case "":
			u.exportDone(job, path)
		case export.ECancelled:
			u.notify(errText(err), nil)
		case export.ETarget:
			u.exportDialog(job, path, errText(err))
		default:
			u.showError(err)
		}
	})
}

// exportDone says where the workbook (or the folder of them) is, with
// buttons to open it.
func (u *UI) exportDone(job exportJob, path string) {
	var d dialog.Dialog
	open := func(key string, icon fyne.Resource, p string) *widget.Button {
		return widget.NewButtonWithIcon(lang.L(key), icon, func() {
			d.Hide()
			u.openPath(p)
		})
	}
	text := lang.L("exports.done", map[string]any{"File": filepath.Base(path), "Dir": filepath.Dir(path)})
	buttons := []fyne.CanvasObject{
		widget.NewButton(lang.L("exports.close"), func() { d.Hide() }),
		open("exports.open_folder", theme.FolderOpenIcon(), filepath.Dir(path)),
		open("exports.open_file", theme.FileIcon(), path),
	}
	if job.all {
		text = lang.L("exports.all_done", map[string]any{"N": len(u.allNames(job.opts)), "Dir": path})
		buttons = []fyne.CanvasObject{buttons[0], open("exports.open_dir", theme.FolderOpenIcon(), path)}
	}
	buttons[len(buttons)-1].(*widget.Button).Importance = widget.HighImportance
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	cd := dialog.NewCustomWithoutButtons(lang.L("exports.done_title"), msg, u.win)
	cd.SetButtons(buttons)
	cd.Resize(fyne.NewSize(560, 200))
	d = cd
	showDialog(u.win, cd)
}

// openPath opens a file or folder with the program the system uses for it.
func (u *UI) openPath(path string) {
	if err := u.app.OpenURL(fileURL(path)); err != nil {
		msg := lang.L("exports.open_failed", map[string]any{"Path": path}) // already in the window's language
		u.showError(&data.Error{Code: data.EInternal, Err: err, ZH: msg, EN: msg})
	}
}

// fileURL is what OpenURL needs to open path. On Windows it hands the URL's
// text to url.dll's FileProtocolHandler, which takes a plain path; a
// file:// URL would carry a Chinese path percent-encoded, which that ANSI
// entry point does not read back.
func fileURL(path string) *url.URL {
	if runtime.GOOS == "windows" {
		return &url.URL{Opaque: path}
	}
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return &url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	}
	return u
}

// exportFolder is where exports go by default: the office's export folder
// when set, else the last one used, else the user's Documents.
func (u *UI) exportFolder() string {
	dir, _ := u.store.Setting(u.ctx, data.SettingExportDir)
	for _, d := range []string{dir, u.app.Preferences().String(prefExportDir), documentsDir()} {
		if d = strings.TrimSpace(d); d != "" && isDir(d) {
			return d
		}
	}
	wd, _ := os.Getwd()
	return wd
}

func (u *UI) rememberFolder(dir string) { u.app.Preferences().SetString(prefExportDir, dir) }

// documentsDir is the user's Documents (文档) folder, else home.
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if d := filepath.Join(home, "Documents"); isDir(d) {
		return d
	}
	return home
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
