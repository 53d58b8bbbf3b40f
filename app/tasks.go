package app

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// TasksScreen (目标任务) has two tabs: the tasks with their deadlines,
// filtered by status, overdue, township and site, with the selected task's
// target sites below, ticked as each finishes; and each site's standing on
// all its tasks.
type TasksScreen struct {
	u    *UI
	tabs *container.AppTabs

	table   *recordTable[data.Task]
	search  *searchBox
	status  *widget.Select
	overdue *widget.Check
	place   *placeFilter
	count   *widget.Label

	// The selected task's target sites.
	heading    *widget.Label
	dateRow    *fyne.Container
	doneOn     *formEntry // the day a tick records
	tickErr    *widget.Label
	fromRecs   *widget.Label // instead of the date row: why the ticks cannot be changed
	targets    []data.TaskTarget
	targetList *widget.List
	shownTask  uint
	proven     bool // the shown task is ticked from the records

	sites      *recordTable[data.SiteTasks]
	siteSearch *searchBox
	siteCount  *widget.Label
	siteCounty *countyFilter // a city's database (widget_county.go)
}

func newTasksScreen(u *UI) *TasksScreen { return &TasksScreen{u: u} }

func (s *TasksScreen) id() string          { return "tasks" }
func (s *TasksScreen) title() string       { return lang.L("nav.tasks") }
func (s *TasksScreen) icon() fyne.Resource { return theme.ConfirmIcon() }

func (s *TasksScreen) build() fyne.CanvasObject {
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("tasks.tab_list"), theme.ListIcon(), s.buildList()),
		container.NewTabItemWithIcon(lang.L("tasks.tab_sites"), theme.HomeIcon(), s.buildSites()))
	s.tabs.OnSelected = func(*container.TabItem) { s.refresh() }
	return s.tabs
}

func (s *TasksScreen) buildList() fyne.CanvasObject {
	s.table = newRecordTable(withCounty(s.u, []column[data.Task]{
		{key: "task.name", width: 200, text: func(r data.Task) string { return r.Name }, grow: true},
		{key: "task.scope", width: 120, text: func(r data.Task) string { return enumLabel(data.TaskScopes, r.Scope) }, fit: enumLabels(data.TaskScopes)},
		{key: "tasks.col_target", width: 110, text: func(r data.Task) string { return r.SiteName }},
		{key: "task.deadline", width: 92, text: func(r data.Task) string { return r.Deadline.String() },
			less: func(a, b data.Task) bool { return a.Deadline.Before(b.Deadline) }, kind: kindDate},
		{key: "tasks.col_responsible", width: 80, text: func(r data.Task) string { return r.ResponsibleName }, names: true},
		{key: "task.status", width: 100, text: s.statusText, fit: taskStatusTexts()},
		{key: "task.progress", width: 80, text: func(r data.Task) string {
			return lang.L("tasks.ratio", map[string]any{"Done": formatInt(r.Completed), "Of": formatInt(r.Targets)})
		}, less: func(a, b data.Task) bool { return ratio(a.Completed, a.Targets) < ratio(b.Completed, b.Targets) }},
		{key: "task.done_on", width: 92, text: func(r data.Task) string { return r.DoneOn.String() }, kind: kindDate},
		{key: "task.notes", width: 120, text: func(r data.Task) string { return oneLine(r.Notes) }, grow: true},
	}, func(r data.Task) string { return r.County }), func(r data.Task) uint { return r.ID })
	s.table.warn = func(r data.Task) bool { return r.OverdueOn(data.Today()) }
	s.table.rememberWidths(s.u.app.Preferences(), "table.tasks")
	s.table.onActivate = s.edit
	s.table.onDelete = s.trash
	s.table.onSelect = func(r data.Task) { s.showTargets(r.ID) }

	s.search = searchEntry("tasks.search_hint", s.refresh)
	s.status = enumFilter("tasks.all_statuses", data.TaskStatuses, s.refresh)
	s.overdue = widget.NewCheck(lang.L("tasks.overdue_only"), func(bool) { s.refresh() })
	s.place = newPlaceFilter(s.refresh).byCounty(s.u, s.refresh)
	s.count = widget.NewLabel("")
	bar := crudBar(s.table, lang.L("tasks.add"), s.newRecord, s.edit, s.trash,
		s.search, s.count)
	filters := container.NewHBox(append(s.place.objects(), widthAtLeast(s.status, 120), s.overdue)...)

	split := container.NewVSplit(s.table, s.buildTargets())
	split.Offset = 0.55
	return container.NewBorder(container.NewVBox(bar, filters), nil, nil, nil, split)
}

