package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

// TestMain runs the program itself when a test starts this binary as
// pilotdesk (runPilotdesk): package initialisation included, as a user's
// command runs it.
func TestMain(m *testing.M) {
	if os.Getenv("PILOTDESK_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// runPilotdesk runs `pilotdesk args...` in a process of its own with the
// system language set by locale (the LANG value; LC_ALL and the like
// cleared), and returns what it printed and its exit code.
func runPilotdesk(t *testing.T, locale string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, e := range os.Environ() {
		if k, _, _ := strings.Cut(e, "="); k != "LANG" && k != "LANGUAGE" && !strings.HasPrefix(k, "LC_") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, "PILOTDESK_RUN_MAIN=1", "LANG="+locale)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// help lists every verb, a line each, in the system's language or the one
// --lang asks for, and in both when the system's is neither; an unknown
// verb gets the list on stderr.
func TestHelpListsTheVerbs(t *testing.T) {
	zh := []string{"用法：pilotdesk [命令]", "export     导出报表", "import     从 Excel", "template   生成", "demo       生成演示数据库", "help       显示本说明"}
	en := []string{"usage: pilotdesk [COMMAND]", "export     write a report", "import     read rosters", "template   write an import template", "demo       fill a new database", "help       show this list"}
	for _, c := range []struct {
		locale string
		args   []string
		want   [][]string // phrases that must be there
		not    []string
	}{
		{"zh_CN.UTF-8", []string{"--help"}, [][]string{zh}, en[:1]},
		{"zh_CN.UTF-8", []string{"-h"}, [][]string{zh}, en[:1]},
		{"zh_CN.UTF-8", []string{"help"}, [][]string{zh}, en[:1]},
		{"zh_CN.UTF-8", []string{"help", "--lang", "en"}, [][]string{en}, zh[:1]},
		{"zh_CN.UTF-8", []string{"help", "-lang=en"}, [][]string{en}, zh[:1]},
		{"en_GB.UTF-8", []string{"--help"}, [][]string{en}, zh[:1]},
		{"en_GB.UTF-8", []string{"-h", "--lang=zh"}, [][]string{zh}, en[:1]},
		{"C", []string{"help"}, [][]string{zh, en}, nil},
		{"fr_FR.UTF-8", []string{"--help"}, [][]string{zh, en}, nil},
	} {
		out, errOut, code := runPilotdesk(t, c.locale, c.args...)
		if code != 0 || errOut != "" {
			t.Errorf("LANG=%s pilotdesk %q: exit %d, stderr %q", c.locale, c.args, code, errOut)
		}
		for _, phrases := range c.want {
			for _, p := range phrases {
				if !strings.Contains(out, p) {
					t.Errorf("LANG=%s pilotdesk %q: no %q in\n%s", c.locale, c.args, p, out)
				}
			}
		}
		for _, p := range c.not {
			if strings.Contains(out, p) {
				t.Errorf("LANG=%s pilotdesk %q: %q in\n%s", c.locale, c.args, p, out)
			}
		}
	}
	for locale, first := range map[string]string{"zh_CN.UTF-8": "pilotdesk: 没有“expotr”这个命令。", "en_US.UTF-8": `pilotdesk: there is no command "expotr".`} {
		out, errOut, code := runPilotdesk(t, locale, "expotr", "stats")
		if code != 2 || out != "" || !strings.HasPrefix(errOut, first+"\n") || !strings.Contains(errOut, "template") {
			t.Errorf("LANG=%s, unknown verb: exit %d, stdout %q, stderr %q", locale, code, out, errOut)
		}
	}
}

// The verbs speak the user's language, and print nothing of Fyne's on
// the way, whatever LANG holds.
func TestVerbsInTheUsersLanguageWithoutLocaleWarnings(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code := runDemo([]string{"--db", db}); code != 0 {
		t.Fatalf("demo exit %d", code)
	}
	for _, locale := range []string{"C", "C.UTF-8", "POSIX", "", "zh_CN.UTF-8", "en_US.UTF-8"} {
		out, errOut, code := runPilotdesk(t, locale, "export", "stats", "--db", db, "--out", dir)
		if code != 0 || errOut != "" || !strings.HasSuffix(out, ".xlsx\n") {
			t.Errorf("LANG=%q: exit %d, stdout %q, stderr %q", locale, code, out, errOut)
		}
	}
	for _, c := range []struct{ locale, lang, want string }{
		{"zh_CN.UTF-8", "", "pilotdesk: 缺少 --out（保存到哪里）\n用法：pilotdesk export"},
		{"en_US.UTF-8", "", "pilotdesk: --out is required\nusage: pilotdesk export"},
		{"C.UTF-8", "", "pilotdesk: --out is required\nusage: pilotdesk export"},
		{"en_US.UTF-8", "zh", "pilotdesk: 缺少 --out（保存到哪里）\n用法：pilotdesk export"},
		{"zh_CN.UTF-8", "en", "pilotdesk: --out is required\nusage: pilotdesk export"},
	} {
		args := []string{"export", "ledger", "--db", db}
		if c.lang != "" {
			args = append(args, "--lang", c.lang)
		}
		_, errOut, code := runPilotdesk(t, c.locale, args...)
		if code != 2 || !strings.HasPrefix(errOut, c.want) {
			t.Errorf("LANG=%s --lang %q: exit %d, stderr %q", c.locale, c.lang, code, errOut)
		}
	}
	_, errOut, code := runPilotdesk(t, "zh_CN.UTF-8", "export", "ledger", "--db", filepath.Join(dir, "none.db"), "--out", dir)
	if code != 1 || errOut != "pilotdesk: 数据库文件“"+filepath.Join(dir, "none.db")+"”不存在。\n" {
		t.Errorf("missing database: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runPilotdesk(t, "zh_CN.UTF-8", "export", "ledger", "--db", db, "--bogus")
	if code != 2 || !strings.HasPrefix(errOut, "pilotdesk: 没有 -bogus 这个选项\n") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runPilotdesk(t, "zh_CN.UTF-8", "export", "ledger", "--db", db, "--lang", "fr")
	if code != 2 || !strings.HasPrefix(errOut, "pilotdesk: --lang 只能是 zh 或 en\n") {
		t.Errorf("bad --lang: exit %d, stderr %q", code, errOut)
	}
}

// A newcomer starts from their spreadsheets on the command line: the
// import makes the database and says so; a dry run makes nothing, nor does
// an import that fails; and the reports wait for the office's details.
func TestImportIntoANewDatabase(t *testing.T) {
	dir := t.TempDir()
	sheet := filepath.Join(dir, "试点单位.xlsx")
	if code := runTemplate([]string{"sites", "--out", sheet}); code != 0 {
		t.Fatalf("template exit %d", code)
	}
	f, err := excelize.OpenFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("试点单位", "A3", &[]any{1, "", "同乐街道", "乡镇（街道）"})
	f.SetSheetRow("试点单位", "A4", &[]any{2, "同乐街道", "鑫城社区", "村（社区）"})
	f.Save()
	f.Close()
	db := filepath.Join(dir, "新建", "pilotdesk.db")

	out, errOut, code := runPilotdesk(t, "zh_CN.UTF-8", "import", "sites", "--db", db, sheet, "--dry-run")
	if code != 0 || errOut != "" || !strings.Contains(out, "还不存在：按空白数据库预览") || !strings.Contains(out, "新增2行，") {
		t.Errorf("dry run: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dry run left %v", err)
	}
	_, _, code = runPilotdesk(t, "zh_CN.UTF-8", "import", "sites", "--db", db, filepath.Join(dir, "none.xlsx"))
	if _, err := os.Stat(db); code != 1 || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed import: exit %d, database %v", code, err)
	}

	out, errOut, code = runPilotdesk(t, "en_US.UTF-8", "import", "sites", "--db", db, sheet)
	if code != 0 || errOut != "" || !strings.Contains(out, "Imported 2 rows.\nCreated the database file "+db) {
		t.Errorf("import: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	st, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	sites, _ := st.Sites(context.Background(), data.SiteFilter{})
	st.Close()
	if len(sites) != 2 {
		t.Errorf("%d sites in the new database", len(sites))
	}

	_, errOut, code = runPilotdesk(t, "zh_CN.UTF-8", "export", "roster", "--db", db, "--out", dir)
	if code != 1 || !strings.Contains(errOut, "尚未填写县（市、区）名称和填报单位") || !strings.Contains(errOut, "“设置→单位信息”") {
		t.Errorf("export without the office's details: exit %d, stderr %q", code, errOut)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*一览表*")); len(m) != 0 {
		t.Errorf("written anyway: %v", m)
	}
}

// A verb after the window's flags is refused, not dropped for the window.
func TestVerbAfterFlagsRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code := runWindow([]string{"--db", db, "demo", "--activities", "10"}); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the database was made: %v", err)
	}
}

func TestDemoAndExportVerbs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code := runDemo([]string{"--db", db, "--activities", "200"}); code != 0 {
		t.Fatalf("demo exit %d", code)
	}
	if code := runDemo([]string{"--db", db}); code != 1 {
		t.Errorf("demo on a filled database: exit %d, want 1", code)
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		file string
	}{
		{[]string{"ledger", "--db", db, "--out", filepath.Join(out, "l.xlsx"), "--from", "2020-01-01", "--to", "2020-12-31"}, 0, "l.xlsx"},
		{[]string{"--db", db, "--out", filepath.Join(out, "s.xlsx"), "stats"}, 0, "s.xlsx"},
		{[]string{"roster", "--db", db, "--out", out}, 0, "试点单位及挂包联系一览表.xlsx"},
		{[]string{"summary", "--db", db, "--out", out, "--from", "2020-01-01", "--to", "2020-12-31"}, 0, "工作情况统计表（2020-01-01至2020-12-31）.xlsx"},
		{[]string{"followups", "--db", db, "--out", out, "--from", "2020-01-01", "--to", "2020-12-31"}, 0, "督办事项台账（2020-01-01至2020-12-31）.xlsx"},
		{[]string{"cases", "--db", db, "--out", filepath.Join(out, "c.xlsx")}, 0, "c.xlsx"},
		{[]string{"all", "--db", db, "--out", out}, 0, "政策顾问团名册.xlsx"},
		{[]string{"ledger", "--db", db, "--out", filepath.Join(dir, "none", "l.xlsx")}, 1, ""},
		{[]string{"ledger", "--db", filepath.Join(dir, "missing.db"), "--out", out}, 1, ""},
		{[]string{"signin", "--db", db, "--out", out}, 2, ""},
		{[]string{"bogus", "--db", db, "--out", out}, 2, ""},
		{[]string{"ledger", "--db", db, "--out", out, "--from", "2020-02-30"}, 2, ""},
		{[]string{"ledger", "--db", db}, 2, ""},
	} {
		if code := runExport(c.args); code != c.code {
			t.Errorf("export %q: exit %d, want %d", c.args, code, c.code)
		}
		if c.file != "" {
			if _, err := os.Stat(filepath.Join(out, c.file)); err != nil {
				t.Errorf("export %q: %v", c.args, err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("exporting from a missing database created it")
	}
}

func TestImportAndTemplateVerbs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code := runDemo([]string{"--db", db}); code != 0 {
		t.Fatalf("demo exit %d", code)
	}
	tmpl := filepath.Join(dir, "sites.xlsx")
	if code := runTemplate([]string{"sites", "--out", tmpl, "--db", db}); code != 0 {
		t.Fatalf("template exit %d", code)
	}
	f, err := excelize.OpenFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("试点单位", "A3", &[]any{1, "通泉街道", "新建社区", "村（社区）"})
	f.Save()
	f.Close()
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"sites", "--db", db, tmpl, "--dry-run"}, 0},
		{[]string{"sites", tmpl, "--db", db}, 0},
		{[]string{"sites", "--db", db, filepath.Join(dir, "missing.xlsx")}, 1},
		{[]string{"sites", "--db", db, filepath.Join(dir, "demo.db")}, 1},
		{[]string{"bogus", "--db", db, tmpl}, 2},
		{[]string{"sites", tmpl}, 2},
		{[]string{"people", "--db", db}, 2},
	} {
		if code := runImport(c.args); code != c.code {
			t.Errorf("import %q: exit %d, want %d", c.args, code, c.code)
		}
	}
	if code := runTemplate([]string{"nothing", "--out", tmpl}); code != 2 {
		t.Errorf("template of an unknown kind: exit %d", code)
	}
	if _, err := os.Stat(tmpl); err != nil {
		t.Fatal(err)
	}
}

// The program and a command-line export on one database at once (two
// processes): the window keeps saving while the export reads, and neither
// sees "database is locked".
func TestExportWhileAnotherProcessWrites(t *testing.T) {
	if os.Getenv("PILOTDESK_EXPORT_CHILD") != "" {
		return
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "shared.db")
	if code := runDemo([]string{"--db", db, "--activities", "1500"}); code != 0 {
		t.Fatalf("demo exit %d", code)
	}
	st, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	stop := make(chan struct{})
	var saves int
	var saveErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			s := &data.Site{Name: fmt.Sprintf("并发写入镇%d", i), Kind: data.KindTownship, Status: data.StatusPlanned}
			if err := st.SaveSite(context.Background(), s); err != nil {
				saveErr = err
				return
			}
			saves++
		}
	}()
	out := filepath.Join(dir, "台账.xlsx")
	cmd := exec.Command(os.Args[0], "-test.run=^TestExportChildProcess$")
	cmd.Env = append(os.Environ(), "PILOTDESK_EXPORT_CHILD="+db, "PILOTDESK_EXPORT_OUT="+out)
	log, err := cmd.CombinedOutput()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("the export process failed: %v\n%s", err, log)
	}
	if saveErr != nil {
		t.Fatalf("saving while the export ran, after %d saves: %v", saves, saveErr)
	}
	if saves == 0 {
		t.Fatal("nothing was saved while the export ran")
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) < 1500 {
		t.Errorf("the ledger has %d rows", len(rows))
	}
	t.Logf("%d saves while the other process exported the ledger 3 times", saves)
}

