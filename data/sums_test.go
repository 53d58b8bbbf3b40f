package data

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// checkActivitySums compares the sums tables with the live activities
// added up afresh: both ways, leaving out rows that fell to zero.
func checkActivitySums(db *gorm.DB) error {
	for _, t := range activitySumTables {
		key := strings.Join(t.exprs, ", ")
		stored := fmt.Sprintf(`SELECT %s, n, participants, problems FROM %s WHERE n <> 0 OR participants <> 0 OR problems <> 0`,
			strings.Join(t.cols, ", "), t.table)
		fresh := fmt.Sprintf(`SELECT %s, COUNT(*), COALESCE(SUM(r.participants), 0), COALESCE(SUM(r.problems_solved), 0)
			FROM activities r WHERE r.deleted_at IS NULL GROUP BY %s`, key, key)
		var extra, missing int
		if err := db.Raw(`SELECT COUNT(*) FROM (` + stored + ` EXCEPT ` + fresh + `)`).Scan(&extra).Error; err != nil {
			return err
		}
		if err := db.Raw(`SELECT COUNT(*) FROM (` + fresh + ` EXCEPT ` + stored + `)`).Scan(&missing).Error; err != nil {
			return err
		}
		if extra+missing > 0 {
			return fmt.Errorf("%s: %d rows wrong, %d missing", t.table, extra, missing)
		}
	}
	return nil
}

