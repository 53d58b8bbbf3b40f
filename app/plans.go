package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// PlansScreen (协商计划) lists the consultations planned, the latest day
// first, a plan whose day has passed unheld in the warning colour. From a
// plan: its sign-in sheet with the people invited, and 标记为已开展, which
// opens the ledger's form filled with what was planned; once saved, the
// plan is held by that activity.
type PlansScreen struct {
	u      *UI
	table  *recordTable[data.Plan]
	search *searchBox
	dates  *dateRange
	place  *placeFilter
	status *widget.Select
	count  *widget.Label
	detail *widget.Label
	hold   *widget.Button
	signIn *widget.Button
}

func newPlansScreen(u *UI) *PlansScreen { return &PlansScreen{u: u} }

func (s *PlansScreen) id() string          { return "plans" }
func (s *PlansScreen) title() string       { return lang.L("nav.plans") }
func (s *PlansScreen) icon() fyne.Resource { return theme.CalendarIcon() }

func (s *PlansScreen) build() fyne.CanvasObject {
	s.table = newRecordTable([]column[data.Plan]{
		{key: "plan.date", width: 92, text: func(r data.Plan) string { return r.Date.String() }, kind: kindDate},
		{key: "topic.township", width: 100, text: func(r data.Plan) string { return r.Township }},
		{key: "topic.site", width: 114, text: func(r data.Plan) string { return r.SiteName }},
		{key: "activity.topic", width: 220, text: func(r data.Plan) string { return r.Topic }, grow: true},
		{key: "activity.form", width: 95, text: func(r data.Plan) string { return enumLabel(data.ActivityForms, r.Form) }, fit: enumLabels(data.ActivityForms)},
		{key: "plans.col_invited", width: 70, text: func(r data.Plan) string { return formatInt(len(r.Invitees)) }},
		{key: "plan.status", width: 80, text: func(r data.Plan) string { return enumLabel(data.PlanStatuses, r.Status) }, fit: enumLabels(data.PlanStatuses)},
	}, func(r data.Plan) uint { return r.ID })
	s.table.warn = func(r data.Plan) bool { return r.Status == data.PlanPlanned && r.Date.Before(data.Today()) }
	s.table.rememberWidths(s.u.app.Preferences(), "table.plans")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.table.onSelect = s.showDetail

	s.search = searchEntry("plans.search_hint", s.refresh)
	s.dates = newDateRange(s.u.win, s.refresh)
	s.place = newPlaceFilter(s.refresh)
	s.place.itself = true
	s.status = enumFilter("topics.all_statuses", data.PlanStatuses, s.refresh)
	s.count = widget.NewLabel("")
	s.hold = rowButton(s.table, lang.L("plans.hold"), theme.ConfirmIcon(), s.markHeld)
	s.signIn = rowButton(s.table, lang.L("plans.sign_in"), theme.DocumentPrintIcon(), s.printSignIn)
	bar := crudBar(s.table, lang.L("plans.add"), s.newRecord, s.edit, s.trash, s.search, s.count, s.hold, s.signIn)
	filters := container.NewHScroll(container.NewHBox(append(append(s.dates.objects(), s.place.objects()...), widthAtLeast(s.status, 120))...))
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	detail := container.NewVScroll(s.detail)
	detail.SetMinSize(fyne.NewSize(0, 110))
	return countyKept(s.u, s.title(), container.NewBorder(container.NewVBox(bar, filters), detail, nil, nil, s.table))
}

// exportView is "export what I see" (exports.go).
func (s *PlansScreen) exportView() tableExport { return tableView("exports.view_plans", s.table) }

