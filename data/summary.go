package data

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// The figures of the 工作情况统计表 (the one-page summary the city adds up
// county by county) and of its paragraph (情况综述), computed in one place.
// Every figure counts live records, 本期 (Period: From..AsOf) and 累计
// (Total: up to AsOf); AsOf is the period's end, or today if earlier.
//
//	townships, communities, enterprises: live sites of the kind; 本期: those
//	    where an activity was held in the period (a township: anywhere in it).
//	rooms: live sites with an unveiling date; 本期: unveiled in the period.
//	leaders, members: distinct live people of the category with a live
//	    assignment to a live site; 本期: running on a day of the period.
//	panel_departments, panel_people: distinct departments and live people
//	    of live panels as they stand (the roster has no dates).
//	visits; activities, activities_<source>; participants (head counts),
//	    participants_on_file (attendances of people on file);
//	    problems_raised, problems_solved: held in the window, activities of
//	    a site trashed since included.
//	follow_ups, follow_ups_<state>: items of those activities by their state
//	    on AsOf (done only if done by then); follow_ups_overdue: not done,
//	    deadline before AsOf.
//	tasks_done: by their done date (proven tasks by the records);
//	    tasks_overdue: not done on AsOf, deadline before it (本期: due in it).

// Figure is one row's two numbers.
type Figure struct {
	Period int `json:"period"` // 本期
	Total  int `json:"total"`  // 累计
}

// Summary holds every figure of the 工作情况统计表 (see above).
type Summary struct {
	Period Period `json:"period"`
	AsOf   Date   `json:"as_of"`

	Townships, Communities, Enterprises Figure
	Rooms                               Figure
	Leaders, Members                    Figure
	PanelDepartments, PanelPeople       Figure
	Visits                              Figure

	Activities     Figure
	BySource       map[string]Figure // per TopicSources code, every code present
	Participants   Figure
	OnFile         Figure
	ProblemsRaised Figure
	ProblemsSolved Figure

	FollowUps Figure
	ByState   map[string]Figure // per FollowUps code, every code present
	Overdue   Figure            // follow-up items overdue on AsOf

	TasksDone, TasksOverdue Figure
}

// SummaryRow is one row of the sheet: a stable code and its figure.
type SummaryRow struct {
	Code string `json:"code"`
	Figure
}

// each visits the figures in the sheet's order under their codes, fixed:
// the city adds up the same cell of every county's sheet. set replaces a
// figure.
func (s *Summary) each(visit func(code string, f Figure, set func(Figure))) {
	type field struct {
		code string
		f    *Figure
	}
	fields := func(fs ...field) {
		for _, x := range fs {
			visit(x.code, *x.f, func(f Figure) { *x.f = f })
		}
	}
	byCode := func(prefix string, m map[string]Figure, codes []string) {
		for _, c := range codes {
			visit(prefix+c, m[c], func(f Figure) { m[c] = f })
		}
	}
	fields(field{"townships", &s.Townships}, field{"communities", &s.Communities}, field{"enterprises", &s.Enterprises},
		field{"rooms", &s.Rooms}, field{"leaders", &s.Leaders}, field{"members", &s.Members},
		field{"panel_departments", &s.PanelDepartments}, field{"panel_people", &s.PanelPeople}, field{"visits", &s.Visits},
		field{"activities", &s.Activities})
	byCode("activities_", s.BySource, TopicSources.Codes())
	fields(field{"participants", &s.Participants}, field{"participants_on_file", &s.OnFile},
		field{"problems_raised", &s.ProblemsRaised}, field{"problems_solved", &s.ProblemsSolved}, field{"follow_ups", &s.FollowUps})
	byCode("follow_ups_", s.ByState, FollowUps.Codes())
	fields(field{"follow_ups_overdue", &s.Overdue}, field{"tasks_done", &s.TasksDone}, field{"tasks_overdue", &s.TasksOverdue})
}

// Rows lists the figures in the sheet's order under their codes.
func (s *Summary) Rows() []SummaryRow {
	var out []SummaryRow
	s.each(func(code string, f Figure, _ func(Figure)) { out = append(out, SummaryRow{code, f}) })
	return out
}

// EmptySummary is a summary of p with every row present and every figure 0.
func EmptySummary(p Period) *Summary {
	s := &Summary{Period: p, BySource: map[string]Figure{}, ByState: map[string]Figure{}}
	for _, code := range TopicSources.Codes() {
		s.BySource[code] = Figure{}
	}
	for _, code := range FollowUps.Codes() {
		s.ByState[code] = Figure{}
	}
	return s
}

