// Package app is PilotDesk's window: screens, forms, dialogs, translations
// and theme. It calls data/ for everything it shows and stores, and holds no
// business rules of its own.
package app

import (
	"context"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// Version is shown in About; main sets it from the build.
var Version = "dev"

// screen is one entry of the navigation list.
type screen interface {
	id() string // stable, for remembering the last screen
	title() string
	icon() fyne.Resource
	build() fyne.CanvasObject // once, on first show
	refresh()                 // reload from the store, each time it is shown
}

// Optional abilities of a screen, reached by menu shortcuts.
type (
	creator interface{ newRecord() }
	finder  interface{ focusSearch() }
)

// UI is the main window and what it shows.
type UI struct {
	app   fyne.App
	win   fyne.Window
	store *data.Store
	ctx   context.Context

	screens []screen
	built   map[string]fyne.CanvasObject
	current int
	nav     *widget.List
	body    *fyne.Container
	notices *fyne.Container // the layer over everything where notify shows

	form *recordForm // the open form, if any: Ctrl+S saves it

	// city: the database is a city's, holding its counties' records
	// (issue 20); every screen shows the county level. Read by rebuild.
	city       bool
	serverOnly string // why the server lets this user only look ("" if it does not)
}

// Preference keys (Fyne's per-user preferences, not the office's settings).
const (
	prefWidth    = "window.width"
	prefHeight   = "window.height"
	prefScreen   = "window.screen"
	prefLanguage = "language" // "zh", "en" or "" for the system's
)

// Options are choices made on the command line.
type Options struct {
	Lang   string // "zh" or "en" for this run; "" uses the saved choice
	Screen string // screen id to open first; "" opens the last one used
}

// New builds the main window over store. The caller shows it
// (ShowAndRun); tests drive it with Fyne's test app.
func New(a fyne.App, store *data.Store, opts Options) *UI {
	a.Settings().SetTheme(Theme{})
	applyLanguage(a, opts)
	u := &UI{app: a, store: store, ctx: context.Background(), built: map[string]fyne.CanvasObject{}}
	if store.ReadOnly(u.ctx) {
		u.serverOnly = "server.read_only"
	}
	if opts.Screen != "" {
		a.Preferences().SetString(prefScreen, opts.Screen)
	}
	u.win = a.NewWindow("")
	u.win.SetMaster()
	u.win.Resize(fyne.NewSize(
		float32(a.Preferences().FloatWithFallback(prefWidth, 1200)),
		float32(a.Preferences().FloatWithFallback(prefHeight, 760))))
	u.win.SetCloseIntercept(func() {
		u.rememberSize()
		u.win.Close()
	})
	u.rebuild()
	return u
}

// Window is the main window.
func (u *UI) Window() fyne.Window { return u.win }

func (u *UI) rememberSize() {
	s := u.win.Canvas().Size()
	if s.Width > 100 && s.Height > 100 {
		u.app.Preferences().SetFloat(prefWidth, float64(s.Width))
		u.app.Preferences().SetFloat(prefHeight, float64(s.Height))
	}
}

// rebuild (re)creates every screen, for the first start and after the
// language changes.
func (u *UI) rebuild() {
	u.win.SetTitle(lang.L("app.title"))
	city, err := u.store.IsCity(u.ctx)
	if err != nil {
		log.Printf("level: %v", err)
	}
	u.city = city
	// A city's records are its counties': a change made here would be
	// overwritten by the county's next 报送表, so they are shown, not edited.
	readOnlyReason = ""
	switch {
	case u.serverOnly != "":
		readOnlyReason = lang.L(u.serverOnly)
	case u.city:
		readOnlyReason = lang.L("city.read_only")
	}
	u.screens = []screen{
		newOverviewScreen(u),
		newSitesScreen(u),
		newGroupsScreen(u),
		newPeopleScreen(u),
		newAssignmentsScreen(u),
		newPanelsScreen(u),
		newCouncilScreen(u),
		newActivitiesScreen(u),
		newPlansScreen(u),
		newTopicsScreen(u),
		newTasksScreen(u),
		newVisitsScreen(u),
		newTrashScreen(u),
		newChangeLogScreen(u),
		newSettingsScreen(u),
	}
	u.built = map[string]fyne.CanvasObject{}
	u.nav = widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("试点单位管理"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Icon).SetResource(u.screens[i].icon())
			box.Objects[1].(*widget.Label).SetText(u.screens[i].title())
		})
	u.body = container.NewStack()
	u.nav.OnSelected = func(i widget.ListItemID) { u.show(i) }
	split := container.NewHSplit(u.nav, u.body)
	split.Offset = 0.16
	u.notices = container.New(bottomCentre{})
	u.win.SetContent(container.NewStack(split, u.notices))
	u.win.SetMainMenu(u.menu())
	handleDialogKeys(u.win)
	start := 0
	want := u.app.Preferences().String(prefScreen)
	for i, s := range u.screens {
		if s.id() == want {
			start = i
		}
	}
	u.nav.Select(start)
}

// show switches to screen i, building it the first time.
func (u *UI) show(i int) {
	if i < 0 || i >= len(u.screens) {
		return
	}
	s := u.screens[i]
	u.current = i
	obj, ok := u.built[s.id()]
	if !ok {
		obj = s.build()
		u.built[s.id()] = obj
	}
	u.body.Objects = []fyne.CanvasObject{obj}
	u.body.Refresh()
	s.refresh()
	u.app.Preferences().SetString(prefScreen, s.id())
}

// showScreen switches to the screen with the given id.
func (u *UI) showScreen(id string) {
	for i, s := range u.screens {
		if s.id() == id {
			u.nav.Select(i)
			return
		}
	}
}

func (u *UI) screen() screen { return u.screens[u.current] }

func (u *UI) menu() *fyne.MainMenu {
	ctrl := fyne.KeyModifierShortcutDefault
	newItem := fyne.NewMenuItem(lang.L("menu.new"), func() {
		if c, ok := u.screen().(creator); ok && u.form == nil && readOnlyReason == "" {
			c.newRecord()
		}
	})
	newItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}
	saveItem := fyne.NewMenuItem(lang.L("menu.save"), func() {
		if u.form != nil {
			u.form.save()
		}
	})
	saveItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}
	findItem := fyne.NewMenuItem(lang.L("menu.find"), func() {
		if f, ok := u.screen().(finder); ok && u.form == nil {
			f.focusSearch()
		}
	})
	findItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}
	importItem := fyne.NewMenuItem(lang.L("import.menu"), u.startImport)
	if u.city { // a city imports its counties' 报送表, not their spreadsheets
		importItem = fyne.NewMenuItem(lang.L("merge.menu"), func() { u.startReportMerge() })
	}
	// A read-only user's menu offers nothing that writes; a city's adds
	// no records by hand but merges its counties'.
	newItem.Disabled, importItem.Disabled = readOnlyReason != "", u.serverOnly != ""
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.L("menu.file"), newItem, saveItem, fyne.NewMenuItemSeparator(), findItem,
			fyne.NewMenuItemSeparator(), importItem),
		u.exportMenu(),
		u.helpMenu(), // help.go
	)
}

// showError tells the user what went wrong, in their language; the detail
// goes to the log.
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	log.Printf("error: %v", err)
	showDialog(u.win, dialog.NewError(userError{err}, u.win))
}

// userError shows data's sentence instead of the driver's text.
type userError struct{ err error }

func (e userError) Error() string { return errText(e.err) }
