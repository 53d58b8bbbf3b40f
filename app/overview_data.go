package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
	"pilotdesk/export"
)

// overviewData is everything the overview shows, loaded off the UI
// goroutine in two steps: the figures and charts first, then the lists
// behind the warnings (at 100,000 activities and 9,000 sites those take
// several times as long as the figures; issue 7, BENCHMARKS.md). The
// figures and their definitions are data's (Dashboard, MonthlyStats); the
// screen only lays them out.
type overviewData struct {
	today     data.Date
	dash      *data.Dashboard
	townships int
	months    []data.MonthStats    // the last twelve, this month last
	counties  []data.CountyFigures // a city's database: the period's by county
	period    data.Period          // of counties

	overviewWarnings // the previous load's until the new one arrives
}

// overviewWarnings are the records behind the warnings, and the 情况综述
// (it counts every kind of record: 0.25 s of CPU at 100,000 activities
// with their items and attendees, so it comes with the slower step). The
// overdue follow-up items are counted by the dashboard and listed when
// their warning is opened: there may be thousands.
type overviewWarnings struct {
	noLead    []data.Site
	quiet     []data.Site // no activity in quietDays
	lateTasks []data.Task
	summary   []string      // 情况综述 of this year (export.SummaryText)
	plans     overviewPlans // overview_plans.go
}

// quietDays is how long without an activity makes a site worth a visit.
const quietDays = 90

// loadFigures composes the overview's figures and charts from the store.
func loadFigures(ctx context.Context, st *data.Store, today data.Date) (*overviewData, error) {
	d := &overviewData{today: today}
	var err error
	if d.dash, err = st.Dashboard(ctx, today); err != nil {
		return nil, err
	}
	counts, err := st.SiteCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range counts {
		if c.Kind == data.KindTownship {
			d.townships += c.N
		}
	}
	first := data.NewDate(today.Year(), today.Month()-11, 1) // time.Date rolls the year back
	if d.months, err = st.MonthlyStats(ctx, data.Period{From: first, To: today}); err != nil {
		return nil, err
	}
	return d, nil
}

// loadWarnings reads the records behind the warnings.
func loadWarnings(ctx context.Context, st *data.Store, today data.Date) (*overviewWarnings, error) {
	w := &overviewWarnings{}
	var err error
	if w.noLead, err = st.SitesWithoutLead(ctx, today); err != nil {
		return nil, err
	}
	if w.quiet, err = st.SitesWithoutActivity(ctx, quietDays, today); err != nil {
		return nil, err
	}
	if w.lateTasks, err = st.Tasks(ctx, data.TaskFilter{Overdue: true, Today: today}); err != nil {
		return nil, err
	}
	if w.plans, err = loadPlans(ctx, st, today); err != nil {
		return nil, err
	}
	year := data.Period{From: data.NewDate(today.Year(), time.January, 1), To: data.NewDate(today.Year(), time.December, 31)}
	if w.summary, err = export.SummaryText(ctx, st, year, today); err != nil {
		return nil, err
	}
	return w, nil
}

// fillCharts draws the twelve months and the topic sources over them.
func (s *OverviewScreen) fillCharts(d *overviewData) {
	labels := make([]string, len(d.months))
	values := make([]int, len(d.months))
	bySource := map[string]int{}
	total := 0
	for i, m := range d.months {
		labels[i] = lang.L("overview.month", map[string]any{"Month": int(m.Month), "MonthName": m.Month.String()[:3]})
		values[i] = m.Activities
		total += m.Activities
		for code, n := range m.BySource {
			bySource[code] += n
		}
	}
	s.months.set(labels, values)
	if len(d.months) > 0 {
		first, last := d.months[0], d.months[len(d.months)-1]
		span := map[string]any{"FromYear": first.Year, "FromMonth": int(first.Month), "ToYear": last.Year, "ToMonth": int(last.Month),
			"FromName": first.Month.String()[:3], "ToName": last.Month.String()[:3], "N": formatInt(total)}
		s.monthsOf.SetText(lang.L("overview.span", span))
		s.sourceOf.SetText(lang.L("overview.span", span))
	}
	var rows []barRow
	for _, o := range data.TopicSources.Options {
		n := bySource[o.Code]
		pct := 0
		if total > 0 {
			pct = (n*100 + total/2) / total
		}
		rows = append(rows, barRow{label: enumLabel(data.TopicSources, o.Code), value: n,
			figure: lang.L("overview.source_n", map[string]any{"N": formatInt(n), "Pct": pct})})
	}
	s.sources.set(rows)
}

