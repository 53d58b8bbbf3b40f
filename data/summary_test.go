package data

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// sumWorld is a generated district, saved through the Store's own methods,
// with everything the naive computation of the summary needs: every record
// as saved and whether it went to the trash.
type sumWorld struct {
	st          *Store
	sites       []Site
	trashedSite map[uint]bool
	people      map[uint]Person
	trashedPer  map[uint]bool
	assignments []Assignment // live ones
	members     []PanelMember
	livePanel   map[uint]bool
	visits      []Visit // live ones
	activities  []ActivityDetail
	tasks       []Task // live ones
}

// day draws a day between 2022-01-01 and 2025-12-31.
func drawDay(r *rand.Rand) Date { return NewDate(2022, time.January, 1).AddDays(r.IntN(4 * 365)) }

func newSumWorld(t *testing.T, seed uint64) *sumWorld {
	t.Helper()
	st := openTest(t)
	r := rand.New(rand.NewPCG(seed, 99))
	w := &sumWorld{st: st, trashedSite: map[uint]bool{}, people: map[uint]Person{}, trashedPer: map[uint]bool{}, livePanel: map[uint]bool{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	site := func(s Site) Site {
		if r.IntN(10) < 7 {
			s.UnveiledOn, s.Status = drawDay(r), StatusActive
		} else {
			s.Status = StatusPlanned
		}
		must(st.SaveSite(ctx, &s))
		w.sites = append(w.sites, s)
		return s
	}
	var places []Site // where activities are held
	for i := range 4 {
		town := site(Site{Name: fmt.Sprintf("第%d街道", i+1), Kind: KindTownship})
		places = append(places, town)
		for j := range 4 {
			places = append(places, site(Site{Name: fmt.Sprintf("第%d社区", j+1), Kind: KindCommunity, ParentID: &town.ID}))
		}
		places = append(places, site(Site{Name: "园区企业", Kind: KindEnterprise, ParentID: &town.ID}))
	}
	// A quiet community, unveiled, that goes to the trash with its assignments.
	quiet := site(Site{Name: "撤销社区", Kind: KindCommunity, ParentID: &w.sites[0].ID, Status: StatusActive})

	categories := []string{CategoryLeader, CategoryLeader, CategoryMember, CategoryMember, CategoryMember, CategoryStaff, CategoryFigure}
	var ids []uint
	for i := range 24 {
		p := Person{Name: fmt.Sprintf("人员%02d", i), Category: categories[i%len(categories)]}
		must(st.SavePerson(ctx, &p))
		w.people[p.ID] = p
		ids = append(ids, p.ID)
	}
	for range 40 {
		a := Assignment{PersonID: ids[r.IntN(len(ids))], SiteID: w.sites[r.IntN(len(w.sites))].ID, Role: RoleLiaison}
		if r.IntN(2) == 0 {
			a.Role = RoleLead
		}
		if r.IntN(10) < 7 {
			a.FromDate = drawDay(r)
		}
		if r.IntN(2) == 0 {
			a.ToDate = drawDay(r)
			if a.ToDate.Before(a.FromDate) {
				a.FromDate, a.ToDate = a.ToDate, a.FromDate
			}
		}
		if err := st.SaveAssignment(ctx, &a); err != nil {
			continue // the same person, site and role over overlapping days
		}
		w.assignments = append(w.assignments, a)
	}
	must(st.TrashAssignment(ctx, w.assignments[3].ID))
	w.assignments = slices.Delete(w.assignments, 3, 4)

	departments := []string{"区水务局", "区住建局", "区农业农村局", "区民政局", "", "区水务局"}
	for k := range 3 {
		p := Panel{Name: fmt.Sprintf("顾问团%d", k)}
		must(st.SavePanel(ctx, &p))
		w.livePanel[p.ID] = true
		for j := range 6 {
			m := PanelMember{PanelID: p.ID, PersonID: ids[(5*k+2*j)%len(ids)], Department: departments[(k+j)%len(departments)]}
			must(st.SavePanelMember(ctx, &m))
			w.members = append(w.members, m)
		}
	}
	must(st.TrashPanelMember(ctx, w.members[1].ID))
	w.members = slices.Delete(w.members, 1, 2)
	must(st.TrashPanel(ctx, w.members[len(w.members)-1].PanelID))
	w.livePanel[w.members[len(w.members)-1].PanelID] = false

	for i := range 16 {
		v := Visit{Date: drawDay(r)}
		must(st.SaveVisit(ctx, &v, []uint{ids[i%len(ids)]}, []uint{places[i%len(places)].ID}))
		w.visits = append(w.visits, v)
	}
	must(st.TrashVisit(ctx, w.visits[0].ID))
	w.visits = w.visits[1:]

	for i := range 240 {
		a := Activity{Date: drawDay(r), SiteID: places[r.IntN(len(places))].ID, Topic: fmt.Sprintf("议题%d", i),
			TopicSource: TopicSources.Codes()[r.IntN(4)], Participants: 5 + r.IntN(50),
			ProblemsRaised: r.IntN(7), ProblemsSolved: r.IntN(5), FollowUp: FollowUpInProgress}
		var who []Attendee
		for _, id := range ids[r.IntN(len(ids)):] {
			if len(who) < 4 && r.IntN(3) == 0 {
				id := id
				who = append(who, Attendee{PersonID: &id, Role: "member"})
			}
		}
		if r.IntN(3) == 0 {
			who = append(who, Attendee{Name: "群众代表", Role: "stakeholder"})
		}
		var items []FollowUpItem
		for range r.IntN(4) {
			f := FollowUpItem{Task: "整改", Unit: "街道办", Status: FollowUps.Codes()[r.IntN(3)]}
			if r.IntN(5) > 0 {
				f.Deadline = a.Date.AddDays(r.IntN(200))
			}
			if f.Status == FollowUpDone {
				f.DoneOn = a.Date.AddDays(r.IntN(300))
			}
			items = append(items, f)
		}
		must(st.SaveActivity(ctx, &a, who, items))
		if i%11 == 5 {
			must(st.TrashActivity(ctx, a.ID))
			continue
		}
		w.activities = append(w.activities, ActivityDetail{Activity: a, Attendees: who, Items: items})
	}
	// A community whose activities stay live goes to the trash (a file from
	// before TrashSite refused that): they count, the community does not.
	gone := w.activities[0].SiteID
	if err := st.db.Exec(`UPDATE sites SET deleted_at = ? WHERE id = ?`, time.Now(), gone).Error; err != nil {
		t.Fatal(err)
	}
	w.trashedSite[gone] = true
	must(st.TrashSite(ctx, quiet.ID))
	w.trashedSite[quiet.ID] = true
	for _, id := range []uint{ids[0], ids[2]} { // a leader and a member, with their assignments
		must(st.TrashPerson(ctx, id))
		w.trashedPer[id] = true
	}

	for i := range 14 {
		tk := Task{Name: fmt.Sprintf("任务%d", i), Scope: ScopeAll, Deadline: drawDay(r), Status: TaskStatuses.Codes()[r.IntN(3)]}
		if tk.Status == TaskDone {
			tk.DoneOn = drawDay(r)
		}
		must(st.SaveTask(ctx, &tk))
		w.tasks = append(w.tasks, tk)
	}
	must(st.TrashTask(ctx, w.tasks[2].ID))
	w.tasks = slices.Delete(w.tasks, 2, 3)
	// Tasks the records prove stay pending in the file: their status and
	// done date are the records' (a site unveiled, or not).
	for _, s := range w.sites {
		if s.Kind == KindTownship || w.trashedSite[s.ID] {
			continue
		}
		tk := Task{Name: s.Name + "挂牌", Kind: TaskUnveil, Scope: ScopeSite, SiteID: &s.ID, Deadline: drawDay(r)}
		must(st.SaveTask(ctx, &tk))
		if !s.UnveiledOn.IsZero() {
			tk.Status, tk.DoneOn = TaskDone, s.UnveiledOn
		}
		w.tasks = append(w.tasks, tk)
		if len(w.tasks) > 16 {
			break
		}
	}
	return w
}

// naiveSummary computes the summary record by record, from the rules as
// written in summary.go.
func (w *sumWorld) naiveSummary(p Period, today Date) *Summary {
	asOf := today
	if !p.To.IsZero() && p.To.Before(today) {
		asOf = p.To
	}
	inPeriod := func(d Date) bool { return !d.IsZero() && (p.From.IsZero() || !d.Before(p.From)) && !d.After(asOf) }
	byAsOf := func(d Date) bool { return !d.IsZero() && !d.After(asOf) }
	count := func(f *Figure, period, total bool) {
		if period {
			f.Period++
		}
		if total {
			f.Total++
		}
	}
	s := &Summary{Period: p, AsOf: asOf, BySource: map[string]Figure{}, ByState: map[string]Figure{}}
	for _, c := range TopicSources.Codes() {
		s.BySource[c] = Figure{}
	}
	for _, c := range FollowUps.Codes() {
		s.ByState[c] = Figure{}
	}

	activeSite, activeTown := map[uint]bool{}, map[uint]bool{}
	for _, a := range w.activities {
		if !inPeriod(a.Date) {
			continue
		}
		activeSite[a.SiteID] = true
		activeTown[a.SiteID] = true // a township's own activities
		for _, site := range w.sites {
			if site.ID == a.SiteID && site.ParentID != nil {
				activeTown[*site.ParentID] = true
			}
		}
	}
	for _, site := range w.sites {
		if w.trashedSite[site.ID] {
			continue
		}
		switch site.Kind {
		case KindTownship:
			count(&s.Townships, activeTown[site.ID], true)
		case KindCommunity:
			count(&s.Communities, activeSite[site.ID], true)
		case KindEnterprise:
			count(&s.Enterprises, activeSite[site.ID], true)
		}
		if byAsOf(site.UnveiledOn) {
			count(&s.Rooms, inPeriod(site.UnveiledOn), true)
		}
	}

	guiding := map[string]map[uint][2]bool{CategoryLeader: {}, CategoryMember: {}}
	for _, a := range w.assignments {
		if w.trashedSite[a.SiteID] || w.trashedPer[a.PersonID] || a.FromDate.After(asOf) {
			continue
		}
		seen, ok := guiding[w.people[a.PersonID].Category]
		if !ok {
			continue
		}
		was := seen[a.PersonID]
		runs := a.ToDate.IsZero() || p.From.IsZero() || !a.ToDate.Before(p.From)
		seen[a.PersonID] = [2]bool{was[0] || runs, true}
	}
	for category, seen := range guiding {
		f := &s.Leaders
		if category == CategoryMember {
			f = &s.Members
		}
		for _, in := range seen {
			count(f, in[0], in[1])
		}
	}

	departments, advisers := map[string]bool{}, map[uint]bool{}
	for _, m := range w.members {
		if w.livePanel[m.PanelID] && !w.trashedPer[m.PersonID] {
			if m.Department != "" {
				departments[m.Department] = true
			}
			advisers[m.PersonID] = true
		}
	}
	s.PanelDepartments = Figure{Period: len(departments), Total: len(departments)}
	s.PanelPeople = Figure{Period: len(advisers), Total: len(advisers)}

	for _, v := range w.visits {
		if byAsOf(v.Date) {
			count(&s.Visits, inPeriod(v.Date), true)
		}
	}

	add := func(f *Figure, in bool, n int) {
		if in {
			f.Period += n
		}
		f.Total += n
	}
	for _, a := range w.activities {
		if !byAsOf(a.Date) {
			continue
		}
		in := inPeriod(a.Date)
		src := s.BySource[a.TopicSource]
		count(&src, in, true)
		s.BySource[a.TopicSource] = src
		count(&s.Activities, in, true)
		add(&s.Participants, in, a.Participants)
		add(&s.ProblemsRaised, in, a.ProblemsRaised)
		add(&s.ProblemsSolved, in, a.ProblemsSolved)
		for _, at := range a.Attendees {
			if at.PersonID != nil {
				count(&s.OnFile, in, true)
			}
		}
		for _, f := range a.Items {
			done := f.Status == FollowUpDone && byAsOf(f.DoneOn)
			state := f.Status
			if f.Status == FollowUpDone && !done {
				state = FollowUpInProgress
			}
			n := s.ByState[state]
			count(&n, in, true)
			s.ByState[state] = n
			count(&s.FollowUps, in, true)
			if !done && !f.Deadline.IsZero() && f.Deadline.Before(asOf) {
				count(&s.Overdue, in, true)
			}
		}
	}

	for _, tk := range w.tasks {
		done := tk.Status == TaskDone && byAsOf(tk.DoneOn)
		if done {
			count(&s.TasksDone, inPeriod(tk.DoneOn), true)
		}
		if !done && tk.Deadline.Before(asOf) {
			count(&s.TasksOverdue, p.From.IsZero() || !tk.Deadline.Before(p.From), true)
		}
	}
	return s
}

// Every figure of the summary, both columns, against the naive count, for
// periods that cut through months, end before today or after it, or are
// open.
func TestSummaryAgainstNaive(t *testing.T) {
	w := newSumWorld(t, 3)
	for _, c := range []struct {
		p     Period
		today Date
	}{
		{Period{NewDate(2024, 3, 15), NewDate(2024, 11, 20)}, NewDate(2026, 12, 7)},
		{Period{NewDate(2025, 1, 1), NewDate(2025, 12, 31)}, NewDate(2025, 6, 10)},
		{Period{NewDate(2023, 7, 1), Date{}}, NewDate(2025, 2, 28)},
		{Period{}, NewDate(2026, 12, 7)},
		{Period{Date{}, NewDate(2023, 2, 28)}, NewDate(2026, 12, 7)},
	} {
		got, err := w.st.Summary(ctx, c.p, c.today)
		if err != nil {
			t.Fatal(err)
		}
		want := w.naiveSummary(c.p, c.today)
		if got.AsOf != want.AsOf {
			t.Errorf("%v on %v: as of %v, want %v", c.p, c.today, got.AsOf, want.AsOf)
		}
		gr, wr := got.Rows(), want.Rows()
		if !reflect.DeepEqual(gr, wr) {
			for i := range gr {
				if gr[i] != wr[i] {
					t.Errorf("%v on %v: %s = %+v, want %+v", c.p, c.today, gr[i].Code, gr[i].Figure, wr[i].Figure)
				}
			}
		}
		// The generated world must exercise every row, or the comparison
		// proves little.
		if c.p == (Period{}) {
			for _, r := range gr {
				if r.Total == 0 {
					t.Errorf("row %s is 0 in the generated world", r.Code)
				}
			}
		}
	}
}

// The states add up, the sources add up, and a period's figures never
// exceed the cumulative ones.
func TestSummaryAddsUp(t *testing.T) {
	w := newSumWorld(t, 8)
	s, err := w.st.Summary(ctx, Period{NewDate(2023, 4, 10), NewDate(2024, 9, 5)}, NewDate(2026, 12, 7))
	if err != nil {
		t.Fatal(err)
	}
	var sources, states Figure
	for _, f := range s.BySource {
		sources.Period, sources.Total = sources.Period+f.Period, sources.Total+f.Total
	}
	for _, f := range s.ByState {
		states.Period, states.Total = states.Period+f.Period, states.Total+f.Total
	}
	if sources != s.Activities || states != s.FollowUps {
		t.Errorf("sources add up to %+v (activities %+v), states to %+v (items %+v)", sources, s.Activities, states, s.FollowUps)
	}
	for _, r := range s.Rows() {
		if r.Period > r.Total || r.Period < 0 {
			t.Errorf("%s: 本期 %d, 累计 %d", r.Code, r.Period, r.Total)
		}
	}
	if s.OnFile.Total > s.Participants.Total {
		t.Errorf("people on file %d > head count %d", s.OnFile.Total, s.Participants.Total)
	}
}

// An empty database gives every row, in the same order, at zero.
func TestSummaryEmpty(t *testing.T) {
	st := openTest(t)
	s, err := st.Summary(ctx, Period{NewDate(2026, 1, 1), NewDate(2026, 12, 31)}, NewDate(2026, 12, 7))
	if err != nil {
		t.Fatal(err)
	}
	rows := s.Rows()
	full := (&Summary{BySource: map[string]Figure{}, ByState: map[string]Figure{}}).Rows()
	if len(rows) != 25 || len(rows) != len(full) {
		t.Fatalf("%d rows, want 25", len(rows))
	}
	seen := map[string]bool{}
	for i, r := range rows {
		if r.Code != full[i].Code || r.Figure != (Figure{}) || seen[r.Code] {
			t.Errorf("row %d: %+v", i, r)
		}
		seen[r.Code] = true
	}
	if s.AsOf != NewDate(2026, 12, 7) {
		t.Errorf("as of %v", s.AsOf)
	}
}

// The ledger of follow-up items lists exactly what the summary counts, and
// their states on the summary's day add up to its figures.
func TestFollowUpLedgerMatchesSummary(t *testing.T) {
	w := newSumWorld(t, 5)
	p, today := Period{NewDate(2023, 2, 10), NewDate(2024, 8, 20)}, NewDate(2026, 12, 7)
	list, err := w.st.FollowUpLedger(ctx, p, today)
	if err != nil {
		t.Fatal(err)
	}
	s, err := w.st.Summary(ctx, p, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != s.FollowUps.Period || len(list) == 0 {
		t.Fatalf("%d items listed, summary counts %d", len(list), s.FollowUps.Period)
	}
	states, late := map[string]int{}, 0
	for i, it := range list {
		state := FollowUpStateOn(&it.FollowUpItem, s.AsOf)
		states[state]++
		if state != FollowUpDone && !it.Deadline.IsZero() && it.Deadline.Before(s.AsOf) {
			late++
		}
		if it.ActivityDate.Before(p.From) || it.ActivityDate.After(p.To) || it.Topic == "" || it.SiteName == "" || it.Township == "" {
			t.Errorf("item %d: %+v", i, it)
		}
		if i > 0 && it.ActivityDate.Before(list[i-1].ActivityDate) {
			t.Errorf("item %d is out of date order", i)
		}
	}
	for code, f := range s.ByState {
		if states[code] != f.Period {
			t.Errorf("%s: %d listed, summary %d", code, states[code], f.Period)
		}
	}
	if late != s.Overdue.Period {
		t.Errorf("%d overdue listed, summary %d", late, s.Overdue.Period)
	}
}

// An item done after the day a summary is taken on was still in progress
// then; a pending one stays pending whatever the day.
func TestFollowUpStateOn(t *testing.T) {
	done := FollowUpItem{Status: FollowUpDone, DoneOn: NewDate(2024, 5, 10)}
	for _, c := range []struct {
		f    FollowUpItem
		on   Date
		want string
	}{
		{done, NewDate(2024, 5, 10), FollowUpDone},
		{done, NewDate(2024, 5, 9), FollowUpInProgress},
		{FollowUpItem{Status: FollowUpPending}, NewDate(2030, 1, 1), FollowUpPending},
		{FollowUpItem{Status: FollowUpInProgress}, NewDate(2030, 1, 1), FollowUpInProgress},
	} {
		if got := FollowUpStateOn(&c.f, c.on); got != c.want {
			t.Errorf("%+v on %v: %s, want %s", c.f, c.on, got, c.want)
		}
	}
}

// Typical cases come back whole, in date order, from the period only.
func TestTypicalCases(t *testing.T) {
	st := openTest(t)
	town := Site{Name: "通泉街道", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, &town); err != nil {
		t.Fatal(err)
	}
	site := Site{Name: "小寨社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, &site); err != nil {
		t.Fatal(err)
	}
	save := func(date Date, typical bool, title string, items ...FollowUpItem) Activity {
		t.Helper()
		a := Activity{Date: date, SiteID: site.ID, Topic: "停车难", TopicSource: SourcePublic, Participants: 9,
			TypicalCase: typical, CaseTitle: title, ProblemsRaised: 4, ProblemsSolved: 3}
		if err := st.SaveActivity(ctx, &a, []Attendee{{Name: "居民代表", Role: "stakeholder"}}, items); err != nil {
			t.Fatal(err)
		}
		return a
	}
	later := save(NewDate(2024, 9, 1), true, "小寨社区：协商解决停车难", FollowUpItem{Task: "施划车位", Status: FollowUpPending})
	earlier := save(NewDate(2024, 3, 1), true, "早的案例")
	save(NewDate(2024, 5, 1), false, "不是案例")
	save(NewDate(2023, 5, 1), true, "期外的案例")
	trashed := save(NewDate(2024, 6, 1), true, "回收站里的案例")
	if err := st.TrashActivity(ctx, trashed.ID); err != nil {
		t.Fatal(err)
	}
	cases, err := st.TypicalCases(ctx, Period{NewDate(2024, 1, 1), NewDate(2024, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 || cases[0].ID != earlier.ID || cases[1].ID != later.ID {
		t.Fatalf("cases %+v", cases)
	}
	c := cases[1]
	if c.CaseTitle != "小寨社区：协商解决停车难" || !c.TypicalCase || c.ProblemsRaised != 4 || c.SiteName != "小寨社区" ||
		c.Township != "通泉街道" || len(c.Attendees) != 1 || len(c.Items) != 1 || c.Items[0].Task != "施划车位" {
		t.Errorf("case %+v", c)
	}
}

// The new fields: checked like the others, kept through a save, and a case
// title goes with the mark.
func TestActivityResultsAndCase(t *testing.T) {
	st := openTest(t)
	town := Site{Name: "通泉街道", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, &town); err != nil {
		t.Fatal(err)
	}
	a := Activity{Date: NewDate(2024, 3, 1), SiteID: town.ID, Topic: "停车难", TopicSource: SourcePublic,
		ProblemsRaised: -1, TypicalCase: true}
	err := st.SaveActivity(ctx, &a, nil, nil)
	fe := FieldErrors(err)
	if fe.Field("problems_raised") == nil || fe.Field("case_title") == nil {
		t.Fatalf("errors %v", err)
	}
	if msg := fe.Field("case_title").Message("zh"); msg != "典型案例须有标题，如“小寨社区：协商解决片区停车难”。" {
		t.Errorf("message %q", msg)
	}
	a.ProblemsRaised, a.CaseTitle = 5, "  通泉街道：停车难  "
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	d, err := st.Activity(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.ProblemsRaised != 5 || !d.TypicalCase || d.CaseTitle != "通泉街道：停车难" {
		t.Errorf("stored %+v", d.Activity)
	}
	// Unmarked, the title goes too.
	d.TypicalCase = false
	if err := st.SaveActivity(ctx, &d.Activity, nil, nil); err != nil {
		t.Fatal(err)
	}
	if d, _ = st.Activity(ctx, a.ID); d.TypicalCase || d.CaseTitle != "" {
		t.Errorf("after unmarking: %+v", d.Activity)
	}
	// The bulk insert keeps them.
	rows := []Activity{{Date: NewDate(2024, 4, 1), SiteID: town.ID, Topic: "导入", TopicSource: SourceParty,
		ProblemsRaised: 7, TypicalCase: true, CaseTitle: "导入的案例"}}
	if err := st.InsertActivities(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if d, _ = st.Activity(ctx, rows[0].ID); d.ProblemsRaised != 7 || !d.TypicalCase || d.CaseTitle != "导入的案例" {
		t.Errorf("inserted %+v", d.Activity)
	}
}
