package data

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// Statistics for the dashboard and the report sent up to the city: a live
// activity counts even if its site was trashed since (it was held), a site
// while live. SQL adds up per site and source, Go rolls those up, so the
// tables of one report agree.

// Period limits statistics to activities held From..To, both included; a zero end is open.
type Period struct{ From, To Date }

// Tally is what every statistics row counts.
type Tally struct {
	Activities     int            `json:"activities"`
	BySource       map[string]int `json:"by_source"`       // activities per TopicSources code (every code present)
	Participants   int            `json:"participants"`    // head counts added up (参与人次)
	ProblemsSolved int            `json:"problems_solved"` // 解决问题数
}

func newTally() Tally {
	t := Tally{BySource: make(map[string]int, len(TopicSources.Options))}
	for _, code := range TopicSources.Codes() {
		t.BySource[code] = 0
	}
	return t
}

func (t *Tally) add(f fact) {
	t.Activities += f.N
	t.BySource[f.Source] += f.N
	t.Participants += f.Participants
	t.ProblemsSolved += f.Problems
}

// SiteTally is what a row of sites counts besides their activities: the
// live pilot sites and, of those, the rooms unveiled (挂牌) by the period's end.
type SiteTally struct {
	Sites    int `json:"sites"`
	Unveiled int `json:"unveiled"`
	Tally
}

func newSiteTally() SiteTally { return SiteTally{Tally: newTally()} }

// TownshipStats is one township's row of the report: the township itself
// and the sites under it.
type TownshipStats struct {
	TownshipID uint   `json:"township_id"`
	Township   string `json:"township"`
	SiteTally
}

// KindStats is one kind of site's row.
type KindStats struct {
	Kind string `json:"kind"` // SiteKinds code
	SiteTally
}

// SourceStats is one topic source's row.
type SourceStats struct {
	Source         string `json:"source"` // TopicSources code
	Activities     int    `json:"activities"`
	Participants   int    `json:"participants"`
	ProblemsSolved int    `json:"problems_solved"`
}

// Statistics is the report for a period (统计表).
type Statistics struct {
	Period Period `json:"period"`
	// Townships in entry order; a trashed one only with live activities, so
	// the rows add up to Total.
	Townships []TownshipStats `json:"townships"`
	Kinds     []KindStats     `json:"kinds"`   // in SiteKinds order, every kind present
	Sources   []SourceStats   `json:"sources"` // in TopicSources order, every source present
	Bases     []BasisStats    `json:"bases"`   // by 依托类型, in RoomBases order, every basis present, then "" if any
	Total     TownshipStats   `json:"total"`   // TownshipID 0
}

// fact is the activities of one site and topic source, added up.
type fact struct {
	SiteID       uint
	Source       string
	N            int
	Participants int
	Problems     int
}

// periodWhere limits live activities (alias a) to the period.
func periodWhere(p Period) (string, []any) {
	where, args := "a.deleted_at IS NULL", []any{}
	if !p.From.IsZero() {
		where += " AND a.date >= ?"
		args = append(args, p.From)
	}
	if !p.To.IsZero() {
		where += " AND a.date <= ?"
		args = append(args, p.To)
	}
	return where, args
}

// siteFacts adds up the period's live activities per site and topic source.
func (st *Store) siteFacts(ctx context.Context, p Period) ([]fact, error) {
	var out []fact
	where, args := periodWhere(p)
	err := st.query(ctx, `SELECT a.site_id, a.topic_source, COUNT(*), SUM(a.participants), SUM(a.problems_solved)
		FROM activities a WHERE `+where+` GROUP BY a.site_id, a.topic_source`, args, func(r *sql.Rows) error {
		var f fact
		err := r.Scan(uintCol{&f.SiteID}, &f.Source, intCol{&f.N}, intCol{&f.Participants}, intCol{&f.Problems})
		out = append(out, f)
		return err
	})
	return out, err
}

// tally adds up the period's activities in one row.
func tally(db *gorm.DB, p Period) (Tally, error) {
	where, args := periodWhere(p)
	t := newTally()
	var f fact
	err := eachRow(db, `SELECT a.topic_source, COUNT(*), COALESCE(SUM(a.participants), 0), COALESCE(SUM(a.problems_solved), 0)
		FROM activities a WHERE `+where+` GROUP BY a.topic_source`, args, []any{&f.Source, &f.N, &f.Participants, &f.Problems}, func() { t.add(f) })
	return t, err
}

