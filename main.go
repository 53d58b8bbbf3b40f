// PilotDesk (议事台): the desktop program for coordinating the "协商在基层"
// pilot in a county or district CPPCC office.
//
//	pilotdesk [--db FILE] [--lang zh|en] [--screen NAME]   open the window
//	pilotdesk export REPORT --db FILE --out PATH ...        write a report
//	pilotdesk import KIND --db FILE INPUT.xlsx [--dry-run]  read a spreadsheet
//	pilotdesk template KIND --out FILE                      an import template
//	pilotdesk demo --db FILE [--activities N]               fill a demo database
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"

	fyneapp "fyne.io/fyne/v2/app"

	"pilotdesk/app"
	"pilotdesk/data"
	"pilotdesk/export"
)

// appID names the per-user preferences folder (window size, language).
const appID = "cn.pilotdesk.desk"

// version is set by `make build` (-ldflags "-X main.version=...") or, in a
// `fyne package` build, read from FyneApp.toml's metadata.
var version = "dev"

func main() {
	app.Version = version
	if code, ok := runVerb(os.Args[1:]); ok {
		os.Exit(code)
	}
	os.Exit(runWindow(os.Args[1:]))
}

const windowUsage = "usage: pilotdesk [--db FILE] [--lang zh|en] [--screen NAME], or pilotdesk export|import|template|demo ..."