// buildTargets is the pane listing the selected task's sites, each with a
// box to tick when it finished.
func (s *TasksScreen) buildTargets() fyne.CanvasObject {
	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.Truncation = fyne.TextTruncateEllipsis
	s.doneOn = newFormEntry()
	withPicker(s.u.win, s.doneOn)
	s.doneOn.SetText(data.Today().String())
	s.tickErr = widget.NewLabel("")
	s.tickErr.Importance = widget.DangerImportance
	s.tickErr.Hide()
	s.targetList = widget.NewList(
		func() int { return len(s.targets) },
		func() fyne.CanvasObject {
			when := widget.NewLabel("")
			return container.NewBorder(nil, nil, nil, when, widget.NewCheck("", nil))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.targets) {
				return
			}
			t := s.targets[i]
			box := o.(*fyne.Container)
			check, when := box.Objects[0].(*widget.Check), box.Objects[1].(*widget.Label)
			check.OnChanged = nil // showing the state is not ticking it
			check.SetText(lang.L("tasks.target_item", map[string]any{"Name": t.Name, "Township": t.Township}))
			check.SetChecked(t.Done())
			if s.proven || readOnlyReason != "" { // proven by the records, or not ours to change
				check.Disable()
			} else {
				check.Enable()
				check.OnChanged = func(on bool) { s.tick(t, on) }
			}
			when.SetText("")
			if t.Done() {
				when.SetText(lang.L("tasks.done_on", map[string]any{"Date": t.DoneOn.String()}))
			}
		})
	s.targetList.OnSelected = func(widget.ListItemID) { s.targetList.UnselectAll() }
	s.dateRow = container.NewHBox(widget.NewLabel(lang.L("tasks.tick_date")), widthAtLeast(s.doneOn, 160), s.tickErr)
	s.fromRecs = widget.NewLabel("")
	s.fromRecs.Wrapping = fyne.TextWrapWord
	s.fromRecs.Hide()
	return container.NewBorder(container.NewVBox(s.heading, s.dateRow, s.fromRecs), nil, nil, nil, s.targetList)
}

func (s *TasksScreen) buildSites() fyne.CanvasObject {
	n := func(key string, v func(data.SiteTasks) int) column[data.SiteTasks] {
		return column[data.SiteTasks]{key: key, width: 90, text: func(r data.SiteTasks) string { return formatInt(v(r)) },
			less: func(a, b data.SiteTasks) bool { return v(a) < v(b) }, kind: kindNumber}
	}
	s.sites = newRecordTable(withCounty(s.u, []column[data.SiteTasks]{
		{key: "tasks.site_township", width: 130, text: func(r data.SiteTasks) string { return r.Township }},
		{key: "tasks.site_name", width: 180, text: func(r data.SiteTasks) string { return r.Name }},
		n("tasks.site_tasks", func(r data.SiteTasks) int { return r.Tasks }),
		n("tasks.site_done", func(r data.SiteTasks) int { return r.Done }),
		n("tasks.site_overdue", func(r data.SiteTasks) int { return r.Overdue }),
		{key: "tasks.site_rate", width: 90, text: func(r data.SiteTasks) string {
			if r.Tasks == 0 {
				return ""
			}
			return lang.L("tasks.percent", map[string]any{"N": r.Done * 100 / r.Tasks})
		}, less: func(a, b data.SiteTasks) bool { return ratio(a.Done, a.Tasks) < ratio(b.Done, b.Tasks) }},
	}, func(r data.SiteTasks) string { return r.County }), func(r data.SiteTasks) uint { return r.SiteID })
	s.sites.warn = func(r data.SiteTasks) bool { return r.Overdue > 0 }
	s.sites.rememberWidths(s.u.app.Preferences(), "table.task_sites")
	s.siteSearch = searchEntry("tasks.site_search_hint", s.refreshSites)
	s.siteCount = widget.NewLabel("")
	s.siteCounty = newCountyFilter(s.u, s.refreshSites)
	var county fyne.CanvasObject // none in a county's database, not even its padding
	if objs := s.siteCounty.objects(); len(objs) > 0 {
		county = container.NewHBox(objs...)
	}
	bar := container.NewBorder(nil, nil, county, s.siteCount, s.siteSearch)
	return container.NewBorder(bar, nil, nil, nil, s.sites)
}

