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

// PeopleScreen (人员) lists everyone the office works with, filtered by
// category and a search box, with the form to add and edit them and a
// shortcut to assign the selected person to a site. Under the table, the
// selected person's current assignments.
type PeopleScreen struct {
	u        *UI
	table    *recordTable[data.Person]
	search   *searchBox
	category *widget.Select
	county   *countyFilter // a city's database (widget_county.go)
	count    *widget.Label
	detail   *widget.Label
}

func newPeopleScreen(u *UI) *PeopleScreen { return &PeopleScreen{u: u} }

func (s *PeopleScreen) id() string          { return "people" }
func (s *PeopleScreen) title() string       { return lang.L("nav.people") }
func (s *PeopleScreen) icon() fyne.Resource { return theme.AccountIcon() }

func (s *PeopleScreen) build() fyne.CanvasObject {
	s.table = newRecordTable(withCounty(s.u, []column[data.Person]{
		{key: "person.name", width: 100, text: func(r data.Person) string { return r.Name }, names: true},
		{key: "person.gender", width: 60, text: func(r data.Person) string { return enumLabel(data.Genders, r.Gender) }, fit: enumLabels(data.Genders)},
		{key: "person.position", width: 150, text: func(r data.Person) string { return r.Position }, grow: true},
		{key: "person.unit", width: 200, text: func(r data.Person) string { return r.Unit }, grow: true},
		{key: "person.sector", width: 150, text: func(r data.Person) string { return r.Sector }, grow: true},
		{key: "person.category", width: 90, text: func(r data.Person) string { return enumLabel(data.PersonCategories, r.Category) },
			fit: enumLabels(data.PersonCategories)},
		{key: "person.phone", width: 120, text: func(r data.Person) string { return r.Phone }},
	}, func(r data.Person) string { return r.County }), func(r data.Person) uint { return r.ID })
	s.table.rememberWidths(s.u.app.Preferences(), "table.people")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.table.onSelect = s.showDetail

	s.search = searchEntry("people.search_hint", s.refresh)
	s.category = enumFilter("people.all_categories", data.PersonCategories, s.refresh)
	s.county = newCountyFilter(s.u, s.refresh)
	s.count = widget.NewLabel("")
	assign := rowButton(s.table, lang.L("people.assign"), theme.ContentCopyIcon(), s.assign)
	var bar fyne.CanvasObject
	if s.u.city { // the filters on a row of their own, leaving the search box room
		bar = container.NewVBox(crudBar(s.table, lang.L("people.add"), s.newRecord, s.edit, s.trash, s.search, s.count, assign),
			container.NewHBox(append(s.county.objects(), widthAtLeast(s.category, 0))...))
	} else {
		bar = crudBar(s.table, lang.L("people.add"), s.newRecord, s.edit, s.trash,
			s.search, s.count, assign, widthAtLeast(s.category, 0))
	}
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapWord
	return container.NewBorder(bar, s.detail, nil, nil, s.table)
}

func (s *PeopleScreen) refresh() {
	if s.table == nil {
		return
	}
	if err := s.county.reload(s.u); err != nil {
		s.u.showError(err)
	}
	rows, err := s.u.store.People(s.u.ctx, data.PersonFilter{
		CountyID: s.county.id(),
		Category: enumFilterCode(s.category, data.PersonCategories),
		Keyword:  s.search.Text,
	})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	r, ok := s.table.current()
	if !ok {
		s.detail.SetText(lang.L("people.detail_none"))
		return
	}
	s.showDetail(r)
}

