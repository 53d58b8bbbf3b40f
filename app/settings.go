package app

import (
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// SettingsScreen (设置) holds the office's details printed on reports, the
// window language, and where the data lives.
type SettingsScreen struct {
	u      *UI
	fields map[string]*widget.Entry
	lang   *widget.RadioGroup
	status *widget.Label
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
	s.status = widget.NewLabel("")
	saveBtn := widget.NewButtonWithIcon(lang.L("form.save"), theme.DocumentSaveIcon(), s.save)
	saveBtn.Importance = widget.HighImportance

	choices := []string{lang.L("settings.lang_system"), "中文", "English"}
	codes := []string{"", LangZH, LangEN}
	s.lang = widget.NewRadioGroup(choices, nil)
	s.lang.Horizontal = true
	cur := s.u.app.Preferences().String(prefLanguage)
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
		widget.NewCard(lang.L("settings.language"), "", s.lang),
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
	s.status.SetText("")
}

func (s *SettingsScreen) save() {
	kv := map[string]string{}
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