// exportView is "export what I see" of the tab shown (exports.go).
func (s *TasksScreen) exportView() tableExport {
	if s.tabs.SelectedIndex() == 1 {
		return tableView("exports.view_task_sites", s.sites)
	}
	return tableView("exports.view_tasks", s.table)
}

// ratio orders progress columns; a task without targets sorts first.
func ratio(done, of int) float64 {
	if of == 0 {
		return -1
	}
	return float64(done) / float64(of)
}

// oneLine is the first line of a note, for a table cell.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// statusText is the status, marked when the task is late.
// taskStatusTexts are what the status column can show, for its width.
func taskStatusTexts() []string {
	var out []string
	for _, l := range enumLabels(data.TaskStatuses) {
		out = append(out, l, lang.L("tasks.status_late", map[string]any{"Status": l}), lang.L("tasks.status_records", map[string]any{"Status": l}))
	}
	return out
}

// A task the records tick says so (by hand is the rule).
func (s *TasksScreen) statusText(r data.Task) string {
	status := enumLabel(data.TaskStatuses, r.Status)
	switch {
	case r.OverdueOn(data.Today()):
		return lang.L("tasks.status_late", map[string]any{"Status": status})
	case r.FromRecords():
		return lang.L("tasks.status_records", map[string]any{"Status": status})
	}
	return status
}

func (s *TasksScreen) refresh() {
	if s.table == nil {
		return
	}
	if s.tabs.SelectedIndex() == 1 {
		s.refreshSites()
		return
	}
	if err := s.place.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	town, site := s.place.ids()
	rows, err := s.u.store.Tasks(s.u.ctx, data.TaskFilter{
		CountyID:   s.place.countyID(),
		Status:     enumFilterCode(s.status, data.TaskStatuses),
		Overdue:    s.overdue.Checked,
		TownshipID: town,
		SiteID:     site,
		Keyword:    s.search.Text,
	})
	if err != nil {
		s.u.showError(err)
		return
	}
	s.table.setRows(rows, s.table.selectedID())
	setCount(s.count, len(rows))
	s.showTargets(s.table.selectedID())
}

// showTargets lists the target sites of task id (0: none selected).
func (s *TasksScreen) showTargets(id uint) {
	s.shownTask = id
	s.targets = nil
	s.tickErr.Hide()
	r, ok := s.table.current()
	if id == 0 || !ok || r.ID != id {
		s.heading.SetText(lang.L("tasks.targets_none"))
		s.targetList.Refresh()
		return
	}
	targets, err := s.u.store.TaskProgress(s.u.ctx, id)
	if err != nil {
		s.u.showError(err)
		return
	}
	s.targets = targets
	done := 0
	for _, t := range targets {
		if t.Done() {
			done++
		}
	}
	// A task the records prove shows why its boxes cannot be ticked where
	// the others take the day a tick records.
	s.proven = r.FromRecords()
	heading := "tasks.targets_heading"
	if s.proven {
		heading = "tasks.targets_heading_records"
		s.fromRecs.SetText(fromRecordsNote(r.Kind))
		s.fromRecs.Show()
		s.dateRow.Hide()
	} else {
		s.fromRecs.Hide()
		s.dateRow.Hidden = readOnlyReason != "" // no ticks to date
		s.dateRow.Refresh()
	}
	s.heading.SetText(lang.L(heading, map[string]any{
		"Name": r.Name, "Deadline": r.Deadline.String(), "Done": formatInt(done), "Of": formatInt(len(targets))}))
	s.targetList.Refresh()
}

// fromRecordsNote says how the records tick a task of kind, and that it
// cannot be ticked by hand.
func fromRecordsNote(kind string) string {
	if kind == data.TaskUnveil {
		return lang.L("tasks.from_records_unveil")
	}
	return lang.L("tasks.from_records_first_consultation")
}

