package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// VisitsScreen is not built yet.
type VisitsScreen struct{ u *UI }

func newVisitsScreen(u *UI) *VisitsScreen { return &VisitsScreen{u: u} }

func (s *VisitsScreen) id() string               { return "visits" }
func (s *VisitsScreen) title() string            { return lang.L("nav.visits") }
func (s *VisitsScreen) icon() fyne.Resource      { return theme.SearchIcon() }
func (s *VisitsScreen) build() fyne.CanvasObject { return widget.NewLabel(lang.L("nav.visits")) }
func (s *VisitsScreen) refresh()                 {}
