package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// SitesScreen lists the pilot sites grouped by township, with a township
// filter, a search box, and the form to add and edit them. Under the table,
// the selected site's people, activities and visits (sites_detail.go).
type SitesScreen struct {
	u        *UI
	table    *recordTable[data.Site]
	search   *searchBox
	township *townshipFilter
	county   *countyFilter // a city's database (widget_county.go)
	count    *widget.Label
	detail   *siteDetail
}

func newSitesScreen(u *UI) *SitesScreen { return &SitesScreen{u: u} }

func (s *SitesScreen) id() string          { return "sites" }
func (s *SitesScreen) title() string       { return lang.L("nav.sites") }
func (s *SitesScreen) icon() fyne.Resource { return theme.HomeIcon() }

func (s *SitesScreen) build() fyne.CanvasObject {
	s.table = newRecordTable(withCounty(s.u, []column[data.Site]{
		{key: "site.township", width: 100, text: func(r data.Site) string { return r.Township }},
		{key: "site.name", width: 170, text: func(r data.Site) string {
			if r.IsTownship() {
				return r.Name
			}
			return "　" + r.Name // indented under its township
		}, less: func(a, b data.Site) bool { return a.Name < b.Name }, grow: true},
		{key: "site.kind", width: 110, text: func(r data.Site) string { return enumLabel(data.SiteKinds, r.Kind) }, fit: enumLabels(data.SiteKinds)},
		{key: "sites.col_platform", width: 180, text: func(r data.Site) string { return r.Platform }, grow: true},
		{key: "site.unveiled_on", width: 110, text: func(r data.Site) string { return r.UnveiledOn.String() }, kind: kindDate},
		{key: "site.status", width: 90, text: func(r data.Site) string { return enumLabel(data.SiteStatuses, r.Status) }, fit: enumLabels(data.SiteStatuses)},
		{key: "site.contact", width: 80, text: func(r data.Site) string { return r.Contact }},
		{key: "site.phone", width: 120, text: func(r data.Site) string { return r.Phone }},
	}, func(r data.Site) string { return r.County }), func(r data.Site) uint { return r.ID })
	s.table.bold = func(r data.Site) bool { return r.IsTownship() }
	s.table.rememberWidths(s.u.app.Preferences(), "table.sites")
	s.table.onActivate = func(r data.Site) { s.edit(r) }
	s.table.onDelete = func(r data.Site) { s.trash(r) }
	s.table.onSelect = func(r data.Site) { s.detail.show(r) }
	s.detail = newSiteDetail(s.u, s.refresh)

	s.search = searchEntry("sites.search_hint", s.refresh)
	s.township = newTownshipFilter("sites.all_townships", s.refresh)
	s.county = newCountyFilter(s.u, s.refresh)
	s.township.county = s.county
	s.count = widget.NewLabel("")
	filters := []fyne.CanvasObject{widget.NewLabel(lang.L("sites.filter_township")), widthAtLeast(s.township.Select, 180)}
	var bar fyne.CanvasObject
	if s.u.city { // the county and township on a row of their own, leaving the search box room
		bar = container.NewVBox(crudBar(s.table, lang.L("sites.add"), s.newRecord, s.edit, s.trash, s.search, s.count),
			container.NewHBox(append(s.county.objects(), filters...)...))
	} else {
		bar = crudBar(s.table, lang.L("sites.add"), s.newRecord, s.edit, s.trash, s.search, s.count, filters...)
	}
	split := container.NewVSplit(container.NewBorder(bar, nil, nil, nil, s.table), container.NewPadded(s.detail.content))
	split.Offset = 0.58
	return split
}

// refresh reloads the list with the current filter.
func (s *SitesScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.county.reload(s.u); err != nil {
		s.u.showError(err)
	}
	if err := s.township.reload(s.u); err != nil {
		s.u.showError(err)
	}
	rows, err := s.u.store.Sites(s.u.ctx, data.SiteFilter{CountyID: s.county.id(), TownshipID: s.township.id(), Keyword: s.search.Text})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	s.showSelected()
}

// showSelected fills the detail pane from the selected row.
func (s *SitesScreen) showSelected() {
	if r, ok := s.table.current(); ok {
		s.detail.show(r)
	} else {
		s.detail.clear()
	}
}