// Statistics computes the report for the period p.
func (st *Store) Statistics(ctx context.Context, p Period) (*Statistics, error) {
	// No transaction (it would take the write lock). Sums first: a site
	// with activities cannot be purged meanwhile.
	fs, err := st.siteFacts(ctx, p)
	if err != nil {
		return nil, translate(err, activityLabel)
	}
	sites, err := st.allSites(ctx)
	if err != nil {
		return nil, err
	}

	out := &Statistics{Period: p, Total: TownshipStats{SiteTally: newSiteTally()}}
	byID := make(map[uint]*Site, len(sites))
	for i := range sites {
		byID[sites[i].ID] = &sites[i]
	}
	towns := map[uint]*TownshipStats{}
	town := func(id uint) *TownshipStats {
		if t := towns[id]; t != nil {
			return t
		}
		t := &TownshipStats{TownshipID: id, SiteTally: newSiteTally()}
		if s := byID[id]; s != nil {
			t.Township = s.Name
		}
		towns[id] = t
		return t
	}
	kinds, bases, sources := map[string]*KindStats{}, map[string]*BasisStats{}, map[string]*SourceStats{}
	out.Kinds, out.Sources = make([]KindStats, len(SiteKinds.Options)), make([]SourceStats, len(TopicSources.Options))
	for i, k := range SiteKinds.Codes() {
		out.Kinds[i] = KindStats{Kind: k, SiteTally: newSiteTally()}
		kinds[k] = &out.Kinds[i]
	}
	for i, code := range TopicSources.Codes() {
		out.Sources[i] = SourceStats{Source: code}
		sources[code] = &out.Sources[i]
	}
	basis := func(code string) *BasisStats {
		if bases[code] == nil {
			bases[code] = &BasisStats{Basis: code, SiteTally: newSiteTally()}
		}
		return bases[code]
	}
	for _, code := range RoomBases.Codes() {
		basis(code)
	}
	// rows are the rows a site's figures go to.
	rows := func(s *Site) []*SiteTally {
		in := []*SiteTally{&town(townshipOf(s)).SiteTally, &out.Total.SiteTally, &basis(s.RoomBasis).SiteTally}
		if k := kinds[s.Kind]; k != nil {
			in = append(in, &k.SiteTally)
		}
		return in
	}
	for i := range sites {
		s := &sites[i]
		if s.DeletedAt.Valid {
			continue
		}
		unveiled := unveiledBy(s, p)
		for _, row := range rows(s) {
			row.Sites++
			row.Unveiled += unveiled
		}
	}
	for _, f := range fs {
		s := byID[f.SiteID]
		if s == nil { // purged meanwhile, with its activities
			continue
		}
		for _, row := range rows(s) {
			row.add(f)
		}
		if src := sources[f.Source]; src != nil {
			src.Activities += f.N
			src.Participants += f.Participants
			src.ProblemsSolved += f.Problems
		}
	}
	for i := range sites { // id order = entry order
		if t := towns[sites[i].ID]; t != nil {
			out.Townships = append(out.Townships, *t)
		}
	}
	for _, code := range append(RoomBases.Codes(), "") {
		if r := bases[code]; r != nil {
			out.Bases = append(out.Bases, *r)
		}
	}
	return out, nil
}

// allSites reads every site by id (entry order), trashed ones too
// (DeletedAt.Valid): their activities still count.
func (st *Store) allSites(ctx context.Context) ([]Site, error) {
	var sites []Site
	err := st.query(ctx, `SELECT id, name, kind, parent_id, CAST(unveiled_on AS TEXT), room_basis, deleted_at IS NOT NULL FROM sites ORDER BY id`, nil,
		func(r *sql.Rows) error {
			var s Site
			err := r.Scan(uintCol{&s.ID}, &s.Name, &s.Kind, refCol{&s.ParentID}, &s.UnveiledOn, &s.RoomBasis, &s.DeletedAt.Valid)
			sites = append(sites, s)
			return err
		})
	return sites, translate(err, siteLabel)
}

// unveiledBy is 1 if s's room was unveiled by the end of p, else 0.
func unveiledBy(s *Site, p Period) int {
	if !s.UnveiledOn.IsZero() && (p.To.IsZero() || !s.UnveiledOn.After(p.To)) {
		return 1
	}
	return 0
}

// MonthStats is one calendar month's row.
type MonthStats struct {
	Year  int        `json:"year"`
	Month time.Month `json:"month"`
	Tally
}

