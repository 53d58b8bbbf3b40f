package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// SettingsScreen (设置) holds the office's details printed on reports, the
// window language, and where the data lives.
type SettingsScreen struct {
	u         *UI
	fields    map[string]*widget.Entry
	lang      *widget.RadioGroup
	status    *widget.Label
	exportDir *widget.Entry
	mask      *widget.Check
	backups   *widget.Label
}

func newSettingsScreen(u *UI) *SettingsScreen { return &SettingsScreen{u: u} }

func (s *SettingsScreen) id() string          { return "settings" }
func (s *SettingsScreen) title() string       { return lang.L("nav.settings") }
func (s *SettingsScreen) icon() fyne.Resource { return theme.SettingsIcon() }

// officeSettings are the settings edited here, in order, with their labels.
var officeSettings = []struct{ key, label, hint string }{
	{data.SettingDistrict, "settings.district", "settings.district_hint"},
	{data.SettingReportUnit, "settings.report_unit", "settings.report_unit_hint"},
	{data.SettingPreparer, "settings.preparer", ""},
	{data.SettingPhone, "settings.phone", ""},
}

func (s *SettingsScreen) build() fyne.CanvasObject {
	s.fields = map[string]*widget.Entry{}
	office := widget.NewForm()
	for _, o := range officeSettings {
		e := widget.NewEntry()
		if o.hint != "" {
			e.SetPlaceHolder(lang.L(o.hint))
		}
		s.fields[o.key] = e
		office.Append(lang.L(o.label), e)
	}
	s.mask = widget.NewCheck(lang.L("settings.mask_phones"), nil)
	office.Append("", s.mask)
	s.status = widget.NewLabel("")
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

	path := widget.NewLabel(s.u.store.Path())
	path.Wrapping = fyne.TextWrapBreak
	path.Selectable = true
	openDir := widget.NewButtonWithIcon(lang.L("settings.open_folder"), theme.FolderOpenIcon(), func() {
		u := &url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Dir(s.u.store.Path()))}
		if err := s.u.app.OpenURL(u); err != nil {
			s.u.showError(err)
		}
	})
	version, _ := s.u.store.FileVersion()
	about := widget.NewForm(
		widget.NewFormItem(lang.L("settings.db_path"), container.NewBorder(nil, nil, nil, openDir, path)),
		widget.NewFormItem(lang.L("settings.version"), widget.NewLabel(lang.L("settings.version_text",
			map[string]any{"Version": Version, "Schema": version}))),
	)

	return container.NewVScroll(container.NewVBox(
		widget.NewCard(lang.L("settings.office"), lang.L("settings.office_sub"),
			container.NewVBox(office, container.NewHBox(saveBtn, s.status))),
		widget.NewCard(lang.L("settings.export_dir"), lang.L("settings.export_dir_sub"), s.buildExportDir()),
		widget.NewCard(lang.L("backup.title"), lang.L("backup.sub"), s.buildBackups()),
		widget.NewCard(lang.L("settings.language"), "", language),
		widget.NewCard(lang.L("settings.about"), lang.L("app.tagline"), about),
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
	s.listBackups()
}

func (s *SettingsScreen) save() {
	kv := map[string]string{data.SettingExportDir: s.exportDir.Text, data.SettingMaskPhones: "0"}
	if s.mask.Checked {
		kv[data.SettingMaskPhones] = "1"
	}
	for k, e := range s.fields {
		kv[k] = e.Text
	}
	if err := s.u.store.SetSettings(s.u.ctx, kv); err != nil {
		s.u.showError(err)
		return
	}
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
		dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil || dir == nil {
				return
			}
			s.exportDir.SetText(dir.Path())
			s.save()
		}, s.u.win)
	})
	return container.NewBorder(nil, nil, nil, choose, s.exportDir)
}

// buildBackups offers a backup now, a restore, and lists what is there.
func (s *SettingsScreen) buildBackups() fyne.CanvasObject {
	s.backups = widget.NewLabel("")
	s.backups.Wrapping = fyne.TextWrapWord
	now := widget.NewButtonWithIcon(lang.L("backup.now"), theme.DocumentSaveIcon(), s.backupNow)
	restore := widget.NewButtonWithIcon(lang.L("backup.restore"), theme.HistoryIcon(), s.chooseRestore)
	open := widget.NewButtonWithIcon(lang.L("backup.open_folder"), theme.FolderOpenIcon(), func() {
		dir := data.BackupDir(s.u.store.Path())
		if err := os.MkdirAll(dir, 0o700); err == nil {
			s.u.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(dir)})
		}
	})
	return container.NewVBox(container.NewHBox(now, restore, open), s.backups)
}

// listBackups shows the newest backups.
func (s *SettingsScreen) listBackups() {
	list, err := data.ListBackups(data.BackupDir(s.u.store.Path()))
	if err != nil {
		s.backups.SetText(errText(err))
		return
	}
	if len(list) == 0 {
		s.backups.SetText(lang.L("backup.none"))
		return
	}
	var lines []string
	for i, b := range list {
		if i == 5 {
			lines = append(lines, lang.L("backup.more", map[string]any{"N": len(list) - 5}))
			break
		}
		lines = append(lines, lang.L("backup.line", map[string]any{
			"Time": b.Time.Format("2006-01-02 15:04"), "Kind": enumLabel(data.BackupKinds, b.Kind), "Size": formatSize(b.Size)}))
	}
	s.backups.SetText(strings.Join(lines, "\n"))
}

func (s *SettingsScreen) backupNow() {
	var made string
	s.u.runTask(lang.L("backup.making"), func(ctx context.Context, _ func(int, int)) error {
		p, err := s.u.store.Backup(ctx, data.BackupDir(s.u.store.Path()), data.BackupManual)
		made = p
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError(err)
			return
		}
		s.listBackups()
		s.u.notify(lang.L("backup.made", map[string]any{"File": filepath.Base(made)}), nil)
	})
}

// chooseRestore lets the user pick a backup file (the backups folder first).
func (s *SettingsScreen) chooseRestore() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.u.restoreBackup(path)
	}, s.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	if dir, err := storage.ListerForURI(storage.NewFileURI(data.BackupDir(s.u.store.Path()))); err == nil {
		d.SetLocation(dir)
	}
	d.Show()
}

// restoreBackup replaces the database with a backup after asking. The
// backup is checked before anything is closed; the current database is kept
// as a pre-restore backup; the window is rebuilt over the restored file.
func (u *UI) restoreBackup(backup string) {
	info, err := data.CheckBackup(backup)
	if err != nil {
		u.showError(err)
		return
	}
	q := lang.L("backup.restore_question", map[string]any{"File": filepath.Base(backup), "Time": info.Time.Format("2006-01-02 15:04")})
	dialog.ShowConfirm(lang.L("backup.restore"), q, func(yes bool) {
		if !yes {
			return
		}
		path := u.store.Path()
		old := u.store
		var restored *data.Store
		var safety string
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
			if restored != nil {
				u.store = restored
				u.rebuild()
			}
			if err != nil {
				u.showError(err)
				return
			}
			dialog.ShowInformation(lang.L("backup.restore"), lang.L("backup.restored", map[string]any{"Kept": filepath.Base(safety)}), u.win)
		})
	}, u.win)
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
