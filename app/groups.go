package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// GroupsScreen (村民小组／小区) lists the third level under the villages and
// communities, where a county uses one; the activity form offers the
// chosen site's groups (groupPicker).
type GroupsScreen struct {
	u      *UI
	table  *recordTable[data.SiteGroup]
	search *searchBox
	place  *placeFilter
	count  *widget.Label
}

func newGroupsScreen(u *UI) *GroupsScreen { return &GroupsScreen{u: u} }

func (s *GroupsScreen) id() string          { return "groups" }
func (s *GroupsScreen) title() string       { return lang.L("nav.groups") }
func (s *GroupsScreen) icon() fyne.Resource { return theme.ViewRestoreIcon() }

func (s *GroupsScreen) build() fyne.CanvasObject {
	s.table = newRecordTable([]column[data.SiteGroup]{
		{key: "topic.township", width: 100, text: func(r data.SiteGroup) string { return r.Township }},
		{key: "groups.village", width: 130, text: func(r data.SiteGroup) string { return r.SiteName }},
		{key: "groups.name", width: 150, text: func(r data.SiteGroup) string { return r.Name }},
		{key: "groups.kind", width: 90, text: func(r data.SiteGroup) string { return enumLabel(data.GroupKinds, r.Kind) }, fit: enumLabels(data.GroupKinds)},
		{key: "plan.notes", width: 200, text: func(r data.SiteGroup) string { return flat(r.Notes) }, grow: true},
	}, func(r data.SiteGroup) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.groups")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.search = searchEntry("groups.search_hint", s.refresh)
	s.place = newPlaceFilter(s.refresh)
	s.count = widget.NewLabel("")
	bar := crudBar(s.table, lang.L("groups.add"), s.newRecord, s.edit, s.trash, s.search, s.count, s.place.objects()...)
	return countyKept(s.u, s.title(), container.NewBorder(bar, nil, nil, nil, s.table))
}

// exportView is "export what I see" (exports.go).
func (s *GroupsScreen) exportView() tableExport { return tableView("exports.view_groups", s.table) }

func (s *GroupsScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

func (s *GroupsScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	town, site := s.place.ids()
	rows, err := s.u.store.SiteGroups(s.u.ctx, town, site, s.search.Text)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
}

func (s *GroupsScreen) newRecord() {
	g := data.SiteGroup{Kind: "group"}
	_, g.SiteID = s.place.ids()
	s.openForm(g, lang.L("groups.new_title"))
}

func (s *GroupsScreen) edit(r data.SiteGroup) {
	editFresh(s.u, r.ID, s.u.store.SiteGroup, s.refresh, func(g data.SiteGroup) {
		s.openForm(g, lang.L("groups.edit_title", map[string]any{"Name": g.Name}))
	})
}

func (s *GroupsScreen) openForm(g data.SiteGroup, title string) {
	sites, err := s.u.store.SiteNames(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	var villages []pickItem
	for _, st := range sites {
		if st.Kind == data.KindCommunity { // a group is under a village or community
			villages = append(villages, siteItem(st))
		}
	}
	f := newRecordForm(s.u)
	site := f.picker(lang.L("groups.pick_village"), villages, g.SiteID)
	name := f.entry(g.Name)
	name.SetPlaceHolder(lang.L("groups.name_hint"))
	kind := f.choice(data.GroupKinds, g.Kind)
	notes := f.multiline(g.Notes)
	f.field("site_id", "groups.village", true, site)
	f.field("name", "groups.name", true, name)
	f.field("kind", "groups.kind", true, kind)
	f.field("notes", "plan.notes", false, notes)
	saveForm(f, g, func(rec *data.SiteGroup, ok *bool) {
		rec.SiteID = site.chosen
		rec.Name = name.Text
		rec.Kind = kind.code()
		rec.Notes = notes.Text
	}, s.u.store.SaveSiteGroup, func(g data.SiteGroup) {
		s.refresh()
		s.table.selectID(g.ID)
		s.u.notify(lang.L("groups.saved", map[string]any{"Name": g.Name}), nil)
	})
	f.show(title)
	s.u.win.Canvas().Focus(name)
}

// trash asks, then moves the group to the trash with an Undo.
func (s *GroupsScreen) trash(r data.SiteGroup) {
	s.u.confirmTrash(r.Title(),
		func() error { return s.u.store.TrashSiteGroup(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "site_group", r.ID) },
		s.refresh)
}

// groupPicker is the activity form's 村民小组（小区）: the groups of the site
// chosen, refilled when the site changes (the group then goes).
func (u *UI) groupPicker(f *recordForm, site *picker, chosen uint) *picker {
	p := f.picker(lang.L("groups.pick"), nil, 0)
	offer := func(siteID, keep uint) {
		p.items = nil
		if siteID != 0 {
			groups, err := u.store.SiteGroups(u.ctx, 0, siteID, "")
			if err != nil {
				u.showError(err)
			}
			for _, g := range groups {
				p.items = append(p.items, pickItem{id: g.ID, text: g.Name, detail: enumLabel(data.GroupKinds, g.Kind)})
			}
		}
		p.set(keep)
	}
	offer(site.chosen, chosen)
	site.changed = func(id uint) {
		f.dirty = true
		offer(id, 0)
	}
	return p
}
