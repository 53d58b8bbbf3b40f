package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// AssignmentsScreen (挂包联系) has two tabs: the list of who guides which
// site, filtered by township, role, "current only" and a search box; and
// the coverage of each township with the sites that lack a current lead,
// each assignable with one click.
type AssignmentsScreen struct {
	u    *UI
	tabs *container.AppTabs

	table    *recordTable[data.Assignment]
	search   *searchBox
	township *townshipFilter
	county   *countyFilter // a city's database (widget_county.go)
	role     *widget.Select
	current  *widget.Check
	count    *widget.Label

	coverage    *recordTable[data.TownshipCoverage]
	coverCounty *countyFilter // a city's database: the coverage of one county
	gaps        []data.Site   // sites without a current lead, as loaded
	gapsShown   []data.Site   // those of the township selected in coverage
	gapTown     uint          // 0: every township
	gapList     *widget.List
	gapHeading  *widget.Label

	groups groupGuides // the third tab: 委（室）、界别 (assignments_groups.go)
}

func newAssignmentsScreen(u *UI) *AssignmentsScreen { return &AssignmentsScreen{u: u} }

func (s *AssignmentsScreen) id() string          { return "assignments" }
func (s *AssignmentsScreen) title() string       { return lang.L("nav.assignments") }
func (s *AssignmentsScreen) icon() fyne.Resource { return theme.ContentCopyIcon() }

func (s *AssignmentsScreen) build() fyne.CanvasObject {
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("assignments.tab_list"), theme.ListIcon(), s.buildList()),
		container.NewTabItemWithIcon(lang.L("assignments.tab_coverage"), theme.WarningIcon(), s.buildCoverage()),
		container.NewTabItemWithIcon(lang.L("groupguides.tab"), theme.AccountIcon(), s.groups.build(s)))
	return s.tabs
}