// fillWarnings lists what needs doing; each problem links to its records,
// each check that passed says so. Without any site there is nothing to
// check yet: it says so and how to begin.
func (s *OverviewScreen) fillWarnings(d *overviewData) {
	if d.dash.Sites == 0 {
		s.warnings.Objects = []fyne.CanvasObject{s.nothingYet()}
		s.warnings.Refresh()
		return
	}
	var rows []fyne.CanvasObject
	add := func(n int, problemKey, okKey string, open func()) {
		if n == 0 {
			rows = append(rows, warningRow(theme.ConfirmIcon(), widget.NewLabel(lang.L(okKey))))
			return
		}
		link := widget.NewHyperlink(lang.L(problemKey, map[string]any{"N": formatInt(n)}), nil)
		link.Wrapping = fyne.TextWrapWord
		link.OnTapped = open
		rows = append(rows, warningRow(theme.WarningIcon(), link))
	}
	add(len(d.noLead), "overview.warn_no_lead", "overview.ok_no_lead", s.showNoLead)
	add(len(d.quiet), "overview.warn_quiet", "overview.ok_quiet", s.showQuiet)
	add(len(d.lateTasks), "overview.warn_tasks", "overview.ok_tasks", s.showLateTasks)
	add(d.dash.OverdueItems, "overview.warn_items", "overview.ok_items", s.showLateItems)
	add(len(d.plans.overdue), "overview.warn_plans", "overview.ok_plans", s.showOverduePlans)
	rows = append(rows, s.upcomingRows(d)...)
	s.warnings.Objects = rows
	s.warnings.Refresh()
	s.fillSummary(d.summary)
}

// nothingYet says the database holds no site yet, with the two ways to
// start: register one, or import the list kept in Excel.
func (s *OverviewScreen) nothingYet() fyne.CanvasObject {
	if s.u.city { // a city's records come from its counties' 报送表 only
		text := widget.NewLabel(lang.L("city.nothing_yet"))
		text.Wrapping = fyne.TextWrapWord
		merge := widget.NewHyperlink(lang.L("merge.menu"), nil)
		merge.OnTapped = func() { s.u.startReportMerge() }
		return container.NewVBox(warningRow(theme.InfoIcon(), text), merge)
	}
	text := widget.NewLabel(lang.L("overview.nothing_yet"))
	text.Wrapping = fyne.TextWrapWord
	register := widget.NewHyperlink(lang.L("overview.register_site"), nil)
	register.OnTapped = func() {
		s.u.showScreen("sites")
		if c, ok := s.u.screen().(creator); ok {
			c.newRecord()
		}
	}
	imp := widget.NewHyperlink(lang.L("overview.import_sites"), nil)
	imp.OnTapped = s.u.startImport // from here it presets 试点单位
	return container.NewVBox(warningRow(theme.InfoIcon(), text), container.NewHBox(register, imp))
}

func warningRow(icon fyne.Resource, text fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewIcon(icon), nil, text)
}

// warnItem is one record in a warning's list, with what can be done to it.
type warnItem struct {
	text   string
	action string // button label; "" for none
	do     func()
}

