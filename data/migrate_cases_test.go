package data

import (
	"os"
	"path/filepath"
	"testing"
)

// A file of schema 5 (the committed fixture) opens with the new columns:
// its activities raise no problems and are no cases, and one of them can be
// marked a typical case and found as one.
func TestUpgradeResultsAndCases(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "schema-v5.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v5.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, n, err := st.Activities(ctx, ActivityFilter{})
	if err != nil || n != 2 {
		t.Fatalf("%d activities after the upgrade (%v)", n, err)
	}
	for _, a := range rows {
		if a.ProblemsRaised != 0 || a.TypicalCase || a.CaseTitle != "" {
			t.Errorf("upgraded activity %+v", a)
		}
	}
	for _, col := range []string{"problems_raised", "typical_case", "case_title"} {
		if n := count(t, st, `SELECT COUNT(*) FROM pragma_table_info('activities') WHERE name = ? AND "notnull" = 1 AND dflt_value IS NOT NULL`, col); n != 1 {
			t.Errorf("column %s: %d NOT NULL columns with a default", col, n)
		}
	}
	d, err := st.Activity(ctx, rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	d.TypicalCase, d.CaseTitle, d.ProblemsRaised = true, "鑫城社区：停车难", 3
	if err := st.SaveActivity(ctx, &d.Activity, d.Attendees, d.Items); err != nil {
		t.Fatal(err)
	}
	cases, err := st.TypicalCases(ctx, Period{})
	if err != nil || len(cases) != 1 || cases[0].CaseTitle != "鑫城社区：停车难" || cases[0].ProblemsRaised != 3 {
		t.Errorf("cases after marking one: %+v %v", cases, err)
	}
	s, err := st.Summary(ctx, Period{}, NewDate(2026, 12, 7))
	if err != nil || s.ProblemsRaised.Total != 3 || s.Activities.Total != 2 || s.Communities.Total != 1 || s.Rooms.Total != 1 {
		t.Errorf("summary after the upgrade: %+v %v", s, err)
	}
}
