package app

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// What is drawn over the window: dialogs, what Esc and Enter do in them,
// and the notices of notify.

// dialogKeys is what Esc and Enter do in each open dialog, by the overlay
// it is drawn in. Fyne 2.7's dialogs ignore both keys. The lock is for
// Fyne's test driver, which runs fyne.Do on the calling goroutine.
var dialogKeys = struct {
	sync.Mutex
	m map[fyne.CanvasObject]keyActions
}{m: map[fyne.CanvasObject]keyActions{}}

type keyActions struct{ esc, enter func() }

// showDialog shows d over w; Esc closes it as its Cancel, No or Close
// button would. Every dialog of the program is shown through here.
func showDialog(w fyne.Window, d dialog.Dialog) { showDialogKeys(w, d, d.Dismiss, nil) }

// showDialogKeys shows d over w; Esc calls esc and Enter calls enter (nil:
// nothing).
func showDialogKeys(w fyne.Window, d dialog.Dialog, esc, enter func()) {
	overlays := w.Canvas().Overlays()
	before := overlays.Top()
	d.Show()
	top := overlays.Top()
	if top == nil || top == before { // a dialog of the system's, or already shown
		return
	}
	dialogKeys.Lock()
	dialogKeys.m[top] = keyActions{esc, enter}
	dialogKeys.Unlock()
	d.SetOnClosed(func() {
		dialogKeys.Lock()
		delete(dialogKeys.m, top)
		dialogKeys.Unlock()
	})
}

// confirm asks a yes/no question; Esc answers no.
func (u *UI) confirm(title, question string, answered func(yes bool)) {
	showDialog(u.win, dialog.NewConfirm(title, question, answered, u.win))
}

// inform shows a message with an OK button.
func (u *UI) inform(title, message string) {
	showDialog(u.win, dialog.NewInformation(title, message, u.win))
}

// handleDialogKeys makes Esc and Enter typed outside any input (the usual
// case right after a dialog opens) reach the dialog on top of w.
func handleDialogKeys(w fyne.Window) {
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) { dialogKey(w.Canvas(), k) })
}

// dialogKey does what Esc or Enter does to the dialog on top of c, and
// reports whether there was something to do. Inputs pass these keys here,
// since Fyne gives a key to the focused input only.
func dialogKey(c fyne.Canvas, k *fyne.KeyEvent) bool {
	if c == nil {
		return false
	}
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	dialogKeys.Lock()
	a := dialogKeys.m[top]
	dialogKeys.Unlock()
	switch k.Name {
	case fyne.KeyEscape:
		if a.esc != nil {
			a.esc()
			return true
		}
		if p, ok := top.(*widget.PopUp); ok { // the calendar of a date field
			p.Hide()
			return true
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if a.enter != nil {
			a.enter()
			return true
		}
	}
	return false
}

// canvasOf is the canvas o is drawn on. o must be the widget itself, not
// a widget embedded in it: the driver knows only what is in the window.
func canvasOf(o fyne.CanvasObject) fyne.Canvas {
	return fyne.CurrentApp().Driver().CanvasForObject(o)
}

// noticeTimeout is how long a notice stays; tests set 0 (kept until
// replaced), since Fyne's test driver runs fyne.Do on the timer's goroutine.
var noticeTimeout = 6 * time.Second

// notify shows msg at the bottom of the window for a few seconds, with an
// Undo button when undo is given; one notice at a time. It is drawn in a
// layer of the window's content, not in a pop-up: a pop-up took the next
// click anywhere to close itself, and the click was lost (issue 17). Here a
// click beside the notice reaches what it was aimed at, and a click on the
// notice closes it.
func (u *UI) notify(msg string, undo func()) {
	var n *notice
	items := []fyne.CanvasObject{widget.NewLabel(msg)}
	if undo != nil {
		items = append(items, widget.NewButton(lang.L("toast.undo"), func() {
			u.notices.Remove(n)
			undo()
		}))
	}
	n = newNotice(container.NewHBox(items...), func() { u.notices.Remove(n) })
	u.notices.Objects = []fyne.CanvasObject{n}
	u.notices.Refresh()
	if noticeTimeout > 0 {
		time.AfterFunc(noticeTimeout, func() { fyne.Do(func() { u.notices.Remove(n) }) })
	}
}

// notice is one message of notify, dark on the light window so that it
// stands out from the cards and tables under it.
type notice struct {
	widget.BaseWidget
	content fyne.CanvasObject
	tapped  func()
}

func newNotice(content fyne.CanvasObject, tapped func()) *notice {
	n := &notice{content: content, tapped: tapped}
	n.ExtendBaseWidget(n)
	return n
}

func (n *notice) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(noticeTheme{}.Color(theme.ColorNameOverlayBackground, theme.VariantDark))
	bg.CornerRadius = theme.InputRadiusSize()
	return widget.NewSimpleRenderer(container.NewThemeOverride(
		container.NewStack(bg, container.NewPadded(n.content)), noticeTheme{}))
}

// noticeTheme is the program's theme in its dark variant.
type noticeTheme struct{ Theme }

func (noticeTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, theme.VariantDark)
}

func (n *notice) Tapped(*fyne.PointEvent) { n.tapped() }

// bottomCentre lays each object out at its own size at the bottom centre,
// a little above the edge; it asks for no room of its own.
type bottomCentre struct{}

func (bottomCentre) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		s := o.MinSize()
		o.Resize(s)
		o.Move(fyne.NewPos((size.Width-s.Width)/2, size.Height-s.Height-theme.Padding()*4))
	}
}

func (bottomCentre) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }
