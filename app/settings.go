package app

import (
	"context"
	"fmt"
	"hash/fnv"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
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

// SettingsScreen (设置) holds the office's details printed on reports, the
// window language, and where the data lives.
type SettingsScreen struct {
	u          *UI
	fields     map[string]*widget.Entry
	lang       *widget.RadioGroup
	status     *widget.Label
	exportDir  *widget.Entry
	mask       *widget.Check
	backups    *recordTable[data.BackupInfo]
	backupNote *widget.Label // reading, none, or why the list failed
	server     *serverForm   // settings_database.go
	level      *levelCard    // settings_level.go
}

func newSettingsScreen(u *UI) *SettingsScreen { return &SettingsScreen{u: u} }

func (s *SettingsScreen) id() string          { return "settings" }
func (s *SettingsScreen) title() string       { return lang.L("nav.settings") }
func (s *SettingsScreen) icon() fyne.Resource { return theme.SettingsIcon() }

// officeSettings are the settings edited here, in order, with their labels.
var officeSettings = []struct{ key, label, hint string }{
	{data.SettingDistrict, "settings.district", "settings.district_hint"},
	{data.SettingReportUnit, "settings.report_unit", "settings.report_unit_hint"},
	{data.SettingPreparer, "settings.preparer", "office.preparer_hint"},
	{data.SettingPhone, "settings.phone", "office.phone_hint"},
}

func (s *SettingsScreen) build() fyne.CanvasObject {
	s.fields = map[string]*widget.Entry{}
	office := widget.NewForm()
	for _, o := range officeSettings {
		e := widget.NewEntry()
		label, hint := o.label, o.hint
		if s.u.city && o.key == data.SettingDistrict { // a city's office names its city
			label, hint = "city.city_name", "city.city_name_hint"
		}
		if s.u.city && o.key == data.SettingReportUnit {
			hint = "city.report_unit_hint"
		}
		if hint != "" {
			e.SetPlaceHolder(lang.L(hint))
		}
		s.fields[o.key] = e
		office.Append(lang.L(label), e)
	}
	s.mask = widget.NewCheck(lang.L("settings.mask_phones"), nil)
	office.Append("", s.mask)
	s.status = widget.NewLabel("")
	s.status.Wrapping = fyne.TextWrapWord
	saveBtn := widget.NewButtonWithIcon(lang.L("form.save"), theme.DocumentSaveIcon(), s.save)
	saveBtn.Importance = widget.HighImportance

	// "System" says which language the system gives; a language asked for
	// on the command line for this run only is said under the choices.
	names := map[string]string{LangZH: "中文", LangEN: "English"}
	choices := []string{lang.L("settings.lang_system", map[string]any{"Lang": names[ResolveLang("")]}), names[LangZH], names[LangEN]}
	codes := []string{"", LangZH, LangEN}
	s.lang = widget.NewRadioGroup(choices, nil)
	s.lang.Horizontal = true
	cur := s.u.app.Preferences().String(prefLanguage)
	language := fyne.CanvasObject(s.lang)
	if ResolveLang(cur) != Lang() {
		language = container.NewVBox(s.lang, widget.NewLabel(lang.L("settings.lang_this_run", map[string]any{"Lang": names[Lang()]})))
	}
	for i, c := range codes {
		if c == cur {
			s.lang.Selected = choices[i]
		}
	}
	s.lang.OnChanged = func(sel string) {
		for i, c := range choices {
			if c == sel {
				s.setLanguage(codes[i])
			}
		}
	}

	saveRow := fyne.CanvasObject(saveBtn)
	if s.u.serverOnly != "" { // the settings are stored in the database
		saveBtn.Disable()
		saveRow = container.NewHBox(saveBtn, readOnlyNote())
	}

	return container.NewVScroll(container.NewVBox(
		widget.NewCard(lang.L("settings.office"), lang.L("settings.office_sub"),
			container.NewVBox(office, container.NewBorder(nil, nil, saveRow, nil, s.status))),
		widget.NewCard(lang.L("city.level"), lang.L("city.level_sub"), s.buildLevel()),
		widget.NewCard(lang.L("settings.export_dir"), lang.L("settings.export_dir_sub"), s.buildExportDir()),
		widget.NewCard(lang.L("backup.title"), lang.L("backup.sub"), s.buildBackups()),
		widget.NewCard(lang.L("server.title"), lang.L("server.sub"), s.buildDatabase()),
		widget.NewCard(lang.L("settings.language"), "", language),
		widget.NewCard(lang.L("settings.about"), lang.L("app.tagline"), s.u.fileDetails()), // help.go
	))
}

func (s *SettingsScreen) refresh() {
	if s.fields == nil {
		return
	}
	vals, err := s.u.store.Settings(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	for k, e := range s.fields {
		e.SetText(vals[k])
	}
	s.exportDir.SetText(vals[data.SettingExportDir])
	s.mask.SetChecked(vals[data.SettingMaskPhones] == "1")
	s.status.SetText("")
	s.level.reload()
	s.listBackups()
}

// save stores the office's details, checked (a problem is told beside the
// button and nothing is stored), then the other settings.
func (s *SettingsScreen) save() {
	o := &data.Office{District: s.fields[data.SettingDistrict].Text, ReportUnit: s.fields[data.SettingReportUnit].Text,
		Preparer: s.fields[data.SettingPreparer].Text, Phone: s.fields[data.SettingPhone].Text}
	err := s.u.store.SaveOffice(s.u.ctx, o)
	if data.ErrorCode(err) == data.EInvalid {
		s.status.Importance = widget.DangerImportance
		s.status.SetText(errText(err))
		return
	}
	kv := map[string]string{data.SettingExportDir: s.exportDir.Text, data.SettingMaskPhones: "0"}
	if s.mask.Checked {
		kv[data.SettingMaskPhones] = "1"
	}
	if err == nil {
		err = s.u.store.SetSettings(s.u.ctx, kv)
	}
	if err != nil {
		s.u.showError(err)
		return
	}
	s.refresh() // as tidied
	s.status.Importance = widget.MediumImportance
	s.status.SetText(lang.L("settings.saved"))
}

// setLanguage switches the window's language now and remembers it.
func (s *SettingsScreen) setLanguage(code string) {
	s.u.app.Preferences().SetString(prefLanguage, code)
	if err := SetLanguage(ResolveLang(code)); err != nil {
		s.u.showError(err)
		return
	}
	s.u.rebuild()
}

// buildExportDir is the default folder for exports, typed or chosen.
func (s *SettingsScreen) buildExportDir() fyne.CanvasObject {
	s.exportDir = widget.NewEntry()
	s.exportDir.SetPlaceHolder(lang.L("settings.export_dir_hint"))
	choose := widget.NewButtonWithIcon(lang.L("settings.choose"), theme.FolderOpenIcon(), func() {
		s.u.chooseFolder("files.export_dir_title", s.exportDir.Text, func(dir string) {
			s.exportDir.SetText(dir)
			s.save()
		})
	})
	if s.u.serverOnly != "" {
		choose.Disable()
	}
	return container.NewBorder(nil, nil, nil, choose, s.exportDir)
}

// backupTasks are the backup list's reading, the backups, checks and
// restores under way, for the tests (a restore rebuilds the screen).
var backupTasks sync.WaitGroup

// buildBackups offers a backup now and lists this database's backups as a
// person tells them apart (when, what kind, how big, what each holds), with
// a restore of the selected one or of a file picked by hand.
func (s *SettingsScreen) buildBackups() fyne.CanvasObject {
	s.backups = newRecordTable([]column[data.BackupInfo]{
		{key: "backup.col_time", width: 170, text: func(b data.BackupInfo) string { return formatMoment(b.Time) },
			less: func(a, b data.BackupInfo) bool { return a.Time.Before(b.Time) }},
		{key: "backup.col_kind", width: 200, text: backupKind},
		{key: "backup.col_size", width: 90, text: func(b data.BackupInfo) string { return formatSize(b.Size) },
			less: func(a, b data.BackupInfo) bool { return a.Size < b.Size }},
		{key: "backup.col_contents", width: 460, text: func(b data.BackupInfo) string { return contentsText(b.Contents) }},
	}, backupKey)
	s.backups.rememberWidths(s.u.app.Preferences(), "table.backups")
	restoreRow := func(b data.BackupInfo) { s.u.restoreBackup(b.Path) }
	s.backups.onActivate = restoreRow
	s.backupNote = widget.NewLabel("")
	now := widget.NewButtonWithIcon(lang.L("backup.now"), theme.DocumentSaveIcon(), s.backupNow)
	restore := rowButton(s.backups, lang.L("backup.restore"), theme.HistoryIcon(), restoreRow)
	other := widget.NewButtonWithIcon(lang.L("backup.restore_file"), theme.FileIcon(), s.chooseRestore)
	open := widget.NewButtonWithIcon(lang.L("backup.open_folder"), theme.FolderOpenIcon(), func() {
		dir := data.BackupDir(s.u.store.Path())
		if err := os.MkdirAll(dir, 0o700); err == nil {
			s.u.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)})
		}
	})
	buttons := []fyne.CanvasObject{now, restore, other, open}
	if s.u.serverOnly != "" { // a restore replaces the database
		offWhenReadOnly(s.backups, restore)
		other.Disable()
		s.backups.onActivate = nil
		buttons = append(buttons, readOnlyNote())
	}
	// The page scrolls; the table gets the height of about eight rows and
	// scrolls inside it.
	height := canvas.NewRectangle(color.Transparent)
	height.SetMinSize(fyne.NewSize(0, 300))
	return container.NewBorder(container.NewVBox(container.NewHBox(buttons...), s.backupNote), nil, nil, nil,
		container.NewStack(height, s.backups))
}

