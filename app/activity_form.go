package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The activity form: the record's fields, the people who took part (on
// file or named only) and the follow-up items, saved together.

// openForm shows the add/edit form of an activity.
func (s *ActivitiesScreen) openForm(a data.Activity, attendees []data.Attendee, items []data.FollowUpItem, title string) {
	s.openFormThen(a, attendees, items, title, nil)
}

// openFormThen is openForm, calling then with the activity once saved
// (another screen's follow-up: the topic library's 安排协商).
func (s *ActivitiesScreen) openFormThen(a data.Activity, attendees []data.Attendee, items []data.FollowUpItem, title string, then func(data.Activity)) {
	people, sites, ok := s.u.peopleAndSites()
	if !ok {
		return
	}
	var siteChoices []pickItem
	for _, st := range sites {
		if !st.IsTownship() {
			siteChoices = append(siteChoices, siteItem(st))
		}
	}

	f := newRecordForm(s.u)
	date := f.dateEntry(a.Date)
	site := f.picker(lang.L("activities.pick_site"), siteChoices, a.SiteID)
	group := s.u.groupPicker(f, site, a.GroupID) // groups.go
	topic := f.entry(a.Topic)
	topic.SetPlaceHolder(lang.L("activity.topic_hint"))
	source := f.choice(data.TopicSources, a.TopicSource)
	form := f.choice(data.ActivityForms, a.Form)
	procedure := f.suggest(a.Procedure, strings.Split(lang.L("activity.procedures"), "、"))
	procedure.SetPlaceHolder(lang.L("activity.procedure_hint"))
	decision := f.choice(data.Decisions, a.Decision)
	votes := [3]*formEntry{f.number(a.VotesFor), f.number(a.VotesAgainst), f.number(a.VotesAbstain)}
	participants := f.number(a.Participants)
	who := f.attendees(personItems(people), attendees)
	who.offerStanding(func() uint { return site.chosen })
	outcome := f.multiline(a.Outcome)
	followUp := f.choice(data.FollowUps, a.FollowUp)
	followUpDate := f.dateEntry(a.FollowUpDate)
	raised := f.number(a.ProblemsRaised)
	raised.SetPlaceHolder(lang.L("activity.problems_hint"))
	solved := f.number(a.ProblemsSolved)
	// A typical case needs its title; unmarked, the title is not asked.
	caseTitle := f.entry(a.CaseTitle)
	caseTitle.SetPlaceHolder(lang.L("activity.case_title_hint"))
	typical := widget.NewCheck(lang.L("activity.typical_case_check"), nil)
	useCase := func(on bool) {
		if on {
			caseTitle.Enable()
		} else {
			caseTitle.Disable()
		}
	}
	typical.SetChecked(a.TypicalCase)
	useCase(a.TypicalCase)
	typical.OnChanged = func(on bool) {
		f.dirty = true
		useCase(on)
	}
	notes := f.multiline(a.Notes)
	itemList := f.followUpItems(items)

	// Tallies belong to a vote; consensus or no method leaves them off.
	useDecision := func() {
		voted := data.IsVote(decision.code())
		for _, v := range votes {
			if voted {
				v.Enable()
			} else {
				v.Disable()
			}
		}
	}
	useDecision()
	decision.OnChanged = func(string) {
		f.dirty = true
		useDecision()
	}

	col := func(name string, w fyne.CanvasObject) {
		columnField(f, data.ColumnNamed(data.ActivityColumns, name), w)
	}
	col("date", date)
	col("site_id", site)
	col("group_id", group)
	col("topic", topic)
	col("topic_source", source)
	col("form", form)
	col("procedure", procedure)
	col("decision", decision)
	f.field("votes_for", "activity.votes", false, container.NewGridWithColumns(3,
		labelledCol("votes_for", votes[0]), labelledCol("votes_against", votes[1]), labelledCol("votes_abstain", votes[2])))
	// One line of messages under the three tallies.
	f.errs["votes_against"], f.errs["votes_abstain"] = f.errs["votes_for"], f.errs["votes_for"]
	f.inputs["votes_for"], f.inputs["votes_against"], f.inputs["votes_abstain"] = votes[0], votes[1], votes[2]
	col("participants", participants)
	f.field("attendees", "activity.attendees", false, who)
	col("outcome", outcome)
	col("follow_up", followUp)
	col("follow_up_date", followUpDate)
	col("problems_raised", raised)
	col("problems_solved", solved)
	col("typical_case", typical)
	col("case_title", caseTitle)
	col("notes", notes)
	f.field("items", "activity.items", false, itemList)

	var recItems []data.FollowUpItem // read with the fields, saved with the record
	saveForm(f, a, func(rec *data.Activity, ok *bool) {
		rec.Date = f.parseDate("date", date, ok)
		rec.SiteID = site.chosen
		rec.GroupID = group.chosen
		rec.Topic = topic.Text
		rec.TopicSource = source.code()
		rec.Form = form.code()
		rec.Procedure = procedure.Text
		rec.Decision = decision.code()
		rec.VotesFor, rec.VotesAgainst, rec.VotesAbstain = 0, 0, 0
		if !votes[0].Disabled() {
			rec.VotesFor = f.parseInt("votes_for", votes[0], ok)
			rec.VotesAgainst = f.parseInt("votes_for", votes[1], ok)
			rec.VotesAbstain = f.parseInt("votes_for", votes[2], ok)
		}
		rec.Participants = f.parseInt("participants", participants, ok)
		rec.Outcome = outcome.Text
		rec.FollowUp = followUp.code()
		rec.FollowUpDate = f.parseDate("follow_up_date", followUpDate, ok)
		rec.ProblemsRaised = f.parseInt("problems_raised", raised, ok)
		rec.ProblemsSolved = f.parseInt("problems_solved", solved, ok)
		rec.TypicalCase, rec.CaseTitle = typical.Checked, caseTitle.Text
		rec.Notes = notes.Text
		recItems = itemList.values(ok)
	}, func(ctx context.Context, rec *data.Activity) error {
		return itemList.showErr(s.u.store.SaveActivity(ctx, rec, who.values(), recItems))
	}, func(a data.Activity) {
		s.reloadKeeping(a.ID)
		s.u.notify(lang.L("activities.saved", map[string]any{"Name": a.Title()}), nil)
		if then != nil {
			then(a)
		}
	})
	f.show(title)
	// The ledger's form has more to hold than the usual one.
	size := s.u.win.Canvas().Size()
	f.dlg.Resize(fyne.NewSize(min(900, size.Width*0.95), size.Height*0.92))
	s.u.win.Canvas().Focus(topic)
}

