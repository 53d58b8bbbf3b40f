package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ActivitiesScreen is not built yet.
type ActivitiesScreen struct{ u *UI }

func newActivitiesScreen(u *UI) *ActivitiesScreen { return &ActivitiesScreen{u: u} }

func (s *ActivitiesScreen) id() string          { return "activities" }
func (s *ActivitiesScreen) title() string       { return lang.L("nav.activities") }
func (s *ActivitiesScreen) icon() fyne.Resource { return theme.ListIcon() }
func (s *ActivitiesScreen) build() fyne.CanvasObject {
	return widget.NewLabel(lang.L("nav.activities"))
}
func (s *ActivitiesScreen) refresh() {}
