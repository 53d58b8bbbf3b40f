// PilotDesk (议事台): the desktop program for coordinating the "协商在基层"
// pilot in a county or district CPPCC office.
//
//	pilotdesk [--db FILE] [--lang zh|en] [--screen NAME]   open the window
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	fyneapp "fyne.io/fyne/v2/app"

	"pilotdesk/app"
	"pilotdesk/data"
)

// appID names the per-user preferences folder (window size, language).
const appID = "cn.pilotdesk.desk"

// version is set by `make build` (-ldflags "-X main.version=...") or, in a
// `fyne package` build, read from FyneApp.toml's metadata.
var version = "dev"

func main() {
	app.Version = version
	os.Exit(runWindow(os.Args[1:]))
}

func runWindow(args []string) int {
	fs := flag.NewFlagSet("pilotdesk", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file (default: the user's PilotDesk folder)")
	langFlag := fs.String("lang", "", "window language: zh or en (default: the saved choice, else the system's)")
	screen := fs.String("screen", "", "screen to open first (overview, sites, ...; default: the last one used)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *langFlag != "" && *langFlag != app.LangZH && *langFlag != app.LangEN {
		fmt.Fprintln(os.Stderr, "pilotdesk: --lang must be zh or en")
		return 2
	}
	path, err := resolveDB(*dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pilotdesk:", err)
		return 1
	}
	setupLog(filepath.Dir(path))

	a := fyneapp.NewWithID(appID)
	if v := a.Metadata().Version; version == "dev" && v != "" {
		version = v
		app.Version = v
	}
	log.Printf("PilotDesk %s, database %s", version, path)
	app.Run(a, path, app.Options{Lang: *langFlag, Screen: *screen})
	return 0
}

// resolveDB returns --db, or the default file in the user's folder.
func resolveDB(flagPath string) (string, error) {
	if flagPath != "" {
		return filepath.Abs(flagPath)
	}
	return data.DefaultPath()
}

// setupLog appends to pilotdesk.log next to the database: a windowed .exe
// has no console, and the log is what support asks for.
func setupLog(dir string) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return
	}
	name := filepath.Join(dir, "pilotdesk.log")
	if fi, err := os.Stat(name); err == nil && fi.Size() > 5<<20 {
		os.Rename(name, name+".1")
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	log.SetOutput(io.MultiWriter(os.Stderr, f))
}
