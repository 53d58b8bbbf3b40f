package app

import (
	"context"
	"image/color"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// OverviewScreen (概览) is the coordinator's first look: the figures they
// report, what needs doing (each warning opens the records behind it), and
// two charts. Its queries run off the UI goroutine, so a district with
// 100,000 activities does not freeze the window; a spinner shows meanwhile.
type OverviewScreen struct {
	u *UI

	asOf     *widget.Label
	spin     *widget.Activity
	cards    []*figureCard
	warnings *fyne.Container
	statuses *barChart
	months   *columnChart
	monthsOf *widget.Label // the twelve months' span
	sources  *barChart
	sourceOf *widget.Label
	summary  *fyne.Container // 情况综述 of this year, a label a paragraph
	copy     *widget.Button  // puts it on the clipboard
	city     *cityPanel      // a city's database: its counties (overview_city.go)

	cancel  context.CancelFunc // stops the load under way
	gen     int                // which load the widgets wait for
	loading sync.WaitGroup     // loads under way, for the tests
	last    *overviewData      // shown now
}

// overviewAsync loads in the background; the tests of other screens turn
// it off (a load finishing on its own goroutine would race with them).
var overviewAsync = true

func newOverviewScreen(u *UI) *OverviewScreen { return &OverviewScreen{u: u} }

func (s *OverviewScreen) id() string          { return "overview" }
func (s *OverviewScreen) title() string       { return lang.L("nav.overview") }
func (s *OverviewScreen) icon() fyne.Resource { return theme.GridIcon() }

// Figure cards, in order.
const (
	cardSites = iota
	cardUnveiled
	cardMonth
	cardYear
	cardPeople
	cardSolved
	cardCount
)

func (s *OverviewScreen) build() fyne.CanvasObject {
	heading := widget.NewLabelWithStyle(lang.L("overview.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	s.asOf = widget.NewLabel("")
	s.spin = widget.NewActivity()
	s.spin.Hide()
	reload := widget.NewButtonWithIcon(lang.L("overview.reload"), theme.ViewRefreshIcon(), s.refresh)
	top := container.NewBorder(nil, nil, container.NewHBox(heading, s.asOf), container.NewHBox(s.spin, reload))

	captions := [cardCount]string{"overview.card_sites", "overview.card_unveiled", "overview.card_month",
		"overview.card_year", "overview.card_people", "overview.card_solved"}
	var cardObjs []fyne.CanvasObject
	for _, key := range captions {
		c := newFigureCard(lang.L(key))
		s.cards = append(s.cards, c)
		cardObjs = append(cardObjs, c.content)
	}
	cards := container.NewGridWithColumns(cardCount, cardObjs...)
	s.summary = container.NewVBox()
	s.copy = widget.NewButtonWithIcon(lang.L("overview.copy"), theme.ContentCopyIcon(), s.copySummary)
	s.copy.Disable() // until the figures arrive
	summaryHead := container.NewBorder(nil, nil, container.NewHBox(
		widget.NewLabelWithStyle(lang.L("overview.summary"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(lang.L("overview.summary_note"))), s.copy)
	summary := framed(container.NewBorder(summaryHead, nil, nil, nil, s.summary))

	s.warnings = container.NewVBox()
	s.statuses = newBarChart()
	s.months = newColumnChart()
	s.monthsOf = widget.NewLabel("")
	s.sources = newBarChart()
	s.sourceOf = widget.NewLabel("")

	row1 := container.NewGridWithColumns(2,
		panel(lang.L("overview.warnings"), nil, s.warnings),
		panel(lang.L("overview.by_status"), nil, s.statuses))
	row2 := container.NewGridWithColumns(2,
		panel(lang.L("overview.per_month"), s.monthsOf, s.months),
		panel(lang.L("overview.by_source"), s.sourceOf, s.sources))
	upper := container.NewVBox(cards, summary, row1)
	if s.u.city {
		s.city = newCityPanel(s.u, s.refresh)
		upper = container.NewVBox(cards, s.city.content, summary, row1)
	}
	// The charts take the height left over; a small window scrolls.
	return container.NewBorder(top, nil, nil, nil,
		container.NewVScroll(container.NewBorder(upper, nil, nil, nil, row2)))
}

// stageColors go from grey (planned) to deep green (standardized), so the
// statuses read as progress.
var stageColors = []color.Color{
	color.NRGBA{R: 0xa0, G: 0xa8, B: 0xb4, A: 0xff},
	color.NRGBA{R: 0x5b, G: 0x9b, B: 0xd5, A: 0xff},
	color.NRGBA{R: 0x3c, G: 0xae, B: 0x6e, A: 0xff},
	color.NRGBA{R: 0x1e, G: 0x7a, B: 0x48, A: 0xff},
}

// panel is a framed box with a bold title (and a note beside it).
func panel(title string, note *widget.Label, content fyne.CanvasObject) fyne.CanvasObject {
	head := []fyne.CanvasObject{widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	if note != nil {
		head = append(head, note)
	}
	return framed(container.NewBorder(container.NewHBox(head...), nil, nil, nil, content))
}

// framed draws a thin rounded frame around content.
func framed(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	bg.CornerRadius = theme.InputRadiusSize() * 2
	return container.NewStack(bg, container.NewPadded(content))
}

// figureCard is one big figure with its caption (wrapped, so long English
// captions stay inside) and a note under it.
type figureCard struct {
	figure  *canvas.Text
	note    *widget.Label
	content fyne.CanvasObject
}

func newFigureCard(caption string) *figureCard {
	c := &figureCard{figure: canvas.NewText("–", theme.Color(theme.ColorNamePrimary))}
	c.figure.TextSize = theme.TextHeadingSize() * 1.5
	c.figure.TextStyle.Bold = true
	c.figure.Alignment = fyne.TextAlignCenter
	captionLabel := widget.NewLabelWithStyle(caption, fyne.TextAlignCenter, fyne.TextStyle{})
	captionLabel.Wrapping = fyne.TextWrapWord
	c.note = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	c.note.Wrapping = fyne.TextWrapWord
	c.note.SizeName = theme.SizeNameCaptionText
	bg := canvas.NewRectangle(color.NRGBA{R: 0xee, G: 0xf4, B: 0xfc, A: 0xff})
	bg.CornerRadius = theme.InputRadiusSize() * 2
	figure := container.New(fitText{c.figure, c.figure.TextSize}, c.figure)
	c.content = container.NewStack(bg, container.NewPadded(container.NewVBox(figure, captionLabel, c.note)))
	return c
}

// fitText lays out one big text, shrinking it when the space is too narrow
// (2,453,107 in a narrow window) instead of widening the window.
type fitText struct {
	text *canvas.Text
	size float32 // the size it has when it fits
}

func (l fitText) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	fit := l.size
	if w := fyne.MeasureText(l.text.Text, l.size, l.text.TextStyle).Width; w > size.Width && w > 0 {
		fit = l.size * size.Width / w
	}
	l.text.Resize(size)
	l.text.Move(fyne.NewPos(0, 0))
	if fit != l.text.TextSize {
		l.text.TextSize = fit
		l.text.Refresh()
	}
}

func (l fitText) MinSize([]fyne.CanvasObject) fyne.Size {
	h := fyne.MeasureText("0", l.size, l.text.TextStyle).Height
	return fyne.NewSize(h, h)
}

func (c *figureCard) set(n int, note string) {
	c.figure.Text = formatInt(n)
	c.figure.Refresh()
	c.note.SetText(note)
}

// refresh starts loading the figures; the widgets are filled when they
// arrive, the figures and charts first, then the warnings. A load still
// under way is cancelled: only the newest is shown.
func (s *OverviewScreen) refresh() {
	if s.warnings == nil {
		return
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.u.ctx)
	s.cancel = cancel
	s.gen++
	gen := s.gen
	s.spin.Show()
	s.spin.Start()
	// show runs on the UI goroutine: the figures (w nil), then the warnings.
	show := func(d *overviewData, w *overviewWarnings, err error) {
		if gen != s.gen {
			return // a newer load is under way
		}
		if err != nil || w != nil {
			s.spin.Stop()
			s.spin.Hide()
		}
		if err != nil {
			if ctx.Err() == nil {
				s.u.showError(err)
			}
			return
		}
		if w == nil {
			if s.last != nil {
				d.overviewWarnings = s.last.overviewWarnings
			}
			s.fill(d)
			return
		}
		d.overviewWarnings = *w
		s.fillWarnings(d)
	}
	today := data.Today()
	var period data.Period // of the county table (a city's database)
	if s.city != nil {
		period = s.city.period(today)
	}
	load := func(post func(func())) {
		d, err := loadFigures(ctx, s.u.store, today)
		if err == nil && s.city != nil {
			d.period = period
			d.counties, err = loadCounties(ctx, s.u.store, period)
		}
		post(func() { show(d, nil, err) })
		if err != nil {
			return
		}
		w, err := loadWarnings(ctx, s.u.store, today)
		post(func() { show(d, w, err) })
	}
	s.background(load)
}

// background runs load off the UI goroutine (at once in other screens'
// tests, see overviewAsync); load hands what it read to the widgets
// through post.
func (s *OverviewScreen) background(load func(post func(func()))) {
	if !overviewAsync {
		load(func(f func()) { f() })
		return
	}
	s.loading.Add(1)
	go func() {
		defer s.loading.Done()
		load(fyne.Do)
	}()
}

// fill shows loaded figures.
func (s *OverviewScreen) fill(d *overviewData) {
	s.last = d
	s.asOf.SetText(lang.L("overview.as_of", map[string]any{"Date": formatDay(d.today)}))
	dash := d.dash
	s.cards[cardSites].set(dash.Sites, lang.L("overview.note_townships", map[string]any{"N": formatInt(d.townships)}))
	s.cards[cardUnveiled].set(dash.RoomsUnveiled, lang.L("overview.note_unveiled", map[string]any{"N": formatInt(dash.Sites - dash.RoomsUnveiled)}))
	s.cards[cardMonth].set(dash.ActivitiesMonth, lang.L("overview.note_month", map[string]any{
		"Month": int(d.today.Month()), "MonthName": d.today.Month().String(), "Year": d.today.Year()}))
	s.cards[cardYear].set(dash.ActivitiesYear, lang.L("overview.note_year", map[string]any{"Year": d.today.Year(), "N": formatInt(dash.Activities)}))
	people := lang.L("overview.note_people_none")
	if dash.PeopleOnFile > 0 {
		people = lang.L("overview.note_people", map[string]any{"N": formatInt(dash.PeopleOnFile)})
	}
	s.cards[cardPeople].set(dash.Participants, people)
	s.cards[cardSolved].set(dash.ProblemsSolved, lang.L("overview.note_solved"))

	var rows []barRow
	for i, o := range data.SiteStatuses.Options {
		n := dash.SitesByStatus[o.Code]
		rows = append(rows, barRow{label: enumLabel(data.SiteStatuses, o.Code), value: n,
			figure: lang.L("overview.sites_n", map[string]any{"N": formatInt(n)}), color: stageColors[i%len(stageColors)]})
	}
	s.statuses.set(rows)
	s.fillCharts(d)
	if s.city != nil {
		s.city.fill(d.counties, d.period)
	}
}

// fillSummary shows the 情况综述, a label a paragraph: Fyne wraps at the
// full-width spaces a report indents with, so the labels' padding sets the
// paragraphs apart instead.
func (s *OverviewScreen) fillSummary(paragraphs []string) {
	s.summary.Objects = nil
	for _, p := range paragraphs {
		l := widget.NewLabel(p)
		l.Wrapping = fyne.TextWrapWord
		s.summary.Add(l)
	}
	s.summary.Refresh()
	s.copy.Enable()
}

// copySummary puts the 情况综述 on the clipboard as plain text, one line a
// paragraph, for the coordinator's report.
func (s *OverviewScreen) copySummary() {
	if s.last == nil {
		return
	}
	s.u.app.Clipboard().SetContent(strings.Join(s.last.summary, "\n"))
	s.u.notify(lang.L("overview.copied"), nil)
}
