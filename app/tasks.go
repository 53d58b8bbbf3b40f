package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TasksScreen is not built yet.
type TasksScreen struct{ u *UI }

func newTasksScreen(u *UI) *TasksScreen { return &TasksScreen{u: u} }

func (s *TasksScreen) id() string               { return "tasks" }
func (s *TasksScreen) title() string            { return lang.L("nav.tasks") }
func (s *TasksScreen) icon() fyne.Resource      { return theme.ConfirmIcon() }
func (s *TasksScreen) build() fyne.CanvasObject { return widget.NewLabel(lang.L("nav.tasks")) }
func (s *TasksScreen) refresh()                 {}
