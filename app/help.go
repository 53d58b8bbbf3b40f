package app

import (
	_ "embed"
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The 帮助 menu: a short guide to the daily tasks, and About.

// fontLicence is the bundled font's licence, shown from About.
//
//go:embed fonts/OFL.txt
var fontLicence string

// guideLines is how many lines the guide has (help.guide_1 ...).
const guideLines = 10

func (u *UI) helpMenu() *fyne.Menu {
	return fyne.NewMenu(lang.L("menu.help"),
		fyne.NewMenuItem(lang.L("menu.guide"), u.showGuide),
		fyne.NewMenuItem(lang.L("menu.about"), u.showAbout))
}

// showGuide is the daily work in about ten lines, each naming the screen
// or menu it happens in.
func (u *UI) showGuide() {
	box := container.NewVBox()
	for i := 1; i <= guideLines; i++ {
		l := widget.NewLabel(lang.L(fmt.Sprintf("help.guide_%d", i)))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	d := dialog.NewCustom(lang.L("help.guide_title"), lang.L("help.close"), container.NewVScroll(box), u.win)
	d.Resize(u.dialogSize(760, 600))
	showDialog(u.win, d)
}

// showAbout names the program, its version and licences, and where its
// data and log are.
func (u *UI) showAbout() {
	name := widget.NewLabelWithStyle(lang.L("app.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.SizeName = theme.SizeNameSubHeadingText
	details := u.fileDetails()
	logLine := widget.NewLabel(lang.L("help.log_text"))
	logLine.Wrapping = fyne.TextWrapWord
	details.Append(lang.L("help.log"), logLine)
	program := widget.NewLabel(lang.L("help.licence_program"))
	program.Wrapping = fyne.TextWrapWord
	font := widget.NewLabel(lang.L("help.licence_font"))
	font.Wrapping = fyne.TextWrapWord
	showFont := widget.NewButton(lang.L("help.licence_font_show"), u.showFontLicence)
	details.Append(lang.L("help.licence"), container.NewVBox(program, container.NewBorder(nil, nil, nil, showFont, font)))
	content := container.NewVBox(name, widget.NewLabel(lang.L("app.tagline")), details)
	d := dialog.NewCustom(lang.L("help.about_title"), lang.L("help.close"), content, u.win)
	d.Resize(u.dialogSize(760, 480))
	showDialog(u.win, d)
}

func (u *UI) showFontLicence() {
	text := widget.NewLabel(fontLicence)
	text.TextStyle.Monospace = true
	d := dialog.NewCustom(lang.L("help.licence_font_title"), lang.L("help.close"), container.NewScroll(text), u.win)
	d.Resize(u.dialogSize(760, 560))
	showDialog(u.win, d)
}

// fileDetails are the version and the database file, with a button that
// opens its folder (About, and 设置's 关于 card).
func (u *UI) fileDetails() *widget.Form {
	path := widget.NewLabel(u.store.Path())
	path.Wrapping = fyne.TextWrapBreak
	path.Selectable = true
	openDir := widget.NewButtonWithIcon(lang.L("settings.open_folder"), theme.FolderOpenIcon(), func() {
		u.openPath(filepath.Dir(u.store.Path())) // exports.go
	})
	schema, _ := u.store.FileVersion()
	return widget.NewForm(
		widget.NewFormItem(lang.L("settings.version"), widget.NewLabel(lang.L("settings.version_text",
			map[string]any{"Version": Version, "Schema": schema}))),
		widget.NewFormItem(lang.L("settings.db_path"), container.NewBorder(nil, nil, nil, openDir, path)),
	)
}

// dialogSize is w × h, or less on a small window.
func (u *UI) dialogSize(w, h float32) fyne.Size {
	s := u.win.Canvas().Size()
	return fyne.NewSize(min(w, s.Width*0.9), min(h, s.Height*0.9))
}
