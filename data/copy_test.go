package data

import (
	"path/filepath"
	"slices"
	"testing"

	"pilotdesk/internal/testdb"
)

// A desktop file copied to the engine under test (the server, in
// PostgreSQL's run) and back into a new file holds the same records: every
// table's rows compare equal, and the ledger and its keyword search answer
// alike. A target that already holds records is refused untouched.
func TestCopyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src, mid, back := filepath.Join(dir, "county.db"), testdb.New(t), filepath.Join(dir, "back.db")
	st, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.LoadDemo(ctx, NewDate(2026, 1, 5)); err != nil {
		t.Fatal(err)
	}
	// A trashed record and a typical case travel too.
	acts, _, err := st.Activities(ctx, ActivityFilter{Limit: 3})
	if err != nil || len(acts) < 3 {
		t.Fatal(err)
	}
	if err := st.TrashActivity(ctx, acts[0].ID); err != nil {
		t.Fatal(err)
	}
	st.Close()

	checks, err := Copy(ctx, src, mid, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) < len(copyOrder) {
		t.Errorf("%d tables checked: %+v", len(checks), checks)
	}
	for _, c := range checks {
		if c.Table == "activities" && c.Rows < 10 {
			t.Errorf("activities: %d rows", c.Rows)
		}
	}
	if _, err := Copy(ctx, src, mid, nil); ErrorCode(err) != EConflict {
		t.Fatalf("copy into a full database: %v", err)
	}
	if _, err := Copy(ctx, mid, back, nil); err != nil {
		t.Fatal(err)
	}

	a, b := openAt(t, src), openAt(t, back)
	tables, err := copyTables(a.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		na, sa, err1 := tableSum(ctx, a.db, tb)
		nb, sb, err2 := tableSum(ctx, b.db, tb)
		if err1 != nil || err2 != nil || na != nb || sa != sb {
			t.Errorf("%s: %d rows %s, back %d rows %s (%v %v)", tb, na, sa, nb, sb, err1, err2)
		}
	}
	for _, f := range []ActivityFilter{{Limit: 1000}, {Keyword: "停车", Limit: 1000}, {Keyword: "议", Limit: 1000}} {
		x, nx, err1 := a.Activities(ctx, f)
		y, ny, err2 := b.Activities(ctx, f)
		if err1 != nil || err2 != nil || nx != ny || !slices.Equal(ids(x), ids(y)) {
			t.Errorf("%+v: %d and %d (%v %v)", f, nx, ny, err1, err2)
		}
	}
	// The copy numbers new records on from the highest id.
	s := &Site{Name: "新建街道", Kind: KindTownship, Status: StatusPlanned}
	if err := b.SaveSite(ctx, s); err != nil {
		t.Fatal(err)
	}
	m := openAt(t, mid)
	s2 := &Site{Name: "新建街道", Kind: KindTownship, Status: StatusPlanned}
	if err := m.SaveSite(ctx, s2); err != nil || s2.ID != s.ID {
		t.Errorf("new site on the copy: id %d, want %d (%v)", s2.ID, s.ID, err)
	}
}