// labelledCol puts an activity column's label before its input.
func labelledCol(name string, o fyne.CanvasObject) fyne.CanvasObject {
	label := data.ColumnNamed(data.ActivityColumns, name).Label(Lang())
	return container.NewBorder(nil, nil, widget.NewLabel(label), nil, o)
}

// number is an entry for a whole number; 0 shows as empty.
func (f *recordForm) number(n int) *formEntry {
	text := ""
	if n != 0 {
		text = strconv.Itoa(n)
	}
	e := f.entry(text)
	e.valid = func(s string) bool {
		_, err := strconv.Atoi(strings.TrimSpace(data.HalfWidth(s)))
		return err == nil || strings.TrimSpace(s) == ""
	}
	return e
}

// parseInt reads a whole number field (empty: 0), reporting bad input
// under it.
func (f *recordForm) parseInt(field string, e *formEntry, ok *bool) int {
	t := strings.TrimSpace(data.HalfWidth(e.Text))
	if t == "" {
		return 0
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		f.fieldError(field, lang.L("activities.not_a_number", map[string]any{"Text": t}))
		*ok = false
	}
	return n
}

// attendeeEditor lists the named participants, each with a role, and adds
// people on file (through the picker) or stakeholders known only by name.
type attendeeEditor struct {
	widget.BaseWidget
	form   *recordForm
	rows   []data.Attendee
	roles  []*enumSelect // one per row, as shown
	list   *fyne.Container
	add    *picker
	name   *formEntry
	byID   map[uint]pickItem
	people []pickItem
	// standing, when set, is the site chosen in the form: its standing
	// members (议事会成员) are added in one step (council.go), by a button
	// in more.
	standing func() uint
	more     *fyne.Container
}

