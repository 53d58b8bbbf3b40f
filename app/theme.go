package app

import (
	_ "embed"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The bundled fonts: Noto Sans CJK SC, subset to GB2312 (see fonts/README.md),
// so Chinese looks the same on every machine, even one without CJK fonts.
var (
	//go:embed fonts/NotoSansSC-Regular.otf
	fontRegular []byte
	//go:embed fonts/NotoSansSC-Bold.otf
	fontBold []byte

	resRegular = fyne.NewStaticResource("NotoSansSC-Regular.otf", fontRegular)
	resBold    = fyne.NewStaticResource("NotoSansSC-Bold.otf", fontBold)
)

// Theme is Fyne's default look with the bundled CJK font.
type Theme struct{}

var _ fyne.Theme = Theme{}

func (Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	// Light, like the office software and the printed forms next to it.
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

func (Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	if s.Bold {
		return resBold
	}
	return resRegular // CJK has no italic
}

func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
