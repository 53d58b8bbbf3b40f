package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TrashScreen is not built yet.
type TrashScreen struct{ u *UI }

func newTrashScreen(u *UI) *TrashScreen { return &TrashScreen{u: u} }

func (s *TrashScreen) id() string               { return "trash" }
func (s *TrashScreen) title() string            { return lang.L("nav.trash") }
func (s *TrashScreen) icon() fyne.Resource      { return theme.DeleteIcon() }
func (s *TrashScreen) build() fyne.CanvasObject { return widget.NewLabel(lang.L("nav.trash")) }
func (s *TrashScreen) refresh()                 {}