func (f *recordForm) attendees(people []pickItem, rows []data.Attendee) *attendeeEditor {
	e := &attendeeEditor{form: f, rows: slices.Clone(rows), list: container.NewVBox(), people: people, byID: map[uint]pickItem{},
		more: container.NewVBox()}
	for _, p := range people {
		e.byID[p.id] = p
	}
	e.add = f.picker(lang.L("activities.pick_attendee"), people, 0)
	e.add.button.SetIcon(theme.ContentAddIcon())
	e.add.button.IconPlacement = widget.ButtonIconLeadingText
	e.add.changed = func(id uint) {
		if id != 0 && !slices.ContainsFunc(e.rows, func(a data.Attendee) bool { return idOf(a.PersonID) == id }) {
			e.rows = append(e.rows, data.Attendee{PersonID: &id, Name: e.byID[id].text, Role: "member"})
			f.dirty = true
		}
		e.render()
	}
	e.name = f.entry("")
	e.name.SetPlaceHolder(lang.L("activities.stakeholder_hint"))
	e.name.OnSubmitted = func(string) { e.addNamed() }
	e.ExtendBaseWidget(e)
	e.render()
	return e
}

func (e *attendeeEditor) CreateRenderer() fyne.WidgetRenderer {
	addName := widget.NewButtonWithIcon(lang.L("activities.add_stakeholder"), theme.ContentAddIcon(), e.addNamed)
	adders := container.NewGridWithColumns(2, e.add, container.NewBorder(nil, nil, nil, addName, e.name))
	return widget.NewSimpleRenderer(container.NewVBox(e.list, adders, e.more))
}

// addNamed adds the name typed as a stakeholder.
func (e *attendeeEditor) addNamed() {
	name := strings.TrimSpace(e.name.Text)
	if name == "" {
		return
	}
	e.rows = append(e.rows, data.Attendee{Name: name, Role: "stakeholder"})
	e.name.SetText("")
	e.form.dirty = true
	e.render()
}

// render lists the attendees with their role and a remove button.
func (e *attendeeEditor) render() {
	e.list.Objects = nil
	e.roles = e.roles[:0]
	for i := range e.rows {
		row := &e.rows[i]
		text := row.Name
		if row.PersonID != nil {
			if it, ok := e.byID[*row.PersonID]; ok {
				text = it.label()
			}
		} else {
			text = lang.L("activities.named_only", map[string]any{"Name": row.Name})
		}
		role := newEnumSelect(data.AttendeeRoles, func(code string) {
			row.Role = code
			e.form.dirty = true
		})
		role.setCode(row.Role)
		e.roles = append(e.roles, role)
		remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			e.rows = slices.Delete(e.rows, i, i+1)
			e.form.dirty = true
			e.render()
		})
		remove.Importance = widget.LowImportance
		name := widget.NewLabel(text)
		name.Truncation = fyne.TextTruncateEllipsis
		e.list.Add(container.NewBorder(nil, nil, nil, container.NewHBox(widthAtLeast(role, 130), remove), name))
	}
	e.list.Refresh()
	e.add.chosen = 0
	e.add.button.SetText(lang.L("activities.add_attendee"))
	e.Refresh()
}

func (e *attendeeEditor) values() []data.Attendee { return slices.Clone(e.rows) }

// itemsEditor edits the follow-up items (督办事项): one block per item
// with what is to be done, the unit, deadline, status, progress and the
// day done, and its own line of messages.
type itemsEditor struct {
	widget.BaseWidget
	form  *recordForm
	rows  []*itemRow
	list  *fyne.Container
	empty *widget.Label
}

type itemRow struct {
	item     data.FollowUpItem
	task     *formEntry
	unit     *formEntry
	deadline *formEntry
	status   *enumSelect
	progress *formEntry
	doneOn   *formEntry
	errs     *widget.Label
}

func (f *recordForm) followUpItems(items []data.FollowUpItem) *itemsEditor {
	e := &itemsEditor{form: f, list: container.NewVBox(), empty: widget.NewLabel(lang.L("activities.no_items"))}
	for _, it := range items {
		e.addRow(it)
	}
	e.ExtendBaseWidget(e)
	e.render()
	return e
}

func (e *itemsEditor) CreateRenderer() fyne.WidgetRenderer {
	add := widget.NewButtonWithIcon(lang.L("activities.add_item"), theme.ContentAddIcon(), func() {
		e.addRow(data.FollowUpItem{Status: data.FollowUpPending})
		e.form.dirty = true
		e.render()
		e.form.u.win.Canvas().Focus(e.rows[len(e.rows)-1].task)
	})
	return widget.NewSimpleRenderer(container.NewVBox(e.empty, e.list, container.NewHBox(add)))
}

