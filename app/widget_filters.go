package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The lists' filters: drop-downs whose first choice is "all", the
// township with its sites (the ledger, the target tasks, the visits), and
// a date range.

// townshipFilter is a drop-down of the townships, the first choice "all".
type townshipFilter struct {
	*widget.Select
	allKey string
	towns  []data.Site   // behind the options (index-1)
	county *countyFilter // when set, the townships of the county chosen there
}

func newTownshipFilter(allKey string, changed func()) *townshipFilter {
	return &townshipFilter{Select: filterSelect(allKey, nil, changed), allKey: allKey}
}

// reload refills it from the store, keeping the choice while it exists.
func (f *townshipFilter) reload(u *UI) error {
	ts, err := u.store.Townships(u.ctx)
	if err != nil {
		return err
	}
	keep := f.id()
	f.towns = f.county.narrow(ts)
	setOptionsQuietly(f.Select, f.allKey, siteNames(f.towns), indexOfSite(f.towns, keep))
	return nil
}

// id is the township chosen, 0 for all.
func (f *townshipFilter) id() uint {
	if i := f.SelectedIndex(); i > 0 && i <= len(f.towns) {
		return f.towns[i-1].ID
	}
	return 0
}

// placeFilter is the pair of drop-downs "township" and "site": the site
// drop-down offers the sites of the chosen township and waits until one
// is chosen, so it never holds hundreds of names.
type placeFilter struct {
	township, site *widget.Select
	towns          []data.Site // behind township's options (index-1)
	all            []data.Site // every live village, community and enterprise
	sites          []data.Site // behind site's options (index-1)
	// itself offers the township as the first of its sites, for what is
	// held at the township level (activities, visits).
	itself bool
	// county, in a city's database, is a drop-down of the counties before
	// the two, which then offer the chosen county's places (byCounty).
	county *countyFilter
}

func newPlaceFilter(changed func()) *placeFilter {
	f := &placeFilter{}
	f.township = filterSelect("filter.all_townships", nil, func() {
		f.fillSites(0)
		changed()
	})
	f.site = filterSelect("filter.all_sites", nil, changed)
	f.site.Disable()
	return f
}

// byCounty puts the county drop-down first (in a city's database), which
// calls changed as the others do.
func (f *placeFilter) byCounty(u *UI, changed func()) *placeFilter {
	f.county = newCountyFilter(u, func() {
		f.township.OnChanged, f.site.OnChanged = nil, nil
		f.township.SetSelectedIndex(0)
		f.restoreCallbacks(changed)
		if err := f.reload(u); err != nil {
			u.showError(err)
		}
		changed()
	})
	return f
}

// restoreCallbacks sets the drop-downs' OnChanged as newPlaceFilter does.
func (f *placeFilter) restoreCallbacks(changed func()) {
	f.township.OnChanged = func(string) {
		f.fillSites(0)
		changed()
	}
	f.site.OnChanged = func(string) { changed() }
}

// objects are the drop-downs, wide enough for their names.
func (f *placeFilter) objects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if f.county != nil {
		out = f.county.objects()
	}
	return append(out, widthAtLeast(f.township, 170), widthAtLeast(f.site, 170))
}

// countyID is the county chosen, 0 for all.
func (f *placeFilter) countyID() uint {
	if f.county == nil {
		return 0
	}
	return f.county.id()
}

// reload refills both drop-downs from the store, keeping the choices that
// still exist.
func (f *placeFilter) reload(u *UI) error {
	if f.county != nil {
		if err := f.county.reload(u); err != nil {
			return err
		}
	}
	sites, err := u.store.SiteNames(u.ctx)
	if err != nil {
		return err
	}
	if sites, err = f.county.narrowPlaces(u, sites); err != nil {
		return err
	}
	keepTown, keepSite := f.ids()
	f.towns, f.all = nil, f.all[:0]
	for _, s := range sites {
		if s.IsTownship() {
			f.towns = append(f.towns, s)
		} else {
			f.all = append(f.all, s)
		}
	}
	setOptionsQuietly(f.township, "filter.all_townships", siteNames(f.towns), indexOfSite(f.towns, keepTown))
	f.fillSites(keepSite)
	return nil
}