// addRow adds f's 本期 to the row coded code (Rows' codes) and its 累计
// too, or sets the 累计 when latest (a later submission's stands); an
// unknown code is left out.
func (s *Summary) addRow(code string, f Figure, latest bool) {
	s.each(func(c string, old Figure, set func(Figure)) {
		if c != code {
			return
		}
		old.Period += f.Period
		if latest {
			old.Total = f.Total
		} else {
			old.Total += f.Total
		}
		set(old)
	})
}

// SummaryAsOf is the day a summary of p written today is taken on.
func SummaryAsOf(p Period, today Date) Date {
	if p.To.IsZero() || today.Before(p.To) {
		return today
	}
	return p.To
}

// FollowUpStateOn is an item's FollowUps state on day asOf: done only if done by then.
func FollowUpStateOn(f *FollowUpItem, asOf Date) string {
	switch {
	case f.Status == FollowUpDone && !f.DoneOn.IsZero() && !f.DoneOn.After(asOf):
		return FollowUpDone
	case f.Status == FollowUpPending:
		return FollowUpPending
	}
	return FollowUpInProgress
}

// bounds are the period's first and last days, an open end as a far day.
func bounds(p Period) (from, to Date) {
	from, to = p.From, p.To
	if from.IsZero() {
		from = NewDate(1000, time.January, 1) // not year 1: that is the zero Date, NULL
	}
	if to.IsZero() {
		to = NewDate(9999, time.December, 31)
	}
	return from, to
}

// followUpStateSQL is FollowUpStateOn over alias i, the day its parameter.
const followUpStateSQL = `CASE WHEN i.status = 'done' AND i.done_on <= ? THEN 'done'
	WHEN i.status = 'pending' THEN 'pending' ELSE 'in_progress' END`

// Summary computes the figures of period p as written on day today, in a
// few reads (no transaction: it would take the write lock).
func (st *Store) Summary(ctx context.Context, p Period, today Date) (*Summary, error) {
	asOf := SummaryAsOf(p, today)
	from, _ := bounds(p)
	s := EmptySummary(p)
	s.AsOf = asOf
	db := st.db.WithContext(ctx)
	for _, step := range []func(*gorm.DB, Date, Date) error{
		s.sites, s.liaison, s.panels, s.visits, s.activities, s.followUps, s.tasks,
	} {
		if err := step(db, from, asOf); err != nil {
			return nil, translate(err, activityLabel)
		}
	}
	return s, nil
}

func (s *Summary) sites(db *gorm.DB, from, asOf Date) error {
	// The sites and townships where the period's activities were held.
	const held = `SELECT a.site_id FROM activities a WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?
		UNION SELECT a.township_id FROM activities a WHERE a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?`
	var kind string
	var f, rooms Figure
	kinds := map[string]*Figure{KindTownship: &s.Townships, KindCommunity: &s.Communities, KindEnterprise: &s.Enterprises}
	return eachRow(db, `SELECT s.kind, COALESCE(SUM(CASE WHEN s.id IN (`+held+`) THEN 1 ELSE 0 END), 0), COUNT(*),
		COALESCE(SUM(CASE WHEN s.unveiled_on >= ? AND s.unveiled_on <= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN s.unveiled_on <= ? THEN 1 ELSE 0 END), 0)
		FROM sites s WHERE s.deleted_at IS NULL GROUP BY s.kind`, []any{from, asOf, from, asOf, from, asOf, asOf},
		[]any{&kind, &f.Period, &f.Total, &rooms.Period, &rooms.Total}, func() {
			s.Rooms.add(rooms)
			if k := kinds[kind]; k != nil {
				*k = f
			}
		})
}

func (f *Figure) add(g Figure) { f.Period, f.Total = f.Period+g.Period, f.Total+g.Total }

func (s *Summary) liaison(db *gorm.DB, from, asOf Date) error {
	// One person guiding three sites is one leader.
	var category string
	var f Figure
	return eachRow(db, `SELECT pe.category,
		COUNT(DISTINCT CASE WHEN a.to_date IS NULL OR a.to_date >= ? THEN a.person_id END), COUNT(DISTINCT a.person_id)
		FROM `+liveAssignmentsSQL+` WHERE a.deleted_at IS NULL AND (a.from_date IS NULL OR a.from_date <= ?)
		AND pe.category IN (?, ?) GROUP BY pe.category`, []any{from, asOf, CategoryLeader, CategoryMember},
		[]any{&category, &f.Period, &f.Total}, func() {
			if category == CategoryLeader {
				s.Leaders = f
			} else {
				s.Members = f
			}
		})
}