// backupKey keeps the selection across reloads.
func backupKey(b data.BackupInfo) uint {
	h := fnv.New64a()
	h.Write([]byte(b.Path))
	return uint(h.Sum64())
}

// backupKind is the kind, marked when the backup is an old one whose
// database cannot be told.
func backupKind(b data.BackupInfo) string {
	k := enumLabel(data.BackupKinds, b.Kind)
	if b.Owner == data.OwnerUnknown {
		return lang.L("backup.legacy", map[string]any{"Kind": k})
	}
	return k
}

// contentsText says what a database holds: 36个试点单位 / 314次活动 /
// 最后修改于2026年12月6日 17:40.
func contentsText(c *data.Contents) string {
	if c == nil {
		return lang.L("backup.unreadable")
	}
	t := lang.L("backup.contents", map[string]any{"Sites": formatInt(c.Sites), "Activities": formatInt(c.Activities)})
	if !c.LastChange.IsZero() {
		t += " / " + lang.L("backup.last_change", map[string]any{"Time": formatMoment(c.LastChange)})
	}
	return t
}

// backupListAsync reads the backup list off the UI goroutine; the tests
// turn it off (a read finishing on its own goroutine would race with them),
// as overviewAsync.
var backupListAsync = true

// listBackups reads the backups and what each holds in the background:
// every file is opened.
func (s *SettingsScreen) listBackups() {
	st, table, note := s.u.store, s.backups, s.backupNote
	note.SetText(lang.L("backup.reading"))
	note.Show()
	read := func(post func(func())) {
		list, err := st.Backups(s.u.ctx)
		post(func() {
			switch {
			case err != nil:
				note.SetText(errText(err))
			case len(list) == 0:
				note.SetText(lang.L("backup.none"))
			default:
				note.Hide()
			}
			table.setRows(list, table.selectedID())
		})
	}
	if !backupListAsync {
		read(func(f func()) { f() })
		return
	}
	backupTasks.Add(1)
	go func() {
		defer backupTasks.Done()
		read(fyne.Do)
	}()
}

