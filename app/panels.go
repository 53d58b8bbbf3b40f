package app

import (
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// PanelsScreen (政策顾问团) lists the advisory panels on the left with their
// size ("26个部门46人") and, on the right, the selected panel's members
// grouped by recommending department, with a search box.
type PanelsScreen struct {
	u       *UI
	panels  *recordTable[data.PanelStat]
	members *recordTable[memberRow]
	heading *widget.Label
	about   *widget.Label // the panel's description
	search  *searchBox
	count   *widget.Label
	loaded  []memberRow // the selected panel's members, before the search

	descriptions map[uint]string // by panel
	county       *countyFilter   // a city's database (widget_county.go)
	countyOf     map[uint]string // a city's database: each panel's county
}

// memberRow is a membership with what the roster shows of the person.
type memberRow struct {
	data.PanelMember
	Unit, Position string
	first          bool // first of its department in the roster's order
}

func newPanelsScreen(u *UI) *PanelsScreen { return &PanelsScreen{u: u} }

func (s *PanelsScreen) id() string          { return "panels" }
func (s *PanelsScreen) title() string       { return lang.L("nav.panels") }
func (s *PanelsScreen) icon() fyne.Resource { return theme.InfoIcon() }

func (s *PanelsScreen) build() fyne.CanvasObject {
	s.panels = newRecordTable(withCounty(s.u, []column[data.PanelStat]{
		{key: "panel.name", width: 210, text: func(r data.PanelStat) string { return r.Name }},
		{key: "panel.size", width: 120, text: func(r data.PanelStat) string { return panelSize("panel.size_value", r) },
			less: func(a, b data.PanelStat) bool { return a.People < b.People }},
	}, func(r data.PanelStat) string { return s.countyOf[r.PanelID] }), func(r data.PanelStat) uint { return r.PanelID })
	s.panels.rememberWidths(s.u.app.Preferences(), "table.panels")
	s.panels.onSelect = func(data.PanelStat) { s.showMembers() }
	s.panels.onActivate = func(r data.PanelStat) { s.editPanel(r.PanelID) }
	s.panels.onDelete = s.trashPanel

	s.members = newRecordTable([]column[memberRow]{
		{key: "member.department", width: 160, text: s.departmentCell,
			less: func(a, b memberRow) bool { return a.Department < b.Department }},
		{key: "member.name", width: 80, text: func(r memberRow) string { return r.PersonName }, names: true},
		{key: "member.unit", width: 170, text: func(r memberRow) string { return r.Unit }, grow: true},
		{key: "member.position", width: 100, text: func(r memberRow) string { return r.Position }},
		{key: "member.expertise", width: 160, text: func(r memberRow) string { return r.Expertise }, grow: true},
	}, func(r memberRow) uint { return r.ID })
	s.members.rememberWidths(s.u.app.Preferences(), "table.panel_members")
	s.members.onActivate = s.editMember
	s.members.onDelete = s.trashMember

	addPanel := widget.NewButtonWithIcon(lang.L("panels.add"), theme.ContentAddIcon(), s.newPanel)
	if readOnlyReason != "" {
		addPanel.Disable()
	}
	s.county = newCountyFilter(s.u, s.refresh)
	panelBar := container.NewHBox(append([]fyne.CanvasObject{addPanel,
		editButton(s.panels, func(r data.PanelStat) { s.editPanel(r.PanelID) }),
		deleteButton(s.panels, s.trashPanel)}, s.county.objects()...)...)
	left := container.NewBorder(panelBar, nil, nil, nil, s.panels)

	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Wrapping = fyne.TextWrapWord
	s.search = searchEntry("panels.search_hint", s.filterMembers)
	s.count = widget.NewLabel("")
	bar := crudBar(s.members, lang.L("panels.add_member"), s.newMember, s.editMember, s.trashMember,
		s.search, s.count)
	s.about = widget.NewLabel("")
	s.about.Wrapping = fyne.TextWrapWord
	right := container.NewBorder(container.NewVBox(s.heading, s.about, bar), nil, nil, nil, s.members)

	split := container.NewHSplit(left, right)
	split.Offset = 0.35
	return split
}

// exportView is "export what I see": the selected panel's members, or
// the panels when none is selected (exports.go).
func (s *PanelsScreen) exportView() tableExport {
	if p, ok := s.panels.current(); ok {
		return tableView("exports.view_members", s.members, map[string]any{"Panel": p.Name})
	}
	return tableView("exports.view_panels", s.panels)
}

// panelSize is "N个部门M人" (key: the cell's short form or the heading's).
func panelSize(key string, r data.PanelStat) string {
	return lang.L(key, map[string]any{"Departments": formatInt(r.Departments), "People": formatInt(r.People)})
}

// departmentCell writes a department once, on the first row of its group,
// while the roster is in its own order; sorted by a column, every row
// names its department.
func (s *PanelsScreen) departmentCell(r memberRow) string {
	if s.members.sortCol >= 0 || r.first {
		if r.Department == "" {
			return lang.L("member.no_department")
		}
		return r.Department
	}
	return ""
}

func (s *PanelsScreen) refresh() {
	if s.panels == nil {
		return
	}
	stats, err := s.u.store.PanelStats(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	panels, err := s.u.store.Panels(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	if err := s.county.reload(s.u); err != nil {
		s.u.showError(err)
	}
	s.descriptions, s.countyOf = map[uint]string{}, map[uint]string{}
	names := map[uint]string{}
	for _, c := range s.county.counties {
		names[c.ID] = c.Name
	}
	keep := map[uint]bool{}
	for _, p := range panels {
		s.descriptions[p.ID] = p.Description
		s.countyOf[p.ID] = names[idOf(p.CountyID)]
		keep[p.ID] = s.county.id() == 0 || idOf(p.CountyID) == s.county.id()
	}
	// Panels() has no county filter: a city has a few panels a county.
	stats = slices.DeleteFunc(stats, func(r data.PanelStat) bool { return !keep[r.PanelID] })
	sel := s.panels.selectedID()
	if sel == 0 && len(stats) > 0 {
		sel = stats[0].PanelID // someone opening the screen wants to see a roster
	}
	s.panels.setRows(stats, sel)
	s.showMembers()
}

// showMembers loads the selected panel's roster.
func (s *PanelsScreen) showMembers() {
	s.loaded = nil
	p, ok := s.panels.current()
	if !ok {
		s.heading.SetText(lang.L("panels.none_selected"))
		s.about.Hide()
		s.filterMembers()
		return
	}
	s.heading.SetText(p.Name + "    " + panelSize("panel.size_heading", p))
	s.about.SetText(s.descriptions[p.PanelID])
	s.about.Hidden = s.about.Text == ""
	ms, err := s.u.store.PanelMembers(s.u.ctx, p.PanelID)
	if err != nil {
		s.u.showError(err)
		return
	}
	people, err := s.peopleByID()
	if err != nil {
		s.u.showError(err)
		return
	}
	for i, m := range ms {
		pe := people[m.PersonID]
		s.loaded = append(s.loaded, memberRow{PanelMember: m, Unit: pe.Unit, Position: pe.Position,
			first: i == 0 || ms[i-1].Department != m.Department})
	}
	s.filterMembers()
}

func (s *PanelsScreen) peopleByID() (map[uint]data.Person, error) {
	people, err := s.u.store.People(s.u.ctx, data.PersonFilter{})
	out := make(map[uint]data.Person, len(people))
	for _, p := range people {
		out[p.ID] = p
	}
	return out, err
}

// filterMembers shows the members matching the search box (name,
// department, unit, position or expertise), keeping the groups.
func (s *PanelsScreen) filterMembers() {
	kw := strings.ToLower(strings.TrimSpace(s.search.Text))
	var rows []memberRow
	for _, r := range s.loaded {
		hay := strings.ToLower(strings.Join([]string{r.PersonName, r.Department, r.Unit, r.Position, r.Expertise}, " "))
		if kw == "" || strings.Contains(hay, kw) {
			r.first = len(rows) == 0 || rows[len(rows)-1].Department != r.Department
			rows = append(rows, r)
		}
	}
	s.members.setRows(rows, s.members.selectedID())
	setCount(s.count, len(rows))
}

func (s *PanelsScreen) focusSearch() { s.u.win.Canvas().Focus(s.search) }

// newRecord (Ctrl+N) adds a member to the panel shown; with no panel yet,
// it starts the first panel.
func (s *PanelsScreen) newRecord() {
	if _, ok := s.panels.current(); ok {
		s.newMember()
		return
	}
	s.newPanel()
}

func (s *PanelsScreen) newPanel() { s.openPanelForm(data.Panel{}, lang.L("panels.new_title")) }

func (s *PanelsScreen) editPanel(id uint) {
	editFresh(s.u, id, s.u.store.Panel, s.refresh, func(p data.Panel) {
		s.openPanelForm(p, lang.L("panels.edit_title", map[string]any{"Name": p.Name}))
	})
}

func (s *PanelsScreen) openPanelForm(p data.Panel, title string) {
	f := newRecordForm(s.u)
	name := f.entry(p.Name)
	name.SetPlaceHolder(lang.L("panel.name_hint"))
	desc := f.multiline(p.Description)
	notes := f.multiline(p.Notes)
	f.field("name", "panel.name", true, name)
	f.field("description", "panel.description", false, desc)
	f.field("notes", "panel.notes", false, notes)
	saveForm(f, p, func(rec *data.Panel, _ *bool) {
		rec.Name, rec.Description, rec.Notes = name.Text, desc.Text, notes.Text
	}, s.u.store.SavePanel, func(p data.Panel) {
		s.refresh()
		s.panels.selectID(p.ID)
		s.showMembers()
		s.u.notify(lang.L("panels.saved", map[string]any{"Name": p.Name}), nil)
	})
	f.show(title)
	s.u.win.Canvas().Focus(name)
}

// trashPanel moves the panel with its members to the trash; Undo brings
// both back.
func (s *PanelsScreen) trashPanel(r data.PanelStat) {
	s.u.confirmTrash(r.Name,
		func() error { return s.u.store.TrashPanel(s.u.ctx, r.PanelID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "panel", r.PanelID) },
		s.refresh)
}

func (s *PanelsScreen) newMember() {
	p, ok := s.panels.current()
	if !ok {
		s.u.inform(lang.L("panels.add_member"), lang.L("panels.no_panel"))
		return
	}
	s.openMemberForm(data.PanelMember{PanelID: p.PanelID}, lang.L("panels.new_member_title", map[string]any{"Panel": p.Name}))
}

func (s *PanelsScreen) editMember(r memberRow) {
	editFresh(s.u, r.ID, s.u.store.PanelMember, s.refresh, func(m data.PanelMember) {
		s.openMemberForm(m, lang.L("panels.edit_member_title", map[string]any{"Name": m.PersonName}))
	})
}

func (s *PanelsScreen) openMemberForm(m data.PanelMember, title string) {
	stats, err := s.u.store.PanelStats(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	people, err := s.u.store.People(s.u.ctx, data.PersonFilter{})
	if err != nil {
		s.u.showError(err)
		return
	}
	f := newRecordForm(s.u)
	panel := newFormSelect(nil, func(string) { f.dirty = true })
	for _, p := range stats {
		panel.Options = append(panel.Options, p.Name)
		if p.PanelID == m.PanelID {
			panel.Selected = p.Name
		}
	}
	person := f.picker(lang.L("panels.pick_person"), personItems(people), m.PersonID)
	dept := f.suggest(m.Department, s.departments(stats))
	dept.SetPlaceHolder(lang.L("member.department_hint"))
	expertise := f.entry(m.Expertise)
	expertise.SetPlaceHolder(lang.L("member.expertise_hint"))
	notes := f.multiline(m.Notes)
	f.field("panel_id", "member.panel", true, panel)
	f.field("person_id", "member.person", true, person)
	f.field("department", "member.department", false, dept)
	f.field("expertise", "member.expertise", false, expertise)
	f.field("notes", "member.notes", false, notes)
	saveForm(f, m, func(rec *data.PanelMember, _ *bool) {
		rec.PanelID = 0
		if i := panel.SelectedIndex(); i >= 0 {
			rec.PanelID = stats[i].PanelID
		}
		rec.PersonID = person.chosen
		rec.Department, rec.Expertise, rec.Notes = dept.Text, expertise.Text, notes.Text
	}, s.u.store.SavePanelMember, func(m data.PanelMember) {
		s.panels.selectID(m.PanelID)
		s.refresh()
		s.members.selectID(m.ID)
		s.u.notify(lang.L("panels.member_saved", map[string]any{"Name": m.PersonName, "Panel": m.PanelName}), nil)
	})
	f.show(title)
}

// departments are those already named on any panel, offered so the same
// department is spelt the same way each time.
func (s *PanelsScreen) departments(stats []data.PanelStat) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range stats {
		ms, err := s.u.store.PanelMembers(s.u.ctx, p.PanelID)
		if err != nil {
			continue // only suggestions: the form works without them
		}
		for _, m := range ms {
			if m.Department != "" && !seen[m.Department] {
				seen[m.Department] = true
				out = append(out, m.Department)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (s *PanelsScreen) trashMember(r memberRow) {
	s.u.confirmTrash(r.PersonName,
		func() error { return s.u.store.TrashPanelMember(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "panel_member", r.ID) },
		s.refresh)
}
