package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// AssignmentsScreen is not built yet.
type AssignmentsScreen struct{ u *UI }

func newAssignmentsScreen(u *UI) *AssignmentsScreen { return &AssignmentsScreen{u: u} }

func (s *AssignmentsScreen) id() string          { return "assignments" }
func (s *AssignmentsScreen) title() string       { return lang.L("nav.assignments") }
func (s *AssignmentsScreen) icon() fyne.Resource { return theme.ContentCopyIcon() }
func (s *AssignmentsScreen) build() fyne.CanvasObject {
	return widget.NewLabel(lang.L("nav.assignments"))
}
func (s *AssignmentsScreen) refresh() {}
