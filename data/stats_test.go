package data

import (
	"reflect"
	"testing"
	"time"
)

func (w *actWorld) inPeriod(a Activity, p Period) bool {
	return (p.From.IsZero() || !a.Date.Before(p.From)) && (p.To.IsZero() || !a.Date.After(p.To))
}

func addTo(t *Tally, a Activity) {
	t.Activities++
	t.BySource[a.TopicSource]++
	t.Participants += a.Participants
	t.ProblemsSolved += a.ProblemsSolved
}

// naiveStatistics computes the report from the generated rows, one by one.
func (w *actWorld) naiveStatistics(p Period) *Statistics {
	out := &Statistics{Period: p, Total: TownshipStats{SiteTally: newSiteTally()}}
	rows := map[uint]*TownshipStats{}
	townOf := func(s Site) uint {
		if s.ParentID != nil {
			return *s.ParentID
		}
		return s.ID
	}
	row := func(id uint) *TownshipStats {
		if rows[id] == nil {
			rows[id] = &TownshipStats{TownshipID: id, Township: w.sites[id].Name, SiteTally: newSiteTally()}
		}
		return rows[id]
	}
	kinds := map[string]*KindStats{}
	for _, k := range SiteKinds.Codes() {
		kinds[k] = &KindStats{Kind: k, SiteTally: newSiteTally()}
	}
	bases := map[string]*BasisStats{}
	base := func(code string) *BasisStats {
		if bases[code] == nil {
			bases[code] = &BasisStats{Basis: code, SiteTally: newSiteTally()}
		}
		return bases[code]
	}
	for _, code := range RoomBases.Codes() {
		base(code)
	}
	for id := uint(1); id <= uint(len(w.sites)); id++ {
		s := w.sites[id]
		if s.DeletedAt.Valid {
			continue
		}
		u := 0
		if !s.UnveiledOn.IsZero() && (p.To.IsZero() || !s.UnveiledOn.After(p.To)) {
			u = 1
		}
		r := row(townOf(s))
		r.Sites, r.Unveiled = r.Sites+1, r.Unveiled+u
		out.Total.Sites, out.Total.Unveiled = out.Total.Sites+1, out.Total.Unveiled+u
		kinds[s.Kind].Sites, kinds[s.Kind].Unveiled = kinds[s.Kind].Sites+1, kinds[s.Kind].Unveiled+u
		b := base(s.RoomBasis)
		b.Sites, b.Unveiled = b.Sites+1, b.Unveiled+u
	}
	sources := map[string]*SourceStats{}
	for _, c := range TopicSources.Codes() {
		sources[c] = &SourceStats{Source: c}
	}
	for _, a := range w.live {
		if !w.inPeriod(a, p) {
			continue
		}
		s := w.sites[a.SiteID]
		addTo(&row(townOf(s)).Tally, a)
		addTo(&out.Total.Tally, a)
		addTo(&kinds[s.Kind].Tally, a)
		addTo(&base(s.RoomBasis).Tally, a)
		src := sources[a.TopicSource]
		src.Activities, src.Participants, src.ProblemsSolved = src.Activities+1, src.Participants+a.Participants, src.ProblemsSolved+a.ProblemsSolved
	}
	for id := uint(1); id <= uint(len(w.sites)); id++ {
		if rows[id] != nil {
			out.Townships = append(out.Townships, *rows[id])
		}
	}
	for _, k := range SiteKinds.Codes() {
		out.Kinds = append(out.Kinds, *kinds[k])
	}
	for _, c := range TopicSources.Codes() {
		out.Sources = append(out.Sources, *sources[c])
	}
	for _, code := range append(RoomBases.Codes(), "") {
		if bases[code] != nil {
			out.Bases = append(out.Bases, *bases[code])
		}
	}
	return out
}

func TestStatisticsMatchNaive(t *testing.T) {
	w := newActWorld(t, 1200)
	periods := []Period{
		{},
		{NewDate(2023, 1, 1), NewDate(2023, 12, 31)},
		{NewDate(2022, 4, 1), NewDate(2022, 6, 30)}, // some rooms unveiled later
		{From: NewDate(2024, 7, 1)},
		{To: NewDate(2022, 3, 31)},
		{NewDate(2019, 1, 1), NewDate(2019, 12, 31)}, // no activities
	}
	for _, p := range periods {
		got, err := w.st.Statistics(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		want := w.naiveStatistics(p)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\n got %+v\nwant %+v", p, got, want)
		}
	}
	// The data exercise what they should: a trashed township with live
	// activities has a row, trashed sites and activities are left out.
	all, _ := w.st.Statistics(ctx, Period{})
	last := all.Townships[len(all.Townships)-1]
	if last.Township != "大莫古镇" || last.Sites != 0 || last.Activities != 4 || last.ProblemsSolved != 6 || last.BySource[SourceGovernment] != 4 {
		t.Errorf("trashed township's row: %+v", last)
	}
	if all.Total.Activities != len(w.live) || len(w.live) == len(w.g.acts) || all.Total.Sites != len(w.g.sites)-1 {
		t.Errorf("totals: %+v, %d live of %d", all.Total, len(w.live), len(w.g.acts))
	}
	q, _ := w.st.Statistics(ctx, periods[2])
	if q.Total.Unveiled == all.Total.Unveiled {
		t.Error("no room unveiled after the quarter: a weak test")
	}
}