func (s *PlansScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

func (s *PlansScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	town, site := s.place.ids()
	f := data.PlanFilter{TownshipID: town, SiteID: site, Status: enumFilterCode(s.status, data.PlanStatuses), Keyword: strings.TrimSpace(s.search.Text)}
	if from, to, ok := s.dates.dates(); ok {
		f.From, f.To = from, to
	}
	rows, err := s.u.store.Plans(s.u.ctx, f)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	if r, ok := s.table.current(); ok {
		s.showDetail(r)
	} else {
		s.detail.SetText(lang.L("plans.detail_none"))
	}
}

// showDetail shows the whole plan; 标记为已开展 is offered while it is planned.
func (s *PlansScreen) showDetail(p data.Plan) {
	lines := []string{lang.L("plans.detail_head", map[string]any{"Date": p.Date.String(), "Site": p.SiteName, "Topic": p.Topic,
		"Status": enumLabel(data.PlanStatuses, p.Status)})}
	add := func(key, text string) {
		if strings.TrimSpace(text) != "" {
			lines = append(lines, lang.L("visits.detail_part", map[string]any{"Label": lang.L(key), "Text": text}))
		}
	}
	add("activity.form", enumLabel(data.ActivityForms, p.Form))
	add("activity.procedure", p.Procedure)
	add("plans.invitees", underRoles(data.AttendeeRoles, p.Invitees, func(at data.Attendee) (string, string) { return at.Role, at.Name },
		"activities.role_names", "activities.name_sep", "activities.sep"))
	add("plan.reason", p.Reason)
	add("plan.notes", p.Notes)
	s.detail.SetText(strings.Join(lines, "\n"))
	enable(s.hold, p.Status == data.PlanPlanned)
}

// newRecord plans a consultation a week on, at the site chosen in the filter.
func (s *PlansScreen) newRecord() {
	p := data.Plan{Date: data.Today().AddDays(7), Status: data.PlanPlanned}
	_, p.SiteID = s.place.ids()
	s.openForm(p, lang.L("plans.new_title"), nil)
}

func (s *PlansScreen) edit(r data.Plan) {
	editFresh(s.u, r.ID, s.u.store.Plan, s.refresh, func(p data.Plan) {
		s.openForm(p, lang.L("plans.edit_title", map[string]any{"Name": p.Title()}), nil)
	})
}

// openForm shows the add/edit form of a plan; then, if given, gets the
// plan once saved (the topic library's 安排协商).
func (s *PlansScreen) openForm(p data.Plan, title string, then func(data.Plan)) {
	people, sites, ok := s.u.peopleAndSites()
	if !ok {
		return
	}
	var siteChoices []pickItem
	for _, st := range sites {
		if !st.IsTownship() { // as the ledger's form: a plan becomes an activity
			siteChoices = append(siteChoices, siteItem(st))
		}
	}
	f := newRecordForm(s.u)
	date := f.dateEntry(p.Date)
	site := f.picker(lang.L("activities.pick_site"), siteChoices, p.SiteID)
	topic := f.entry(p.Topic)
	topic.SetPlaceHolder(lang.L("activity.topic_hint"))
	source := f.choice(data.TopicSources, p.TopicSource)
	form := f.choice(data.ActivityForms, p.Form)
	procedure := f.suggest(p.Procedure, strings.Split(lang.L("activity.procedures"), "、"))
	procedure.SetPlaceHolder(lang.L("activity.procedure_hint"))
	who := f.attendees(personItems(people), p.Invitees)
	who.offerStanding(func() uint { return site.chosen })
	status := f.choice(data.PlanStatuses, p.Status)
	reason := f.entry(p.Reason)
	reason.SetPlaceHolder(lang.L("plan.reason_hint"))
	notes := f.multiline(p.Notes)
	useStatus := func() {
		if status.code() == data.PlanCancelled {
			reason.Enable()
		} else {
			reason.Disable()
		}
	}
	useStatus()
	status.OnChanged = func(string) {
		f.dirty = true
		useStatus()
	}

	f.field("date", "plan.date", true, date)
	f.field("site_id", "activity.site", true, site)
	f.field("topic", "activity.topic", true, topic)
	f.field("topic_source", "activity.topic_source", true, source)
	f.field("form", "activity.form", false, form)
	f.field("procedure", "activity.procedure", false, procedure)
	f.field("invitees", "plans.invitees", false, who)
	f.field("status", "plan.status", true, status)
	f.field("reason", "plan.reason", false, reason)
	f.field("notes", "plan.notes", false, notes)

	saveForm(f, p, func(rec *data.Plan, ok *bool) {
		rec.Date = f.parseDate("date", date, ok)
		rec.SiteID = site.chosen
		rec.Topic = topic.Text
		rec.TopicSource = source.code()
		rec.Form = form.code()
		rec.Procedure = procedure.Text
		rec.Status = status.code()
		rec.Reason = reason.Text
		rec.Notes = notes.Text
	}, func(ctx context.Context, rec *data.Plan) error {
		return s.u.store.SavePlan(ctx, rec, who.values())
	}, func(p data.Plan) {
		s.refresh()
		s.table.selectID(p.ID)
		if r, ok := s.table.current(); ok {
			s.showDetail(r)
		}
		s.u.notify(lang.L("plans.saved", map[string]any{"Name": p.Title()}), nil)
		if then != nil {
			then(p)
		}
	})
	f.show(title)
	size := s.u.win.Canvas().Size()
	f.dlg.Resize(fyne.NewSize(min(820, size.Width*0.95), size.Height*0.9))
	s.u.win.Canvas().Focus(topic)
}

// markHeld opens the ledger's form filled with what was planned (the
// invitees as the attendees); once the activity is saved, the plan is held
// by it and its topics are taken.
func (s *PlansScreen) markHeld(r data.Plan) {
	p, err := s.u.store.Plan(s.u.ctx, r.ID)
	if err != nil {
		s.u.showError(err)
		s.refresh()
		return
	}
	acts, ok := builtScreen[*ActivitiesScreen](s.u, "activities")
	if !ok {
		return
	}
	a, attendees := data.ActivityFromPlan(p, data.Today())
	acts.openFormThen(a, attendees, nil, lang.L("plans.hold_title", map[string]any{"Name": p.Title()}), func(a data.Activity) {
		if err := s.u.store.HoldPlan(s.u.ctx, p.ID, a.ID); err != nil {
			s.u.showError(err)
		}
		s.refresh()
	})
}

// printSignIn exports the plan's sign-in sheet, its invitees named.
func (s *PlansScreen) printSignIn(p data.Plan) {
	job := exportJob{report: export.ReportSignIn}
	job.opts.PlanID = p.ID
	job.info = lang.L("exports.activity_info", map[string]any{"Date": p.Date.String(), "Site": p.SiteName, "Topic": p.Topic})
	s.u.startExport(job)
}

// trash asks, then moves the plan to the trash with an Undo.
func (s *PlansScreen) trash(r data.Plan) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashPlan(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "plan", r.ID) },
		s.refresh)
}