// reveal shows one site: the filters are cleared so it is listed, then
// it is selected and its detail shown.
func (s *SitesScreen) reveal(id uint) {
	s.search.SetText("")
	s.county.clear()
	s.township.SetSelectedIndex(0)
	s.refresh()
	s.table.selectID(id)
	s.showSelected()
}

// exportView is "export what I see" (exports.go).
func (s *SitesScreen) exportView() tableExport { return tableView("exports.view_sites", s.table) }

func (s *SitesScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

func (s *SitesScreen) newRecord() {
	site := data.Site{Kind: data.KindCommunity, Status: data.StatusPlanned}
	// A new site goes under the township being looked at, or selected.
	if tid := s.township.id(); tid != 0 {
		site.ParentID = &tid
	} else if r, ok := s.table.current(); ok {
		if r.IsTownship() {
			site.ParentID = &r.ID
		} else {
			site.ParentID = r.ParentID
		}
	}
	s.openForm(site, lang.L("sites.new_title"))
}

func (s *SitesScreen) edit(r data.Site) {
	editFresh(s.u, r.ID, s.u.store.Site, s.refresh, func(site data.Site) {
		s.openForm(site, lang.L("sites.edit_title", map[string]any{"Name": site.Name}))
	})
}

// openForm shows the add/edit form for site.
func (s *SitesScreen) openForm(site data.Site, title string) {
	f := newRecordForm(s.u)
	name := f.entry(site.Name)
	kind := f.choice(data.SiteKinds, site.Kind)
	parent := newFormSelect(nil, func(string) { f.dirty = true })
	parent.PlaceHolder = lang.L("form.choose")
	townships, _ := s.u.store.Townships(s.u.ctx)
	for _, t := range townships {
		if t.ID != site.ID {
			parent.Options = append(parent.Options, t.Name)
		}
		if site.ParentID != nil && t.ID == *site.ParentID {
			parent.Selected = t.Name
		}
	}
	kind.OnChanged = func(string) {
		f.dirty = true
		if kind.code() == data.KindTownship {
			parent.ClearSelected()
			parent.Disable()
		} else {
			parent.Enable()
		}
	}
	if site.Kind == data.KindTownship {
		parent.Disable()
	}
	platform := f.entry(site.Platform)
	platform.SetPlaceHolder(lang.L("site.platform_hint"))
	basis := f.choice(data.RoomBases, site.RoomBasis)
	unveiled := f.dateEntry(site.UnveiledOn)
	status := f.choice(data.SiteStatuses, site.Status)
	address := f.entry(site.Address)
	contact := f.entry(site.Contact)
	phone := f.entry(site.Phone)
	notes := f.multiline(site.Notes)

	f.field("name", "site.name", true, name)
	f.field("kind", "site.kind", true, kind)
	f.field("parent_id", "site.parent", false, parent)
	f.field("platform", "site.platform", false, platform)
	f.field("room_basis", "site.room_basis", false, basis)
	f.field("status", "site.status", true, status)
	f.field("unveiled_on", "site.unveiled_on", false, unveiled)
	f.field("address", "site.address", false, address)
	f.field("contact", "site.contact", false, contact)
	f.field("phone", "site.phone", false, phone)
	f.field("notes", "site.notes", false, notes)

	saveForm(f, site, func(rec *data.Site, ok *bool) {
		rec.Name = name.Text
		rec.Kind = kind.code()
		rec.ParentID = nil
		for _, t := range townships {
			if t.Name == parent.Selected && !parent.Disabled() {
				rec.ParentID = optionalID(t.ID)
			}
		}
		rec.Platform = platform.Text
		rec.RoomBasis = basis.code()
		rec.UnveiledOn = f.parseDate("unveiled_on", unveiled, ok)
		rec.Status = status.code()
		rec.Address = address.Text
		rec.Contact = contact.Text
		rec.Phone = phone.Text
		rec.Notes = notes.Text
	}, s.u.store.SaveSite, func(site data.Site) {
		s.refresh()
		s.table.selectID(site.ID)
		s.showSelected()
		s.u.notify(lang.L("sites.saved", map[string]any{"Name": site.Name}), nil)
	})
	f.show(title)
	s.u.win.Canvas().Focus(name)
}

// trash asks, then moves the site to the trash with an Undo.
func (s *SitesScreen) trash(r data.Site) {
	s.u.confirmTrash(r.Name,
		func() error { return s.u.store.TrashSite(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "site", r.ID) },
		s.refresh)
}
