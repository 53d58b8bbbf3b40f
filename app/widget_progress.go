package app

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// runTask runs work off the UI goroutine behind a progress dialog with a
// Cancel button, so the window never freezes. work reports progress with
// report(done, total) (total 0: unknown) and must stop when ctx is
// cancelled. done runs on the UI goroutine afterwards.
func (u *UI) runTask(title string, work func(ctx context.Context, report func(done, total int)) error, done func(err error)) {
	ctx, cancel := context.WithCancel(u.ctx)
	bar := widget.NewProgressBar()
	spin := widget.NewProgressBarInfinite()
	bar.Hide()
	status := widget.NewLabel(lang.L("progress.working"))
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(status, bar, spin), u.win)
	cancelBtn := widget.NewButton(lang.L("form.cancel"), func() {
		status.SetText(lang.L("progress.cancelling"))
		cancel()
	})
	d.SetButtons([]fyne.CanvasObject{cancelBtn})
	d.Resize(fyne.NewSize(420, 160))
	showDialogKeys(u.win, d, cancelBtn.OnTapped, nil) // Esc cancels the work, as the button does

	var mu sync.Mutex
	pending := false // coalesce reports: at most one queued update
	var last [2]int
	report := func(n, total int) {
		mu.Lock()
		last = [2]int{n, total}
		queue := !pending
		pending = true
		mu.Unlock()
		if !queue {
			return
		}
		fyne.Do(func() {
			mu.Lock()
			n, total := last[0], last[1]
			pending = false
			mu.Unlock()
			if total > 0 {
				spin.Hide()
				spin.Stop()
				bar.Show()
				bar.SetValue(float64(n) / float64(total))
				status.SetText(lang.L("progress.count", map[string]any{"N": formatInt(n), "Total": formatInt(total)}))
			}
		})
	}
	go func() {
		err := work(ctx, report)
		cancel()
		fyne.Do(func() {
			spin.Stop()
			d.Hide()
			if done != nil {
				done(err)
			}
		})
	}()
}