func TestMonthlyStatsMatchNaive(t *testing.T) {
	w := newActWorld(t, 1200)
	for _, p := range []Period{
		{NewDate(2023, 1, 1), NewDate(2023, 12, 31)},
		{NewDate(2023, 11, 15), NewDate(2024, 2, 10)}, // part months, over a new year
		{},
		{From: NewDate(2024, 11, 3)},
		{NewDate(2019, 12, 1), NewDate(2020, 1, 31)}, // nothing held
	} {
		got, err := w.st.MonthlyStats(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		from, to := p.From, p.To
		if from.IsZero() {
			from = NewDate(2022, 1, 1)
			for _, a := range w.live {
				if a.Date.Before(from) {
					from = a.Date
				}
			}
		}
		if to.IsZero() {
			to = NewDate(2000, 1, 1)
			for _, a := range w.live {
				if a.Date.After(to) {
					to = a.Date
				}
			}
		}
		var want []MonthStats
		for y, m := from.Year(), from.Month(); y < to.Year() || y == to.Year() && m <= to.Month(); {
			ms := MonthStats{Year: y, Month: m, Tally: newTally()}
			for _, a := range w.live {
				if a.Date.Year() == y && a.Date.Month() == m && !a.Date.Before(from) && !a.Date.After(to) {
					addTo(&ms.Tally, a)
				}
			}
			want = append(want, ms)
			if m++; m > time.December {
				y, m = y+1, time.January
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\n got %+v\nwant %+v", p, got, want)
		}
	}
	empty := openTest(t)
	if got, err := empty.MonthlyStats(ctx, Period{}); err != nil || got != nil {
		t.Errorf("empty file: %v %v", got, err)
	}
}

func TestDashboardMatchNaive(t *testing.T) {
	w := newActWorld(t, 1200)
	today := NewDate(2024, 3, 20)
	got, err := w.st.Dashboard(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	want := &Dashboard{SitesByStatus: map[string]int{}}
	for _, c := range SiteStatuses.Codes() {
		want.SitesByStatus[c] = 0
	}
	for _, s := range w.sites {
		if !s.DeletedAt.Valid {
			want.Sites++
			want.SitesByStatus[s.Status]++
			if !s.UnveiledOn.IsZero() {
				want.RoomsUnveiled++
			}
		}
	}
	live := map[uint]bool{}
	for _, a := range w.live {
		live[a.ID] = true
		want.Activities++
		want.Participants += a.Participants
		want.ProblemsSolved += a.ProblemsSolved
		if a.Date.Year() == 2024 && !a.Date.After(today) {
			want.ActivitiesYear++
			if a.Date.Month() == time.March {
				want.ActivitiesMonth++
			}
		}
	}
	people := map[uint]bool{}
	for _, at := range w.g.attendees {
		if at.PersonID != nil && live[at.ActivityID] {
			people[*at.PersonID] = true
		}
	}
	want.PeopleOnFile = len(people)
	for _, it := range w.g.items {
		if live[it.ActivityID] && it.Status != FollowUpDone && it.Deadline.Before(today) {
			want.OverdueItems++
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
	if want.ActivitiesMonth == 0 || want.PeopleOnFile == 0 || want.OverdueItems == 0 || want.RoomsUnveiled == want.Sites {
		t.Errorf("weak data: %+v", want)
	}
	// Purged people no longer count; the attendance keeps their name.
	var pid uint
	w.st.db.Raw("SELECT person_id FROM attendees WHERE person_id IS NOT NULL LIMIT 1").Scan(&pid)
	if err := w.st.db.Exec("DELETE FROM people WHERE id = ?", pid).Error; err != nil {
		t.Fatal(err)
	}
	got, _ = w.st.Dashboard(ctx, today)
	if got.PeopleOnFile != want.PeopleOnFile-1 {
		t.Errorf("after a purge: %d people, want %d", got.PeopleOnFile, want.PeopleOnFile-1)
	}
}
