package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/export"
)

// helpItem runs the 帮助 menu's item labelled label, as a click would.
func helpItem(t *testing.T, u *UI, label string) {
	t.Helper()
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				it.Action()
				return
			}
		}
	}
	t.Fatalf("no menu item %q", label)
}

func TestAboutShowsVersionPathAndLicences(t *testing.T) {
	old := Version
	Version = "1.2.3"
	t.Cleanup(func() { Version = old })
	u, st := newTestUI(t, LangZH)
	helpItem(t, u, "关于议事台")
	c := u.win.Canvas()
	assertShown(t, c, "议事台 1.2.3（数据结构第", st.Path(), "打开所在文件夹", "pilotdesk.log",
		"SIL 开放字体许可证1.1版", "未附开源许可证")
	test.Tap(dialogButton(t, c, "查看字体许可"))
	assertShown(t, c, "SIL OPEN FONT LICENSE Version 1.1")
	test.Tap(dialogButton(t, c, "关闭"))
	test.Tap(dialogButton(t, c, "关闭"))
	assertNotShown(t, c, "pilotdesk.log")
}

func TestGuideInBothLanguages(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	helpItem(t, u, "使用指南")
	assertShown(t, u.win.Canvas(), "①第一次使用", "⑩删除的记录进“回收站”", "从 Excel 导入…")
	u, _ = newTestUI(t, LangEN)
	helpItem(t, u, "Guide")
	assertShown(t, u.win.Canvas(), "1. First: check your office's details", "Import from Excel")
}

// Fyne's file dialog speaks Chinese: our title (not Fyne's "打开 文件"),
// its side list's places, its buttons.
func TestFileDialogInChinese(t *testing.T) {
	home := t.TempDir()
	for _, d := range []string{"Desktop", "Documents", "Downloads"} {
		mustDo(t, os.Mkdir(filepath.Join(home, d), 0o700))
	}
	t.Setenv("HOME", home)
	u, _ := newTestUI(t, LangZH)
	u.win.Resize(fyne.NewSize(1200, 800))
	c := u.win.Canvas()
	u.chooseImportFile(export.ImportSites)
	assertShown(t, c, "选择要导入的表格", "取消", "打开")
	assertNotShown(t, c, "打开 文件")
	side := partCanvas{c, placeList(c.Overlays().Top().(*widget.PopUp).Content)}
	assertShown(t, side, "主文件夹", "桌面", "文档", "下载")
	for _, s := range shownTexts(side) {
		if regexp.MustCompile(`^[A-Za-z ]+$`).MatchString(s) {
			t.Errorf("%q in the side list", s)
		}
	}
	test.Tap(dialogButton(t, c, "取消"))

	u.chooseFolder("files.export_folder_title", home, func(string) {})
	assertShown(t, c, "选择保存到哪个文件夹", "选择此文件夹", "主文件夹")
	assertNotShown(t, c, "打开 文件夹")
}

// Every file dialog goes through widget_filedialog.go, which translates it.
func TestFileDialogsOnlyThroughOurHelpers(t *testing.T) {
	direct := regexp.MustCompile(`dialog\.(New|Show)(File|Folder)(Open|Save)`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if f == "widget_filedialog.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		if m := direct.Find(src); m != nil {
			t.Errorf("%s calls %s: use chooseFile or chooseFolder", f, m)
		}
	}
}