// showDetail lists what the person guides now, so "who covers what" is
// answered without leaving the list.
func (s *PeopleScreen) showDetail(p data.Person) {
	as, err := s.u.store.Assignments(s.u.ctx, data.AssignmentFilter{PersonID: p.ID, CurrentOn: data.Today()})
	if err != nil {
		s.u.showError(err)
		return
	}
	if len(as) == 0 {
		s.detail.SetText(lang.L("people.detail_no_sites", map[string]any{"Name": p.Name}))
		return
	}
	sites := underRoles(data.AssignmentRoles, as, func(a data.Assignment) (string, string) { return a.Role, a.SiteName },
		"people.detail_role", "people.sep", "people.role_sep")
	s.detail.SetText(lang.L("people.detail_sites", map[string]any{"Name": p.Name, "Sites": sites}))
}

// exportView is "export what I see" (exports.go).
func (s *PeopleScreen) exportView() tableExport { return tableView("exports.view_people", s.table) }

func (s *PeopleScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

func (s *PeopleScreen) newRecord() {
	s.openForm(data.Person{Category: enumFilterCode(s.category, data.PersonCategories)}, lang.L("people.new_title"))
}

func (s *PeopleScreen) edit(r data.Person) {
	editFresh(s.u, r.ID, s.u.store.Person, s.refresh, func(p data.Person) {
		s.openForm(p, lang.L("people.edit_title", map[string]any{"Name": p.Name}))
	})
}

// openForm shows the add/edit form for p.
func (s *PeopleScreen) openForm(p data.Person, title string) {
	f := newRecordForm(s.u)
	name := f.entry(p.Name)
	gender := f.choice(data.Genders, p.Gender)
	category := f.choice(data.PersonCategories, p.Category)
	position := f.entry(p.Position)
	position.SetPlaceHolder(lang.L("person.position_hint"))
	unit := f.entry(p.Unit)
	sector := f.suggest(p.Sector, strings.Split(lang.L("person.sectors"), "、"))
	sector.SetPlaceHolder(lang.L("person.sector_hint"))
	phone := f.entry(p.Phone)
	notes := f.multiline(p.Notes)

	f.field("name", "person.name", true, name)
	f.field("gender", "person.gender", false, gender)
	f.field("category", "person.category", true, category)
	f.field("position", "person.position", false, position)
	f.field("unit", "person.unit", false, unit)
	f.field("sector", "person.sector", false, sector)
	f.field("phone", "person.phone", false, phone)
	f.field("notes", "person.notes", false, notes)

	saveForm(f, p, func(rec *data.Person, _ *bool) {
		rec.Name = name.Text
		rec.Gender = gender.code()
		rec.Category = category.code()
		rec.Position = position.Text
		rec.Unit = unit.Text
		rec.Sector = sector.Text
		rec.Phone = phone.Text
		rec.Notes = notes.Text
	}, s.u.store.SavePerson, func(p data.Person) {
		s.refresh()
		s.table.selectID(p.ID)
		s.showDetail(p)
		s.u.notify(lang.L("people.saved", map[string]any{"Name": p.Name}), nil)
	})
	f.show(title)
	s.u.win.Canvas().Focus(name)
}

// assign opens the assignment form with the person chosen; a leader is
// most often a site's lead, anyone else a liaison member.
func (s *PeopleScreen) assign(p data.Person) {
	role := data.RoleLiaison
	if p.Category == data.CategoryLeader {
		role = data.RoleLead
	}
	s.u.openAssignmentForm(data.Assignment{PersonID: p.ID, Role: role}, func() { s.showDetail(p) })
}

// trash asks, then moves the person to the trash with an Undo.
func (s *PeopleScreen) trash(r data.Person) {
	s.u.confirmTrash(r.Name,
		func() error { return s.u.store.TrashPerson(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "person", r.ID) },
		s.refresh)
}

// personItems are people as a picker offers them: the unit and position
// tell namesakes apart; the phone and sector can be searched too.
func personItems(people []data.Person) []pickItem {
	out := make([]pickItem, len(people))
	for i, p := range people {
		out[i] = pickItem{id: p.ID, text: p.Name, detail: strings.TrimSpace(p.Unit + " " + p.Position), extra: p.Phone + " " + p.Sector}
	}
	return out
}