// TestExportChildProcess is the export process of the test above.
func TestExportChildProcess(t *testing.T) {
	db := os.Getenv("PILOTDESK_EXPORT_CHILD")
	if db == "" {
		t.Skip("child process of TestExportWhileAnotherProcessWrites")
	}
	for i := 0; i < 3; i++ {
		// Every activity: without a period the ledger is of this year.
		if code := runExport([]string{"ledger", "--db", db, "--out", os.Getenv("PILOTDESK_EXPORT_OUT"), "--from", "2000-01-01"}); code != 0 {
			t.Fatalf("export %d: exit %d", i, code)
		}
	}
}

// A city's command line: two demo counties export their 报送表 and a third
// county fills in the template; the city lists two of them and merges all
// three files: the one of the county not on the list is refused (exit 1,
// a sentence naming the file), the others merge; merged again, nothing new.
func TestCountyToCityVerbs(t *testing.T) {
	dir := t.TempDir()
	city := filepath.Join(dir, "city.db")
	var files []string
	for _, c := range []string{"陆良县", "马龙区"} {
		db := filepath.Join(dir, c+".db")
		if code := runDemo([]string{"--db", db, "--county", c, "--activities", "20"}); code != 0 {
			t.Fatalf("demo --county %s: exit %d", c, code)
		}
		f := filepath.Join(dir, c+".xlsx")
		if code := runExport([]string{"report", "--db", db, "--out", f, "--from", "2025-01-01", "--to", "2025-12-31"}); code != 0 {
			t.Fatalf("export report %s: exit %d", c, code)
		}
		files = append(files, f)
	}
	tpl := filepath.Join(dir, "模板.xlsx")
	if code := runTemplate([]string{"report", "--out", tpl}); code != 0 {
		t.Fatalf("template report: exit %d", code)
	}
	if out, errOut, code := runPilotdesk(t, "zh_CN.UTF-8", "counties", "--db", city, "--city", "曲靖市", "陆良县"); code != 0 || out != "陆良县\n" {
		t.Fatalf("counties: exit %d, %q %q", code, out, errOut)
	}
	out, errOut, code := runPilotdesk(t, "zh_CN.UTF-8", append([]string{"merge", "--db", city}, files...)...)
	if code != 1 || !strings.Contains(out, "陆良县.xlsx：陆良县") || !strings.Contains(out, "协商议事活动：新增") ||
		!strings.Contains(errOut, "马龙区.xlsx") || !strings.Contains(errOut, "“设置 → 本机用于”") {
		t.Errorf("merge with a county not on the list: exit %d\n%s\n%s", code, out, errOut)
	}
	runPilotdesk(t, "zh_CN.UTF-8", "counties", "--db", city, "马龙区")
	out, errOut, code = runPilotdesk(t, "zh_CN.UTF-8", append([]string{"merge", "--db", city}, files...)...)
	if code != 0 || errOut != "" || !strings.Contains(out, "替换此前报送的同期报送表") || !strings.Contains(out, "马龙区.xlsx：马龙区") {
		t.Errorf("merge again: exit %d\n%s\n%s", code, out, errOut)
	}
	// 陆良县's second merge changes nothing (its lines come before 马龙区's).
	if i := strings.Index(out, "马龙区.xlsx"); i < 0 || !strings.Contains(out[:i], "协商议事活动：新增0，修改0，删除0") {
		t.Errorf("陆良县 merged again changes something:\n%s", out)
	}
	// The blank template: its county and period are missing.
	if _, errOut, code := runPilotdesk(t, "zh_CN.UTF-8", "merge", "--db", city, tpl, "--dry-run"); code != 1 || !strings.Contains(errOut, "填报信息") {
		t.Errorf("an unfilled template: exit %d, %q", code, errOut)
	}
	if code := runExport([]string{"stats", "--db", city, "--out", filepath.Join(dir, "s.xlsx")}); code != 0 {
		t.Errorf("the city's stats: exit %d", code)
	}
}