// fillSites offers the sites of the chosen township, keeping keep chosen.
func (f *placeFilter) fillSites(keep uint) {
	town, _ := f.ids()
	f.sites = nil
	var names []string
	if i := f.township.SelectedIndex(); f.itself && town != 0 {
		f.sites = append(f.sites, f.towns[i-1])
		names = append(names, lang.L("filter.township_itself", map[string]any{"Name": f.towns[i-1].Name}))
	}
	for _, s := range f.all {
		if town != 0 && s.ParentID != nil && *s.ParentID == town {
			f.sites = append(f.sites, s)
			names = append(names, s.Name)
		}
	}
	setOptionsQuietly(f.site, "filter.all_sites", names, indexOfSite(f.sites, keep))
	if town == 0 {
		f.site.Disable()
	} else {
		f.site.Enable()
	}
}

// ids are the chosen township and site, 0 for "all".
func (f *placeFilter) ids() (township, site uint) {
	if i := f.township.SelectedIndex(); i > 0 && i <= len(f.towns) {
		township = f.towns[i-1].ID
	}
	if i := f.site.SelectedIndex(); i > 0 && i <= len(f.sites) {
		site = f.sites[i-1].ID
	}
	return township, site
}

// within tells whether a site is the chosen one, or is (or lies in) the
// chosen township; everything is within when nothing is chosen.
func (f *placeFilter) within(siteID uint) bool {
	town, site := f.ids()
	switch {
	case site != 0:
		return siteID == site
	case town == 0 || siteID == town:
		return true
	}
	for _, s := range f.all {
		if s.ID == siteID {
			return s.ParentID != nil && *s.ParentID == town
		}
	}
	return false
}

func siteNames(sites []data.Site) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = s.Name
	}
	return out
}

// indexOfSite is the option index of site id after "all" (0: all).
func indexOfSite(sites []data.Site, id uint) int {
	for i, s := range sites {
		if id != 0 && s.ID == id {
			return i + 1
		}
	}
	return 0
}

// setOptionsQuietly refills a filter drop-down without calling its
// OnChanged, so a reload does not trigger another reload.
func setOptionsQuietly(s *widget.Select, allKey string, options []string, selected int) {
	cb := s.OnChanged
	s.OnChanged = nil
	s.SetOptions(append([]string{lang.L(allKey)}, options...))
	s.SetSelectedIndex(selected)
	s.OnChanged = cb
}

// filterSelect is a filter drop-down whose first option means "all".
func filterSelect(allKey string, options []string, changed func()) *widget.Select {
	s := widget.NewSelect(append([]string{lang.L(allKey)}, options...), nil)
	s.SetSelectedIndex(0)
	s.OnChanged = func(string) { changed() }
	return s
}

// enumFilter is a filter drop-down over an enumeration.
func enumFilter(allKey string, e data.Enum, changed func()) *widget.Select {
	labels := make([]string, len(e.Options))
	for i, o := range e.Options {
		labels[i] = enumLabel(e, o.Code)
	}
	return filterSelect(allKey, labels, changed)
}

// enumFilterCode is the code chosen in an enumFilter, "" for all.
func enumFilterCode(s *widget.Select, e data.Enum) string {
	if i := s.SelectedIndex(); i > 0 && i <= len(e.Options) {
		return e.Options[i-1].Code
	}
	return ""
}

// dateRange is a "from – to" pair of date entries with calendar buttons.
// It reports a change only once both read as dates (or are empty), so a
// half-typed date does not reload anything.
type dateRange struct {
	from, to *formEntry
}

func newDateRange(w fyne.Window, changed func()) *dateRange {
	r := &dateRange{}
	entry := func(hint string) *formEntry {
		e := newFormEntry()
		withPicker(w, e) // first: see withPicker
		e.SetPlaceHolder(lang.L(hint))
		e.Validator = func(s string) error {
			_, err := data.ParseDate(s)
			if err != nil {
				return userError{err}
			}
			return nil
		}
		e.OnChanged = func(string) {
			if _, _, ok := r.dates(); ok {
				changed()
			}
		}
		return e
	}
	r.from, r.to = entry("filter.from"), entry("filter.to")
	return r
}

// objects are the two entries with a dash between them.
func (r *dateRange) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{widthAtLeast(r.from, 150), widget.NewLabel("–"), widthAtLeast(r.to, 150)}
}

// dates reads the range; zero dates do not limit it.
func (r *dateRange) dates() (from, to data.Date, ok bool) {
	from, err1 := data.ParseDate(r.from.Text)
	to, err2 := data.ParseDate(r.to.Text)
	return from, to, err1 == nil && err2 == nil
}

// optionalID turns a chosen ID into a nullable reference (0: none).
func optionalID(id uint) *uint {
	if id == 0 {
		return nil
	}
	return &id
}

// idOf reads a nullable reference (nil: 0).
func idOf(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}
