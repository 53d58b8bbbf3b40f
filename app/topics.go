package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// TopicsScreen (议题库) lists the topics collected before a consultation,
// newest first, filtered like the ledger (dates proposed, township and
// site, source, status, a search box); the selected topic is shown whole
// under the table. 安排协商 opens the ledger's form for an activity on the
// topic, which then takes it.
type TopicsScreen struct {
	u      *UI
	table  *recordTable[data.Topic]
	search *searchBox
	dates  *dateRange
	place  *placeFilter
	source *widget.Select
	status *widget.Select
	count  *widget.Label
	detail *widget.Label
	plan   *widget.Button
}

func newTopicsScreen(u *UI) *TopicsScreen { return &TopicsScreen{u: u} }

func (s *TopicsScreen) id() string          { return "topics" }
func (s *TopicsScreen) title() string       { return lang.L("nav.topics") }
func (s *TopicsScreen) icon() fyne.Resource { return theme.QuestionIcon() }

func (s *TopicsScreen) build() fyne.CanvasObject {
	s.table = newRecordTable([]column[data.Topic]{
		{key: "topic.proposed_on", width: 92, text: func(r data.Topic) string { return r.ProposedOn.String() }, kind: kindDate},
		{key: "topic.township", width: 100, text: func(r data.Topic) string { return r.Township }},
		{key: "topic.site", width: 114, text: func(r data.Topic) string { return r.SiteName }},
		{key: "topic.text", width: 220, text: func(r data.Topic) string { return r.Text }, grow: true},
		{key: "topic.source", width: 100, text: func(r data.Topic) string { return enumLabel(data.TopicSources, r.Source) }, fit: enumLabels(data.TopicSources)},
		{key: "topic.proposer", width: 110, text: proposerText},
		{key: "topic.status", width: 80, text: func(r data.Topic) string { return enumLabel(data.TopicStatuses, r.Status) }, fit: enumLabels(data.TopicStatuses)},
		{key: "topic.activity", width: 200, text: func(r data.Topic) string { return r.ActivityTitle() }, grow: true},
	}, func(r data.Topic) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.topics")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.table.onSelect = s.showDetail

	s.search = searchEntry("topics.search_hint", s.refresh)
	s.dates = newDateRange(s.u.win, s.refresh)
	s.place = newPlaceFilter(s.refresh)
	s.place.itself = true
	s.source = enumFilter("activities.all_sources", data.TopicSources, s.refresh)
	s.status = enumFilter("topics.all_statuses", data.TopicStatuses, s.refresh)
	s.count = widget.NewLabel("")
	s.plan = rowButton(s.table, lang.L("topics.plan"), theme.MailForwardIcon(), s.planActivity)
	bar := crudBar(s.table, lang.L("topics.add"), s.newRecord, s.edit, s.trash, s.search, s.count, s.plan)
	filters := container.NewHScroll(container.NewHBox(append(append(s.dates.objects(), s.place.objects()...),
		widthAtLeast(s.source, 150), widthAtLeast(s.status, 120))...))
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	detail := container.NewVScroll(s.detail)
	detail.SetMinSize(fyne.NewSize(0, 110))
	return countyKept(s.u, s.title(), container.NewBorder(container.NewVBox(bar, filters), detail, nil, nil, s.table))
}

// proposerText is who proposed the topic: the name, or the kind alone.
func proposerText(r data.Topic) string {
	if r.Proposer != "" {
		return r.Proposer
	}
	return enumLabel(data.TopicProposers, r.ProposerKind)
}

// exportView is "export what I see" (exports.go).
func (s *TopicsScreen) exportView() tableExport { return tableView("exports.view_topics", s.table) }

func (s *TopicsScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

func (s *TopicsScreen) filter() data.TopicFilter {
	town, site := s.place.ids()
	f := data.TopicFilter{TownshipID: town, SiteID: site, Source: enumFilterCode(s.source, data.TopicSources),
		Status: enumFilterCode(s.status, data.TopicStatuses), Keyword: strings.TrimSpace(s.search.Text)}
	if from, to, ok := s.dates.dates(); ok {
		f.From, f.To = from, to
	}
	return f
}

func (s *TopicsScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	rows, err := s.u.store.Topics(s.u.ctx, s.filter())
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	if r, ok := s.table.current(); ok {
		s.showDetail(r)
	} else {
		s.detail.SetText(lang.L("topics.detail_none"))
		s.plan.Disable()
	}
}

// showDetail shows the whole topic; 安排协商 is offered while it awaits one.
func (s *TopicsScreen) showDetail(t data.Topic) {
	lines := []string{lang.L("topics.detail_head", map[string]any{"Date": t.ProposedOn.String(), "Site": t.SiteName,
		"Proposer": proposerText(t), "Source": enumLabel(data.TopicSources, t.Source), "Text": t.Text, "Status": enumLabel(data.TopicStatuses, t.Status)})}
	for _, p := range []struct{ key, text string }{{"topic.reason", t.Reason}, {"topic.activity", t.ActivityTitle()}, {"topic.notes", t.Notes}} {
		if p.text != "" {
			lines = append(lines, lang.L("visits.detail_part", map[string]any{"Label": lang.L(p.key), "Text": p.text}))
		}
	}
	s.detail.SetText(strings.Join(lines, "\n"))
	enable(s.plan, t.ActivityID == nil && t.PlanID == nil && t.Status != data.TopicRejected)
}

// newRecord starts a topic collected today at the place chosen in the filter.
func (s *TopicsScreen) newRecord() {
	t := data.Topic{ProposedOn: data.Today(), Status: data.TopicCollecting, ProposerKind: data.ProposerPublic}
	town, site := s.place.ids()
	t.SiteID = site
	if site == 0 {
		t.SiteID = town
	}
	s.openForm(t, lang.L("topics.new_title"))
}

func (s *TopicsScreen) edit(r data.Topic) {
	editFresh(s.u, r.ID, s.u.store.Topic, s.refresh, func(t data.Topic) {
		s.openForm(t, lang.L("topics.edit_title", map[string]any{"Name": t.Text}))
	})
}

// openForm shows the add/edit form of a topic.
func (s *TopicsScreen) openForm(t data.Topic, title string) {
	people, sites, ok := s.u.peopleAndSites()
	if !ok {
		return
	}
	siteChoices := make([]pickItem, len(sites))
	for i, st := range sites {
		siteChoices[i] = siteItem(st)
	}
	f := newRecordForm(s.u)
	text := f.entry(t.Text)
	text.SetPlaceHolder(lang.L("topic.text_hint"))
	source := f.choice(data.TopicSources, t.Source)
	kind := f.choice(data.TopicProposers, t.ProposerKind)
	var personID uint
	if t.PersonID != nil {
		personID = *t.PersonID
	}
	person := f.picker(lang.L("topics.pick_person"), personItems(people), personID)
	proposer := f.entry(t.Proposer)
	proposer.SetPlaceHolder(lang.L("topic.proposer_hint"))
	proposedOn := f.dateEntry(t.ProposedOn)
	site := f.picker(lang.L("topics.pick_site"), siteChoices, t.SiteID)
	status := f.choice(data.TopicStatuses, t.Status)
	reason := f.entry(t.Reason)
	var activityID uint
	if t.ActivityID != nil {
		activityID = *t.ActivityID
	}
	activity := f.picker(lang.L("topics.pick_activity"), nil, 0)
	notes := f.multiline(t.Notes)

	// The activities offered are those of the chosen place's township.
	offer := func(siteID uint, keep uint) {
		activity.items = nil
		town := siteID
		for _, st := range sites {
			if st.ID == siteID && st.ParentID != nil {
				town = *st.ParentID
			}
		}
		if town != 0 {
			rows, _, err := s.u.store.Activities(s.u.ctx, data.ActivityFilter{TownshipID: town, Limit: 500})
			if err != nil {
				s.u.showError(err)
			}
			for _, a := range rows {
				activity.items = append(activity.items, pickItem{id: a.ID, text: a.Title(), detail: a.SiteName})
			}
		}
		activity.set(keep)
	}
	offer(t.SiteID, activityID)
	site.changed = func(id uint) {
		f.dirty = true
		offer(id, activity.chosen)
	}
	useKind := func() {
		if kind.code() == data.ProposerPerson {
			person.button.Enable()
		} else {
			person.button.Disable()
		}
	}
	useStatus := func() {
		if status.code() == data.TopicRejected {
			reason.Enable()
		} else {
			reason.Disable()
		}
	}
	useKind()
	useStatus()
	kind.OnChanged = func(string) {
		f.dirty = true
		useKind()
	}
	status.OnChanged = func(string) {
		f.dirty = true
		useStatus()
	}
	person.changed = func(id uint) {
		f.dirty = true
		for _, p := range people {
			if p.ID == id {
				proposer.SetText(p.Name)
			}
		}
	}

	f.field("text", "topic.text", true, text)
	f.field("source", "topic.source", true, source)
	f.field("proposer_kind", "topic.proposer_kind", true, kind)
	f.field("person_id", "topic.person", false, person)
	f.field("proposer", "topic.proposer", false, proposer)
	f.field("proposed_on", "topic.proposed_on", true, proposedOn)
	f.field("site_id", "topic.place", true, site)
	f.field("status", "topic.status", true, status)
	f.field("reason", "topic.reason", false, reason)
	f.field("activity_id", "topic.activity", false, activity)
	f.field("notes", "topic.notes", false, notes)

	saveForm(f, t, func(rec *data.Topic, ok *bool) {
		rec.Text = text.Text
		rec.Source = source.code()
		rec.ProposerKind = kind.code()
		rec.PersonID = optionalID(person.chosen)
		rec.Proposer = proposer.Text
		rec.ProposedOn = f.parseDate("proposed_on", proposedOn, ok)
		rec.SiteID = site.chosen
		rec.Status = status.code()
		rec.Reason = reason.Text
		rec.ActivityID = optionalID(activity.chosen)
		rec.Notes = notes.Text
	}, s.u.store.SaveTopic, func(t data.Topic) {
		s.refresh()
		s.table.selectID(t.ID)
		if r, ok := s.table.current(); ok {
			s.showDetail(r)
		}
		s.u.notify(lang.L("topics.saved", map[string]any{"Name": t.Text}), nil)
	})
	f.show(title)
	s.u.win.Canvas().Focus(text)
}

// planActivity opens the form of a consultation planned on the topic, at
// its site, a week on; once saved, the topic is chosen for it (已确定).
func (s *TopicsScreen) planActivity(t data.Topic) {
	plans, ok := builtScreen[*PlansScreen](s.u, "plans")
	if !ok {
		return
	}
	p := data.Plan{Date: data.Today().AddDays(7), Topic: t.Text, TopicSource: t.Source, Status: data.PlanPlanned}
	if site, err := s.u.store.Site(s.u.ctx, t.SiteID); err == nil && !site.IsTownship() {
		p.SiteID = site.ID
	}
	plans.openForm(p, lang.L("topics.plan_title", map[string]any{"Name": t.Text}), func(p data.Plan) {
		if err := s.u.store.PlanTopic(s.u.ctx, t.ID, p.ID); err != nil {
			s.u.showError(err)
		}
		s.refresh()
	})
}

// builtScreen finds the screen with id, built (not shown) if it was not yet,
// so that its forms can be opened from another screen.
func builtScreen[T screen](u *UI, id string) (T, bool) {
	var zero T
	for _, sc := range u.screens {
		if t, ok := sc.(T); ok && sc.id() == id {
			if _, done := u.built[id]; !done {
				u.built[id] = sc.build()
				sc.refresh()
			}
			return t, true
		}
	}
	return zero, false
}

// trash asks, then moves the topic to the trash with an Undo.
func (s *TopicsScreen) trash(r data.Topic) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashTopic(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "topic", r.ID) },
		s.refresh)
}

// topicsOf names the library's topics an activity takes, with their
// status, for the ledger's detail: the activity's link back.
func (s *ActivitiesScreen) topicsOf(id uint) string {
	topics, err := s.u.store.TopicsOfActivity(s.u.ctx, id)
	if err != nil {
		return errText(err)
	}
	var parts []string
	for _, t := range topics {
		parts = append(parts, lang.L("topics.of_activity_item", map[string]any{"Text": t.Text, "Status": enumLabel(data.TopicStatuses, t.Status)}))
	}
	return strings.Join(parts, lang.L("activities.sep"))
}
