package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PanelsScreen is not built yet.
type PanelsScreen struct{ u *UI }

func newPanelsScreen(u *UI) *PanelsScreen { return &PanelsScreen{u: u} }

func (s *PanelsScreen) id() string               { return "panels" }
func (s *PanelsScreen) title() string            { return lang.L("nav.panels") }
func (s *PanelsScreen) icon() fyne.Resource      { return theme.InfoIcon() }
func (s *PanelsScreen) build() fyne.CanvasObject { return widget.NewLabel(lang.L("nav.panels")) }
func (s *PanelsScreen) refresh()                 {}
