// PilotDesk (议事台): the desktop program for coordinating the "协商在基层"
// pilot in a county or district CPPCC office.
//
//	pilotdesk [--db FILE] [--lang zh|en] [--screen NAME]   open the window
//	pilotdesk export REPORT --db FILE --out PATH ...        write a report
//	pilotdesk import KIND --db FILE INPUT.xlsx [--dry-run]  read a spreadsheet
//	pilotdesk template KIND --out FILE                      an import template
//	pilotdesk demo --db FILE [--activities N] [--county C]  fill a demo database
//	pilotdesk merge --db CITY.db FILE... [--dry-run]        merge counties' 报送表 at the city
//	pilotdesk counties --db CITY.db [NAME...]               a city's counties (makes it a city's database)
//	pilotdesk copy --from A --to B                          copy a database (file or server)
//	pilotdesk help                                          list the commands
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
	_ "pilotdesk/app/quietlocale" // before Fyne's lang package: see there
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

func runWindow(args []string) int {
	setCLILang(args)
	fs := flag.NewFlagSet("pilotdesk", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dbPath := fs.String("db", "", "")
	langFlag := fs.String("lang", "", "")
	screen := fs.String("screen", "", "")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			app.AttachConsole()
			printHelp(os.Stdout)
			return 0
		}
		return usage(windowUsage(), flagProblem(err))
	}
	if fs.NArg() > 0 {
		// "pilotdesk --db F demo" opened the window and dropped "demo".
		return usage(windowUsage(), tr(
			fmt.Sprintf("多出了“%s”（命令要写在最前面：pilotdesk %s --db 文件 …）", fs.Arg(0), fs.Arg(0)),
			fmt.Sprintf("unexpected %q (a command comes first: pilotdesk %s --db FILE ...)", fs.Arg(0), fs.Arg(0))))
	}
	if *langFlag != "" && *langFlag != app.LangZH && *langFlag != app.LangEN {
		return usage(windowUsage(), tr("--lang 只能是 zh 或 en", "--lang must be zh or en"))
	}
	path, err := resolveDB(*dbPath)
	if err != nil {
		app.AttachConsole()
		return fail(err)
	}
	logDir := filepath.Dir(path)
	if data.IsServerURL(path) {
		def, _ := data.DefaultPath()
		logDir = filepath.Dir(def)
	}
	setupLog(logDir)

	a := fyneapp.NewWithID(appID)
	if *dbPath == "" { // 设置 → 数据库 may have chosen a server
		if url := app.RememberedServer(a); url != "" {
			path = url
		}
	}
	if v := a.Metadata().Version; version == "dev" && v != "" {
		version = v
		app.Version = v
	}
	log.Printf("PilotDesk %s, database %s", version, shownDB(path))
	app.Run(a, path, app.Options{Lang: *langFlag, Screen: *screen})
	return 0
}

func windowUsage() string {
	return tr("用法：pilotdesk [--db 文件] [--lang zh|en] [--screen 界面]，或 pilotdesk 命令 …（pilotdesk help 列出命令）",
		"usage: pilotdesk [--db FILE] [--lang zh|en] [--screen NAME], or pilotdesk COMMAND ... (pilotdesk help lists them)")
}