func (s *SettingsScreen) backupNow() {
	var made string
	backupTasks.Add(1)
	s.u.runTask(lang.L("backup.making"), func(ctx context.Context, _ func(int, int)) error {
		p, err := s.u.store.Backup(ctx, data.BackupManual)
		made = p
		return err
	}, func(err error) {
		defer backupTasks.Done()
		if err != nil {
			s.u.showError(err)
			return
		}
		s.u.notify(lang.L("backup.made", map[string]any{"File": filepath.Base(made)}), nil)
		s.listBackups()
	})
}

// chooseRestore lets the user pick a backup file by hand (from a USB stick,
// say), starting in this database's backups folder; it is checked as any.
func (s *SettingsScreen) chooseRestore() {
	s.u.chooseFile("files.restore_title", []string{".db"}, data.BackupDir(s.u.store.Path()), s.u.restoreBackup)
}

// restoreBackup replaces the database with a backup after asking. The
// backup is checked first (another database's backup is refused there);
// the question says what the backup and the current database hold; the
// current database is kept as a pre-restore backup; the window is rebuilt
// over the restored file.
func (u *UI) restoreBackup(backup string) {
	var info data.BackupInfo
	var cur data.Contents
	backupTasks.Add(1)
	u.runTask(lang.L("backup.checking"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		info, cur, err = u.store.CheckRestore(ctx, backup)
		return err
	}, func(err error) {
		defer backupTasks.Done()
		if err != nil {
			u.showError(err)
			return
		}
		u.confirmRestore(info, cur)
	})
}