// showWarningList lists the records behind a warning, each with its
// action, and offers to go to the screen where they are handled.
func (s *OverviewScreen) showWarningList(title string, items []warnItem, screenID, goKey string) {
	var d *dialog.CustomDialog
	list := widget.NewList(
		func() int { return len(items) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, widget.NewButton("", nil), l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(items[i].text)
			b := box.Objects[1].(*widget.Button)
			if items[i].action == "" {
				b.Hide()
				return
			}
			b.SetText(items[i].action)
			b.Show()
			do := items[i].do
			b.OnTapped = func() {
				d.Hide()
				do()
			}
		})
	list.OnSelected = func(widget.ListItemID) { list.UnselectAll() }
	goTo := widget.NewButtonWithIcon(lang.L(goKey), theme.NavigateNextIcon(), func() {
		d.Hide()
		s.u.showScreen(screenID)
	})
	goTo.Importance = widget.HighImportance
	closeBtn := widget.NewButton(lang.L("overview.close"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, list, s.u.win)
	d.SetButtons([]fyne.CanvasObject{closeBtn, goTo})
	size := s.u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(640, size.Width*0.9), min(480, size.Height*0.85)))
	showDialog(s.u.win, d)
}

// showNoLead lists the sites without a current lead; each can be given
// one right there.
func (s *OverviewScreen) showNoLead() {
	var items []warnItem
	for _, site := range s.last.noLead {
		items = append(items, warnItem{text: siteItem(site).label(), action: lang.L("overview.assign_lead"), do: func() {
			s.u.openAssignmentForm(data.Assignment{SiteID: site.ID, Role: data.RoleLead}, s.refresh)
		}})
	}
	s.showWarningList(lang.L("overview.warn_no_lead", map[string]any{"N": formatInt(len(items))}), items, "assignments", "overview.go_assignments")
}

// showLateTasks lists the overdue target tasks with their deadlines and
// progress.
func (s *OverviewScreen) showLateTasks() {
	var items []warnItem
	for _, t := range s.last.lateTasks {
		items = append(items, warnItem{text: lang.L("overview.late_task", map[string]any{
			"Name": t.Name, "Deadline": t.Deadline.String(), "Done": formatInt(t.Completed), "Targets": formatInt(t.Targets)})})
	}
	s.showWarningList(lang.L("overview.warn_tasks", map[string]any{"N": formatInt(len(items))}), items, "tasks", "overview.go_tasks")
}

// showQuiet lists the sites without a recent activity; each opens in the
// site list, where its detail shows what it did last and who guides it.
func (s *OverviewScreen) showQuiet() {
	var items []warnItem
	for _, site := range s.last.quiet {
		items = append(items, warnItem{text: siteItem(site).label(), action: lang.L("overview.open_site"), do: func() {
			s.u.showScreen("sites")
			if sites, ok := s.u.screen().(*SitesScreen); ok {
				sites.reveal(site.ID)
			}
		}})
	}
	s.showWarningList(lang.L("overview.warn_quiet", map[string]any{"N": formatInt(len(items))}), items, "sites", "overview.go_sites")
}

// showLateItems lists the overdue follow-up items with their activity,
// read now, off the UI goroutine (190 ms for 6,000 items at 100,000
// activities): the overview only counted them.
func (s *OverviewScreen) showLateItems() {
	today := s.last.today
	s.background(func(post func(func())) {
		late, err := s.u.store.OverdueFollowUps(s.u.ctx, today)
		post(func() { s.listLateItems(late, err) })
	})
}

func (s *OverviewScreen) listLateItems(late []data.OpenFollowUp, err error) {
	if err != nil {
		s.u.showError(err)
		return
	}
	var items []warnItem
	for _, it := range late {
		items = append(items, warnItem{text: lang.L("overview.late_item", map[string]any{
			"Task": it.Task, "Unit": it.Unit, "Deadline": it.Deadline.String(), "Site": it.SiteName, "Topic": it.Topic})})
	}
	s.showWarningList(lang.L("overview.warn_items", map[string]any{"N": formatInt(len(items))}), items, "activities", "overview.go_activities")
}
