package app

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// newTestUI opens a real database in a temp folder and builds the window
// on Fyne's test driver, in the given language.
func newTestUI(t *testing.T, language string) (*UI, *data.Store) {
	t.Helper()
	st, err := data.Open(filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a := test.NewTempApp(t)
	u := New(a, st, Options{Lang: language})
	u.win.Resize(fyne.NewSize(1200, 800))
	t.Cleanup(func() {
		SetLanguage(LangZH)
		readOnlyReason = "" // a city's (or a read-only user's) window leaves it set
	})
	return u, st
}

// visibleObjects walks what is drawn on the canvas, dialogs included,
// as it is laid out now.
func visibleObjects(c fyne.Canvas) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		out = append(out, o)
		switch x := o.(type) {
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(x).Objects() {
				walk(child)
			}
		case *fyne.Container:
			for _, child := range x.Objects {
				walk(child)
			}
		}
	}
	walk(c.Content())
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}

// shownTexts lists the text of every label, button and entry on the canvas,
// dialogs included.
func shownTexts(c fyne.Canvas) []string {
	var out []string
	for _, o := range visibleObjects(c) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.Entry:
			out = append(out, w.Text)
		}
	}
	return out
}

func assertShown(t *testing.T, c fyne.Canvas, want ...string) {
	t.Helper()
	texts := shownTexts(c)
	for _, w := range want {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, w) }) {
			t.Errorf("%q not shown; shown: %q", w, texts)
		}
	}
}

func assertNotShown(t *testing.T, c fyne.Canvas, unwanted string) {
	t.Helper()
	for _, s := range shownTexts(c) {
		if strings.Contains(s, unwanted) {
			t.Errorf("%q shown in %q", unwanted, s)
		}
	}
}

// button finds a visible button by its text, dialogs included.
func button(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	for _, o := range visibleObjects(c) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

var bg = context.Background()

func init() { noticeTimeout = 0 }