// confirmRestore asks, showing both sides: the backup (when, what kind,
// its whole file name, what it holds) and the current database.
func (u *UI) confirmRestore(b data.BackupInfo, cur data.Contents) {
	side := func(title, what, holds string) fyne.CanvasObject {
		l := widget.NewLabel(what + "\n" + holds)
		l.Wrapping = fyne.TextWrapWord
		return widget.NewCard("", title, l)
	}
	box := container.NewVBox(
		widget.NewLabel(lang.L("backup.restore_question")),
		side(lang.L("backup.confirm_backup"), lang.L("backup.confirm_backup_what", map[string]any{
			"Time": formatMoment(b.Time), "Kind": backupKind(b), "Size": formatSize(b.Size), "File": filepath.Base(b.Path)}),
			contentsText(b.Contents)),
		side(lang.L("backup.confirm_current"), filepath.Base(u.store.Path()), contentsText(&cur)),
	)
	kept := widget.NewLabel(lang.L("backup.confirm_kept"))
	kept.Wrapping = fyne.TextWrapWord
	box.Add(kept)
	if b.Owner == data.OwnerUnknown {
		warn := widget.NewLabel(lang.L("backup.confirm_unknown"))
		warn.Wrapping = fyne.TextWrapWord
		warn.Importance = widget.WarningImportance
		box.Add(warn)
	}
	d := dialog.NewCustomConfirm(lang.L("backup.restore_title"), lang.L("backup.restore_confirm"), lang.L("form.cancel"), box, func(yes bool) {
		if yes {
			u.runRestore(b.Path)
		}
	}, u.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(620, 0))
	showDialog(u.win, d)
}

// runRestore closes the database, restores the backup over it and opens
// whatever is there afterwards.
func (u *UI) runRestore(backup string) {
	path := u.store.Path()
	old := u.store
	var restored *data.Store
	var safety string
	backupTasks.Add(1)
	u.runTask(lang.L("backup.restoring"), func(ctx context.Context, _ func(int, int)) error {
		old.Close()
		var err error
		safety, err = data.RestoreBackup(path, backup)
		// Reopen whatever is there now: the restored file, or on failure
		// the untouched current one.
		st, openErr := data.Open(path)
		restored = st
		if err == nil {
			err = openErr
		}
		return err
	}, func(err error) {
		defer backupTasks.Done()
		if restored != nil {
			u.store = restored
		}
		if err != nil {
			u.showError(err)
		} else {
			u.inform(lang.L("backup.restore_title"), lang.L("backup.restored", map[string]any{"Kept": filepath.Base(safety)}))
		}
		if restored != nil {
			u.rebuild() // last: it starts reading the backups anew
		}
	})
}

// formatSize writes a file size the way Windows Explorer does.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