// resolveDB returns --db (a file or a server's URL), or the default file in
// the user's folder.
func resolveDB(flagPath string) (string, error) {
	if data.IsServerURL(flagPath) {
		return flagPath, nil
	}
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

// The command-line verbs run before any window exists. They speak to
// operators and scripts: results on stdout, what went wrong on stderr, in
// the user's language (cli_lang.go); exit 0 on success, 1 on failure, 2 on
// a usage error. `pilotdesk help` lists them.

// verbs are the command-line verbs, in the order help lists them.
var verbs = []struct {
	name   string
	run    func([]string) int
	zh, en string // what it does, for help
}{
	{"export", runExport, "导出报表：一览表 roster、顾问团名册 panels、签到表 signin、台账 ledger、督办事项台账 followups、典型案例 cases、工作情况统计表 summary、统计表 stats、议题库 topics、全部 all，报送市政协的报送表 report",
		"write a report: roster, panels, signin, ledger, followups, cases, summary, stats, topics, or all of them; report: the workbook sent up to the city"},
	{"import", runImport, "从 Excel/WPS 表格或 CSV 导入名册、台账（数据库文件不存在时自动生成）",
		"read rosters and ledgers from a spreadsheet or CSV (makes the database if missing)"},
	{"template", runTemplate, "生成带下拉选项的导入模板；report：供未使用议事台的县手工填写的报送表", "write an import template with drop-downs; report: the blank report workbook a county without PilotDesk fills in"},
	{"merge", runMerge, "市级：合并各县（市、区）的报送表（export report 导出）", "city level: merge the counties' report workbooks (written by export report)"},
	{"counties", runCounties, "市级：把数据库设为市级，并列出（或添加）报送的县（市、区）", "city level: make the database a city's and list (or add) its reporting counties"},
	{"demo", runDemo, "生成演示数据库（马龙区示例）", "fill a new database with the demo district (马龙区)"},
	{"copy", runCopy, "把数据库整个复制到另一个空数据库（文件或服务器 postgres://…），复制后逐表核对",
		"copy a whole database into another, empty one (a file or a server's postgres://...), checked table by table"},
	{"help", nil, "显示本说明", "show this list"}, // runVerb
}

// runVerb runs the verb named by args[0], if it is one; help for -h,
// --help and any other word that is not a verb. Flags first are the window's.
func runVerb(args []string) (code int, ok bool) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && !isHelp(args[0]) {
		return 0, false
	}
	app.AttachConsole()
	setCLILang(args[1:])
	if isHelp(args[0]) || args[0] == "help" {
		printHelp(os.Stdout)
		return 0, true
	}
	for _, v := range verbs {
		if v.name == args[0] {
			return v.run(args[1:]), true
		}
	}
	fmt.Fprintln(os.Stderr, "pilotdesk: "+tr(fmt.Sprintf("没有“%s”这个命令。", args[0]), fmt.Sprintf("there is no command %q.", args[0])))
	printHelp(os.Stderr)
	return 2, true
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// printHelp lists what pilotdesk does, a line each, in the user's language;
// in both when the system's is neither Chinese nor English.
func printHelp(w io.Writer) {
	langs := []string{cliLang}
	if !cliLangKnown {
		langs = []string{app.LangZH, app.LangEN}
	}
	for i, l := range langs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		zh := l == app.LangZH
		fmt.Fprintln(w, pick(zh, "议事台 PilotDesk "+version+"：“协商在基层”试点工作管理",
			"PilotDesk "+version+": the \"consultation at the grassroots\" pilot's records"))
		fmt.Fprintln(w, pick(zh, "用法：pilotdesk [命令] [选项]", "usage: pilotdesk [COMMAND] [OPTIONS]"))
		fmt.Fprintf(w, "  %-9s  %s\n", "",
			pick(zh, "打开窗口：pilotdesk [--db 文件] [--lang zh|en] [--screen 界面]",
				"open the window: pilotdesk [--db FILE] [--lang zh|en] [--screen NAME]"))
		for _, v := range verbs {
			fmt.Fprintf(w, "  %-9s  %s\n", v.name, pick(zh, v.zh, v.en))
		}
		fmt.Fprintln(w, pick(zh, "每个命令的用法：pilotdesk 命令 --help。--lang zh|en 选择提示的语言。",
			"Each command's options: pilotdesk COMMAND --help. --lang zh|en chooses the language of messages."))
	}
}

