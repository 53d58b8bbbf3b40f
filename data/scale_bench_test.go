package data

// The data layer at province scale (issue 7): a page of the ledger as the
// screen asks for it (200 rows) and as issue 3 counts it (50) under the
// filters coordinators use, the search box, and the overview's figures.
//
//	PILOTDESK_BENCH_DB=file.db go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -bench Scale -benchmem ./data
//
// scripts/bench.sh (make bench) passes the databases it generated with
// `pilotdesk demo --townships`; without PILOTDESK_BENCH_DB a 1,000-activity
// one is made here. The file (or a server's URL) is only read. The other data benchmarks
// (activity_bench_test.go) build their own 100,000-activity county.

import (
	"database/sql"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// scaleStore opens $PILOTDESK_BENCH_DB, or builds a small province-scale
// database in a temp folder.
func scaleStore(b *testing.B) *Store {
	b.Helper()
	path := os.Getenv("PILOTDESK_BENCH_DB")
	fresh := path == ""
	if fresh {
		path = filepath.Join(b.TempDir(), "scale.db")
	} else if _, err := os.Stat(path); err != nil && !IsServerURL(path) {
		b.Fatalf("PILOTDESK_BENCH_DB: %v", err)
	}
	st, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if fresh {
		if err := st.LoadDemo(ctx, Today()); err != nil {
			b.Fatal(err)
		}
		if err := st.GenerateScale(ctx, ScaleFor(1000)); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

// scalePlace is a site in the middle of the list of villages, communities
// and enterprises, and its township.
func scalePlace(b *testing.B, st *Store) (town Site, siteID uint) {
	err := st.db.Raw(`SELECT id FROM sites WHERE parent_id IS NOT NULL AND deleted_at IS NULL ORDER BY id
		LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM sites WHERE parent_id IS NOT NULL AND deleted_at IS NULL)`).Scan(&siteID).Error
	if err != nil || siteID == 0 {
		b.Fatal("no site", err)
	}
	err = st.db.Raw(`SELECT t.* FROM sites t JOIN sites s ON s.parent_id = t.id WHERE s.id = ?`, siteID).Scan(&town).Error
	if err != nil || town.ID == 0 {
		b.Fatal("no township", err)
	}
	return town, siteID
}

func BenchmarkScale(b *testing.B) {
	st := scaleStore(b)
	_, total, err := st.Activities(ctx, ActivityFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	town, siteID := scalePlace(b, st)
	today := Today()
	year := Period{NewDate(today.Year()-1, 1, 1), NewDate(today.Year()-1, 12, 31)}
	var version string
	st.db.Raw(`SELECT sqlite_version()`).Scan(&version)
	b.Logf("SQLite %s; %d activities; township %s (id %d), site id %d", version, total, town.Name, town.ID, siteID)

	const page = 200 // the ledger screen's page (app/activities.go)
	// Pages of the screen's 200 rows and of issue 3's 50, each counted.
	pages := []struct {
		name string
		f    ActivityFilter
	}{
		{"all newest first", ActivityFilter{}},
		{"township+year", ActivityFilter{TownshipID: town.ID, From: year.From, To: year.To}},
		{"township", ActivityFilter{TownshipID: town.ID}},
		{"site", ActivityFilter{SiteID: siteID}},
		{"year", ActivityFilter{From: year.From, To: year.To}},
		{"source+follow-up", ActivityFilter{TopicSource: SourcePublic, FollowUp: FollowUpInProgress}},
		{"year by topic", ActivityFilter{From: year.From, To: year.To, Sort: "topic"}},
		{"all, page 50", ActivityFilter{Offset: 49 * page}},
	}
	keywords := []struct {
		name string
		f    ActivityFilter
	}{
		{"common 停车难", ActivityFilter{Keyword: "停车难"}},
		{"rare 小寨工业片区", ActivityFilter{Keyword: "小寨工业片区"}},
		{"phrase 8+X 议事", ActivityFilter{Keyword: "8+X 议事"}},
		{"township name", ActivityFilter{Keyword: town.Name}},
		{"no match 不存在的词", ActivityFilter{Keyword: "不存在的词"}},
		{"common+township", ActivityFilter{Keyword: "停车难", TownshipID: town.ID}},
		{"2 chars 停车", ActivityFilter{Keyword: "停车"}},
		{"1 char 水", ActivityFilter{Keyword: "水"}},
	}
	run := func(name string, f ActivityFilter, limit int) {
		f.Limit = limit
		if f.Offset > 0 {
			f.Offset = f.Offset / page * limit
		}
		b.Run(name, func(b *testing.B) { benchPage(b, st, f) })
	}
	for _, c := range pages {
		run("page/"+c.name, c.f, page)
		run("page of 50/"+c.name, c.f, 50)
	}
	for _, c := range keywords {
		run("keyword/"+c.name, c.f, page)
	}
	// The floor of a page: the first page of everything in one statement,
	// its ids joined to the rows (in the ids' order as SQLite happens to
	// return them, not promised), read through database/sql into raw bytes,
	// without GORM and without the count.
	b.Run("floor/page without GORM or count", func(b *testing.B) {
		q := `SELECT a.*, s.name, t.name FROM (SELECT a.id FROM activities a WHERE a.deleted_at IS NULL ORDER BY a.date DESC, a.id DESC
			LIMIT ? OFFSET ?) p JOIN activities a ON a.id = p.id LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id`
		sqlDB, err := st.db.DB()
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			rows, err := sqlDB.QueryContext(ctx, q, page, 0)
			if err != nil {
				b.Fatal(err)
			}
			cols, _ := rows.Columns()
			cells := make([]any, len(cols))
			for i := range cells {
				cells[i] = new(sql.RawBytes)
			}
			n := 0
			for rows.Next() {
				if err := rows.Scan(cells...); err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			if n == 0 {
				b.Fatal("no rows")
			}
		}
	})
	b.Run("dashboard", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Dashboard(ctx, today); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The rest of what the overview loads (app/overview_data.go).
	b.Run("overview/12 months", func(b *testing.B) {
		first := NewDate(today.Year(), today.Month()-11, 1)
		for b.Loop() {
			if _, err := st.MonthlyStats(ctx, Period{From: first, To: today}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, q := range []struct {
		name string
		run  func() (int, error)
	}{
		{"overview/site counts", func() (int, error) { x, err := st.SiteCounts(ctx); return len(x), err }},
		{"overview/sites without lead", func() (int, error) { x, err := st.SitesWithoutLead(ctx, today); return len(x), err }},
		{"overview/sites quiet 90 days", func() (int, error) { x, err := st.SitesWithoutActivity(ctx, 90, today); return len(x), err }},
		{"overview/overdue tasks", func() (int, error) {
			x, err := st.Tasks(ctx, TaskFilter{Overdue: true, Today: today})
			return len(x), err
		}},
		{"overview/overdue items", func() (int, error) { x, err := st.OverdueFollowUps(ctx, today); return len(x), err }},
	} {
		b.Run(q.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				var err error
				if n, err = q.run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
	b.Run("statistics/all time", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.Statistics(ctx, Period{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkScaleTargets times what issue 18's targets name, each as a
// person meets it: every ledger page with its count (every filter, every
// sort key both ways, keywords of 1, 2 and 3+ characters, a place's name,
// page 51), then every screen's list and the overview's figures and warnings.
//
//	PILOTDESK_BENCH_DB=file.db go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -bench ScaleTargets ./data
func BenchmarkScaleTargets(b *testing.B) {
	st := scaleStore(b)
	town, siteID := scalePlace(b, st)
	today := Today()
	year := Period{NewDate(today.Year()-1, 1, 1), NewDate(today.Year()-1, 12, 31)}
	const page = 200 // the ledger screen's page (app/activities.go)
	ledger := []struct {
		name string
		f    ActivityFilter
	}{
		{"all", ActivityFilter{}},
		{"all, page 51", ActivityFilter{Offset: 10000}},
		{"township", ActivityFilter{TownshipID: town.ID}},
		{"township+year", ActivityFilter{TownshipID: town.ID, From: year.From, To: year.To}},
		{"site", ActivityFilter{SiteID: siteID}},
		{"year", ActivityFilter{From: year.From, To: year.To}},
		{"source", ActivityFilter{TopicSource: SourceMember}},
		{"follow-up", ActivityFilter{FollowUp: FollowUpPending}},
		{"source+follow-up", ActivityFilter{TopicSource: SourcePublic, FollowUp: FollowUpInProgress}},
		{"year+source+follow-up by topic, page 11", ActivityFilter{From: year.From, To: year.To, TopicSource: SourceParty, FollowUp: FollowUpDone, Sort: "topic", Offset: 2000}},
		{"keyword 1 char 水", ActivityFilter{Keyword: "水"}},
		{"keyword 1 char 水, page 51", ActivityFilter{Keyword: "水", Offset: 10000}},
		{"keyword 2 chars 停车", ActivityFilter{Keyword: "停车"}},
		{"keyword 2 chars 停车 by participants", ActivityFilter{Keyword: "停车", Sort: "participants desc"}},
		{"keyword 2 chars 议事 + township", ActivityFilter{Keyword: "议事", TownshipID: town.ID}},
		{"keyword 2 chars, none 无此", ActivityFilter{Keyword: "无此"}},
		{"keyword 3 chars 停车难", ActivityFilter{Keyword: "停车难"}},
		{"keyword 3 chars 停车难 by topic", ActivityFilter{Keyword: "停车难", Sort: "topic"}},
		{"keyword 3 chars 停车难 + year", ActivityFilter{Keyword: "停车难", From: year.From, To: year.To}},
		{"keyword rare 小寨工业片区", ActivityFilter{Keyword: "小寨工业片区"}},
		{"keyword phrase 8+X 议事", ActivityFilter{Keyword: "8+X 议事"}},
		{"keyword none 不存在的词", ActivityFilter{Keyword: "不存在的词"}},
		{"keyword township name", ActivityFilter{Keyword: town.Name}},
		{"keyword 2 chars of a place name", ActivityFilter{Keyword: string([]rune(town.Name)[:2])}},
	}
	for _, key := range []string{"date", "township", "site", "topic", "source", "form", "decision", "follow_up", "participants", "problems"} {
		for _, dir := range []string{"", " desc"} {
			ledger = append(ledger, struct {
				name string
				f    ActivityFilter
			}{"all by " + key + dir, ActivityFilter{Sort: key + dir}})
		}
		ledger = append(ledger, struct {
			name string
			f    ActivityFilter
		}{"all by " + key + ", page 51", ActivityFilter{Sort: key, Offset: 10000}})
	}
	for _, c := range ledger {
		f := c.f
		f.Limit = page
		b.Run("ledger/"+c.name, func(b *testing.B) {
			defer cpuPerOp(b)()
			benchPage(b, st, f)
		})
	}
	first := NewDate(today.Year(), today.Month()-11, 1)
	for _, q := range []struct {
		name string
		run  func() (int, error)
	}{
		{"overview/dashboard", func() (int, error) { _, err := st.Dashboard(ctx, today); return 1, err }},
		{"overview/12 months", func() (int, error) {
			x, err := st.MonthlyStats(ctx, Period{From: first, To: today})
			return len(x), err
		}},
		{"overview/site counts", func() (int, error) { x, err := st.SiteCounts(ctx); return len(x), err }},
		{"overview/sites without lead", func() (int, error) { x, err := st.SitesWithoutLead(ctx, today); return len(x), err }},
		{"overview/sites quiet 90 days", func() (int, error) { x, err := st.SitesWithoutActivity(ctx, 90, today); return len(x), err }},
		{"overview/overdue tasks", func() (int, error) {
			x, err := st.Tasks(ctx, TaskFilter{Overdue: true, Today: today})
			return len(x), err
		}},
		{"overview/overdue follow-up items", func() (int, error) { x, err := st.OverdueFollowUps(ctx, today); return len(x), err }},
		{"list/sites", func() (int, error) { x, err := st.Sites(ctx, SiteFilter{}); return len(x), err }},
		{"list/townships", func() (int, error) { x, err := st.Townships(ctx); return len(x), err }},
		{"list/site names", func() (int, error) { x, err := st.SiteNames(ctx); return len(x), err }},
		{"list/people", func() (int, error) { x, err := st.People(ctx, PersonFilter{}); return len(x), err }},
		{"list/assignments", func() (int, error) { x, err := st.Assignments(ctx, AssignmentFilter{}); return len(x), err }},
		{"list/coverage by township", func() (int, error) { x, _, err := st.CoverageInCounty(ctx, 0, Date{}); return len(x), err }},
		{"list/panels", func() (int, error) { x, err := st.PanelStats(ctx); return len(x), err }},
		{"list/tasks", func() (int, error) { x, err := st.Tasks(ctx, TaskFilter{}); return len(x), err }},
		{"list/site completion", func() (int, error) { x, err := st.SiteCompletion(ctx, today, ""); return len(x), err }},
		{"list/visits", func() (int, error) { x, err := st.Visits(ctx, VisitFilter{}); return len(x), err }},
		{"list/trash", func() (int, error) { x, err := st.Trash(ctx); return len(x), err }},
		{"list/change log", func() (int, error) { x, err := st.Changes(ctx, ChangeFilter{}); return len(x), err }},
		{"statistics/a year", func() (int, error) { x, err := st.Statistics(ctx, year); return len(x.Townships), err }},
		{"statistics/all time", func() (int, error) { x, err := st.Statistics(ctx, Period{}); return len(x.Townships), err }},
	} {
		b.Run(q.name, func(b *testing.B) {
			n := 0
			defer cpuPerOp(b)()
			for b.Loop() {
				var err error
				if n, err = q.run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "rows")
		})
	}
}

// benchPage times pages of f with their count.
func benchPage(b *testing.B, st *Store, f ActivityFilter) {
	n := 0
	for b.Loop() {
		rows, all, err := st.Activities(ctx, f)
		if err != nil || (all > f.Offset && len(rows) == 0) {
			b.Fatal(all, err)
		}
		n = all
	}
	b.ReportMetric(float64(n), "matches")
}

// cpuPerOp reports, when the returned func is called, the CPU time the
// process spent per operation: on a shared machine the wall time says more
// about the neighbours than about the query.
func cpuPerOp(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	c0 := cpu()
	return func() { b.ReportMetric(float64((cpu()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op") }
}