// tick records (on) or withdraws (off) a site's completion of the shown
// task; a withdrawal can be undone with its old date.
func (s *TasksScreen) tick(t data.TaskTarget, on bool) {
	task := s.shownTask
	s.tickErr.Hide()
	var err error
	if on {
		var day data.Date
		if day, err = data.ParseDate(s.doneOn.Text); err == nil {
			if day.IsZero() {
				day = data.Today()
			}
			err = s.u.store.CompleteTask(s.u.ctx, task, t.SiteID, day)
		}
	} else {
		err = s.u.store.UncompleteTask(s.u.ctx, task, t.SiteID)
	}
	if err != nil {
		s.tickErr.SetText(errText(err))
		s.tickErr.Show()
		s.targetList.Refresh() // the box goes back to what is stored
		return
	}
	s.refresh()
	if !on {
		old := t.DoneOn
		s.u.notify(lang.L("tasks.untick_done", map[string]any{"Name": t.Name}), func() {
			if err := s.u.store.CompleteTask(s.u.ctx, task, t.SiteID, old); err != nil {
				s.u.showError(err)
			}
			s.refresh()
		})
	}
}

func (s *TasksScreen) refreshSites() {
	if err := s.siteCounty.reload(s.u); err != nil {
		s.u.showError(err)
		return
	}
	rows, err := s.u.store.SiteCompletion(s.u.ctx, data.Today(), s.siteSearch.Text)
	if err != nil {
		s.u.showError(err)
		return
	}
	if id := s.siteCounty.id(); id != 0 {
		rows = slices.DeleteFunc(rows, func(r data.SiteTasks) bool { return r.CountyID != id })
	}
	s.sites.setRows(rows, s.sites.selectedID())
	setCount(s.siteCount, len(rows))
}

func (s *TasksScreen) focusSearch() {
	if s.tabs.SelectedIndex() == 1 {
		s.u.win.Canvas().Focus(s.siteSearch)
		return
	}
	s.u.win.Canvas().Focus(s.search)
}

// newRecord starts a task for the site or township in the filter, or for
// every site when none is chosen.
func (s *TasksScreen) newRecord() {
	s.tabs.SelectIndex(0)
	t := data.Task{Scope: data.ScopeAll, Status: data.TaskPending}
	switch town, site := s.place.ids(); {
	case site != 0:
		t.Scope, t.SiteID = data.ScopeSite, &site
	case town != 0:
		t.Scope, t.SiteID = data.ScopeTownship, &town
	}
	s.openForm(t, lang.L("tasks.new_title"))
}

func (s *TasksScreen) edit(r data.Task) {
	editFresh(s.u, r.ID, s.u.store.Task, s.refresh, func(t data.Task) {
		s.openForm(t, lang.L("tasks.edit_title", map[string]any{"Name": t.Name}))
	})
}

