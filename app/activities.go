package app

import (
	"context"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// ledgerPage is how many activities one page of the ledger shows.
const ledgerPage = 200

// ActivitiesScreen (协商议事活动) is the ledger. It stays quick with
// 100,000 activities by asking the store for one page at a time, sorted
// and filtered there, always off the UI goroutine; a keyword is searched
// once typing pauses.
type ActivitiesScreen struct {
	u      *UI
	table  *recordTable[data.Activity]
	search *searchBox
	dates  *dateRange
	place  *placeFilter
	source *widget.Select
	follow *widget.Select
	count  *widget.Label
	pageOf *widget.Label
	prev   *widget.Button
	next   *widget.Button
	busy   *widget.Activity
	detail *widget.Label
	// tools is the room in the toolbar for the sign-in sheet and the
	// ledger export.
	tools *fyne.Container

	sortKeys []string // the store's sort name of each column
	page     int      // 0-based
	total    int
	load     loader
}

func newActivitiesScreen(u *UI) *ActivitiesScreen { return &ActivitiesScreen{u: u} }

func (s *ActivitiesScreen) id() string          { return "activities" }
func (s *ActivitiesScreen) title() string       { return lang.L("nav.activities") }
func (s *ActivitiesScreen) icon() fyne.Resource { return theme.ListIcon() }

func (s *ActivitiesScreen) build() fyne.CanvasObject {
	type col struct {
		column[data.Activity]
		sort string
	}
	cols := []col{
		{column[data.Activity]{key: "activity.date", width: 92, text: func(r data.Activity) string { return r.Date.String() }}, "date"},
		{column[data.Activity]{key: "activity.township", width: 100, text: func(r data.Activity) string { return r.Township }}, "township"},
		{column[data.Activity]{key: "activity.site", width: 114, text: func(r data.Activity) string { return r.SiteName }}, "site"},
		{column[data.Activity]{key: "activity.topic", width: 220, text: func(r data.Activity) string { return r.Topic }, grow: true}, "topic"},
		{column[data.Activity]{key: "activity.topic_source", width: 100, text: func(r data.Activity) string { return enumLabel(data.TopicSources, r.TopicSource) }, fit: enumLabels(data.TopicSources)}, "topic_source"},
		{column[data.Activity]{key: "activity.follow_up", width: 80, text: func(r data.Activity) string { return enumLabel(data.FollowUps, r.FollowUp) }, fit: enumLabels(data.FollowUps)}, "follow_up"},
		{column[data.Activity]{key: "activities.col_solved", width: 70, text: func(r data.Activity) string { return formatInt(r.ProblemsSolved) }}, "problems_solved"},
		{column[data.Activity]{key: "activities.col_people", width: 70, text: func(r data.Activity) string { return formatInt(r.Participants) }}, "participants"},
		{column[data.Activity]{key: "activity.form", width: 95, text: func(r data.Activity) string { return enumLabel(data.ActivityForms, r.Form) }, fit: enumLabels(data.ActivityForms)}, "form"},
		{column[data.Activity]{key: "activity.decision", width: 95, text: func(r data.Activity) string { return enumLabel(data.Decisions, r.Decision) }, fit: enumLabels(data.Decisions)}, "decision"},
	}
	if s.u.city { // sorted by township (entry order), which keeps a county's merged townships together
		cols = append([]col{{column[data.Activity]{key: "city.county", width: 80, text: func(r data.Activity) string { return r.County }}, "township"}}, cols...)
	}
	var columns []column[data.Activity]
	for _, c := range cols {
		columns = append(columns, c.column)
		s.sortKeys = append(s.sortKeys, c.sort)
	}
	s.table = newRecordTable(columns, func(r data.Activity) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.activities")
	s.table.onSort = func() { s.reloadFrom(0) }
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.table.onSelect = s.showDetail

	s.search = searchEntry("activities.search_hint", func() { s.load.later(300*time.Millisecond, func() { s.reloadFrom(0) }) })
	first := func() { s.reloadFrom(0) }
	s.dates = newDateRange(s.u.win, first)
	s.place = newPlaceFilter(first).byCounty(s.u, first)
	s.place.itself = true
	s.source = enumFilter("activities.all_sources", data.TopicSources, first)
	s.follow = enumFilter("activities.all_follow_ups", data.FollowUps, first)
	s.count = widget.NewLabel("")
	s.busy = widget.NewActivity()
	s.busy.Hide()
	s.tools = container.NewHBox(s.u.activityTools(s.table)...) // exports.go
	bar := crudBar(s.table, lang.L("activities.add"), s.newRecord, s.edit, s.trash,
		s.search, s.count, s.tools)
	// The drop-downs show their longest choice whole; in English the row
	// is wider than a 1200-pixel window and scrolls sideways rather than
	// widening the window.
	filters := container.NewHScroll(container.NewHBox(append(append(s.dates.objects(), s.place.objects()...),
		widthAtLeast(s.source, 150), widthAtLeast(s.follow, 140))...))

	s.prev = widget.NewButtonWithIcon(lang.L("activities.prev"), theme.NavigateBackIcon(), func() { s.reloadFrom(s.page - 1) })
	s.next = widget.NewButtonWithIcon(lang.L("activities.next"), theme.NavigateNextIcon(), func() { s.reloadFrom(s.page + 1) })
	s.next.IconPlacement = widget.ButtonIconTrailingText
	s.pageOf = widget.NewLabel("")
	pager := container.NewHBox(s.prev, s.pageOf, s.next, s.busy)

	// The detail takes the lower part, two fifths of the height unless dragged,
	// and scrolls when an activity has many attendees or follow-up items.
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	split := container.NewVSplit(container.NewBorder(nil, pager, nil, nil, s.table), container.NewVScroll(s.detail))
	split.Offset = 0.6
	return container.NewBorder(container.NewVBox(bar, filters), nil, nil, nil, split)
}

func (s *ActivitiesScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	s.reload(s.table.selectedID())
}

// filter is what the widgets ask for now; a date half typed is left out.
func (s *ActivitiesScreen) filter() data.ActivityFilter {
	town, site := s.place.ids()
	f := data.ActivityFilter{
		CountyID:    s.place.countyID(),
		TownshipID:  town,
		SiteID:      site,
		TopicSource: enumFilterCode(s.source, data.TopicSources),
		FollowUp:    enumFilterCode(s.follow, data.FollowUps),
		Keyword:     strings.TrimSpace(s.search.Text),
		Offset:      s.page * ledgerPage,
		Limit:       ledgerPage,
	}
	if from, to, ok := s.dates.dates(); ok {
		f.From, f.To = from, to
	}
	if c := s.table.sortCol; c >= 0 && c < len(s.sortKeys) {
		f.Sort, f.Desc = s.sortKeys[c], s.table.sortDesc
	}
	return f
}

// exportFilter is the filter of every activity the ledger finds, all pages
// (the ledger export; exports.go).
func (s *ActivitiesScreen) exportFilter() data.ActivityFilter {
	f := s.filter()
	f.Offset, f.Limit, f.Sort, f.Desc = 0, 0, "", false
	return f
}

// reloadFrom shows page (0-based) under the current filter.
func (s *ActivitiesScreen) reloadFrom(page int) {
	s.page = max(page, 0)
	s.reload(0)
}

// reload fetches the current page in the background and shows it,
// selecting keep when it is there. A newer reload supersedes it.
func (s *ActivitiesScreen) reload(keep uint) {
	f := s.filter()
	s.busy.Show()
	s.busy.Start()
	s.load.run(s.u.ctx, func(ctx context.Context) func() {
		rows, total, err := s.u.store.Activities(ctx, f)
		return func() {
			s.busy.Stop()
			s.busy.Hide()
			if err != nil {
				if ctx.Err() == nil {
					s.u.showError(err)
				}
				return
			}
			// Past the end (rows deleted, filter narrowed): the last page.
			if len(rows) == 0 && total > 0 && s.page > 0 {
				s.reloadFrom((total - 1) / ledgerPage)
				return
			}
			s.show(rows, total, keep)
		}
	})
}

// show puts a fetched page on screen.
func (s *ActivitiesScreen) show(rows []data.Activity, total int, keep uint) {
	s.total = total
	s.table.setRows(rows, keep)
	setCount(s.count, total)
	pages := max((total+ledgerPage-1)/ledgerPage, 1)
	s.pageOf.SetText(lang.L("activities.page", map[string]any{"Page": formatInt(s.page + 1), "Pages": formatInt(pages)}))
	enable(s.prev, s.page > 0)
	enable(s.next, s.page+1 < pages)
	if r, ok := s.table.current(); ok {
		s.showDetail(r)
	} else {
		s.detail.SetText(lang.L("activities.detail_none"))
	}
}

// reloadKeeping reloads the page and selects id (after a save).
func (s *ActivitiesScreen) reloadKeeping(id uint) {
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
	}
	s.reload(id)
}

func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// showDetail shows the whole selected activity: the cells have room for a
// line of each.
func (s *ActivitiesScreen) showDetail(r data.Activity) {
	a, err := s.u.store.Activity(s.u.ctx, r.ID)
	if err != nil {
		s.detail.SetText(errText(err))
		return
	}
	lines := []string{lang.L("activities.detail_head", map[string]any{
		"Date": a.Date.String(), "Site": r.SiteName, "Topic": a.Topic})}
	if a.TypicalCase {
		lines = append(lines, lang.L("activities.detail_case", map[string]any{"Title": a.CaseTitle}))
	}
	add := func(key, text string) {
		if strings.TrimSpace(text) != "" {
			lines = append(lines, lang.L("activities.detail_part", map[string]any{"Label": lang.L(key), "Text": text}))
		}
	}
	if data.IsVote(a.Decision) {
		add("activity.decision", lang.L("activities.detail_votes", map[string]any{
			"Method": enumLabel(data.Decisions, a.Decision), "For": a.VotesFor, "Against": a.VotesAgainst, "Abstain": a.VotesAbstain}))
	} else {
		add("activity.decision", enumLabel(data.Decisions, a.Decision))
	}
	add("activity.attendees", underRoles(data.AttendeeRoles, a.Attendees, func(at data.Attendee) (string, string) { return at.Role, at.Name },
		"activities.role_names", "activities.name_sep", "activities.sep"))
	add("activity.outcome", a.Outcome)
	if a.ProblemsRaised > 0 || a.ProblemsSolved > 0 {
		lines = append(lines, lang.L("activities.detail_results", map[string]any{
			"Raised": formatInt(a.ProblemsRaised), "Solved": formatInt(a.ProblemsSolved)}))
	}
	for i, it := range a.Items {
		add("activity.items", lang.L("activities.detail_item", map[string]any{"N": i + 1, "Task": it.Task, "Unit": it.Unit,
			"Deadline": it.Deadline.String(), "Status": enumLabel(data.FollowUps, it.Status), "Progress": it.Progress}))
	}
	add("activity.notes", a.Notes)
	add("topics.of_activity", s.topicsOf(a.ID)) // topics.go
	s.detail.SetText(strings.Join(lines, "\n"))
}

func (s *ActivitiesScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

// newRecord starts an activity today at the site chosen in the filter.
func (s *ActivitiesScreen) newRecord() {
	a := data.Activity{Date: data.Today(), FollowUp: data.FollowUpPending}
	_, a.SiteID = s.place.ids()
	s.openForm(a, nil, nil, lang.L("activities.new_title"))
}

func (s *ActivitiesScreen) edit(r data.Activity) {
	editFresh(s.u, r.ID, s.u.store.Activity, func() { s.reload(0) }, func(a data.ActivityDetail) {
		s.openForm(a.Activity, a.Attendees, a.Items, lang.L("activities.edit_title", map[string]any{"Name": a.Title()}))
	})
}

// trash asks, then moves the activity to the trash with an Undo.
func (s *ActivitiesScreen) trash(r data.Activity) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashActivity(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "activity", r.ID) },
		func() { s.reload(0) })
}

