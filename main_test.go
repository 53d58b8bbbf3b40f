package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

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
