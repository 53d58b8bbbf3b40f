package app

import (
	"context"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The overview of a city's database (issue 20): under the city's figures,
// a table of its counties for a period (this year unless another is
// chosen): each county's key figures from the 报送表 it sent for the
// period, and whether it has sent one. A county that has not is drawn in
// the warning colour, and the heading counts them.

// countyRow is a county's line, or the 合计 (total) line.
type countyRow struct {
	data.CountyFigures
	total              bool
	reported, counties int // the total line's: how many reported, of how many
}

// cityPanel is the county table and its heading.
type cityPanel struct {
	table   *recordTable[countyRow]
	heading *widget.Label
	late    *widget.Label
	choice  *widget.Select // the period: this year, quarter, month, last year
	height  *canvas.Rectangle
	content fyne.CanvasObject
}

func newCityPanel(u *UI, changed func()) *cityPanel {
	p := &cityPanel{}
	num := func(key string, v func(data.CountyFigures) int) column[countyRow] {
		return column[countyRow]{key: key, width: 70, kind: kindNumber,
			text: func(r countyRow) string { return formatInt(v(r.CountyFigures)) },
			less: func(a, b countyRow) bool { return v(a.CountyFigures) < v(b.CountyFigures) }}
	}
	p.table = newRecordTable([]column[countyRow]{
		{key: "city.county", width: 100, text: func(r countyRow) string {
			if r.total {
				return lang.L("city.total")
			}
			return r.County
		}},
		{key: "city.col_reported", width: 150, text: reportedText, grow: true,
			fit: []string{lang.L("city.reported_on", map[string]any{"Date": "2026-12-31"})}},
		{key: "city.col_period", width: 190, text: func(r countyRow) string {
			if r.total || r.Period.From.IsZero() {
				return ""
			}
			return lang.L("merge.period", map[string]any{"From": r.Period.From.String(), "To": r.Period.To.String()})
		}, fit: []string{lang.L("merge.period", map[string]any{"From": "2026-01-01", "To": "2026-12-31"})}},
		num("city.col_sites", func(f data.CountyFigures) int { return f.Sites }),
		num("city.col_rooms", func(f data.CountyFigures) int { return f.Rooms }),
		num("city.col_activities", func(f data.CountyFigures) int { return f.Activities }),
		num("city.col_participants", func(f data.CountyFigures) int { return f.Participants }),
		num("city.col_raised", func(f data.CountyFigures) int { return f.ProblemsRaised }),
		num("city.col_solved", func(f data.CountyFigures) int { return f.ProblemsSolved }),
	}, func(r countyRow) uint {
		if r.total {
			return ^uint(0)
		}
		return r.CountyID
	})
	p.table.rememberWidths(u.app.Preferences(), "table.city_overview")
	p.table.bold = func(r countyRow) bool { return r.total }
	p.table.warn = func(r countyRow) bool { return !r.total && !r.Reported }
	p.heading = widget.NewLabelWithStyle(lang.L("city.by_county"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.late = widget.NewLabel("")
	p.late.Importance = widget.DangerImportance
	p.choice = widget.NewSelect([]string{lang.L("exports.this_year"), lang.L("exports.this_quarter"),
		lang.L("exports.this_month"), lang.L("exports.last_year")}, func(string) { changed() })
	p.choice.SetSelectedIndex(0)
	p.height = canvas.NewRectangle(color.Transparent)
	p.content = framed(container.NewBorder(container.NewBorder(nil, nil, container.NewHBox(p.heading, p.late), p.choice),
		nil, nil, nil, container.NewStack(p.height, p.table)))
	return p
}

// reportedText says whether and when a county reported for the period.
func reportedText(r countyRow) string {
	switch {
	case r.total:
		return lang.L("city.reported_n", map[string]any{"N": r.reported, "Of": r.counties})
	case !r.Reported:
		return lang.L("city.not_reported")
	case r.FiguresOnly:
		return lang.L("city.reported_figures", map[string]any{"Date": r.Submitted.Local().Format("2006-01-02")})
	}
	return lang.L("city.reported_on", map[string]any{"Date": r.Submitted.Local().Format("2006-01-02")})
}

// period is the period chosen, whole: a county's 报送表 counts for it
// when its own period lies within.
func (p *cityPanel) period(today data.Date) data.Period {
	y, m := today.Year(), today.Month()
	q := time.Month((int(m)-1)/3*3 + 1)
	switch p.choice.SelectedIndex() {
	case 1:
		return data.Period{From: data.NewDate(y, q, 1), To: data.NewDate(y, q+3, 1).AddDays(-1)}
	case 2:
		return data.Period{From: data.NewDate(y, m, 1), To: data.NewDate(y, m+1, 1).AddDays(-1)}
	case 3:
		return data.Period{From: data.NewDate(y-1, 1, 1), To: data.NewDate(y-1, 12, 31)}
	}
	return data.Period{From: data.NewDate(y, 1, 1), To: data.NewDate(y, 12, 31)}
}

// loadCounties reads the county table's figures (a city's database only).
func loadCounties(ctx context.Context, st *data.Store, p data.Period) ([]data.CountyFigures, error) {
	return st.CityOverview(ctx, p)
}

// fill shows the counties, the late ones counted in the heading, and a
// 合计 line last.
func (p *cityPanel) fill(counties []data.CountyFigures, period data.Period) {
	p.heading.SetText(lang.L("city.by_county_period", map[string]any{"From": formatDay(period.From), "To": formatDay(period.To)}))
	rows := make([]countyRow, 0, len(counties)+1)
	total := countyRow{total: true}
	late := 0
	for _, c := range counties {
		rows = append(rows, countyRow{CountyFigures: c})
		total.Sites += c.Sites
		total.Rooms += c.Rooms
		total.Activities += c.Activities
		total.Participants += c.Participants
		total.ProblemsRaised += c.ProblemsRaised
		total.ProblemsSolved += c.ProblemsSolved
		if !c.Reported {
			late++
		}
	}
	total.counties, total.reported = len(counties), len(counties)-late
	rows = append(rows, total)
	p.table.setRows(rows, p.table.selectedID())
	p.late.SetText("")
	if late > 0 {
		p.late.SetText(lang.L("city.late_n", map[string]any{"N": late}))
	}
	p.late.Hidden = late == 0
	// Every county shown without scrolling, up to a dozen.
	rowH := widget.NewLabel("0").MinSize().Height + theme.Padding()
	p.height.SetMinSize(fyne.NewSize(0, rowH*float32(min(len(rows), 12)+1)))
	p.content.Refresh()
}