// MonthlyStats gives one row per calendar month of the period, empty
// months included; an open end stops at the first or last live activity.
func (st *Store) MonthlyStats(ctx context.Context, p Period) ([]MonthStats, error) {
	db := st.db.WithContext(ctx)
	if p.From.IsZero() || p.To.IsZero() {
		var span struct{ First, Last Date }
		if err := db.Raw(`SELECT (SELECT MIN(date) FROM activities WHERE deleted_at IS NULL) AS first,
			(SELECT MAX(date) FROM activities WHERE deleted_at IS NULL) AS last`).Scan(&span).Error; err != nil {
			return nil, translate(err, activityLabel)
		}
		if span.First.IsZero() {
			return nil, nil
		}
		if p.From.IsZero() {
			p.From = span.First
		}
		if p.To.IsZero() {
			p.To = span.Last
		}
	}
	var out []MonthStats
	nextMonth := func(d Date) Date { return NewDate(d.Year(), d.Month()+1, 1) } // time.Date rolls December over
	for m := NewDate(p.From.Year(), p.From.Month(), 1); !m.After(p.To); m = nextMonth(m) {
		in := Period{From: m, To: nextMonth(m).AddDays(-1)}
		if in.From.Before(p.From) {
			in.From = p.From
		}
		if in.To.After(p.To) {
			in.To = p.To
		}
		t, err := tally(db, in)
		if err != nil {
			return nil, translate(err, activityLabel)
		}
		out = append(out, MonthStats{Year: m.Year(), Month: m.Month(), Tally: t})
	}
	return out, nil
}

// Dashboard holds the overview's figures, cumulative since the pilot began.
type Dashboard struct {
	Sites           int            `json:"sites"`           // live pilot sites, townships included
	SitesByStatus   map[string]int `json:"sites_by_status"` // per SiteStatuses code (every code present)
	RoomsUnveiled   int            `json:"rooms_unveiled"`  // live sites with an unveiling date
	ActivitiesMonth int            `json:"activities_month"`
	ActivitiesYear  int            `json:"activities_year"`
	Activities      int            `json:"activities"`
	// Participants adds up the head counts (参与人次), unnamed ones too.
	Participants int `json:"participants"`
	// PeopleOnFile counts distinct people on file attending live activities
	// (参与人员，去重); names without a record are left out.
	PeopleOnFile   int `json:"people_on_file"`
	ProblemsSolved int `json:"problems_solved"`
	OverdueItems   int `json:"overdue_items"` // as OverdueFollowUps lists them
}

// Dashboard computes the overview's figures as of today.
func (st *Store) Dashboard(ctx context.Context, today Date) (*Dashboard, error) {
	d := &Dashboard{SitesByStatus: make(map[string]int)}
	for _, code := range SiteStatuses.Codes() {
		d.SitesByStatus[code] = 0
	}
	// Separate reads, no transaction (it would take the write lock).
	err := func(tx *gorm.DB) error {
		var status string
		var n, unveiled int
		err := eachRow(tx, `SELECT status, COUNT(*), COUNT(unveiled_on) FROM sites WHERE deleted_at IS NULL GROUP BY status`, nil,
			[]any{&status, &n, &unveiled}, func() {
				d.SitesByStatus[status] += n
				d.Sites, d.RoomsUnveiled = d.Sites+n, d.RoomsUnveiled+unveiled
			})
		if err != nil {
			return err
		}
		all, err := tally(tx, Period{})
		if err != nil {
			return err
		}
		d.Activities, d.Participants, d.ProblemsSolved = all.Activities, all.Participants, all.ProblemsSolved
		// Held later this month or year does not count yet.
		for n, from := range map[*int]Date{&d.ActivitiesMonth: NewDate(today.Year(), today.Month(), 1), &d.ActivitiesYear: NewDate(today.Year(), time.January, 1)} {
			if err := tx.Raw(`SELECT COUNT(*) FROM activities a WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?`, from, today).Scan(n).Error; err != nil {
				return err
			}
		}
		// Tested against the few trashed ids, not by reading each activity.
		if err := tx.Raw(`SELECT COUNT(*) FROM people p WHERE EXISTS (SELECT 1 FROM attendees t WHERE t.person_id = p.id
			AND t.activity_id NOT IN (SELECT id FROM activities WHERE deleted_at IS NOT NULL))`).Scan(&d.PeopleOnFile).Error; err != nil {
			return err
		}
		return tx.Raw(`SELECT COUNT(*) FROM follow_up_items i WHERE `+overdueWhere, today).Scan(&d.OverdueItems).Error
	}(st.db.WithContext(ctx))
	if err != nil {
		return nil, translate(err, activityLabel)
	}
	return d, nil
}