// openForm shows the add/edit form of a task. The site field offers
// sites or townships depending on the scope, and nothing for "every site".
func (s *TasksScreen) openForm(t data.Task, title string) {
	people, all, ok := s.u.peopleAndSites()
	if !ok {
		return
	}
	var townItems, siteItems []pickItem
	for _, st := range all {
		if st.IsTownship() {
			townItems = append(townItems, siteItem(st))
		} else {
			siteItems = append(siteItems, siteItem(st))
		}
	}

	f := newRecordForm(s.u)
	name := f.suggest(t.Name, strings.Split(lang.L("task.name_suggestions"), "、"))
	name.SetPlaceHolder(lang.L("task.name_hint"))
	// How the task is ticked follows the name (TaskKindFor) until chosen
	// otherwise.
	guess := data.TaskKindFor(t.Name)
	if t.Kind == "" {
		t.Kind = guess
	}
	kind := f.choice(data.TaskKinds, t.Kind)
	kindNote := widget.NewLabel("")
	kindNote.Wrapping = fyne.TextWrapWord
	scope := f.choice(data.TaskScopes, t.Scope)
	target := f.picker(lang.L("tasks.pick_site"), siteItems, 0)
	deadline := f.dateEntry(t.Deadline)
	responsible := f.picker(lang.L("tasks.pick_person"), personItems(people), idOf(t.ResponsibleID))
	status := f.choice(data.TaskStatuses, t.Status)
	doneOn := f.dateEntry(t.DoneOn)
	notes := f.multiline(t.Notes)

	// The site field follows the scope; a choice that no longer fits is dropped.
	useScope := func(code string, keep uint) {
		target.button.Enable()
		switch code {
		case data.ScopeTownship:
			target.title, target.items = lang.L("tasks.pick_township"), townItems
		case data.ScopeSite:
			target.title, target.items = lang.L("tasks.pick_site"), siteItems
		default:
			target.items = nil
		}
		target.set(keep)
		if code == data.ScopeAll {
			target.button.SetText(lang.L("tasks.all_sites"))
			target.button.Disable()
		}
	}
	useScope(t.Scope, idOf(t.SiteID))
	scope.OnChanged = func(string) {
		f.dirty = true
		useScope(scope.code(), target.chosen)
	}
	// The done date matters only for a task done; choosing done fills in today.
	useStatus := func() {
		if status.code() == data.TaskDone {
			doneOn.Enable()
			if strings.TrimSpace(doneOn.Text) == "" {
				doneOn.SetText(data.Today().String())
			}
		} else {
			doneOn.Disable()
		}
	}
	if t.Status != data.TaskDone {
		doneOn.Disable()
	}
	status.OnChanged = func(string) {
		f.dirty = true
		useStatus()
	}
	// A task the records prove shows the status they give, not to be set.
	proven := func() bool { return (&data.Task{Kind: kind.code()}).FromRecords() }
	useKind := func() {
		if proven() {
			kindNote.SetText(fromRecordsNote(kind.code()))
			kindNote.Show()
			status.Disable()
			doneOn.Disable()
			return
		}
		kindNote.Hide()
		status.Enable()
		useStatus()
	}
	useKind()
	kind.OnChanged = func(string) {
		f.dirty = true
		useKind()
	}
	name.OnChanged = func(text string) {
		f.dirty = true
		follow := kind.code() == guess
		guess = data.TaskKindFor(text)
		if follow {
			kind.setCode(guess)
		}
	}

	f.field("name", "task.name", true, name)
	f.field("kind", "task.kind", true, container.NewVBox(kind, kindNote))
	f.field("scope", "task.scope", true, scope)
	f.field("site_id", "task.target", false, target)
	f.field("deadline", "task.deadline", true, deadline)
	f.field("responsible_id", "task.responsible", false, clearable(responsible))
	f.field("status", "task.status", true, status)
	f.field("done_on", "task.done_on", false, doneOn)
	f.field("notes", "task.notes", false, notes)

	saveForm(f, t, func(rec *data.Task, ok *bool) {
		rec.Name = name.Text
		rec.Kind = kind.code()
		rec.Scope = scope.code()
		rec.SiteID = optionalID(target.chosen)
		rec.Deadline = f.parseDate("deadline", deadline, ok)
		rec.ResponsibleID = optionalID(responsible.chosen)
		rec.Status = status.code()
		rec.DoneOn = data.Date{}
		if proven() {
			rec.Status = data.TaskPending // the records give it
		} else if rec.Status == data.TaskDone {
			rec.DoneOn = f.parseDate("done_on", doneOn, ok)
		}
		rec.Notes = notes.Text
	}, s.u.store.SaveTask, func(t data.Task) {
		s.refresh()
		s.table.selectID(t.ID)
		s.showTargets(t.ID)
		s.u.notify(lang.L("tasks.saved", map[string]any{"Name": t.Name}), nil)
	})
	f.show(title)
	s.u.win.Canvas().Focus(name)
}

// clearable puts a button beside an optional picker to empty it again.
func clearable(p *picker) fyne.CanvasObject {
	clear := widget.NewButtonWithIcon("", theme.ContentClearIcon(), func() {
		if p.chosen != 0 {
			p.set(0)
			p.changed(0)
		}
	})
	return container.NewBorder(nil, nil, nil, clear, p)
}

// trash asks, then moves the task to the trash with an Undo.
func (s *TasksScreen) trash(r data.Task) {
	s.u.confirmTrash(r.Name,
		func() error { return s.u.store.TrashTask(s.u.ctx, r.ID) },
		func() error { return s.u.store.RestoreTrash(s.u.ctx, "task", r.ID) },
		s.refresh)
}
