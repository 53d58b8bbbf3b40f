package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// OverviewScreen (概览) shows the figures a coordinator reports first.
type OverviewScreen struct {
	u     *UI
	cards *fyne.Container
}

func newOverviewScreen(u *UI) *OverviewScreen { return &OverviewScreen{u: u} }

func (s *OverviewScreen) id() string          { return "overview" }
func (s *OverviewScreen) title() string       { return lang.L("nav.overview") }
func (s *OverviewScreen) icon() fyne.Resource { return theme.GridIcon() }

func (s *OverviewScreen) build() fyne.CanvasObject {
	s.cards = container.NewGridWrap(fyne.NewSize(200, 110))
	heading := widget.NewLabelWithStyle(lang.L("overview.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(heading, nil, nil, nil, container.NewVScroll(s.cards))
}

func (s *OverviewScreen) refresh() {
	counts, err := s.u.store.SiteCounts(s.u.ctx)
	if err != nil {
		s.u.showError(err)
		return
	}
	byKind := map[string]int{}
	byStatus := map[string]int{}
	total := 0
	for _, c := range counts {
		byKind[c.Kind] += c.N
		if c.Kind != data.KindTownship {
			byStatus[c.Status] += c.N
			total += c.N
		}
	}
	var cards []fyne.CanvasObject
	cards = append(cards,
		figureCard(lang.L("overview.townships"), byKind[data.KindTownship]),
		figureCard(lang.L("overview.sites"), total))
	for _, o := range data.SiteStatuses.Options {
		cards = append(cards, figureCard(lang.L("overview.sites_status", map[string]any{"Status": enumLabel(data.SiteStatuses, o.Code)}), byStatus[o.Code]))
	}
	s.cards.Objects = cards
	s.cards.Refresh()
}

// figureCard is one big number with its caption.
func figureCard(caption string, n int) fyne.CanvasObject {
	num := widget.NewLabelWithStyle(formatInt(n), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	num.SizeName = theme.SizeNameHeadingText
	return widget.NewCard("", "", container.NewVBox(num, widget.NewLabelWithStyle(caption, fyne.TextAlignCenter, fyne.TextStyle{})))
}
