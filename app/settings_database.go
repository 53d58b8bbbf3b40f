package app

import (
	"context"
	"errors"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"pilotdesk/data"
)

// 设置 → 数据库: the server the window opens next time it starts without
// --db (issue 21). The address is kept in the preferences, the password
// in the system's credential store (Windows Credential Manager, the
// Secret Service on Linux), never in a file or the log.

const (
	prefServerUse  = "server_use"
	prefServerHost = "server_host"
	prefServerPort = "server_port"
	prefServerDB   = "server_database"
	prefServerUser = "server_user"
	prefServerSSL  = "server_sslmode"
	keyringService = "PilotDesk"
)

// sslModes are libpq's sslmode values the form offers, in order, and
// their labels.
var (
	sslModes  = []string{"prefer", "disable", "require", "verify-full"}
	sslLabels = []string{"server.ssl_prefer", "server.ssl_disable", "server.ssl_require", "server.ssl_verify-full"}
)

// serverTasks are the test connections under way; the tests wait for them.
var serverTasks sync.WaitGroup

type serverForm struct {
	host, port, database, user, password *widget.Entry
	ssl                                  *widget.Select
	status                               *widget.Label
}

func keyringUser(s data.Server) string {
	return s.User + "@" + s.Host + ":" + s.Port + "/" + s.Database
}

// RememberedServer is the URL of the server 设置 → 数据库 chose, with its
// password from the credential store, or "" when the window uses a file.
func RememberedServer(a fyne.App) string {
	p := a.Preferences()
	if !p.Bool(prefServerUse) {
		return ""
	}
	s := rememberedServer(p)
	s.Password, _ = keyring.Get(keyringService, keyringUser(s)) // none: PGPASSWORD or pgpass then
	return s.URL()
}

func rememberedServer(p fyne.Preferences) data.Server {
	return data.Server{Host: p.String(prefServerHost), Port: p.StringWithFallback(prefServerPort, "5432"),
		Database: p.StringWithFallback(prefServerDB, "pilotdesk"), User: p.String(prefServerUser),
		SSLMode: p.StringWithFallback(prefServerSSL, "prefer")}
}

func (s *SettingsScreen) buildDatabase() fyne.CanvasObject {
	p := s.u.app.Preferences()
	r := rememberedServer(p)
	f := &serverForm{host: widget.NewEntry(), port: widget.NewEntry(), database: widget.NewEntry(),
		user: widget.NewEntry(), password: widget.NewPasswordEntry(), status: widget.NewLabel("")}
	s.server = f
	f.host.SetPlaceHolder(lang.L("server.host_hint"))
	f.host.SetText(r.Host)
	f.port.SetText(r.Port)
	f.database.SetText(r.Database)
	f.user.SetText(r.User)
	if r.Host != "" {
		pw, _ := keyring.Get(keyringService, keyringUser(r))
		f.password.SetText(pw)
	}
	labels := make([]string, len(sslModes))
	for i, key := range sslLabels {
		labels[i] = lang.L(key)
	}
	f.ssl = widget.NewSelect(labels, nil)
	for i, m := range sslModes {
		if m == r.SSLMode {
			f.ssl.SetSelectedIndex(i)
		}
	}
	f.status.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(lang.L("server.host"), f.host),
		widget.NewFormItem(lang.L("server.port"), f.port),
		widget.NewFormItem(lang.L("server.database"), f.database),
		widget.NewFormItem(lang.L("server.user"), f.user),
		widget.NewFormItem(lang.L("server.password"), f.password),
		widget.NewFormItem(lang.L("server.ssl"), f.ssl),
	)
	testBtn := widget.NewButtonWithIcon(lang.L("server.test"), theme.SearchIcon(), s.testServer)
	useBtn := widget.NewButtonWithIcon(lang.L("server.use"), theme.ConfirmIcon(), s.useServer)
	fileBtn := widget.NewButtonWithIcon(lang.L("server.use_file"), theme.FileIcon(), s.useFile)
	now := lang.L("server.now_file")
	if s.u.store.OnServer() {
		now = lang.L("server.now_server", map[string]any{"URL": s.u.store.Path()})
	}
	if p.Bool(prefServerUse) {
		now += " " + lang.L("server.next_server")
	}
	current := widget.NewLabel(now)
	current.Wrapping = fyne.TextWrapWord
	return container.NewVBox(current, form, container.NewHBox(testBtn, useBtn, fileBtn), f.status)
}

func (f *serverForm) read() data.Server {
	s := data.Server{Host: f.host.Text, Port: f.port.Text, Database: f.database.Text, User: f.user.Text, Password: f.password.Text}
	if i := f.ssl.SelectedIndex(); i >= 0 {
		s.SSLMode = sslModes[i]
	}
	return s
}

// testServer connects as the form says, off the UI goroutine (a server
// out of reach takes up to 10 s), and says what it found.
func (s *SettingsScreen) testServer() {
	f := s.server
	srv := f.read()
	f.status.SetText(lang.L("server.testing"))
	serverTasks.Add(1)
	go func() {
		defer serverTasks.Done()
		info, err := data.TestServer(context.Background(), srv)
		fyne.Do(func() {
			if err != nil {
				f.status.SetText(errText(err))
				return
			}
			key := "server.ok_reader"
			if info.CanCreate {
				key = "server.ok_editor"
			}
			f.status.SetText(lang.L(key, map[string]any{"Version": info.Version, "User": info.User}))
		})
	}()
}

// useServer remembers the server (the password in the credential store)
// for the next start, after a test connection succeeds.
func (s *SettingsScreen) useServer() {
	f := s.server
	srv := f.read()
	f.status.SetText(lang.L("server.testing"))
	serverTasks.Add(1)
	go func() {
		defer serverTasks.Done()
		_, err := data.TestServer(context.Background(), srv)
		var kerr error
		if err == nil && srv.Password != "" {
			kerr = keyring.Set(keyringService, keyringUser(srv), srv.Password)
		}
		fyne.Do(func() {
			if err != nil {
				f.status.SetText(errText(err))
				return
			}
			p := s.u.app.Preferences()
			p.SetString(prefServerHost, srv.Host)
			p.SetString(prefServerPort, srv.Port)
			p.SetString(prefServerDB, srv.Database)
			p.SetString(prefServerUser, srv.User)
			p.SetString(prefServerSSL, srv.SSLMode)
			p.SetBool(prefServerUse, true)
			msg := lang.L("server.saved")
			if kerr != nil && !errors.Is(kerr, keyring.ErrNotFound) {
				msg += " " + lang.L("server.no_keyring")
			}
			f.status.SetText(msg)
		})
	}()
}

// useFile goes back to this computer's database file at the next start.
func (s *SettingsScreen) useFile() {
	s.u.app.Preferences().SetBool(prefServerUse, false)
	s.server.status.SetText(lang.L("server.file_saved"))
}
