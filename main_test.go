package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
)

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
		if code := runExport([]string{"ledger", "--db", db, "--out", os.Getenv("PILOTDESK_EXPORT_OUT")}); code != 0 {
			t.Fatalf("export %d: exit %d", i, code)
		}
	}
}
