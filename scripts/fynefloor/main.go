// Command fynefloor opens an empty Fyne window the size of PilotDesk's, for
// scripts/bench.sh: its start-up time and memory are the floor under
// PilotDesk's own (the toolkit, the OpenGL driver, the Go runtime).
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("cn.pilotdesk.fynefloor")
	w := a.NewWindow("PilotDesk floor: an empty Fyne window")
	w.SetContent(widget.NewLabel("An empty Fyne window"))
	w.Resize(fyne.NewSize(1200, 760))
	w.ShowAndRun()
}