// The sums follow every write: saves that move an activity to another
// month, year, site or topic source or change its figures, trash, restore,
// purge, a bulk insert, a failed save, and plain SQL from another store.
func TestActivitySumsFollowEveryWrite(t *testing.T) {
	st, town, site := actSetup(t)
	check := func(step string) {
		t.Helper()
		if err := checkActivitySums(st.db); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	check("empty")
	var acts []Activity
	for i := range 6 {
		a := actValid(site.ID)
		a.Date = NewDate(2023+i%2, 12, 30+i%2)
		a.TopicSource = TopicSources.Codes()[i%4]
		if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
			t.Fatal(err)
		}
		acts = append(acts, a)
	}
	check("saved")
	edits := []func(a *Activity){
		func(a *Activity) { a.Date = NewDate(2024, 1, 1) },       // next month and year
		func(a *Activity) { a.SiteID = town.ID },                 // another site
		func(a *Activity) { a.TopicSource = SourceGovernment },   // another source
		func(a *Activity) { a.Participants, a.VotesFor = 99, 0 }, // other figures
		func(a *Activity) { a.ProblemsSolved = 0 },
		func(a *Activity) { a.Topic = "只改了议题" }, // nothing summed
	}
	for i, edit := range edits {
		a, err := st.Activity(ctx, acts[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		edit(&a.Activity)
		if err := st.SaveActivity(ctx, &a.Activity, nil, nil); err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
		check(fmt.Sprintf("edit %d", i))
	}
	if err := st.TrashActivity(ctx, acts[0].ID); err != nil {
		t.Fatal(err)
	}
	check("trashed")
	if err := st.RestoreActivity(ctx, acts[0].ID); err != nil {
		t.Fatal(err)
	}
	check("restored")
	if err := st.TrashActivity(ctx, acts[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeActivity(ctx, acts[1].ID); err != nil {
		t.Fatal(err)
	}
	check("purged")
	bulk := []Activity{actValid(site.ID), actValid(town.ID), actValid(site.ID)}
	bulk[2].Date = NewDate(2019, 2, 3)
	if err := st.InsertActivities(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	check("bulk insert")
	if err := st.InsertActivities(ctx, []Activity{actValid(site.ID), {SiteID: site.ID}}); err == nil {
		t.Fatal("an invalid bulk row was taken")
	}
	check("refused bulk insert")
	// A row SQLite itself refuses (its site does not exist: the foreign key,
	// checked at commit during a bulk insert) takes the whole insert back,
	// and the per-row triggers taken off the table for it come back too, and
	// so does the topic index (more rows than there are: it is made afresh).
	bad := make([]Activity, count(t, st, "SELECT MAX(id) FROM activities")+1)
	for i := range bad {
		bad[i] = actValid(site.ID)
		bad[i].Model = Model{CreatedAt: time.Now(), UpdatedAt: time.Now(), Version: 1}
		bad[i].TownshipID = town.ID
	}
	bad[len(bad)-1].SiteID = 999_999
	if err := st.transact(ctx, func(tx *gorm.DB) error { return bulkInsertActivities(ctx, tx, bad, nil) }); ErrorCode(translate(err, activityLabel)) != EInUse {
		t.Fatalf("a bulk row with a missing site: %v", err)
	}
	var triggers int
	if err := st.db.Raw(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'activities'`).Scan(&triggers).Error; err != nil || triggers != 6 {
		t.Fatalf("%d triggers on activities after a failed bulk insert (%v)", triggers, err)
	}
	if n := count(t, st, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?", topicIndex); n != 1 {
		t.Fatal("the topic index is gone after a failed bulk insert")
	}
	check("bulk insert refused by SQLite")
	a := actValid(site.ID)
	a.Date = NewDate(2022, 6, 1)
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil { // the trigger works again after the bulk
		t.Fatal(err)
	}
	check("saved after the bulk insert")
	other, err := Open(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.db.Exec(`UPDATE activities SET date = '2021-07-07', participants = participants + 5 WHERE id = ?`, a.ID).Error; err != nil {
		t.Fatal(err)
	}
	if err := other.db.Exec(`UPDATE activities SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?`, bulk[0].ID).Error; err != nil {
		t.Fatal(err)
	}
	check("plain SQL from another store")
	d, err := st.Dashboard(ctx, NewDate(2024, 1, 15))
	if err != nil {
		t.Fatal(err)
	}
	if live := count(t, st, `SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL`); d.Activities != live {
		t.Errorf("dashboard: %d activities, %d live", d.Activities, live)
	}
}

func TestSplitPeriod(t *testing.T) {
	d := func(s string) Date {
		x, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, c := range []struct {
		from, to    string
		years       bool
		first, last string
		rest        string
	}{
		{"", "", true, "", "", ""},
		{"2024-01-01", "2024-12-31", true, "2024", "2024", ""},
		{"2024-01-01", "2024-12-31", false, "2024-01", "2024-12", ""},
		{"2023-03-05", "2025-06-30", true, "2024", "2024", "2023-03-05..2023-12-31 2025-01-01..2025-06-30"},
		{"2023-03-05", "2023-06-30", true, "", "", "2023-03-05..2023-06-30"},                // no whole year
		{"2023-03-05", "2023-04-10", false, "", "", "2023-03-05..2023-04-10"},               // no whole month
		{"2023-03-05", "2023-04-30", false, "2023-04", "2023-04", "2023-03-05..2023-03-31"}, // one whole month
		{"2023-12-15", "", false, "2024-01", "", "2023-12-15..2023-12-31"},
		{"", "2024-02-28", false, "", "2024-01", "2024-02-01..2024-02-28"},
		{"", "2024-02-29", false, "", "2024-02", ""},
		{"2024-12-31", "2025-01-01", true, "", "", "2024-12-31..2025-01-01"},
	} {
		var p Period
		if c.from != "" {
			p.From = d(c.from)
		}
		if c.to != "" {
			p.To = d(c.to)
		}
		first, last, rest, ok := splitPeriod(p, c.years)
		var rs []string
		for _, r := range rest {
			rs = append(rs, r.From.String()+".."+r.To.String())
		}
		if first != c.first || last != c.last || strings.Join(rs, " ") != c.rest || ok != (c.first != "" || c.last != "" || c.from == "" && c.to == "") {
			t.Errorf("%s..%s years=%v: %q %q %v ok=%v", c.from, c.to, c.years, first, last, rs, ok)
		}
	}
}
