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

// siteDetail is the pane under the sites table: the selected site's
// current leads and liaison members (with a button to assign one), its
// latest activities and its supervision visits.
type siteDetail struct {
	u       *UI
	site    *data.Site // shown now; nil: nothing selected
	changed func()     // after an assignment was saved

	head    *widget.Label
	sub     *widget.Label
	assign  *widget.Button
	body    *fyne.Container // the three sections, hidden when nothing is selected
	none    *widget.Label
	people  detailSection
	acts    detailSection
	visits  detailSection
	content fyne.CanvasObject
}

// detailSection is one column of the pane: a bold title with a count and
// lines under it.
type detailSection struct {
	title *widget.Label
	lines *fyne.Container
}

func newDetailSection(extra ...fyne.CanvasObject) (detailSection, fyne.CanvasObject) {
	d := detailSection{
		title: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		lines: container.NewVBox(),
	}
	head := container.NewBorder(nil, nil, nil, container.NewHBox(extra...), d.title)
	return d, framed(container.NewBorder(head, nil, nil, nil, container.NewVScroll(d.lines)))
}

// set replaces the lines; empty shows the placeholder text instead.
func (d detailSection) set(title string, lines []fyne.CanvasObject, empty string) {
	d.title.SetText(title)
	if len(lines) == 0 {
		lines = []fyne.CanvasObject{detailLine(empty, widget.MediumImportance)}
	}
	d.lines.Objects = lines
	d.lines.Refresh()
}

// detailLine is one wrapped line of a section.
func detailLine(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}

func newSiteDetail(u *UI, changed func()) *siteDetail {
	d := &siteDetail{u: u, changed: changed}
	d.head = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.head.SizeName = theme.SizeNameSubHeadingText
	d.sub = widget.NewLabel("")
	d.sub.Wrapping = fyne.TextWrapWord
	d.assign = widget.NewButtonWithIcon(lang.L("sites.detail_assign"), theme.ContentAddIcon(), d.openAssign)
	var people, acts, visits fyne.CanvasObject
	d.people, people = newDetailSection(d.assign)
	d.acts, acts = newDetailSection()
	d.visits, visits = newDetailSection()
	d.body = container.NewGridWithColumns(3, people, acts, visits)
	d.none = detailLine(lang.L("sites.detail_none"), widget.MediumImportance)
	d.content = container.NewBorder(container.NewBorder(nil, nil, d.head, nil, d.sub), nil, nil, nil, container.NewStack(d.body, d.none))
	d.clear()
	return d
}

func (d *siteDetail) clear() {
	d.site = nil
	d.head.SetText("")
	d.sub.SetText("")
	d.head.Hide()
	d.sub.Hide()
	d.body.Hide()
	d.none.Show()
}

// show loads and shows what belongs to site.
func (d *siteDetail) show(site data.Site) {
	d.site = &site
	d.head.SetText(site.Name)
	d.sub.SetText(siteSubtitle(site))
	d.head.Show()
	d.sub.Show()
	d.none.Hide()
	d.body.Show()
	d.showPeople()
	d.showActivities()
	d.showVisits()
}

// siteSubtitle is the line under the name: township, kind, status,
// platform and unveiling date, whatever is known.
func siteSubtitle(s data.Site) string {
	parts := []string{}
	if !s.IsTownship() && s.Township != "" {
		parts = append(parts, s.Township)
	}
	parts = append(parts, enumLabel(data.SiteKinds, s.Kind), enumLabel(data.SiteStatuses, s.Status))
	if s.Platform != "" {
		parts = append(parts, s.Platform)
	}
	if !s.UnveiledOn.IsZero() {
		parts = append(parts, lang.L("sites.detail_unveiled", map[string]any{"Date": s.UnveiledOn.String()}))
	}
	return strings.Join(parts, " · ")
}