func exportUsage() string {
	return tr("用法：pilotdesk export roster|panels|signin|ledger|followups|cases|summary|stats|topics|all|report --db 文件 --out 路径"+
		" [--from 2026-01-01] [--to 2026-12-31] [--activity 活动编号] [--plan 协商计划编号] [--phones] [--lang zh|en]（不写 --from、--to 时，台账、督办事项台账、典型案例和统计表为今年；signin 签到表需要 --activity，加 --phones 才印联系电话；all 的 --out 是文件夹）",
		"usage: pilotdesk export roster|panels|signin|ledger|followups|cases|summary|stats|topics|all|report --db FILE --out PATH"+
			" [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--activity ID] [--plan ID] [--phones] [--lang zh|en] (without --from and --to, the ledgers, cases and statistics cover this year;"+
			" signin needs --activity and prints phone numbers only with --phones; for all, --out is a folder)")
}

func runExport(args []string) int {
	fs := newFlags("export", args)
	dbPath := fs.String("db", "", "")
	out := fs.String("out", "", "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	activity := fs.Uint("activity", 0, "")
	plan := fs.Uint("plan", 0, "")
	phones := fs.Bool("phones", false, "")
	// REPORT may come before or after the flags.
	var report string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		report, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usage(exportUsage(), flagProblem(err))
	}
	if report == "" && fs.NArg() > 0 {
		report = fs.Arg(0)
	}
	var opts export.Options
	var err error
	if opts.From, err = data.ParseDate(*from); err != nil {
		return usage(exportUsage(), "--from: "+data.Message(err, cliLang))
	}
	if opts.To, err = data.ParseDate(*to); err != nil {
		return usage(exportUsage(), "--to: "+data.Message(err, cliLang))
	}
	opts.ActivityID, opts.PlanID, opts.Phones = *activity, *plan, *phones
	switch {
	case report == "":
		return usage(exportUsage(), tr("要导出哪份报表？", "which report?"))
	case report != "all" && report != string(export.ReportSubmission) && !isReport(report):
		return usage(exportUsage(), tr(fmt.Sprintf("没有“%s”这份报表", report), fmt.Sprintf("unknown report %q", report)))
	case *out == "":
		return usage(exportUsage(), tr("缺少 --out（保存到哪里）", "--out is required"))
	case report == string(export.ReportSignIn) && opts.ActivityID == 0 && opts.PlanID == 0:
		return usage(exportUsage(), tr("签到表 signin 需要 --activity 活动编号（或 --plan 协商计划编号）", "signin needs --activity ID (or --plan ID)"))
	case !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From):
		return usage(exportUsage(), tr("--to 早于 --from", "--to is before --from"))
	}
	// As the window proposes: a period report covers this year unless told.
	switch export.Report(report) {
	case export.ReportLedger, export.ReportFollowUps, export.ReportCases, export.ReportSummary, export.ReportStats, export.ReportSubmission, "all":
		opts.From, opts.To = export.DefaultPeriod(opts.From, opts.To, data.Today())
	}

	// A 100,000-row ledger holds about 25 MB but makes garbage fast; at
	// the default pace the heap grew to 70 MB. A soft limit keeps the
	// process under the 120 MB budget (measured: RSS 111 MB -> 99 MB).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
	st, code := openExisting(*dbPath, exportUsage())
	if st == nil {
		return code
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// A report without the district or the unit would go up with a blank
	// title; the office fills them in once, in the window's 设置 (a
	// placeholder would be sent on by mistake, and the city merges the
	// counties' workbooks by the district).
	office, err := st.Office(ctx)
	if err == nil {
		err = office.ReadyForReports()
	}
	if err != nil {
		return fail(err)
	}

	if report == "all" {
		paths, err := export.All(ctx, st, *out, opts)
		for _, p := range paths {
			fmt.Println(p)
		}
		return fail(err)
	}
	path := *out
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = strings.TrimRight(path, `/\`) + string(os.PathSeparator) + export.FileName(ctx, st, export.Report(report), opts)
	}
	if report == string(export.ReportSubmission) {
		err = export.WriteReport(ctx, st, path, data.Period{From: opts.From, To: opts.To}, version, nil)
	} else {
		err = export.Run(ctx, st, export.Report(report), path, opts)
	}
	if err != nil {
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

func demoUsage() string {
	return tr("用法：pilotdesk demo --db 文件 [--activities N] [--seed S] [--townships T] [--county 县名] [--lang zh|en]"+
		"（在新数据库中生成马龙区演示数据；给出县名时以该县的名义生成；给出 N 时另加 N 次随机活动；给出 T 时生成全省规模的数据库：共 T 个乡镇，试点单位和人员按比例，共 N 次活动）",
		"usage: pilotdesk demo --db FILE [--activities N] [--seed S] [--townships T] [--county NAME] [--lang zh|en]"+
			" (fills a new database with the demo district, under the county NAME when given; with N, adds N synthetic activities;"+
			" with T, a province-scale database: T townships in all with sites and people in proportion,"+
			" and N activities in all with attendees and follow-up items)")
}

func runDemo(args []string) int {
	fs := newFlags("demo", args)
	dbPath := fs.String("db", "", "")
	n := fs.Int("activities", 0, "")
	seed := fs.Int64("seed", 1, "")
	townships := fs.Int("townships", 0, "")
	county := fs.String("county", "", "")
	if err := fs.Parse(args); err != nil {
		return usage(demoUsage(), flagProblem(err))
	}
	if *dbPath == "" || fs.NArg() > 0 {
		return usage(demoUsage(), tr("缺少 --db 数据库文件", "--db FILE is required"))
	}
	if *n < 0 {
		return usage(demoUsage(), tr("--activities 不能是负数", "--activities must not be negative"))
	}
	st, err := data.Open(*dbPath)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := st.LoadDemo(ctx, data.Today()); err != nil {
		return fail(err)
	}
	if c := strings.TrimSpace(*county); c != "" {
		if err := st.DemoAs(ctx, c); err != nil {
			return fail(err)
		}
	}
	if *townships > 0 { // data/demo_scale.go
		err := st.GenerateScale(ctx, data.Scale{Townships: *townships, Activities: *n, Seed: *seed})
		if err != nil {
			return fail(err)
		}
	} else if *n > 0 {
		if err := st.GenerateActivities(ctx, *n, *seed, data.Today()); err != nil {
			return fail(err)
		}
	}
	fmt.Println(shownDB(*dbPath))
	return 0
}

// shownDB is the database as the log and the terminal may show it: a
// server's URL without its password.
func shownDB(path string) string {
	if data.IsServerURL(path) {
		return data.ShownURL(path)
	}
	return path
}

// openExisting opens the database an export reads; a missing file is an
// error rather than a new empty database.
func openExisting(path, usageText string) (*data.Store, int) {
	if path == "" {
		return nil, usage(usageText, tr("缺少 --db 数据库文件", "--db FILE is required"))
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && !data.IsServerURL(path) {
		return nil, fail(&data.Error{Code: data.ENotFound, Err: err,
			ZH: fmt.Sprintf("数据库文件“%s”不存在。", path), EN: fmt.Sprintf("The database file %q does not exist.", path)})
	}
	st, err := data.Open(path)
	if err != nil {
		return nil, fail(err)
	}
	return st, 0
}

// newFlags is a verb's flag set; it takes --lang (read before parsing, by
// setCLILang) and prints nothing itself.
func newFlags(verb string, args []string) *flag.FlagSet {
	setCLILang(args)
	fs := flag.NewFlagSet("pilotdesk "+verb, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Func("lang", "", func(v string) error {
		if v != app.LangZH && v != app.LangEN {
			return errors.New(tr("--lang 只能是 zh 或 en", "--lang must be zh or en"))
		}
		return nil
	})
	return fs
}

// flagProblem says in the user's language what the flag package found
// wrong; its own messages are English.
func flagProblem(err error) any {
	msg := err.Error()
	if err == flag.ErrHelp || cliLang != app.LangZH {
		return err
	}
	if f, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "没有 " + f + " 这个选项"
	}
	if f, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "选项 " + f + " 后面缺少值"
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if v, f, ok := strings.Cut(rest, " for flag "); ok {
			f, why, _ := strings.Cut(f, ": ")
			if strings.HasPrefix(why, "--lang") {
				return why // our own sentence
			}
			return "选项 " + f + " 的值 " + v + " 不对"
		}
	}
	return msg
}

// usage reports a mistake on the command line, exit 2; asked for help
// (-h), it prints the usage on stdout, exit 0.
func usage(text string, problem any) int {
	app.AttachConsole() // the window's flags come here too
	if problem == flag.ErrHelp {
		fmt.Println(text)
		return 0
	}
	fmt.Fprintf(os.Stderr, "pilotdesk: %v\n%s\n", problem, text)
	return 2
}

// fail prints err's user sentence on one line, exit 1 (0 for nil).
func fail(err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(os.Stderr, "pilotdesk: "+strings.ReplaceAll(data.Message(err, cliLang), "\n", " "))
	return 1
}

// ---- import and template ----------------------------------------------------

// import prints the preview (new / updated / unchanged / rejected, each
// rejected row with its reason), then imports the good rows unless
// --dry-run. A database that does not exist yet is made, as the window
// makes one. It exits 1 when the file cannot be read or the import fails,
// 0 otherwise, rejected rows included (they are listed).

func importUsage() string {
	return tr("用法：pilotdesk import sites|people|assignments|panel-members|activities|topics --db 文件 表格.xlsx"+
		" [--dry-run] [--sheet 工作表] [--panel 顾问团] [--lang zh|en]（表格也可以是 .csv；数据库文件不存在时自动生成；--dry-run 只预览）",
		"usage: pilotdesk import sites|people|assignments|panel-members|activities|topics --db FILE INPUT.xlsx"+
			" [--dry-run] [--sheet NAME] [--panel NAME] [--lang zh|en] (INPUT may also be .csv; a missing database is made; --dry-run only previews)")
}

func runImport(args []string) int {
	fs := newFlags("import", args)
	dbPath := fs.String("db", "", "")
	dry := fs.Bool("dry-run", false, "")
	sheet := fs.String("sheet", "", "")
	panel := fs.String("panel", "", "")
	kindArg, input, err := parseInterleaved(fs, args)
	if err != nil {
		return usage(importUsage(), flagProblem(err))
	}
	kind, ok := export.ParseImportKind(kindArg)
	switch {
	case kindArg == "":
		return usage(importUsage(), tr("导入哪一类？", "which kind?"))
	case !ok:
		return usage(importUsage(), tr(fmt.Sprintf("没有“%s”这一类", kindArg), fmt.Sprintf("unknown kind %q", kindArg)))
	case input == "":
		return usage(importUsage(), tr("导入哪个文件？", "which file?"))
	case *dbPath == "":
		return usage(importUsage(), tr("缺少 --db 数据库文件", "--db FILE is required"))
	}
	// As for export, a soft limit keeps garbage in check; it sits above the
	// live heap of a 100,000-row import with room to spare: that was 130 MB
	// once, when 100 MB made the collector run without pause and the import
	// take three times as long; since the sheet is let go before the write
	// (Preview.Apply) it is under 100 MB, and a limit of 96 MB costs nothing.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(160 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	// The sheet is read before the database is opened, so that a file that
	// cannot be read makes no new database.
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
	st, made, closeDB, err := openForImport(*dbPath, *dry)
	if err != nil {
		return fail(err)
	}
	code := func() int {
		p, err := export.Analyze(ctx, st, kind, t, export.PreviewOptions{Panel: *panel})
		if err != nil {
			return fail(err)
		}
		printPreview(os.Stdout, p)
		if *dry {
			fmt.Println(tr("（试运行，数据库未改动）", "(dry run: the database was not changed)"))
			return 0
		}
		if _, err := p.Apply(ctx, st, nil); err != nil {
			return fail(err)
		}
		fmt.Println(tr(fmt.Sprintf("已导入%d行。", p.Good()), fmt.Sprintf("Imported %d rows.", p.Good())))
		return 0
	}()
	closeDB(made && code != 0)
	if made && code == 0 && !*dry {
		fmt.Println(tr(fmt.Sprintf("已生成数据库文件：%s", *dbPath), fmt.Sprintf("Created the database file %s.", *dbPath)))
	}
	return code
}

// openForImport opens the database an import writes to, making it when it
// does not exist (made). A dry run on a missing file previews against an
// empty database in a temporary folder, and leaves nothing behind. closeDB
// closes it; with drop, it also removes a database it made.
func openForImport(path string, dry bool) (st *data.Store, made bool, closeDB func(drop bool), err error) {
	_, statErr := os.Stat(path)
	made = errors.Is(statErr, os.ErrNotExist) && !data.IsServerURL(path)
	open, tmp := path, ""
	if made && dry {
		if tmp, err = os.MkdirTemp("", "pilotdesk-dry-run"); err != nil {
			return nil, false, nil, err
		}
		open = filepath.Join(tmp, "preview.db")
		fmt.Println(tr(fmt.Sprintf("数据库文件“%s”还不存在：按空白数据库预览，试运行不会生成该文件。", path),
			fmt.Sprintf("The database file %s does not exist yet: previewing against an empty one; a dry run does not make it.", path)))
	}
	if st, err = data.Open(open); err != nil {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		return nil, false, nil, err
	}
	return st, made, func(drop bool) {
		st.Close()
		switch {
		case tmp != "":
			os.RemoveAll(tmp)
		case drop:
			for _, s := range []string{"", "-wal", "-shm"} {
				os.Remove(path + s)
			}
		}
	}, nil
}

// printPreview writes the summary and the rejected rows.
func printPreview(w io.Writer, p *export.Preview) {
	fmt.Fprintln(w, tr(
		fmt.Sprintf("工作表：%s，表头在第%d行", p.Table.Sheet, p.HeaderRow),
		fmt.Sprintf("Sheet: %s, header on row %d", p.Table.Sheet, p.HeaderRow)))
	fmt.Fprintln(w, tr(
		fmt.Sprintf("新增%d行，更新%d行，未变%d行，有误%d行", p.New, p.Updated, p.Unchanged, len(p.Rejected)),
		fmt.Sprintf("new %d, updated %d, unchanged %d, rejected %d", p.New, p.Updated, p.Unchanged, len(p.Rejected))))
	for _, m := range p.Created {
		fmt.Fprintln(w, tr("还将新增", "will create ")+m.Text(cliLang))
	}
	for _, r := range p.Rejected {
		line := strings.ReplaceAll(data.Message(r.Err, cliLang), "\n", " ")
		fmt.Fprintln(w, tr(fmt.Sprintf("第%d行：%s", r.Row, line), fmt.Sprintf("row %d: %s", r.Row, line)))
	}
}

func templateUsage() string {
	return tr("用法：pilotdesk template sites|people|assignments|panel-members|activities|topics|report --out 文件 [--db 文件] [--lang zh|en]"+
		"（给出 --db 时，下拉选项列出其中的乡镇、试点单位和顾问团；report 为手工填写的报送表：只有工作情况统计表）",
		"usage: pilotdesk template sites|people|assignments|panel-members|activities|topics|report --out FILE [--db FILE] [--lang zh|en]"+
			" (with --db, the drop-downs offer the townships, sites and panels on file; report: the blank report workbook, the summary sheet alone)")
}

func runTemplate(args []string) int {
	fs := newFlags("template", args)
	out := fs.String("out", "", "")
	dbPath := fs.String("db", "", "")
	kindArg, extra, err := parseInterleaved(fs, args)
	if err != nil {
		return usage(templateUsage(), flagProblem(err))
	}
	if kindArg == string(export.ReportSubmission) {
		if *out == "" {
			return usage(templateUsage(), tr("缺少 --out（保存到哪里）", "--out is required"))
		}
		if err := export.WriteReportTemplate(*out, version); err != nil {
			return fail(err)
		}
		fmt.Println(*out)
		return 0
	}
	kind, ok := export.ParseImportKind(kindArg)
	switch {
	case kindArg == "":
		return usage(templateUsage(), tr("哪一类的模板？", "which kind?"))
	case !ok:
		return usage(templateUsage(), tr(fmt.Sprintf("没有“%s”这一类", kindArg), fmt.Sprintf("unknown kind %q", kindArg)))
	case extra != "":
		return usage(templateUsage(), tr(fmt.Sprintf("多出了“%s”", extra), fmt.Sprintf("unexpected %q", extra)))
	case *out == "":
		return usage(templateUsage(), tr("缺少 --out（保存到哪里）", "--out is required"))
	}
	var st *data.Store
	if *dbPath != "" {
		var code int
		if st, code = openExisting(*dbPath, templateUsage()); st == nil {
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
		return "", "", fmt.Errorf(tr("多出了“%s”", "unexpected %q"), pos[2])
	}
	pos = append(pos, "", "")
	return pos[0], pos[1], nil
}

func copyUsage() string {
	return tr("用法：pilotdesk copy --from 源 --to 目标（各为数据库文件或 postgres://用户@主机:5432/库名 ；密码取自 PGPASSWORD 或 ~/.pgpass）",
		"usage: pilotdesk copy --from SOURCE --to TARGET (each a database file or postgres://user@host:5432/dbname; the password comes from PGPASSWORD or ~/.pgpass)")
}

// runCopy copies a database between files and servers: a county's file
// onto the server, or a server's database into a local file. The target
// must hold no records.
func runCopy(args []string) int {
	fs := newFlags("copy", args)
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	if err := fs.Parse(args); err != nil {
		return usage(copyUsage(), flagProblem(err))
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		return usage(copyUsage(), tr("需要 --from 和 --to", "--from and --to are required"))
	}
	src, dst := *from, *to
	if !data.IsServerURL(src) {
		if _, err := os.Stat(src); err != nil {
			return fail(&data.Error{Code: data.ENotFound, Err: err,
				ZH: fmt.Sprintf("数据库文件“%s”不存在。", src), EN: fmt.Sprintf("The database file %q does not exist.", src)})
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	checks, err := data.Copy(ctx, src, dst, func(table string, rows int) {
		fmt.Printf("%-18s %8d\n", table, rows)
	})
	if err != nil {
		return fail(err)
	}
	total := 0
	for _, c := range checks {
		total += c.Rows
	}
	fmt.Println(tr(fmt.Sprintf("已复制到 %s：%d 张表共 %d 行，逐表核对行数和校验和一致。", shownDB(dst), len(checks), total),
		fmt.Sprintf("Copied to %s: %d tables, %d rows; every table's row count and checksum match.", shownDB(dst), len(checks), total)))
	return 0
}

func mergeUsage() string {
	return tr("用法：pilotdesk merge --db 市级数据库 报送表.xlsx… [--dry-run] [--lang zh|en]"+
		"（逐个检查、预览并合并各县的报送表，每个文件一个事务；有文件被拒绝时退出码为1；--dry-run 只预览）",
		"usage: pilotdesk merge --db CITY.db FILE.xlsx... [--dry-run] [--lang zh|en]"+
			" (checks, previews and merges each county's report workbook, one transaction per file; exit code 1 when any file was refused; --dry-run only previews)")
}

// runMerge merges counties' 报送表 into a city's database, each file on
// its own: a refused file is reported and the others go on.
func runMerge(args []string) int {
	fs := newFlags("merge", args)
	dbPath := fs.String("db", "", "")
	dry := fs.Bool("dry-run", false, "")
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return usage(mergeUsage(), flagProblem(err))
		}
		if fs.NArg() == 0 {
			break
		}
		files, args = append(files, fs.Arg(0)), fs.Args()[1:]
	}
	if len(files) == 0 {
		return usage(mergeUsage(), tr("合并哪些报送表？", "which files?"))
	}
	st, code := openExisting(*dbPath, mergeUsage())
	if st == nil {
		return code
	}
	defer st.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	// The next workbook is read while this one merges: reading is a third
	// of a county's time (10 counties of 10,000 activities: 30 s -> 16 s).
	type read struct {
		s   *data.Submission
		err error
	}
	reads := make(chan read, 1)
	go func() {
		defer close(reads)
		for _, f := range files {
			s, err := export.ReadReport(f)
			reads <- read{s, err}
		}
	}()
	refused := 0
	for r := range reads {
		s, err := r.s, r.err
		var p *data.MergePreview
		if err == nil {
			if *dry {
				p, err = st.PreviewMerge(ctx, s)
			} else {
				p, err = st.Merge(ctx, s, nil)
			}
		}
		if err != nil {
			refused++
			fmt.Fprintln(os.Stderr, "pilotdesk: "+tr("未合并：", "not merged: ")+strings.ReplaceAll(data.Message(err, cliLang), "\n", " "))
			continue
		}
		fmt.Println(p.Text(cliLang))
	}
	if *dry {
		fmt.Println(tr("（试运行，数据库未改动）", "(dry run: the database was not changed)"))
	}
	if refused > 0 {
		return 1
	}
	return 0
}

func countiesUsage() string {
	return tr("用法：pilotdesk counties --db 市级数据库 [--city 市名] [县名…] [--lang zh|en]（把数据库设为市级，--city 给出本市名称；给出县名时添加尚未列入的县；列出全部县）",
		"usage: pilotdesk counties --db CITY.db [--city NAME] [NAME...] [--lang zh|en] (makes the database a city's, named by --city; adds the counties named that are not listed yet; lists them all)")
}

// runCounties makes a database a city's and keeps its list of counties,
// as 设置 does in the window.
func runCounties(args []string) int {
	fs := newFlags("counties", args)
	dbPath := fs.String("db", "", "")
	cityName := fs.String("city", "", "")
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			return usage(countiesUsage(), flagProblem(err))
		}
		if fs.NArg() == 0 {
			break
		}
		names, args = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	if *dbPath == "" {
		return usage(countiesUsage(), tr("缺少 --db 数据库文件", "--db FILE is required"))
	}
	st, err := data.Open(*dbPath)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	ctx := context.Background()
	set := map[string]string{data.SettingLevel: data.LevelCity}
	if c := strings.TrimSpace(*cityName); c != "" { // the office, as 设置 names it
		set[data.SettingDistrict], set[data.SettingReportUnit] = c, "政协"+c+"委员会办公室"
	}
	if err := st.SetSettings(ctx, set); err != nil {
		return fail(err)
	}
	have, err := st.Counties(ctx)
	if err != nil {
		return fail(err)
	}
	known := map[string]bool{}
	for _, c := range have {
		known[c.Name] = true
	}
	for _, n := range names {
		if n = strings.TrimSpace(n); n == "" || known[n] {
			continue
		}
		if err := st.SaveCounty(ctx, &data.County{Name: n, Office: "政协" + n + "委员会"}); err != nil {
			return fail(err)
		}
		known[n] = true
	}
	all, err := st.Counties(ctx)
	if err != nil {
		return fail(err)
	}
	for _, c := range all {
		fmt.Println(c.Name)
	}
	return 0
}
