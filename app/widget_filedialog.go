package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// Fyne's file dialogs, in the window's language. Fyne makes their title of
// two words ("Open" + " " + "File", which reads 打开 文件) and names the
// places in their side list in fixed English (Home, Computer, Desktop, ...).
// So every dialog gets its own title and buttons here, and the places are
// translated as the list draws them (keys in translations/fyne). Use these
// two, not dialog.NewFileOpen / NewFolderOpen (help_test.go checks).

// chooseFile asks for a file with one of exts, starting in dir when it is
// a folder (else where Fyne starts); chosen gets its path.
func (u *UI) chooseFile(titleKey string, exts []string, dir string, chosen func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		chosen(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	u.showFileDialog(d, titleKey, "files.open", dir)
}

// chooseFolder asks for a folder, starting in dir when it is one.
func (u *UI) chooseFolder(titleKey, dir string, chosen func(path string)) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil || l == nil {
			return
		}
		chosen(l.Path())
	}, u.win)
	u.showFileDialog(d, titleKey, "files.choose_folder", dir)
}

func (u *UI) showFileDialog(d *dialog.FileDialog, titleKey, confirmKey, dir string) {
	d.SetTitleText(lang.L(titleKey))
	d.SetConfirmText(lang.L(confirmKey))
	d.SetDismissText(lang.L("form.cancel"))
	if dir != "" && isDir(dir) {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(u.dialogSize(960, 640)) // Fyne's own size shows four files at a time
	showDialog(u.win, d)
	translatePlaces(u.win.Canvas())
}

// places are the names Fyne gives the file dialog's side list.
var places = map[string]bool{"Home": true, "Computer": true, "App Files": true, "Desktop": true,
	"Documents": true, "Downloads": true, "Music": true, "Pictures": true, "Videos": true, "Movies": true}

// translatePlaces makes the side list of the file dialog just shown (the
// top overlay: a pop-up whose content holds the list as the leading side
// of a split) name its places through lang.L. A dialog built otherwise by
// a later Fyne is left as it is; the test would say so.
func translatePlaces(c fyne.Canvas) {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	list := placeList(pop.Content)
	if list == nil {
		return
	}
	draw := list.UpdateItem
	list.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		draw(id, item)
		if box, ok := item.(*fyne.Container); ok && len(box.Objects) == 2 {
			if l, ok := box.Objects[1].(*widget.Label); ok && places[l.Text] {
				l.SetText(lang.L(l.Text))
			}
		}
	}
	list.Refresh()
}

func placeList(o fyne.CanvasObject) *widget.List {
	switch x := o.(type) {
	case *container.Split:
		l, _ := x.Leading.(*widget.List)
		return l
	case *fyne.Container:
		for _, c := range x.Objects {
			if l := placeList(c); l != nil {
				return l
			}
		}
	}
	return nil
}