func (s *Summary) panels(db *gorm.DB, _, _ Date) error {
	err := db.Raw(`SELECT COUNT(DISTINCT NULLIF(m.department, '')), COUNT(DISTINCT m.person_id) FROM panel_members m
		JOIN panels p ON p.id = m.panel_id AND p.deleted_at IS NULL
		JOIN people pe ON pe.id = m.person_id AND pe.deleted_at IS NULL
		WHERE m.deleted_at IS NULL`).Row().Scan(&s.PanelDepartments.Total, &s.PanelPeople.Total)
	s.PanelDepartments.Period, s.PanelPeople.Period = s.PanelDepartments.Total, s.PanelPeople.Total
	return err
}

func (s *Summary) visits(db *gorm.DB, from, asOf Date) error {
	return db.Raw(`SELECT COALESCE(SUM(CASE WHEN date >= ? THEN 1 ELSE 0 END), 0), COUNT(*)
		FROM visits WHERE deleted_at IS NULL AND date <= ?`, from, asOf).Row().Scan(&s.Visits.Period, &s.Visits.Total)
}

func (s *Summary) activities(db *gorm.DB, from, asOf Date) error {
	var source string
	var n, people, raised, solved Figure
	err := eachRow(db, `SELECT a.topic_source, SUM(CASE WHEN a.date >= ? THEN 1 ELSE 0 END), COUNT(*),
		SUM(CASE WHEN a.date >= ? THEN a.participants ELSE 0 END), SUM(a.participants),
		SUM(CASE WHEN a.date >= ? THEN a.problems_raised ELSE 0 END), SUM(a.problems_raised),
		SUM(CASE WHEN a.date >= ? THEN a.problems_solved ELSE 0 END), SUM(a.problems_solved)
		FROM activities a WHERE a.deleted_at IS NULL AND a.date <= ? GROUP BY a.topic_source`, []any{from, from, from, from, asOf},
		[]any{&source, &n.Period, &n.Total, &people.Period, &people.Total, &raised.Period, &raised.Total, &solved.Period, &solved.Total},
		func() {
			if _, ok := s.BySource[source]; ok {
				s.BySource[source] = n
			}
			s.Activities.add(n)
			s.Participants.add(people)
			s.ProblemsRaised.add(raised)
			s.ProblemsSolved.add(solved)
		})
	if err != nil {
		return err
	}
	return db.Raw(`SELECT COALESCE(SUM(CASE WHEN a.date >= ? THEN 1 ELSE 0 END), 0), COUNT(*)
		FROM attendees t JOIN activities a ON a.id = t.activity_id
		WHERE t.person_id IS NOT NULL AND a.deleted_at IS NULL AND a.date <= ?`, from, asOf).Row().Scan(&s.OnFile.Period, &s.OnFile.Total)
}

func (s *Summary) followUps(db *gorm.DB, from, asOf Date) error {
	var state string
	var n, late Figure
	return eachRow(db, `SELECT `+followUpStateSQL+` AS state,
		SUM(CASE WHEN a.date >= ? THEN 1 ELSE 0 END), COUNT(*),
		SUM(CASE WHEN a.date >= ? AND i.deadline < ? THEN 1 ELSE 0 END), SUM(CASE WHEN i.deadline < ? THEN 1 ELSE 0 END)
		FROM follow_up_items i JOIN activities a ON a.id = i.activity_id
		WHERE i.deleted_at IS NULL AND a.deleted_at IS NULL AND a.date <= ? GROUP BY state`, []any{asOf, from, from, asOf, asOf, asOf},
		[]any{&state, &n.Period, &n.Total, &late.Period, &late.Total}, func() {
			s.ByState[state] = n
			s.FollowUps.add(n)
			if state != FollowUpDone {
				s.Overdue.add(late)
			}
		})
}

func (s *Summary) tasks(db *gorm.DB, from, asOf Date) error {
	// As the tasks screen reads them: the records decide a proven task's status.
	var tasks []Task
	if err := tasksQuery(db).Scan(&tasks).Error; err != nil {
		return err
	}
	if err := countTargets(db, tasks); err != nil {
		return err
	}
	for _, t := range tasks {
		done := t.Status == TaskDone && !t.DoneOn.IsZero() && !t.DoneOn.After(asOf) // done on AsOf
		switch {
		case done:
			s.TasksDone.Total++
			if !t.DoneOn.Before(from) {
				s.TasksDone.Period++
			}
		case t.Deadline.Before(asOf):
			s.TasksOverdue.Total++
			if !t.Deadline.Before(from) {
				s.TasksOverdue.Period++
			}
		}
	}
	return nil
}
