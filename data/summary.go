package data

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// The figures of the 工作情况统计表 (the first sheet of the statistics, the
// one-page summary the city adds up county by county) and of the paragraph
// written from it (情况综述). One function computes them all, so the sheet,
// the paragraph and the overview can never disagree.
//
// Every figure counts live records only (not in the trash), and two ways:
//
//	本期 (Period) within the period: From..AsOf, both included;
//	累计 (Total)  from the beginning up to AsOf.
//
// AsOf is the period's last day, or today when the period ends later (this
// year's report written in December): nothing after today has happened
// yet, and states (done, overdue) are taken on that day. Row by row:
//
//	townships, communities, enterprises  (试点乡镇（街道）, 试点村（社区）, 试点企事业单位)
//	    累计: live sites of the kind (the site list has no start date).
//	    本期: of those, the ones where a live activity was held in the
//	    period (a township: anywhere in it).
//	rooms (建成协商议事室): live sites of any kind with an unveiling date;
//	    本期: unveiled in the period (本期新增), 累计: by AsOf.
//	leaders, members (挂包领导, 挂包委员): distinct live people of the
//	    category leader / CPPCC member with a live assignment to a live site;
//	    本期: the assignment runs on at least one day of the period (from its
//	    start, or since ever, to its end, or still); 累计: it began by AsOf.
//	panel_departments, panel_people (政策顾问团 部门, 人数): distinct
//	    departments named and distinct live people among the live members of
//	    live panels. The roster has no dates: both columns are the panels as
//	    they stand.
//	visits (调研指导): live supervision visits dated in the window.
//	activities, activities_<source> (协商活动 场次): live activities held in
//	    the window, in all and by topic source. Activities of a site since
//	    trashed still count: they were held (as in Statistics).
//	participants (参与人次): their head counts added up; participants_on_file
//	    (其中登记在册人员): their named attendees who are people on file, one
//	    per attendance (人次, so a part of the head counts).
//	problems_raised, problems_solved (提出问题, 解决问题): the activities'
//	    numbers added up.
//	follow_ups (督办事项): live items of the live activities held in the
//	    window, and follow_ups_<status> by their state on AsOf: done when
//	    marked done with a done date by AsOf; an item done after AsOf was
//	    still in progress then; pending and in progress as marked. They add
//	    up to follow_ups. follow_ups_overdue: of those not done on AsOf, the
//	    ones whose deadline was before AsOf (due that day is not late yet).
//	tasks_done (目标任务 已完成): live tasks done, by their done date (a
//	    task the records prove, 挂牌 or 首次协商, by the records, as the
//	    tasks screen shows it);
//	tasks_overdue (逾期): live tasks not done on AsOf whose deadline was
//	    before AsOf; 本期: of those, the ones due in the period.

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

// SummaryRow is one row of the sheet: a stable code a program can rely on
// (a city's merge, the tests) and its figure.
type SummaryRow struct {
	Code string `json:"code"`
	Figure
}

// Rows lists the figures in the sheet's order under their codes. The list
// and the codes are fixed: the city adds up the same cell of every
// county's sheet.
func (s *Summary) Rows() []SummaryRow {
	out := []SummaryRow{
		{"townships", s.Townships}, {"communities", s.Communities}, {"enterprises", s.Enterprises}, {"rooms", s.Rooms},
		{"leaders", s.Leaders}, {"members", s.Members}, {"panel_departments", s.PanelDepartments},
		{"panel_people", s.PanelPeople}, {"visits", s.Visits},
		{"activities", s.Activities},
	}
	for _, code := range TopicSources.Codes() {
		out = append(out, SummaryRow{"activities_" + code, s.BySource[code]})
	}
	out = append(out, SummaryRow{"participants", s.Participants}, SummaryRow{"participants_on_file", s.OnFile},
		SummaryRow{"problems_raised", s.ProblemsRaised}, SummaryRow{"problems_solved", s.ProblemsSolved},
		SummaryRow{"follow_ups", s.FollowUps})
	for _, code := range FollowUps.Codes() {
		out = append(out, SummaryRow{"follow_ups_" + code, s.ByState[code]})
	}
	return append(out, SummaryRow{"follow_ups_overdue", s.Overdue},
		SummaryRow{"tasks_done", s.TasksDone}, SummaryRow{"tasks_overdue", s.TasksOverdue})
}

// SummaryAsOf is the day a summary of period p written on day today is
// taken on: the period's end, or today if that is earlier or the period
// has no end.
func SummaryAsOf(p Period, today Date) Date {
	if p.To.IsZero() || today.Before(p.To) {
		return today
	}
	return p.To
}

// FollowUpStateOn is the state of a follow-up item on day asOf (a FollowUps
// code): done only if done by then; an item done later was in progress.
func FollowUpStateOn(f *FollowUpItem, asOf Date) string {
	switch {
	case f.Status == FollowUpDone && !f.DoneOn.IsZero() && !f.DoneOn.After(asOf):
		return FollowUpDone
	case f.Status == FollowUpPending:
		return FollowUpPending
	}
	return FollowUpInProgress
}

// bounds are the period's first and last days, an open end as a day before
// or after anything on file, so that every query compares both.
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

// followUpStateSQL is FollowUpStateOn over alias i, the day as the one
// parameter.
const followUpStateSQL = `CASE WHEN i.status = 'done' AND i.done_on <= ? THEN 'done'
	WHEN i.status = 'pending' THEN 'pending' ELSE 'in_progress' END`

// Summary computes the figures of period p as written on day today (see
// SummaryAsOf). Plain counts over the tables, a few reads, no transaction
// (it would take the write lock).
func (st *Store) Summary(ctx context.Context, p Period, today Date) (*Summary, error) {
	asOf := SummaryAsOf(p, today)
	from, _ := bounds(p)
	s := &Summary{Period: p, AsOf: asOf, BySource: map[string]Figure{}, ByState: map[string]Figure{}}
	for _, code := range TopicSources.Codes() {
		s.BySource[code] = Figure{}
	}
	for _, code := range FollowUps.Codes() {
		s.ByState[code] = Figure{}
	}
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
	// The places of the period's activities, read once: their sites and
	// their townships (a township is in it when anything was held in it;
	// a village only when held there).
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
	// Read as the tasks screen reads them: the records decide the status
	// and done date of a task they prove (挂牌, 首次协商).
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
