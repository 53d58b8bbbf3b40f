package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// The county level of a city's database in the window (issue 20).

func settingsScreen(t *testing.T, u *UI) *SettingsScreen {
	t.Helper()
	u.showScreen("settings")
	s, ok := u.screen().(*SettingsScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// addCounty adds a county through 设置's form.
func addCounty(t *testing.T, u *UI, name, office string) {
	t.Helper()
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增县（市、区）…"))
	f := u.form
	if f == nil {
		t.Fatal("the county form did not open")
	}
	test.Type(f.inputs["name"].(*formEntry), name)
	test.Type(f.inputs["office"].(*formEntry), office)
	test.Tap(lastButton(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
}

func TestSwitchToCityAndKeepCounties(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	s := settingsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "县级数据库记录本县")
	assertNotShown(t, c, "新增县（市、区）…")

	// 市级, asked first; no answers no.
	s.level.choice.SetSelected("市级（汇总各县报送表）")
	assertShown(t, c, "把本机改为市级？")
	test.Tap(button(t, c, "否"))
	if city, _ := st.IsCity(bg); city || u.city {
		t.Fatal("switched without a yes")
	}
	if got := s.level.choice.Selected; got != "县级" {
		t.Errorf("the choice shows %q after no", got)
	}
	s.level.choice.SetSelected("市级（汇总各县报送表）")
	test.Tap(button(t, c, "是"))
	if city, err := st.IsCity(bg); err != nil || !city || !u.city {
		t.Fatalf("not a city: %v %v", city, err)
	}
	s = u.screen().(*SettingsScreen) // rebuilt
	assertShown(t, c, "本机现用于市级", "新增县（市、区）…")

	addCounty(t, u, "陆良县", "政协陆良县委员会")
	addCounty(t, u, "马龙区", "政协曲靖市马龙区委员会")
	cs, err := st.Counties(bg)
	if err != nil || len(cs) != 2 || cs[0].Name != "陆良县" && cs[1].Name != "陆良县" {
		t.Fatalf("stored: %+v %v", cs, err)
	}
	assertShown(t, c, "政协陆良县委员会", "政协曲靖市马龙区委员会")

	// A second 陆良县 is refused in the form, under the name.
	test.Tap(button(t, c, "新增县（市、区）…"))
	test.Type(u.form.inputs["name"].(*formEntry), "陆良县")
	test.Tap(lastButton(t, c, "保存"))
	if u.form == nil {
		t.Fatal("a second 陆良县 was saved")
	}
	assertShown(t, c, "已有名为“陆良县”的县（市、区）")
	u.form.cancel()
	test.Tap(button(t, c, "是")) // 放弃修改？

	// Rename: 马龙区 becomes 麒麟区.
	ml := slices.IndexFunc(s.level.counties.rows, func(r data.County) bool { return r.Name == "马龙区" })
	s.level.counties.selectRow(ml)
	test.Tap(button(t, c, "改名…"))
	e := u.form.inputs["name"].(*formEntry)
	e.SetText("")
	test.Type(e, "麒麟区")
	test.Tap(lastButton(t, c, "保存"))
	cs, _ = st.Counties(bg)
	if len(cs) != 2 || !slices.ContainsFunc(cs, func(x data.County) bool { return x.Name == "麒麟区" }) {
		t.Fatalf("after rename: %+v", cs)
	}

	// Remove one without records.
	ql := slices.IndexFunc(s.level.counties.rows, func(r data.County) bool { return r.Name == "麒麟区" })
	s.level.counties.selectRow(ql)
	test.Tap(button(t, c, "删除"))
	test.Tap(button(t, c, "是"))
	cs, _ = st.Counties(bg)
	if len(cs) != 1 || cs[0].Name != "陆良县" {
		t.Fatalf("after removal: %+v", cs)
	}

	// The lists now have the county filter and column; the rest of the
	// window is view only, with the reason beside the grey buttons.
	ss := sitesScreen(t, u)
	if got := ss.county.sel.Selected; got != "全部县（市、区）" || !ss.county.sel.Visible() {
		t.Errorf("county filter shows %q", got)
	}
	assertShown(t, c, "县（市、区）", "市级数据库：记录以各县报送为准，仅可查看")
	if b := button(t, c, "新增试点单位"); !b.Disabled() {
		t.Error("新增试点单位 is enabled in a city's database")
	}
}

// selectOption chooses an option of a drop-down by its text.
func selectOption(t *testing.T, s *widget.Select, text string) {
	t.Helper()
	if !slices.Contains(s.Options, text) {
		t.Fatalf("no option %q in %q", text, s.Options)
	}
	s.SetSelected(text)
}

// lastButton finds the last visible button with text: the one of the
// dialog on top when the screen under it has one too.
func lastButton(t *testing.T, c fyne.Canvas, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	for _, o := range visibleObjects(c) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}

// cityWithCounties makes the test database a city's with two counties,
// each with a township, a community, a person and activities, stored as
// a merge leaves them (county_id set).
func cityWithCounties(t *testing.T, u *UI, st *data.Store) (luliang, malong data.County) {
	t.Helper()
	mustDo(t, st.SetSettings(bg, map[string]string{data.SettingLevel: data.LevelCity}))
	luliang, malong = data.County{Name: "陆良县"}, data.County{Name: "马龙区"}
	mustDo(t, st.SaveCounty(bg, &luliang))
	mustDo(t, st.SaveCounty(bg, &malong))
	for i, c := range []data.County{luliang, malong} {
		town := &data.Site{Name: []string{"同乐街道", "通泉街道"}[i], Kind: data.KindTownship, Status: data.StatusPlanned, CountyID: &c.ID}
		mustDo(t, st.SaveSite(bg, town))
		site := &data.Site{Name: c.Name + "社区", Kind: data.KindCommunity, Status: data.StatusPlanned, ParentID: &town.ID, CountyID: &c.ID}
		mustDo(t, st.SaveSite(bg, site))
		insertActivities(t, st, 3+i, site) // 陆良县 3, 马龙区 4
		mustDo(t, st.SavePerson(bg, &data.Person{Name: c.Name + "委员", Category: data.PersonCategories.Codes()[0], CountyID: &c.ID}))
	}
	u.rebuild()
	return luliang, malong
}

func TestCityListsFilterByCounty(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	cityWithCounties(t, u, st)
	c := u.win.Canvas()

	// 试点单位: both counties' rows with their county; then one county.
	s := sitesScreen(t, u)
	if len(s.table.rows) != 4 || s.table.cols[0].key != "city.county" || s.table.cols[0].text(s.table.rows[0]) == "" {
		t.Fatalf("sites: %d rows, first column %q", len(s.table.rows), s.table.cols[0].key)
	}
	if got := s.township.Options; len(got) != 3 { // all, and one a county
		t.Errorf("townships offered %q", got)
	}
	selectOption(t, s.county.sel, "马龙区")
	for _, r := range s.table.rows {
		if r.County != "马龙区" {
			t.Errorf("马龙区's list shows %s of %s", r.Name, r.County)
		}
	}
	if len(s.table.rows) != 2 || len(s.township.Options) != 2 {
		t.Errorf("马龙区: %d rows, townships %q", len(s.table.rows), s.township.Options)
	}
	assertShown(t, c, "马龙区社区", "共2条")
	assertNotShown(t, c, "陆良县社区")

	// The ledger: the county drop-down comes before the township's.
	l := ledger(t, u)
	if l.total != 7 {
		t.Fatalf("ledger total %d", l.total)
	}
	selectOption(t, l.place.county.sel, "陆良县")
	l.load.wait()
	if l.total != 3 || len(l.table.rows) != 3 || l.table.rows[0].County != "陆良县" {
		t.Errorf("陆良县's ledger: %d, %+v", l.total, l.table.rows)
	}
	if got := l.place.township.Options; len(got) != 2 {
		t.Errorf("陆良县's townships %q", got)
	}
	assertShown(t, c, "共3条")

	// 人员.
	p := peopleScreen(t, u)
	selectOption(t, p.county.sel, "陆良县")
	if len(p.table.rows) != 1 || p.table.rows[0].Name != "陆良县委员" {
		t.Errorf("陆良县's people: %+v", p.table.rows)
	}
}

func TestCountyDatabaseShowsNoCounty(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	town := saveTestSite(t, st, "通泉街道", nil)
	saveTestSite(t, st, "乐熙社区", town)
	s := sitesScreen(t, u)
	if s.table.cols[0].key == "city.county" || s.county.sel.Visible() && len(s.county.objects()) > 0 {
		t.Error("a county's database shows the county level")
	}
	assertNotShown(t, u.win.Canvas(), "县（市、区）")
	if b := button(t, u.win.Canvas(), "新增试点单位"); b.Disabled() {
		t.Error("a county's database cannot add sites")
	}
}