// loader runs one background query at a time: a new one cancels the one
// before, whose result is then dropped.
type loader struct {
	mu     sync.Mutex
	gen    int
	cancel context.CancelFunc
	timer  *time.Timer
	wg     sync.WaitGroup // work and timers in flight, for wait
	queued []func()       // see queueForTests
}

// queueForTests makes loaders keep what they hand to the UI goroutine until
// wait runs it. Fyne's test driver runs fyne.Do at once on the calling
// goroutine, which would race with the test's own; the real driver runs it
// on the UI goroutine, as wait then does on the test's.
var queueForTests bool

// post hands fn to the UI goroutine.
func (l *loader) post(fn func()) {
	if queueForTests {
		l.mu.Lock()
		l.queued = append(l.queued, fn)
		l.mu.Unlock()
		return
	}
	fyne.Do(fn)
}

// run calls work off the UI goroutine; the function it returns is run on
// the UI goroutine unless a newer run started meanwhile.
func (l *loader) run(parent context.Context, work func(ctx context.Context) func()) {
	l.mu.Lock()
	if l.cancel != nil {
		l.cancel()
	}
	ctx, cancel := context.WithCancel(parent)
	l.cancel = cancel
	l.gen++
	gen := l.gen
	l.wg.Add(1)
	l.mu.Unlock()
	go func() {
		defer l.wg.Done()
		apply := work(ctx)
		l.post(func() {
			l.mu.Lock()
			current := gen == l.gen
			l.mu.Unlock()
			if current && apply != nil {
				apply()
			}
		})
	}()
}

// later runs fn on the UI goroutine after d, unless called again first
// (typing: one search once the keys stop).
func (l *loader) later(d time.Duration, fn func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.timer != nil && l.timer.Stop() {
		l.wg.Done()
	}
	l.wg.Add(1)
	l.timer = time.AfterFunc(d, func() {
		defer l.wg.Done()
		l.post(fn)
	})
}

// wait returns once nothing is pending, having run what was queued for
// the UI goroutine (tests).
func (l *loader) wait() {
	for {
		l.wg.Wait()
		l.mu.Lock()
		q := l.queued
		l.queued = nil
		l.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, fn := range q {
			fn()
		}
	}
}