func runWindow(args []string) int {
	fs := flag.NewFlagSet("pilotdesk", flag.ContinueOnError)
	dbPath := fs.String("db", "", "database file (default: the user's PilotDesk folder)")
	langFlag := fs.String("lang", "", "window language: zh or en (default: the saved choice, else the system's)")
	screen := fs.String("screen", "", "screen to open first (overview, sites, ...; default: the last one used)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		// "pilotdesk --db F demo" opened the window and dropped "demo".
		return usage(windowUsage, fmt.Sprintf("unexpected %q (a command comes first: pilotdesk %s --db FILE ...)", fs.Arg(0), fs.Arg(0)))
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

// ---- command-line verbs ----------------------------------------------------

// The command-line verbs run before any window exists:
//
//	pilotdesk export REPORT --db FILE --out PATH [--from YYYY-MM-DD --to YYYY-MM-DD] [--activity ID]
//	  (REPORT: roster, panels, signin, ledger, followups, cases, summary, stats or all)
//	pilotdesk demo --db FILE [--activities N] [--seed S]
//
// They speak to operators and scripts: results on stdout, one line of error
// (Chinese and English) on stderr; exit 0 on success, 1 on failure, 2 on a
// usage error.

// runVerb runs the command-line verb named by args[0], if it is one.
func runVerb(args []string) (code int, ok bool) {
	verbs := map[string]func([]string) int{
		"export": runExport, "demo": runDemo, "import": runImport, "template": runTemplate,
	}
	if len(args) == 0 || verbs[args[0]] == nil {
		return 0, false
	}
	app.AttachConsole()
	return verbs[args[0]](args[1:]), true
}

const exportUsage = "usage: pilotdesk export roster|panels|signin|ledger|followups|cases|summary|stats|all --db FILE --out PATH" +
	" [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--activity ID] (signin needs --activity; for all, --out is a folder)"

func runExport(args []string) int {
	fs := flag.NewFlagSet("pilotdesk export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "database file")
	out := fs.String("out", "", "workbook to write; a folder for all")
	from := fs.String("from", "", "first day of the period")
	to := fs.String("to", "", "last day of the period")
	activity := fs.Uint("activity", 0, "activity ID of the sign-in sheet")
	// REPORT may come before or after the flags.
	var report string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		report, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usage(exportUsage, err)
	}
	if report == "" && fs.NArg() > 0 {
		report = fs.Arg(0)
	}
	var opts export.Options
	var err error
	if opts.From, err = data.ParseDate(*from); err != nil {
		return usage(exportUsage, "--from: "+data.Message(err, "en"))
	}
	if opts.To, err = data.ParseDate(*to); err != nil {
		return usage(exportUsage, "--to: "+data.Message(err, "en"))
	}
	opts.ActivityID = *activity
	switch {
	case report == "":
		return usage(exportUsage, "which report?")
	case report != "all" && !isReport(report):
		return usage(exportUsage, fmt.Sprintf("unknown report %q", report))
	case *out == "":
		return usage(exportUsage, "--out is required")
	case report == string(export.ReportSignIn) && opts.ActivityID == 0:
		return usage(exportUsage, "signin needs --activity ID")
	case !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From):
		return usage(exportUsage, "--to is before --from")
	}

	// A 100,000-row ledger holds about 25 MB but makes garbage fast; at
	// the default pace the heap grew to 70 MB. A soft limit keeps the
	// process under the 120 MB budget (measured: RSS 111 MB -> 99 MB).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
	st, code := openExisting(*dbPath)
	if st == nil {
		return code
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if report == "all" {
		paths, err := export.All(ctx, st, *out, opts)
		for _, p := range paths {
			fmt.Println(p)
		}
		return fail(err)
	}
	path := *out
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = strings.TrimRight(path, `/\`) + string(os.PathSeparator) + export.FileName(export.Report(report), opts)
	}
	if err := export.Run(ctx, st, export.Report(report), path, opts); err != nil {
		return fail(err)
	}
	fmt.Println(path)
	return 0
}

func isReport(name string) bool {
	for _, r := range export.Reports {
		if string(r) == name {
			return true
		}
	}
	return false
}

const demoUsage = "usage: pilotdesk demo --db FILE [--activities N] [--seed S] [--townships T]" +
	" (fills a new database with the demo district; with N, adds N synthetic activities;" +
	" with T, a province-scale database: T townships in all with sites and people in proportion," +
	" and N activities in all with attendees and follow-up items)"

func runDemo(args []string) int {
	fs := flag.NewFlagSet("pilotdesk demo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "database file (created if missing)")
	n := fs.Int("activities", 0, "synthetic activities to add")
	seed := fs.Int64("seed", 1, "random seed of the synthetic activities")
	townships := fs.Int("townships", 0, "townships in all, for a province-scale database (benchmarks)")
	if err := fs.Parse(args); err != nil {
		return usage(demoUsage, err)
	}
	if *dbPath == "" || fs.NArg() > 0 {
		return usage(demoUsage, "--db FILE is required")
	}
	if *n < 0 {
		return usage(demoUsage, "--activities must not be negative")
	}
	st, err := data.Open(*dbPath)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := st.LoadDemo(ctx); err != nil {
		return fail(err)
	}
	if *townships > 0 { // data/demo_scale.go
		err := st.GenerateScale(ctx, data.Scale{Townships: *townships, Activities: *n, Seed: *seed})
		if err != nil {
			return fail(err)
		}
	} else if *n > 0 {
		if err := st.GenerateActivities(ctx, *n, *seed); err != nil {
			return fail(err)
		}
	}
	fmt.Println(*dbPath)
	return 0
}

// openExisting opens the database an export reads; a missing file is an
// error rather than a new empty database.
func openExisting(path string) (*data.Store, int) {
	if path == "" {
		return nil, usage(exportUsage, "--db FILE is required")
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fail(&data.Error{Code: data.ENotFound, Err: err,
			ZH: fmt.Sprintf("数据库文件“%s”不存在。", path), EN: fmt.Sprintf("The database file %q does not exist.", path)})
	}
	st, err := data.Open(path)
	if err != nil {
		return nil, fail(err)
	}
	return st, 0
}

// usage reports a mistake on the command line in one line, exit 2; asked
// for help (-h), it prints the usage on stdout, exit 0.
func usage(text string, problem any) int {
	if problem == flag.ErrHelp {
		fmt.Println(text)
		return 0
	}
	fmt.Fprintf(os.Stderr, "pilotdesk: %v; %s\n", problem, text)
	return 2
}

// fail prints err's user sentences on one line, exit 1 (0 for nil).
func fail(err error) int {
	if err == nil {
		return 0
	}
	line := data.Message(err, "zh") + " / " + data.Message(err, "en")
	fmt.Fprintln(os.Stderr, "pilotdesk: "+strings.ReplaceAll(line, "\n", " "))
	return 1
}

// ---- import and template ----------------------------------------------------

// The import verbs:
//
//	pilotdesk import KIND --db FILE INPUT.xlsx [--dry-run] [--sheet NAME] [--panel NAME]
//	pilotdesk template KIND --out FILE [--db FILE]
//
// KIND is sites, people, assignments, panel-members or activities. import
// prints the preview (new / updated / unchanged / rejected, each rejected
// row with its reason), then imports the good rows unless --dry-run. It
// exits 1 when the file cannot be read or the import fails, 0 otherwise,
// rejected rows included (they are listed).

const importUsage = "usage: pilotdesk import sites|people|assignments|panel-members|activities --db FILE INPUT.xlsx" +
	" [--dry-run] [--sheet NAME] [--panel NAME] (INPUT may also be .csv)"

// cliLang is the language of the summary: English on an English system.
func cliLang() string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(v, "en") {
				return "en"
			}
			return "zh"
		}
	}
	return "zh"
}

func runImport(args []string) int {
	fs := flag.NewFlagSet("pilotdesk import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "database file")
	dry := fs.Bool("dry-run", false, "preview only")
	sheet := fs.String("sheet", "", "sheet to read (default: the first with a recognised header)")
	panel := fs.String("panel", "", "advisory panel of member rows that name none")
	kindArg, input, err := parseInterleaved(fs, args)
	if err != nil {
		return usage(importUsage, err)
	}
	kind, ok := export.ParseImportKind(kindArg)
	switch {
	case kindArg == "":
		return usage(importUsage, "which kind?")
	case !ok:
		return usage(importUsage, fmt.Sprintf("unknown kind %q", kindArg))
	case input == "":
		return usage(importUsage, "which file?")
	case *dbPath == "":
		return usage(importUsage, "--db FILE is required")
	}
	// As for export, a soft limit keeps garbage in check; it sits above the
	// live heap of a 100,000-row import with room to spare: that was 130 MB
	// once, when 100 MB made the collector run without pause and the import
	// take three times as long; since the sheet is let go before the write
	// (Preview.Apply) it is under 100 MB, and a limit of 96 MB costs nothing.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(160 << 20)
	}
	st, code := openExisting(*dbPath)
	if st == nil {
		return code
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	lang := cliLang()
	src, err := export.OpenSource(input)
	if err != nil {
		return fail(err)
	}
	defer src.Close()
	name := *sheet
	if name == "" {
		if name = src.GuessSheet(kind); name == "" {
			name = src.Sheets[0]
		}
	}
	t, err := src.Read(ctx, name, nil)
	if err != nil {
		return fail(err)
	}
	p, err := export.Analyze(ctx, st, kind, t, export.PreviewOptions{Panel: *panel})
	if err != nil {
		return fail(err)
	}
	printPreview(os.Stdout, p, lang)
	if *dry {
		fmt.Println(pick(lang, "（试运行，数据库未改动）", "(dry run: the database was not changed)"))
		return 0
	}
	if _, err := p.Apply(ctx, st, nil); err != nil {
		return fail(err)
	}
	fmt.Println(pick(lang, fmt.Sprintf("已导入 %d 行。", p.Good()), fmt.Sprintf("Imported %d rows.", p.Good())))
	return 0
}

// printPreview writes the summary and the rejected rows.
func printPreview(w io.Writer, p *export.Preview, lang string) {
	fmt.Fprintln(w, pick(lang,
		fmt.Sprintf("工作表：%s，表头在第 %d 行", p.Table.Sheet, p.HeaderRow),
		fmt.Sprintf("Sheet: %s, header on row %d", p.Table.Sheet, p.HeaderRow)))
	fmt.Fprintln(w, pick(lang,
		fmt.Sprintf("新增 %d，更新 %d，未变 %d，有误 %d", p.New, p.Updated, p.Unchanged, len(p.Rejected)),
		fmt.Sprintf("new %d, updated %d, unchanged %d, rejected %d", p.New, p.Updated, p.Unchanged, len(p.Rejected))))
	for _, m := range p.Created {
		fmt.Fprintln(w, pick(lang, "将新建 ", "will create ")+m.Text(lang))
	}
	for _, r := range p.Rejected {
		line := strings.ReplaceAll(data.Message(r.Err, lang), "\n", " ")
		fmt.Fprintln(w, pick(lang, fmt.Sprintf("第 %d 行：%s", r.Row, line), fmt.Sprintf("row %d: %s", r.Row, line)))
	}
}

func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

const templateUsage = "usage: pilotdesk template sites|people|assignments|panel-members|activities --out FILE [--db FILE]" +
	" (with --db, the drop-downs offer the townships, sites and panels on file)"

func runTemplate(args []string) int {
	fs := flag.NewFlagSet("pilotdesk template", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "", "workbook to write")
	dbPath := fs.String("db", "", "database whose names fill the drop-downs (optional)")
	kindArg, extra, err := parseInterleaved(fs, args)
	if err != nil {
		return usage(templateUsage, err)
	}
	kind, ok := export.ParseImportKind(kindArg)
	switch {
	case kindArg == "":
		return usage(templateUsage, "which kind?")
	case !ok:
		return usage(templateUsage, fmt.Sprintf("unknown kind %q", kindArg))
	case extra != "":
		return usage(templateUsage, fmt.Sprintf("unexpected %q", extra))
	case *out == "":
		return usage(templateUsage, "--out is required")
	}
	var st *data.Store
	if *dbPath != "" {
		var code int
		if st, code = openExisting(*dbPath); st == nil {
			return code
		}
		defer st.Close()
	}
	path := *out
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = strings.TrimRight(path, `/\`) + string(os.PathSeparator) + export.TemplateName(kind)
	}
	if err := export.WriteTemplate(context.Background(), st, kind, path); err != nil {
		return fail(err)
	}
	fmt.Println(path)
	return 0
}

// parseInterleaved parses flags that may come before, between or after
// the two positional arguments (KIND and a file).
func parseInterleaved(fs *flag.FlagSet, args []string) (first, second string, err error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", "", err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) > 2 {
		return "", "", fmt.Errorf("unexpected %q", pos[2])
	}
	pos = append(pos, "", "")
	return pos[0], pos[1], nil
}