func (e *itemsEditor) addRow(it data.FollowUpItem) {
	f := e.form
	r := &itemRow{item: it, task: f.entry(it.Task), unit: f.entry(it.Unit), deadline: f.dateEntry(it.Deadline),
		status: f.choice(data.FollowUps, it.Status), progress: f.number(it.Progress), doneOn: f.dateEntry(it.DoneOn)}
	r.task.SetPlaceHolder(lang.L("activity.item_task_hint"))
	r.unit.SetPlaceHolder(lang.L("activity.item_unit_hint"))
	r.deadline.SetPlaceHolder(lang.L("activity.item_deadline"))
	r.doneOn.SetPlaceHolder(lang.L("activity.item_done_on"))
	r.progress.SetPlaceHolder("0")
	r.errs = widget.NewLabel("")
	r.errs.Importance = widget.DangerImportance
	r.errs.Wrapping = fyne.TextWrapWord
	r.errs.Hide()
	e.rows = append(e.rows, r)
}

// render lays the items out, two lines each.
func (e *itemsEditor) render() {
	e.list.Objects = nil
	for i, r := range e.rows {
		remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
			e.rows = slices.Delete(e.rows, i, i+1)
			e.form.dirty = true
			e.render()
		})
		remove.Importance = widget.LowImportance
		num := widget.NewLabelWithStyle(strconv.Itoa(i+1)+".", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		first := container.NewBorder(nil, nil, num, remove, r.task)
		percent := container.NewBorder(nil, nil, nil, widget.NewLabel("%"), r.progress)
		second := container.New(layout.NewGridLayoutWithColumns(5), r.unit, r.deadline, r.status, percent, r.doneOn)
		e.list.Add(container.NewVBox(first, second, r.errs, widget.NewSeparator()))
	}
	if len(e.rows) == 0 {
		e.empty.Show()
	} else {
		e.empty.Hide()
	}
	e.list.Refresh()
	e.Refresh()
}

// values reads the items, reporting unreadable dates and numbers under
// their item.
func (e *itemsEditor) values(ok *bool) []data.FollowUpItem {
	out := make([]data.FollowUpItem, 0, len(e.rows))
	for _, r := range e.rows {
		r.errs.Hide()
		it := r.item
		it.Task = r.task.Text
		it.Unit = r.unit.Text
		it.Status = r.status.code()
		var msgs []string
		var err error
		if it.Deadline, err = data.ParseDate(r.deadline.Text); err != nil {
			msgs = append(msgs, errText(err))
		}
		if it.DoneOn, err = data.ParseDate(r.doneOn.Text); err != nil {
			msgs = append(msgs, errText(err))
		}
		p := strings.TrimSpace(data.HalfWidth(strings.TrimSuffix(r.progress.Text, "%")))
		if p != "" {
			if it.Progress, err = strconv.Atoi(p); err != nil {
				msgs = append(msgs, lang.L("activities.not_a_number", map[string]any{"Text": p}))
			}
		}
		if len(msgs) > 0 {
			*ok = false
			r.errs.SetText(strings.Join(msgs, lang.L("activities.sep")))
			r.errs.Show()
		}
		out = append(out, it)
	}
	return out
}

// showErr puts data's messages about items under the item they concern
// and gives back the rest for the form, messages about one attendee going
// under the list of attendees.
func (e *itemsEditor) showErr(err error) error {
	fe := data.FieldErrors(err)
	if len(fe) == 0 {
		return err
	}
	var rest data.ValidationErrors
	for _, x := range fe {
		list, i, ok := childIndex(x.Field)
		switch {
		case ok && list == "follow_up_items" && i < len(e.rows):
			r := e.rows[i]
			msg := x.Message(Lang())
			if r.errs.Visible() {
				msg = r.errs.Text + lang.L("activities.sep") + msg
			}
			r.errs.SetText(msg)
			r.errs.Show()
		case ok && list == "attendees":
			y := *x
			y.Field = "attendees"
			rest = append(rest, &y)
		default:
			rest = append(rest, x)
		}
	}
	if len(rest) == 0 {
		return errParsed // every message is under its item already
	}
	return rest
}

// childIndex reads a child row's list and position from data's field name
// for it, list[i].field.
func childIndex(field string) (list string, i int, ok bool) {
	list, rest, found := strings.Cut(field, "[")
	num, _, closed := strings.Cut(rest, "]")
	if !found || !closed {
		return "", 0, false
	}
	i, err := strconv.Atoi(num)
	return list, i, err == nil
}
