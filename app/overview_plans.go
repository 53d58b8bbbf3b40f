package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The overview's consultations planned (issue 22): those of the next
// planDays days listed under 需要处理, and a warning for each plan whose
// day has passed without being marked held or cancelled.

const planDays = 30

type overviewPlans struct {
	upcoming []data.Plan // today to planDays on, soonest first
	overdue  []data.Plan
}

func loadPlans(ctx context.Context, st *data.Store, today data.Date) (overviewPlans, error) {
	var p overviewPlans
	var err error
	if p.upcoming, err = st.UpcomingPlans(ctx, today, planDays); err != nil {
		return p, err
	}
	p.overdue, err = st.OverduePlans(ctx, today)
	return p, err
}

// upcomingRows are the line heading the next days' plans and one line each.
func (s *OverviewScreen) upcomingRows(d *overviewData) []fyne.CanvasObject {
	head := widget.NewLabel(lang.L("overview.upcoming", map[string]any{"Days": planDays, "N": formatInt(len(d.plans.upcoming))}))
	if len(d.plans.upcoming) == 0 {
		head.SetText(lang.L("overview.upcoming_none", map[string]any{"Days": planDays}))
	}
	rows := []fyne.CanvasObject{warningRow(theme.CalendarIcon(), head)}
	for _, p := range d.plans.upcoming {
		line := widget.NewLabel(lang.L("overview.upcoming_item", map[string]any{"Date": p.Date.String(), "Site": p.SiteName, "Topic": p.Topic}))
		line.Truncation = fyne.TextTruncateEllipsis
		rows = append(rows, line)
	}
	return rows
}

// showOverduePlans lists the plans whose day has passed; the plans screen
// marks them held or cancelled.
func (s *OverviewScreen) showOverduePlans() {
	var items []warnItem
	for _, p := range s.last.plans.overdue {
		items = append(items, warnItem{text: lang.L("overview.upcoming_item", map[string]any{"Date": p.Date.String(), "Site": p.SiteName, "Topic": p.Topic})})
	}
	s.showWarningList(lang.L("overview.warn_plans", map[string]any{"N": formatInt(len(items))}), items, "plans", "overview.go_plans")
}