func (d *siteDetail) showPeople() {
	as, err := d.u.store.Assignments(d.u.ctx, data.AssignmentFilter{SiteID: d.site.ID, CurrentOn: data.Today()})
	if err != nil {
		d.u.showError(err)
		return
	}
	var lines []fyne.CanvasObject
	hasLead := false
	for _, a := range as {
		hasLead = hasLead || a.Role == data.RoleLead
		since := ""
		if !a.FromDate.IsZero() {
			since = lang.L("sites.detail_since", map[string]any{"Date": a.FromDate.String()})
		}
		lines = append(lines, detailLine(lang.L("sites.detail_person", map[string]any{
			"Role": enumLabel(data.AssignmentRoles, a.Role), "Name": a.PersonName, "Since": since}), widget.MediumImportance))
	}
	if !hasLead {
		lines = append([]fyne.CanvasObject{detailLine(lang.L("sites.detail_no_lead"), widget.DangerImportance)}, lines...)
	}
	title := lang.L("sites.detail_people", map[string]any{"N": formatInt(len(as))})
	d.people.set(title, lines, lang.L("sites.detail_nobody"))
}

// showActivities lists the latest activities: a township's include those
// of its sites, each line then naming the site.
func (d *siteDetail) showActivities() {
	f := data.ActivityFilter{SiteID: d.site.ID, Limit: detailMax}
	title := "sites.detail_activities"
	if d.site.IsTownship() {
		f = data.ActivityFilter{TownshipID: d.site.ID, Limit: detailMax}
		title = "sites.detail_activities_township"
	}
	rows, total, err := d.u.store.Activities(d.u.ctx, f)
	if err != nil {
		d.u.showError(err)
		return
	}
	var lines []fyne.CanvasObject
	for _, a := range rows {
		topic := a.Topic
		if d.site.IsTownship() && a.SiteID != d.site.ID {
			topic = lang.L("sites.detail_at_site", map[string]any{"Site": a.SiteName, "Topic": a.Topic})
		}
		lines = append(lines, detailLine(lang.L("sites.detail_activity", map[string]any{
			"Date": a.Date.String(), "Topic": topic, "FollowUp": enumLabel(data.FollowUps, a.FollowUp)}), widget.MediumImportance))
	}
	if total > len(rows) {
		lines = append(lines, detailLine(lang.L("sites.detail_more", map[string]any{"N": formatInt(total - len(rows))}), widget.MediumImportance))
	}
	d.acts.set(lang.L(title, map[string]any{"N": formatInt(total)}), lines, lang.L("sites.detail_no_activities"))
}

func (d *siteDetail) showVisits() {
	vs, err := d.u.store.Visits(d.u.ctx, data.VisitFilter{SiteID: d.site.ID})
	if err != nil {
		d.u.showError(err)
		return
	}
	var lines []fyne.CanvasObject
	for i, v := range vs {
		if i == detailMax {
			lines = append(lines, detailLine(lang.L("sites.detail_more", map[string]any{"N": formatInt(len(vs) - detailMax)}), widget.MediumImportance))
			break
		}
		text := lang.L("sites.detail_visit", map[string]any{"Date": v.Date.String(), "Leaders": v.LeaderNames()})
		if f := firstLine(v.Findings); f != "" {
			text += "\n" + f
		}
		lines = append(lines, detailLine(text, widget.MediumImportance))
	}
	d.visits.set(lang.L("sites.detail_visits", map[string]any{"N": formatInt(len(vs))}), lines, lang.L("sites.detail_no_visits"))
}

// detailMax is how many activities or visits the pane lists; the screens
// of their own hold the rest.
const detailMax = 8

// firstLine is the start of a long text, for a one-line preview.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// openAssign opens the assignment form preset to this site: as its lead
// while it has none, else as a liaison member.
func (d *siteDetail) openAssign() {
	if d.site == nil {
		return
	}
	role := data.RoleLiaison
	if as, err := d.u.store.Assignments(d.u.ctx, data.AssignmentFilter{SiteID: d.site.ID, Role: data.RoleLead, CurrentOn: data.Today()}); err == nil && len(as) == 0 {
		role = data.RoleLead
	}
	d.u.openAssignmentForm(data.Assignment{SiteID: d.site.ID, Role: role}, d.changed)
}
