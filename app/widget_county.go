package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The county level of a city's database (issue 20): a drop-down of the
// counties in each list screen's filter row, and a 县（市、区） column in
// its table. In a county's database neither is shown.

// countyFilter is a drop-down of the city's counties, the first choice
// "all".
type countyFilter struct {
	sel      *widget.Select
	counties []data.County // behind the options (index-1)
	on       bool          // a city's database: shown and used
}

func newCountyFilter(u *UI, changed func()) *countyFilter {
	return &countyFilter{sel: filterSelect("city.all_counties", nil, changed), on: u.city}
}

// objects are what the filter row gets: the drop-down in a city's
// database, nothing in a county's.
func (f *countyFilter) objects() []fyne.CanvasObject {
	if !f.on {
		return nil
	}
	return []fyne.CanvasObject{widthAtLeast(f.sel, 150)}
}

// reload refills it from the store, keeping the choice while it exists.
func (f *countyFilter) reload(u *UI) error {
	if !f.on {
		return nil
	}
	cs, err := u.store.Counties(u.ctx)
	if err != nil {
		return err
	}
	keep := f.id()
	f.counties = cs
	names := make([]string, len(cs))
	sel := 0
	for i, c := range cs {
		names[i] = c.Name
		if keep != 0 && c.ID == keep {
			sel = i + 1
		}
	}
	setOptionsQuietly(f.sel, "city.all_counties", names, sel)
	return nil
}

// id is the county chosen, 0 for all (and always in a county's database).
func (f *countyFilter) id() uint {
	if i := f.sel.SelectedIndex(); f.on && i > 0 && i <= len(f.counties) {
		return f.counties[i-1].ID
	}
	return 0
}

// name is the name of county id as last loaded ("" for none, and in a
// county's database).
func (f *countyFilter) name(id uint) string {
	for _, c := range f.counties {
		if c.ID == id {
			return c.Name
		}
	}
	return ""
}

// clear chooses "all" without reloading.
func (f *countyFilter) clear() {
	cb := f.sel.OnChanged
	f.sel.OnChanged = nil
	f.sel.SetSelectedIndex(0)
	f.sel.OnChanged = cb
}

// withCounty puts a 县（市、区） column first in a city's database.
func withCounty[T any](u *UI, cols []column[T], county func(T) string) []column[T] {
	if !u.city {
		return cols
	}
	c := column[T]{key: "city.county", width: 90, text: county}
	return append([]column[T]{c}, cols...)
}

// narrow keeps the sites of the county chosen (all without a choice, or
// without a filter: f may be nil).
func (f *countyFilter) narrow(sites []data.Site) []data.Site {
	id := uint(0)
	if f != nil {
		id = f.id()
	}
	if id == 0 {
		return sites
	}
	out := make([]data.Site, 0, len(sites))
	for _, s := range sites {
		if idOf(s.CountyID) == id {
			out = append(out, s)
		}
	}
	return out
}

// narrowPlaces keeps the townships of the county chosen and the sites
// under them (SiteNames, cheap for pickers, reads no county: a site's is
// its township's).
func (f *countyFilter) narrowPlaces(u *UI, sites []data.Site) ([]data.Site, error) {
	if f == nil || f.id() == 0 {
		return sites, nil
	}
	towns, err := u.store.Townships(u.ctx)
	if err != nil {
		return nil, err
	}
	in := map[uint]bool{}
	for _, t := range f.narrow(towns) {
		in[t.ID] = true
	}
	out := make([]data.Site, 0, len(sites))
	for _, s := range sites {
		if in[s.ID] || in[idOf(s.ParentID)] {
			out = append(out, s)
		}
	}
	return out, nil
}

// countyKept is the body of a screen whose records the 报送表 does not
// carry (村民小组／小区, 议事会成员, 协商计划, 议题库): in a city's database
// it is always empty, so instead of a bare list it says why. what is the
// screen's title.
func countyKept(u *UI, what string, list fyne.CanvasObject) fyne.CanvasObject {
	if !u.city {
		return list
	}
	l := widget.NewLabel(lang.L("city.kept_by_county", map[string]any{"What": what}))
	l.Wrapping = fyne.TextWrapWord
	l.Alignment = fyne.TextAlignCenter
	return container.NewVBox(layout.NewSpacer(), container.NewPadded(l), layout.NewSpacer())
}
