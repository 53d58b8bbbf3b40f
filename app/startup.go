package app

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// Run opens the database at path and shows the main window; when the file
// cannot be opened it shows why and offers a way out instead (restore the
// latest backup, or start a new file beside the damaged one, which is never
// overwritten). It returns when the app quits.
func Run(a fyne.App, path string, opts Options) {
	a.Settings().SetTheme(Theme{})
	applyLanguage(a, opts)
	var u *UI
	st, err := data.Open(path)
	if err != nil {
		log.Printf("open %s: %v", path, err)
		showRecovery(a, path, err, func(st *data.Store) *UI {
			u = startMain(a, st, path, opts)
			return u
		})
	} else {
		u = startMain(a, st, path, opts)
	}
	a.Run()
	if u != nil {
		u.store.Close()
	}
}

// Fyne 2.7 can hang on the way out: as its loop stops it queues the
// lifecycle's "stopped" event, whose run on the main loop can be lost while
// the loop drains its queue, and Run then waits for that event for ever
// (internal/driver/glfw/loop.go; CI caught one window in some forty not
// quitting). Every change is committed when made, so once the main window
// is closed the process may end: quitWatchdog ends it if Run has not
// returned quitWait later, after closing the database for at most
// quitCloseWait, and writes where every goroutine stood to the log.
var quitWait, quitCloseWait = 5 * time.Second, 3 * time.Second

func quitWatchdog(closeStore func() error, exit func(code int)) {
	time.Sleep(quitWait)
	log.Printf("the window closed %v ago and the program has not quit; closing the database and exiting", quitWait)
	pprof.Lookup("goroutine").WriteTo(log.Writer(), 1)
	closed := make(chan struct{})
	go func() {
		if err := closeStore(); err != nil {
			log.Printf("close: %v", err)
		}
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(quitCloseWait):
		log.Printf("the database did not close in %v", quitCloseWait)
	}
	exit(0)
}

// applyLanguage uses --lang for this run, else the saved choice.
func applyLanguage(a fyne.App, opts Options) {
	choice := opts.Lang
	if choice == "" {
		choice = a.Preferences().String(prefLanguage)
	}
	if err := SetLanguage(ResolveLang(choice)); err != nil {
		log.Printf("translations: %v", err)
	}
}

// startMain shows the main window over st, then in the background (it must
// not delay the window) checks the whole file and makes today's backup — not
// of a damaged file, which would push a good backup out of the 14 kept.
func startMain(a fyne.App, st *data.Store, path string, opts Options) *UI {
	u := New(a, st, opts)
	u.win.SetOnClosed(func() { go quitWatchdog(st.Close, os.Exit) })
	u.win.Show()
	if st.OnServer() {
		go u.watchServer(st, time.NewTicker(serverCheckEvery).C)
	}
	go func() {
		if err := st.QuickCheck(context.Background()); err != nil {
			log.Printf("quick check: %v", err)
			fyne.Do(func() {
				u.inform(lang.L("startup.damaged_title"), errText(err)+"\n\n"+lang.L("startup.damaged_advice"))
			})
			return
		}
		p, made, err := st.DailyBackup(context.Background(), time.Now())
		switch {
		case err != nil:
			log.Printf("daily backup: %v", err)
			fyne.Do(func() { u.notify(lang.L("backup.daily_failed"), nil) })
		case made:
			log.Printf("daily backup: %s", p)
			fyne.Do(func() {
				if s, ok := u.screen().(*SettingsScreen); ok && s.backups != nil {
					s.listBackups() // the list was read before the backup was made
				}
			})
		}
	}()
	u.offerWelcome()
	return u
}

