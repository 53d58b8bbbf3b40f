package app

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// render draws text in a label with the app theme and returns the picture.
func render(t *testing.T, text string, bold bool) image.Image {
	t.Helper()
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(200, 40))
	return w.Canvas().Capture()
}

func differingPixels(a, b image.Image) int {
	n := 0
	r := a.Bounds().Intersect(b.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}

// Chinese is drawn from the bundled font: different characters give
// different pictures, and none looks like the missing-glyph box. This holds
// on a machine without any CJK font (CI's, and ours: fc-list :lang=zh is empty).
func TestBundledFontDrawsChinese(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	missing := render(t, "\U000F0000\U000F0001\U000F0002", false) // private use: in no font
	for _, s := range []string{"议事台", "鑫城社区", "麒麟区"} {
		for _, bold := range []bool{false, true} {
			img := render(t, s, bold)
			if d := differingPixels(img, missing); d < 100 {
				t.Errorf("%q (bold %v) looks like missing glyphs: %d pixels differ", s, bold, d)
			}
		}
	}
	if d := differingPixels(render(t, "议事台", false), render(t, "协商会", false)); d < 100 {
		t.Errorf("different characters drew alike (%d pixels differ): glyphs are boxes", d)
	}
	if d := differingPixels(render(t, "议事台", false), render(t, "议事台", true)); d < 50 {
		t.Errorf("bold looks like regular (%d pixels differ)", d)
	}
}

func TestThemeUsesBundledFonts(t *testing.T) {
	th := Theme{}
	if th.Font(fyne.TextStyle{}) != resRegular || th.Font(fyne.TextStyle{Bold: true}) != resBold || th.Font(fyne.TextStyle{Italic: true}) != resRegular {
		t.Error("theme does not return the bundled fonts")
	}
	if len(fontRegular) < 1<<20 || len(fontBold) < 1<<20 {
		t.Errorf("bundled fonts too small: %d, %d bytes", len(fontRegular), len(fontBold))
	}
}
