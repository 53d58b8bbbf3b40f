package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ChangeLogScreen is not built yet.
type ChangeLogScreen struct{ u *UI }

func newChangeLogScreen(u *UI) *ChangeLogScreen { return &ChangeLogScreen{u: u} }

func (s *ChangeLogScreen) id() string               { return "changelog" }
func (s *ChangeLogScreen) title() string            { return lang.L("nav.changelog") }
func (s *ChangeLogScreen) icon() fyne.Resource      { return theme.HistoryIcon() }
func (s *ChangeLogScreen) build() fyne.CanvasObject { return widget.NewLabel(lang.L("nav.changelog")) }
func (s *ChangeLogScreen) refresh()                 {}
