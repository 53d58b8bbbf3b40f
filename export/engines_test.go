package export

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"pilotdesk/data"
	"pilotdesk/internal/testdb"
)

// The demo loaded on the engine under test (the server, in PostgreSQL's
// run) exports every report with the same cells as the same demo in an
// SQLite file.
func TestExportsSameOnBothEngines(t *testing.T) {
	today := data.NewDate(2026, 1, 5)
	load := func(path string) *data.Store {
		st, err := data.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.LoadDemo(ctx, today); err != nil {
			t.Fatal(err)
		}
		return st
	}
	file, other := load(filepath.Join(t.TempDir(), "demo.db")), load(testdb.New(t))
	acts, _, err := file.Activities(ctx, data.ActivityFilter{Limit: 1})
	if err != nil || len(acts) != 1 {
		t.Fatal(err)
	}
	opts := Options{ReportDate: today, ActivityID: acts[0].ID, Phones: true}
	opts.From, opts.To = DefaultPeriod(data.Date{}, data.Date{}, today)
	a, err := All(ctx, file, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := All(ctx, other, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(Reports) || len(b) != len(a) {
		t.Fatalf("%d and %d workbooks, want %d", len(a), len(b), len(Reports))
	}
	for i := range a {
		if filepath.Base(a[i]) != filepath.Base(b[i]) {
			t.Errorf("names %s and %s", filepath.Base(a[i]), filepath.Base(b[i]))
		}
		x, y := cells(t, a[i]), cells(t, b[i])
		if len(x) == 0 || !slices.EqualFunc(x, y, slices.Equal) {
			t.Errorf("%s: the cells differ\n%q\n%q", filepath.Base(a[i]), x, y)
		}
	}
}

// cells is every sheet's rows of a workbook, each row led by its sheet.
func cells(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out = append(out, append([]string{sh}, r...))
		}
	}
	return out
}
