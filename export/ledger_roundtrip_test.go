package export

import (
	"path/filepath"
	"testing"

	"pilotdesk/data"
)

// A ledger of more rows than one batch of the import's inserts, exported
// and imported into a file with the same places and no activities, comes
// back field for field, in order, with the search index in step.
func TestLedgerRoundTripAtScale(t *testing.T) {
	dir := t.TempDir()
	sc := data.ScaleFor(2200) // data inserts 1,000 rows a statement
	open := func(name string, activities int) *data.Store {
		st, err := data.Open(filepath.Join(dir, name))
		must(t, err)
		t.Cleanup(func() { st.Close() })
		must(t, st.LoadDemo(ctx, data.Today()))
		s := sc
		s.Activities = activities
		must(t, st.GenerateScale(ctx, s))
		return st
	}
	from, to := open("from.db", sc.Activities), open("to.db", 0)
	before, _, err := to.Activities(ctx, data.ActivityFilter{Limit: 1000}) // the demo's own
	must(t, err)
	ledger := filepath.Join(dir, "ledger.xlsx")
	must(t, Ledger(ctx, from, ledger, Options{}))
	p := preview(t, to, ImportActivities, ledger, "", PreviewOptions{})
	if len(p.Rejected) > 0 {
		t.Fatalf("%d rows rejected%s", len(p.Rejected), reasons(p))
	}
	apply(t, to, p)

	all := func(st *data.Store) []data.Activity {
		var out []data.Activity
		must(t, st.EachActivity(ctx, data.ActivityFilter{}, 300, func(rows []data.Activity) error {
			out = append(out, rows...)
			return nil
		}))
		return out
	}
	want, got := all(from), all(to)
	if len(got) != len(want) || p.New+p.Unchanged != len(want) || p.Unchanged != len(before) {
		t.Fatalf("%d activities back of %d (new %d, unchanged %d)", len(got), len(want), p.New, p.Unchanged)
	}
	for i := range want {
		w, g := want[i], got[i]
		w.Model, g.Model = data.Model{}, data.Model{}
		if w != g {
			t.Fatalf("activity %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	// The search finds the imported rows as it finds the exported ones.
	for _, kw := range []string{"停车", "老旧小区改造", "议事"} {
		_, n, err := from.Activities(ctx, data.ActivityFilter{Keyword: kw})
		must(t, err)
		_, m, err := to.Activities(ctx, data.ActivityFilter{Keyword: kw})
		must(t, err)
		if n != m {
			t.Errorf("keyword %s: %d after the import, %d before the export", kw, m, n)
		}
	}
}