func (s *AssignmentsScreen) buildList() fyne.CanvasObject {
	s.table = newRecordTable(withCounty(s.u, []column[data.Assignment]{
		{key: "assignment.person", width: 100, text: func(r data.Assignment) string { return r.PersonName }, names: true},
		{key: "assignment.role", width: 100, text: func(r data.Assignment) string { return enumLabel(data.AssignmentRoles, r.Role) }, fit: enumLabels(data.AssignmentRoles)},
		{key: "assignment.site", width: 180, text: func(r data.Assignment) string { return r.SiteName }},
		{key: "assignment.township", width: 130, text: func(r data.Assignment) string { return r.Township }},
		{key: "assignment.from", width: 110, text: func(r data.Assignment) string { return r.FromDate.String() }, kind: kindDate},
		{key: "assignment.to", width: 110, text: func(r data.Assignment) string { return r.ToDate.String() }, kind: kindDate},
		{key: "assignment.state", width: 80, text: assignmentState,
			fit: []string{lang.L("assignment.state_ended"), lang.L("assignment.state_future"), lang.L("assignment.state_current")}},
		{key: "assignment.notes", width: 200, text: func(r data.Assignment) string { return r.Notes }, grow: true},
	}, func(r data.Assignment) string { return r.County }), func(r data.Assignment) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.assignments")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash

	s.search = searchEntry("assignments.search_hint", s.refresh)
	s.township = newTownshipFilter("assignments.all_townships", s.refresh)
	s.county = newCountyFilter(s.u, s.refresh)
	s.township.county = s.county
	s.role = enumFilter("assignments.all_roles", data.AssignmentRoles, s.refresh)
	s.current = widget.NewCheck(lang.L("assignments.current_only"), nil)
	s.current.SetChecked(true)
	s.current.OnChanged = func(bool) { s.refresh() }
	s.count = widget.NewLabel("")
	bar := crudBar(s.table, lang.L("assignments.add"), s.newRecord, s.edit, s.trash,
		s.search, s.count)
	filters := container.NewHBox(append(s.county.objects(), widthAtLeast(s.township.Select, 180), widthAtLeast(s.role, 140), s.current)...)
	return container.NewBorder(container.NewVBox(bar, filters), nil, nil, nil, s.table)
}

func (s *AssignmentsScreen) buildCoverage() fyne.CanvasObject {
	s.coverage = newRecordTable(withCounty(s.u, []column[data.TownshipCoverage]{
		{key: "coverage.township", width: 120, text: func(r data.TownshipCoverage) string { return r.Township }},
		countColumn("coverage.sites", func(r data.TownshipCoverage) int { return r.Sites }),
		countColumn("coverage.with_lead", func(r data.TownshipCoverage) int { return r.SitesWithLead }),
		countColumn("coverage.without_lead", func(r data.TownshipCoverage) int { return r.Sites - r.SitesWithLead }),
		countColumn("coverage.leads", func(r data.TownshipCoverage) int { return r.Leads }),
		countColumn("coverage.liaisons", func(r data.TownshipCoverage) int { return r.Liaisons }),
		countColumn("groupguides.covered", func(r data.TownshipCoverage) int { return s.groups.cover[r.TownshipID] }),
	}, func(r data.TownshipCoverage) string { return r.County }), func(r data.TownshipCoverage) uint { return r.TownshipID })
	s.coverage.bold = func(r data.TownshipCoverage) bool { return r.TownshipID == 0 }
	s.coverage.rememberWidths(s.u.app.Preferences(), "table.coverage")
	// Choosing a township narrows the list of gaps to it; the total row
	// shows them all again.
	s.coverage.onSelect = func(r data.TownshipCoverage) {
		s.gapTown = r.TownshipID
		s.showGaps()
	}

	s.gapHeading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.gapList = widget.NewList(
		func() int { return len(s.gapsShown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			b := widget.NewButtonWithIcon(lang.L("coverage.assign_lead"), theme.ContentAddIcon(), nil)
			return container.NewBorder(nil, nil, nil, b, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.gapsShown) {
				return
			}
			site := s.gapsShown[i]
			box := o.(*fyne.Container)
			item := siteItem(site)
			if s.coverCounty.id() == 0 { // all counties: whose 同乐街道 it is
				item.detail = s.coverCounty.name(idOf(site.CountyID)) + item.detail
			}
			box.Objects[0].(*widget.Label).SetText(item.label())
			b := box.Objects[1].(*widget.Button)
			b.OnTapped = func() { s.assignLead(site) }
			enable(b, readOnlyReason == "") // a city's 挂包 are its counties'
		})
	s.gapList.OnSelected = func(widget.ListItemID) { s.gapList.UnselectAll() }

	caption := widget.NewLabelWithStyle(lang.L("coverage.heading", map[string]any{"Date": formatDay(data.Today())}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// A new county shows all its townships' gaps: the township chosen was another's.
	s.coverCounty = newCountyFilter(s.u, func() {
		s.gapTown = 0
		s.refreshCoverage()
	})
	var top fyne.CanvasObject = caption
	if objs := s.coverCounty.objects(); len(objs) > 0 {
		top = container.NewBorder(nil, nil, nil, container.NewHBox(objs...), caption)
	}
	split := container.NewHSplit(
		container.NewBorder(top, nil, nil, nil, s.coverage),
		container.NewBorder(s.gapHeading, nil, nil, nil, s.gapList))
	split.Offset = 0.68 // room for the column of sites a 委（室） or 界别 guides
	return split
}

// exportView is "export what I see" of the tab shown (exports.go).
func (s *AssignmentsScreen) exportView() tableExport {
	if s.tabs.SelectedIndex() == 1 {
		return withTotal(tableView("exports.view_coverage", s.coverage), s.coverage,
			func(r data.TownshipCoverage) bool { return r.TownshipID == 0 }, lang.L("coverage.total_note"))
	}
	return tableView("exports.view_assignments", s.table)
}

// countColumn is a coverage column of numbers, sorted as numbers.
func countColumn(key string, n func(data.TownshipCoverage) int) column[data.TownshipCoverage] {
	return column[data.TownshipCoverage]{key: key, width: 84,
		text: func(r data.TownshipCoverage) string { return formatInt(n(r)) },
		less: func(a, b data.TownshipCoverage) bool { return n(a) < n(b) }, kind: kindNumber}
}

// assignmentState says whether the assignment runs today.
func assignmentState(a data.Assignment) string {
	today := data.Today()
	switch {
	case !a.ToDate.IsZero() && a.ToDate.Before(today):
		return lang.L("assignment.state_ended")
	case a.FromDate.After(today):
		return lang.L("assignment.state_future")
	}
	return lang.L("assignment.state_current")
}

func (s *AssignmentsScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.county.reload(s.u); err != nil {
		s.u.showError(err)
	}
	if err := s.township.reload(s.u); err != nil {
		s.u.showError(err)
	}
	f := data.AssignmentFilter{CountyID: s.county.id(), TownshipID: s.township.id(), Role: enumFilterCode(s.role, data.AssignmentRoles), Keyword: s.search.Text}
	if s.current.Checked {
		f.CurrentOn = data.Today()
	}
	rows, err := s.u.store.Assignments(s.u.ctx, f)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	s.groups.refresh()
	s.refreshCoverage()
}

func (s *AssignmentsScreen) refreshCoverage() {
	if err := s.coverCounty.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	rows, total, err := s.u.store.CoverageInCounty(s.u.ctx, s.coverCounty.id(), data.Date{})
	if err != nil {
		s.u.showError(err)
		return
	}
	total.Township = lang.L("coverage.total")
	s.coverage.setRows(append(rows, total), s.gapTown)
	if s.gaps, err = s.u.store.SitesWithoutLead(s.u.ctx, data.Date{}); err != nil {
		s.u.showError(err)
		return
	}
	s.gaps = s.coverCounty.narrow(s.gaps)
	s.showGaps()
}

// showGaps lists the sites without a lead in the township chosen in the
// coverage table, or in all of them.
func (s *AssignmentsScreen) showGaps() {
	s.gapsShown = s.gapsShown[:0]
	for _, g := range s.gaps {
		if s.gapTown == 0 || g.ID == s.gapTown || g.ParentID != nil && *g.ParentID == s.gapTown {
			s.gapsShown = append(s.gapsShown, g)
		}
	}
	key := "coverage.gaps"
	args := map[string]any{"N": formatInt(len(s.gapsShown))}
	if r, ok := s.coverage.current(); ok && s.gapTown != 0 {
		key, args["Township"] = "coverage.gaps_in", r.Township
	}
	if len(s.gapsShown) == 0 {
		key = "coverage.no_gaps"
	}
	s.gapHeading.SetText(lang.L(key, args))
	s.gapList.Refresh()
}

func (s *AssignmentsScreen) focusSearch() {
	s.tabs.SelectIndex(0)
	s.u.win.Canvas().Focus(s.search)
}

// newRecord opens an empty assignment form.
func (s *AssignmentsScreen) newRecord() {
	s.u.openAssignmentForm(data.Assignment{}, s.refresh)
}

// assignLead opens the form to give site a lead.
func (s *AssignmentsScreen) assignLead(site data.Site) {
	s.u.openAssignmentForm(data.Assignment{SiteID: site.ID, Role: data.RoleLead}, s.refresh)
}

func (s *AssignmentsScreen) edit(r data.Assignment) {
	editFresh(s.u, r.ID, s.u.store.Assignment, s.refresh, func(a data.Assignment) {
		s.u.openAssignmentForm(a, func() {
			s.refresh()
			s.table.selectID(a.ID)
		})
	})
}

func (s *AssignmentsScreen) trash(r data.Assignment) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashAssignment(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "assignment", r.ID) },
		s.refresh)
}

// openAssignmentForm opens the add/edit form of an assignment; fields set
// in a (PersonID, SiteID, Role, dates) are filled in, so other screens can
// open it preset from a site or a person. A new assignment starts today
// unless a says otherwise. saved runs after a successful save.
func (u *UI) openAssignmentForm(a data.Assignment, saved func()) {
	people, sites, ok := u.peopleAndSites()
	if !ok {
		return
	}
	title := lang.L("assignments.edit_title", map[string]any{"Name": a.Title()})
	if a.ID == 0 {
		title = lang.L("assignments.new_title")
		if a.FromDate.IsZero() {
			a.FromDate = data.Today()
		}
	}
	sitePick := make([]pickItem, len(sites))
	for i, st := range sites {
		sitePick[i] = siteItem(st)
	}
	f := newRecordForm(u)
	person := f.picker(lang.L("assignments.pick_person"), personItems(people), a.PersonID)
	site := f.picker(lang.L("assignments.pick_site"), sitePick, a.SiteID)
	role := f.choice(data.AssignmentRoles, a.Role)
	from := f.dateEntry(a.FromDate)
	to := f.dateEntry(a.ToDate)
	to.SetPlaceHolder(lang.L("assignment.to_hint"))
	notes := f.multiline(a.Notes)

	f.field("person_id", "assignment.person", true, person)
	f.field("site_id", "assignment.site", true, site)
	f.field("role", "assignment.role", true, role)
	f.field("from_date", "assignment.from", false, from)
	f.field("to_date", "assignment.to", false, to)
	f.field("notes", "assignment.notes", false, notes)

	saveForm(f, a, func(rec *data.Assignment, ok *bool) {
		rec.PersonID = person.chosen
		rec.SiteID = site.chosen
		rec.Role = role.code()
		rec.FromDate = f.parseDate("from_date", from, ok)
		rec.ToDate = f.parseDate("to_date", to, ok)
		rec.Notes = notes.Text
	}, u.store.SaveAssignment, func(a data.Assignment) {
		u.notify(lang.L("assignments.saved", map[string]any{"Name": a.Title()}), nil)
		if saved != nil {
			saved()
		}
	})
	f.show(title)
}

// siteItem is a site as a picker offers it: a village with its township's
// name (searching a township's name finds its sites too).
func siteItem(s data.Site) pickItem {
	if s.IsTownship() {
		return pickItem{id: s.ID, text: s.Name}
	}
	return pickItem{id: s.ID, text: s.Name, detail: s.Township}
}