// showRecovery is the window for a database that cannot be opened.
func showRecovery(a fyne.App, path string, openErr error, opened func(*data.Store) *UI) {
	w := a.NewWindow(lang.L("app.title"))
	msg := widget.NewLabel(errText(openErr))
	msg.Wrapping = fyne.TextWrapWord
	where := widget.NewLabel(lang.L("startup.file", map[string]any{"Path": path}))
	onServer := data.IsServerURL(path)
	if onServer {
		where.SetText(lang.L("startup.server", map[string]any{"URL": data.ShownURL(path)}))
	}
	where.Wrapping = fyne.TextWrapBreak
	buttons := []fyne.CanvasObject{layout.NewSpacer()}
	proceed := func(st *data.Store, note string) {
		u := opened(st)
		w.Close()
		u.inform(lang.L("startup.recovered_title"), note)
	}
	code := data.ErrorCode(openErr)
	if (code == data.EDamaged || code == data.EInternal) && !onServer { // a server's backups are its administrator's
		if latest, ok := latestBackup(path); ok {
			key := "startup.restore_latest"
			if latest.Legacy {
				key = "startup.restore_legacy"
			}
			label := lang.L(key, map[string]any{"Time": formatMoment(latest.Time)})
			buttons = append(buttons, widget.NewButton(label, func() {
				safety, err := data.RestoreBackup(path, latest.Path)
				if err == nil {
					var st *data.Store
					if st, err = data.Open(path); err == nil {
						proceed(st, lang.L("startup.restored", map[string]any{"Time": formatMoment(latest.Time), "Kept": filepath.Base(safety)}))
						return
					}
				}
				showDialog(w, dialog.NewError(userError{err}, w))
			}))
		}
		if code == data.EDamaged {
			buttons = append(buttons, widget.NewButton(lang.L("startup.new_file"), func() {
				kept, err := setAside(path)
				if err == nil {
					var st *data.Store
					if st, err = data.Open(path); err == nil {
						proceed(st, lang.L("startup.set_aside", map[string]any{"Kept": kept}))
						return
					}
				}
				showDialog(w, dialog.NewError(userError{err}, w))
			}))
		}
	}
	buttons = append(buttons, widget.NewButton(lang.L("startup.quit"), a.Quit))
	w.SetContent(container.NewBorder(
		widget.NewLabelWithStyle(lang.L("startup.error_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(buttons...), nil, nil, container.NewVBox(msg, where)))
	w.Resize(fyne.NewSize(640, 280))
	handleDialogKeys(w)
	w.Show()
}

// latestBackup is the newest backup of the database at path (which cannot
// be opened, so its identity cannot be read): one from its own folder, or
// when it has none, the newest old backup of the shared folder.
func latestBackup(path string) (data.BackupInfo, bool) {
	list, _ := data.ListBackups(path)
	for _, b := range list {
		if !b.Legacy {
			return b, true
		}
	}
	if len(list) > 0 {
		return list[0], true
	}
	return data.BackupInfo{}, false
}

// setAside renames a damaged database (and its -wal/-shm) out of the way,
// keeping it for support, and returns the new name.
func setAside(path string) (string, error) {
	kept := fmt.Sprintf("%s.damaged-%s", path, time.Now().Format("20060102-150405"))
	if err := os.Rename(path, kept); err != nil {
		return "", &data.Error{Code: data.EInternal, Err: err,
			ZH: "无法把损坏的数据库文件改名保存，请检查文件夹权限或关闭正在使用它的程序。",
			EN: "Could not rename the damaged database file aside; check the folder's permissions or close programs using it."}
	}
	for _, s := range []string{"-wal", "-shm"} {
		os.Rename(path+s, kept+s)
	}
	return filepath.Base(kept), nil
}

// offerWelcome asks, on the first start over an empty database, how to
// begin: with the demo district, or (an empty start or an import) with the
// office's details first, so that no report is ever printed without them.
// Closing that form comes back here; the question is settled once they are
// stored.
func (u *UI) offerWelcome() {
	done, _ := u.store.Setting(u.ctx, settingWelcomeDone)
	if done == "1" || u.city { // a city's records come from its counties' 报送表
		return
	}
	// Counts, not the sites themselves: this runs before the window's
	// first frame, and listing 9,000 sites took 120 ms of it (issue 7).
	counts, err := u.store.SiteCounts(u.ctx)
	if err != nil || len(counts) > 0 {
		return
	}
	var d dialog.Dialog
	finish := func() {
		if err := u.store.SetSettings(u.ctx, map[string]string{settingWelcomeDone: "1"}); err != nil {
			log.Printf("welcome: %v", err)
		}
	}
	officeFirst := func(then func()) func() {
		return func() {
			d.Hide()
			u.askOffice("office.first_start", func() {
				finish()
				u.notify(lang.L("office.saved"), nil)
				then()
			}, u.offerWelcome)
		}
	}
	demo := widget.NewButton(lang.L("welcome.demo"), func() {
		d.Hide()
		finish()
		u.runTask(lang.L("welcome.demo_loading"), func(ctx context.Context, _ func(int, int)) error {
			return u.store.LoadDemo(ctx, data.Today())
		}, func(err error) {
			if err != nil {
				u.showError(err)
			}
			u.rebuild()
		})
	})
	demo.Importance = widget.HighImportance
	empty := widget.NewButton(lang.L("welcome.empty"), officeFirst(func() {}))
	imp := widget.NewButton(lang.L("welcome.import"), officeFirst(u.startImport)) // import.go
	text := widget.NewLabel(lang.L("welcome.text"))
	text.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(lang.L("welcome.title"), container.NewVBox(text, demo, imp, empty), u.win)
	d.Resize(fyne.NewSize(520, 260))
	showDialog(u.win, d)
}

// settingWelcomeDone is stored in the database: the question belongs to the
// file, not to the computer.
const settingWelcomeDone = "welcome_done"

// serverCheckEvery is how often the window asks the server whether it answers.
const serverCheckEvery = 5 * time.Second

// watchServer asks the server at every tick whether it answers, and
// says when the connection is lost and when it is back (the store
// reconnects by itself: the next query opens a new connection); the screen
// shown is reloaded then. It stops once the store is closed. Tests give
// their own ticks.
func (u *UI) watchServer(st *data.Store, ticks <-chan time.Time) {
	up := true
	for range ticks {
		err := st.Ping(context.Background())
		if err != nil && up {
			// A pooled connection the server cut may fail a ping the server
			// would answer: ask again before telling the user it is lost.
			err = st.Ping(context.Background())
		}
		switch {
		case err != nil && strings.Contains(err.Error(), "database is closed"):
			return // the window was closed
		case err != nil && up:
			up = false
			log.Printf("server: %v", err)
			fyne.Do(func() { u.notify(lang.L("server.lost"), nil) })
		case err == nil && !up:
			up = true
			log.Printf("server: connected again")
			fyne.Do(func() {
				u.notify(lang.L("server.back"), nil)
				u.screen().refresh()
			})
		}
	}
}
