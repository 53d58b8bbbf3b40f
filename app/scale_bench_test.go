package app

// The window at province scale (issue 7), end to end on Fyne's test
// driver: from the user's action to the table (or the overview) showing
// the new figures, through the screens' own load paths.
//
//	PILOTDESK_BENCH_DB=file.db go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -bench Scale -benchmem ./app
//
// scripts/bench.sh (make bench) passes the databases it generated with
// `pilotdesk demo --townships`; without PILOTDESK_BENCH_DB a 1,000-activity
// one is made here. The file is only read. What the test driver does not
// do is paint: the GPU's share shows in the whole-process start timings.

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func scaleUI(b *testing.B) (*UI, *data.Store) {
	b.Helper()
	path := os.Getenv("PILOTDESK_BENCH_DB")
	fresh := path == ""
	if fresh {
		path = filepath.Join(b.TempDir(), "scale.db")
	}
	st, err := data.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if fresh {
		if err := st.LoadDemo(bg, data.Today()); err != nil {
			b.Fatal(err)
		}
		if err := st.GenerateScale(bg, data.ScaleFor(1000)); err != nil {
			b.Fatal(err)
		}
	}
	a := test.NewTempApp(b)
	u := New(a, st, Options{Lang: LangZH, Screen: "overview"})
	u.win.Resize(fyne.NewSize(1200, 800))
	b.Cleanup(func() { SetLanguage(LangZH) })
	return u, st
}

// BenchmarkScaleOverview reloads the overview through its own load path
// (the test build runs it in line): the figures and charts, which show
// first, the warnings after them, and both.
func BenchmarkScaleOverview(b *testing.B) {
	u, _ := scaleUI(b)
	u.showScreen("overview")
	s := u.screen().(*OverviewScreen)
	today := data.Today()
	b.Run("figures", func(b *testing.B) {
		for b.Loop() {
			d, err := loadFigures(bg, s.u.store, today)
			if err != nil {
				b.Fatal(err)
			}
			s.fill(d)
		}
	})
	b.Run("warnings", func(b *testing.B) {
		for b.Loop() {
			w, err := loadWarnings(bg, s.u.store, today)
			if err != nil {
				b.Fatal(err)
			}
			s.last.overviewWarnings = *w
			s.fillWarnings(s.last)
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			s.refresh()
		}
	})
	if s.last == nil || s.last.dash.Activities == 0 {
		b.Fatal("the overview shows nothing")
	}
}

// BenchmarkScaleLedger is the ledger screen: opening it, a township chosen
// in the filter, a keyword searched (from the moment typing pauses: the
// 300 ms wait itself is left out), and the next page; each until the table
// holds the new page.
func BenchmarkScaleLedger(b *testing.B) {
	u, st := scaleUI(b)
	towns, err := st.Townships(bg)
	if err != nil || len(towns) < 2 {
		b.Fatal(len(towns), err)
	}
	open := func() *ActivitiesScreen {
		u.showScreen("activities")
		s := u.screen().(*ActivitiesScreen)
		s.load.wait()
		return s
	}
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			u.showScreen("settings") // a quick screen to come from
			b.StartTimer()
			open()
		}
	})
	s := open()
	all := s.total
	b.Run("filter township", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			s.place.township.SetSelected(towns[len(towns)/2+i%2].Name)
			s.load.wait()
			if s.total == all || len(s.table.rows) != min(s.total, ledgerPage) {
				b.Fatalf("%d of %d shown", len(s.table.rows), s.total)
			}
		}
	})
	s.place.township.SetSelectedIndex(0)
	s.load.wait()
	search := func(b *testing.B, keywords ...string) {
		changed := s.search.OnChanged
		s.search.OnChanged = nil // the typing pause is not measured
		defer func() { s.search.OnChanged = changed }()
		i := 0
		for b.Loop() {
			i++
			s.search.SetText(keywords[i%len(keywords)])
			s.reloadFrom(0)
			s.load.wait()
			if s.total == all {
				b.Fatal("the keyword did not filter")
			}
		}
	}
	b.Run("keyword", func(b *testing.B) { search(b, "停车难", "垃圾分类") })
	b.Run("keyword 2 chars", func(b *testing.B) { search(b, "停车", "垃圾") })
	s.search.SetText("")
	s.reloadFrom(0)
	s.load.wait()
	b.Run("next page", func(b *testing.B) {
		for b.Loop() {
			s.reloadFrom((s.page + 1) % 20)
			s.load.wait()
			if len(s.table.rows) != ledgerPage {
				b.Fatalf("%d rows", len(s.table.rows))
			}
		}
	})
}
