package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// CouncilScreen (议事会成员) lists each site's standing members, grouped by
// site, filtered by township and site; the activity and plan forms add a
// site's members as attendees in one step (standingButton).
type CouncilScreen struct {
	u      *UI
	table  *recordTable[data.CouncilMember]
	search *searchBox
	place  *placeFilter
	count  *widget.Label
}

func newCouncilScreen(u *UI) *CouncilScreen { return &CouncilScreen{u: u} }

func (s *CouncilScreen) id() string          { return "council" }
func (s *CouncilScreen) title() string       { return lang.L("nav.council") }
func (s *CouncilScreen) icon() fyne.Resource { return theme.AccountIcon() }

func (s *CouncilScreen) build() fyne.CanvasObject {
	s.table = newRecordTable([]column[data.CouncilMember]{
		{key: "topic.township", width: 100, text: func(r data.CouncilMember) string { return r.Township }},
		{key: "topic.site", width: 130, text: func(r data.CouncilMember) string { return r.SiteName }},
		{key: "council.name", width: 150, text: func(r data.CouncilMember) string { return r.Name }, names: true},
		{key: "council.identity", width: 130, text: func(r data.CouncilMember) string { return enumLabel(data.CouncilIdentities, r.Identity) },
			fit: enumLabels(data.CouncilIdentities)},
		{key: "council.on_file", width: 70, text: func(r data.CouncilMember) string {
			if r.PersonID != nil {
				return lang.L("council.yes")
			}
			return ""
		}},
		{key: "plan.notes", width: 200, text: func(r data.CouncilMember) string { return flat(r.Notes) }, grow: true},
	}, func(r data.CouncilMember) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.council")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.search = searchEntry("council.search_hint", s.refresh)
	s.place = newPlaceFilter(s.refresh)
	s.place.itself = true
	s.count = widget.NewLabel("")
	bar := crudBar(s.table, lang.L("council.add"), s.newRecord, s.edit, s.trash, s.search, s.count, s.place.objects()...)
	return countyKept(s.u, s.title(), container.NewBorder(bar, nil, nil, nil, s.table))
}

// exportView is "export what I see" (exports.go).
func (s *CouncilScreen) exportView() tableExport { return tableView("exports.view_council", s.table) }

func (s *CouncilScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

func (s *CouncilScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	town, site := s.place.ids()
	rows, err := s.u.store.CouncilMembers(s.u.ctx, data.CouncilFilter{TownshipID: town, SiteID: site, Keyword: s.search.Text})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
}

func (s *CouncilScreen) newRecord() {
	m := data.CouncilMember{Identity: "resident"}
	_, m.SiteID = s.place.ids()
	s.openForm(m, lang.L("council.new_title"))
}

func (s *CouncilScreen) edit(r data.CouncilMember) {
	editFresh(s.u, r.ID, s.u.store.CouncilMember, s.refresh, func(m data.CouncilMember) {
		s.openForm(m, lang.L("council.edit_title", map[string]any{"Name": m.Name}))
	})
}

func (s *CouncilScreen) openForm(m data.CouncilMember, title string) {
	people, sites, ok := s.u.peopleAndSites()
	if !ok {
		return
	}
	siteChoices := make([]pickItem, len(sites))
	for i, st := range sites {
		siteChoices[i] = siteItem(st)
	}
	f := newRecordForm(s.u)
	site := f.picker(lang.L("topics.pick_site"), siteChoices, m.SiteID)
	person := f.picker(lang.L("council.pick_person"), personItems(people), idOf(m.PersonID))
	name := f.entry(m.Name)
	name.SetPlaceHolder(lang.L("council.name_hint"))
	person.changed = func(id uint) {
		f.dirty = true
		if i := slices.IndexFunc(people, func(p data.Person) bool { return p.ID == id }); i >= 0 {
			name.SetText(people[i].Name)
		}
	}
	identity := f.choice(data.CouncilIdentities, m.Identity)
	notes := f.multiline(m.Notes)
	f.field("site_id", "topic.site", true, site)
	f.field("person_id", "council.person", false, person)
	f.field("name", "council.name", true, name)
	f.field("identity", "council.identity", true, identity)
	f.field("notes", "plan.notes", false, notes)
	saveForm(f, m, func(rec *data.CouncilMember, ok *bool) {
		rec.SiteID = site.chosen
		rec.PersonID = optionalID(person.chosen)
		rec.Name = name.Text
		rec.Identity = identity.code()
		rec.Notes = notes.Text
	}, s.u.store.SaveCouncilMember, func(m data.CouncilMember) {
		s.refresh()
		s.table.selectID(m.ID)
		s.u.notify(lang.L("council.saved", map[string]any{"Name": m.Name}), nil)
	})
	f.show(title)
}

// trash asks, then moves the member to the trash with an Undo.
func (s *CouncilScreen) trash(r data.CouncilMember) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashCouncilMember(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "council_member", r.ID) },
		s.refresh)
}

// offerStanding adds the button that adds the standing members of the
// site chosen (site()) not listed yet, in their roles: the form's one step.
func (e *attendeeEditor) offerStanding(site func() uint) {
	e.standing = site
	e.more.Objects = []fyne.CanvasObject{e.standingButton()}
	e.more.Refresh()
}

func (e *attendeeEditor) standingButton() fyne.CanvasObject {
	return widget.NewButtonWithIcon(lang.L("council.add_to_form"), theme.ContentAddIcon(), func() {
		site := e.standing()
		if site == 0 {
			e.form.fieldError("attendees", lang.L("council.choose_site_first"))
			return
		}
		members, err := e.form.u.store.StandingAttendees(e.form.u.ctx, site)
		if err != nil {
			e.form.u.showError(err)
			return
		}
		for _, m := range members {
			listed := slices.ContainsFunc(e.rows, func(a data.Attendee) bool {
				if m.PersonID != nil {
					return idOf(a.PersonID) == *m.PersonID
				}
				return a.PersonID == nil && a.Name == m.Name
			})
			if !listed {
				e.rows = append(e.rows, m)
				e.form.dirty = true
			}
		}
		e.render()
	})
}
