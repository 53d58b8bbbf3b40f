package app

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// VisitsScreen (调研指导) lists the leaders' visits to the sites, newest
// first, filtered by date range, township and site, and a search box that
// also finds a leader by name; the selected visit's findings and
// requirements are shown in full under the table.
type VisitsScreen struct {
	u      *UI
	table  *recordTable[data.Visit]
	search *searchBox
	dates  *dateRange
	place  *placeFilter
	count  *widget.Label
	detail *widget.Label
}

func newVisitsScreen(u *UI) *VisitsScreen { return &VisitsScreen{u: u} }

func (s *VisitsScreen) id() string          { return "visits" }
func (s *VisitsScreen) title() string       { return lang.L("nav.visits") }
func (s *VisitsScreen) icon() fyne.Resource { return theme.SearchIcon() }

func (s *VisitsScreen) build() fyne.CanvasObject {
	s.table = newRecordTable(withCounty(s.u, []column[data.Visit]{
		{key: "visit.date", width: 105, text: func(r data.Visit) string { return r.Date.String() }, kind: kindDate},
		{key: "visit.leaders", width: 150, text: func(r data.Visit) string { return r.LeaderNames() }, names: true},
		{key: "visit.sites", width: 200, text: func(r data.Visit) string { return r.SiteNames() }},
		{key: "visit.findings", width: 260, text: func(r data.Visit) string { return flat(r.Findings) }, grow: true},
		{key: "visit.requirements", width: 260, text: func(r data.Visit) string { return flat(r.Requirements) }, grow: true},
	}, func(r data.Visit) string { return r.County }), func(r data.Visit) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.visits")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.table.onSelect = s.showDetail

	s.search = searchEntry("visits.search_hint", s.refresh)
	s.dates = newDateRange(s.u.win, s.refresh)
	s.place = newPlaceFilter(s.refresh).byCounty(s.u, s.refresh)
	s.place.itself = true
	s.count = widget.NewLabel("")
	bar := crudBar(s.table, lang.L("visits.add"), s.newRecord, s.edit, s.trash,
		s.search, s.count)
	filters := container.NewHBox(append(append(s.dates.objects(), widget.NewSeparator()), s.place.objects()...)...)
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	detail := container.NewVScroll(s.detail)
	detail.SetMinSize(fyne.NewSize(0, 110))
	return container.NewBorder(container.NewVBox(bar, filters), detail, nil, nil, s.table)
}

// exportView is "export what I see" (exports.go).
func (s *VisitsScreen) exportView() tableExport { return tableView("exports.view_visits", s.table) }

// flat joins a text's lines for one table cell.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func (s *VisitsScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	from, to, _ := s.dates.dates()
	_, site := s.place.ids()
	rows, err := s.u.store.Visits(s.u.ctx, data.VisitFilter{CountyID: s.place.countyID(), From: from, To: to, SiteID: site, Keyword: s.search.Text})
	if err != nil {
		s.u.showError(err)
		return
	}
	// A township chosen alone keeps the visits to it or to any of its sites.
	kept := rows
	if town, site := s.place.ids(); town != 0 && site == 0 {
		kept = rows[:0]
		for _, r := range rows {
			if slices.ContainsFunc(r.Sites, func(ref data.VisitRef) bool { return s.place.within(ref.ID) }) {
				kept = append(kept, r)
			}
		}
	}
	s.table.setRows(kept, s.table.selectedID())
	setCount(s.count, len(kept))
	if r, ok := s.table.current(); ok {
		s.showDetail(r)
	} else {
		s.detail.SetText(lang.L("visits.detail_none"))
	}
}

// showDetail shows the whole visit, as the cells only have room for a line.
func (s *VisitsScreen) showDetail(v data.Visit) {
	parts := []string{lang.L("visits.detail_head", map[string]any{"Date": v.Date.String(), "Leaders": v.LeaderNames(), "Sites": v.SiteNames()})}
	for _, p := range []struct{ key, text string }{{"visit.findings", v.Findings}, {"visit.requirements", v.Requirements}, {"visit.notes", v.Notes}} {
		if p.text != "" {
			parts = append(parts, lang.L("visits.detail_part", map[string]any{"Label": lang.L(p.key), "Text": p.text}))
		}
	}
	s.detail.SetText(strings.Join(parts, "\n"))
}

func (s *VisitsScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

// newRecord starts a visit today, at the site chosen in the filter.
func (s *VisitsScreen) newRecord() {
	v := data.Visit{Date: data.Today()}
	var siteIDs []uint
	if _, site := s.place.ids(); site != 0 {
		siteIDs = []uint{site}
	}
	s.openForm(v, nil, siteIDs, lang.L("visits.new_title"))
}

func (s *VisitsScreen) edit(r data.Visit) {
	editFresh(s.u, r.ID, s.u.store.Visit, s.refresh, func(v data.Visit) {
		s.openForm(v, refIDs(v.Leaders), refIDs(v.Sites), lang.L("visits.edit_title", map[string]any{"Date": v.Date.String()}))
	})
}

func refIDs(refs []data.VisitRef) []uint {
	out := make([]uint, len(refs))
	for i, r := range refs {
		out[i] = r.ID
	}
	return out
}

// openForm shows the add/edit form of a visit, with its leaders and sites.
func (s *VisitsScreen) openForm(v data.Visit, leaderIDs, siteIDs []uint, title string) {
	people, sites, ok := s.u.peopleAndSites()
	if !ok {
		return
	}
	// Leaders lead the visits: they come first in the picker.
	slices.SortStableFunc(people, func(a, b data.Person) int {
		return boolRank(a.Category != data.CategoryLeader) - boolRank(b.Category != data.CategoryLeader)
	})
	siteChoices := make([]pickItem, len(sites))
	for i, st := range sites {
		siteChoices[i] = siteItem(st)
	}

	f := newRecordForm(s.u)
	date := f.dateEntry(v.Date)
	leaders := f.multiPick(lang.L("visits.pick_leader"), personItems(people), leaderIDs)
	visited := f.multiPick(lang.L("visits.pick_site"), siteChoices, siteIDs)
	findings := f.multiline(v.Findings)
	requirements := f.multiline(v.Requirements)
	notes := f.multiline(v.Notes)

	f.field("date", "visit.date", true, date)
	f.field("person_ids", "visit.leaders", true, leaders)
	f.field("site_ids", "visit.sites", true, visited)
	f.field("findings", "visit.findings", false, findings)
	f.field("requirements", "visit.requirements", false, requirements)
	f.field("notes", "visit.notes", false, notes)

	saveForm(f, v, func(rec *data.Visit, ok *bool) {
		rec.Date = f.parseDate("date", date, ok)
		rec.Findings = findings.Text
		rec.Requirements = requirements.Text
		rec.Notes = notes.Text
	}, func(ctx context.Context, rec *data.Visit) error {
		return s.u.store.SaveVisit(ctx, rec, leaders.chosen, visited.chosen)
	}, func(v data.Visit) {
		s.refresh()
		s.table.selectID(v.ID)
		if r, ok := s.table.current(); ok {
			s.showDetail(r)
		}
		s.u.notify(lang.L("visits.saved", map[string]any{"Name": v.Title()}), nil)
	})
	f.show(title)
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// trash asks, then moves the visit to the trash with an Undo.
func (s *VisitsScreen) trash(r data.Visit) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashVisit(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "visit", r.ID) },
		s.refresh)
}
