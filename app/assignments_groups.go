package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// groupGuides is the 挂包联系 screen's third tab: the 委（室） and 界别
// assigned to guide sites besides persons, and the count the coverage tab
// shows of the sites they guide.
type groupGuides struct {
	s     *AssignmentsScreen
	table *recordTable[data.GroupAssignment]
	count *widget.Label
	cover map[uint]int // township ID (0: the county) -> sites a group guides today
}

func (g *groupGuides) build(s *AssignmentsScreen) fyne.CanvasObject {
	g.s = s
	g.table = newRecordTable([]column[data.GroupAssignment]{
		{key: "topic.township", width: 100, text: func(r data.GroupAssignment) string { return r.Township }},
		{key: "topic.site", width: 130, text: func(r data.GroupAssignment) string { return r.SiteName }},
		{key: "groupguides.kind", width: 90, text: func(r data.GroupAssignment) string { return enumLabel(data.GuideGroupKinds, r.Kind) }, fit: enumLabels(data.GuideGroupKinds)},
		{key: "groupguides.name", width: 140, text: func(r data.GroupAssignment) string { return r.Name }},
		{key: "groupguides.from", width: 100, text: func(r data.GroupAssignment) string { return r.FromDate.String() }, kind: kindDate},
		{key: "groupguides.to", width: 100, text: func(r data.GroupAssignment) string { return r.ToDate.String() }, kind: kindDate},
		{key: "plan.notes", width: 160, text: func(r data.GroupAssignment) string { return flat(r.Notes) }, grow: true},
	}, func(r data.GroupAssignment) uint { return r.ID })
	g.table.warn = func(r data.GroupAssignment) bool { return !r.CurrentOn(data.Today()) }
	g.table.rememberWidths(s.u.app.Preferences(), "table.groupguides")
	g.table.onActivate = g.edit
	g.table.onDelete = g.trash
	g.count = widget.NewLabel("")
	bar := crudBar(g.table, lang.L("groupguides.add"), g.newRecord, g.edit, g.trash, widget.NewLabel(""), g.count)
	return container.NewBorder(bar, nil, nil, nil, g.table)
}

func (g *groupGuides) refresh() {
	if g.table == nil {
		return
	}
	var err error
	if g.cover, err = g.s.u.store.GroupCoverage(g.s.u.ctx, data.Date{}); err != nil {
		g.s.u.showError(err)
	}
	rows, err := g.s.u.store.GroupAssignments(g.s.u.ctx, 0)
	if err != nil {
		g.s.u.showError(err)
		return
	}
	g.table.setRows(rows, g.table.selectedID())
	setCount(g.count, len(rows))
}

func (g *groupGuides) newRecord() {
	a := data.GroupAssignment{Kind: "committee", FromDate: data.Today()}
	g.openForm(a, lang.L("groupguides.new_title"))
}

func (g *groupGuides) edit(r data.GroupAssignment) {
	editFresh(g.s.u, r.ID, g.s.u.store.GroupAssignment, g.s.refresh, func(a data.GroupAssignment) {
		g.openForm(a, lang.L("groupguides.edit_title", map[string]any{"Name": a.Name}))
	})
}

func (g *groupGuides) openForm(a data.GroupAssignment, title string) {
	u := g.s.u
	sites, err := u.store.SiteNames(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	choices := make([]pickItem, len(sites))
	for i, st := range sites {
		choices[i] = siteItem(st)
	}
	f := newRecordForm(u)
	site := f.picker(lang.L("topics.pick_site"), choices, a.SiteID)
	kind := f.choice(data.GuideGroupKinds, a.Kind)
	name := f.entry(a.Name)
	name.SetPlaceHolder(lang.L("groupguides.name_hint"))
	from := f.dateEntry(a.FromDate)
	to := f.dateEntry(a.ToDate)
	notes := f.multiline(a.Notes)
	f.field("site_id", "topic.site", true, site)
	f.field("kind", "groupguides.kind", true, kind)
	f.field("name", "groupguides.name", true, name)
	f.field("from_date", "groupguides.from", false, from)
	f.field("to_date", "groupguides.to", false, to)
	f.field("notes", "plan.notes", false, notes)
	saveForm(f, a, func(rec *data.GroupAssignment, ok *bool) {
		rec.SiteID = site.chosen
		rec.Kind = kind.code()
		rec.Name = name.Text
		rec.FromDate = f.parseDate("from_date", from, ok)
		rec.ToDate = f.parseDate("to_date", to, ok)
		rec.Notes = notes.Text
	}, u.store.SaveGroupAssignment, func(a data.GroupAssignment) {
		g.s.refresh()
		g.table.selectID(a.ID)
		u.notify(lang.L("groupguides.saved", map[string]any{"Name": a.Name}), nil)
	})
	f.show(title)
}

// trash asks, then moves the assignment to the trash with an Undo.
func (g *groupGuides) trash(r data.GroupAssignment) {
	g.s.u.confirmTrash(r.Title(),
		func() error { return g.s.u.store.TrashGroupAssignment(g.s.u.ctx, r.ID) },
		func() error { return g.s.u.store.RestoreTrash(g.s.u.ctx, "group_assignment", r.ID) },
		g.s.refresh)
}
