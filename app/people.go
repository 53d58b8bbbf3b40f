package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PeopleScreen is not built yet.
type PeopleScreen struct{ u *UI }

func newPeopleScreen(u *UI) *PeopleScreen { return &PeopleScreen{u: u} }

func (s *PeopleScreen) id() string               { return "people" }
func (s *PeopleScreen) title() string            { return lang.L("nav.people") }
func (s *PeopleScreen) icon() fyne.Resource      { return theme.AccountIcon() }
func (s *PeopleScreen) build() fyne.CanvasObject { return widget.NewLabel(lang.L("nav.people")) }
func (s *PeopleScreen) refresh()                 {}
