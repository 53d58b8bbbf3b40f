package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

func visitsScreen(t *testing.T, u *UI) *VisitsScreen {
	t.Helper()
	u.showScreen("visits")
	s, ok := u.screen().(*VisitsScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

func saveVisit(t *testing.T, st *data.Store, date data.Date, findings string, leaders []*data.Person, sites ...*data.Site) *data.Visit {
	t.Helper()
	v := &data.Visit{Date: date, Findings: findings}
	var pids, sids []uint
	for _, p := range leaders {
		pids = append(pids, p.ID)
	}
	for _, s := range sites {
		sids = append(sids, s.ID)
	}
	if err := st.SaveVisit(bg, v, pids, sids); err != nil {
		t.Fatal(err)
	}
	return v
}

// removeButtons are the "take off" buttons of a multi-picker's rows.
func removeButtons(m *multiPick) []*widget.Button {
	var out []*widget.Button
	for _, row := range m.list.Objects {
		out = append(out, row.(*fyne.Container).Objects[1].(*widget.Button))
	}
	return out
}

func TestAddVisitThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	s := visitsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共0条", "选中一次调研指导")

	test.Tap(button(t, c, "登记调研指导"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	if got := f.inputs["date"].(*formEntry).Text; got != data.Today().String() {
		t.Errorf("a new visit starts today, not %q", got)
	}
	f.inputs["date"].(*formEntry).SetText("2020.4.2")
	leaders := f.inputs["person_ids"].(*multiPick)
	pickIn(t, leaders.add, "张伟")
	pickIn(t, leaders.add, "王芳")
	sites := f.inputs["site_ids"].(*multiPick)
	pickIn(t, sites.add, "乐熙")
	pickIn(t, sites.add, "小寨")
	pickIn(t, sites.add, "乐熙") // twice is once
	assertShown(t, c, "张伟（区政协）", "王芳（区人民医院）", "乐熙社区（通泉街道）", "小寨社区（通泉街道）", "添加…")
	test.Tap(removeButtons(leaders)[1]) // 王芳 did not go after all
	test.Type(f.inputs["findings"].(*formEntry), "议事室制度未上墙\n台账不全")
	test.Type(f.inputs["requirements"].(*formEntry), "五月底前完善台账")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}

	assertShown(t, c, "2020-04-02", "张伟", "乐熙社区、小寨社区", "议事室制度未上墙 台账不全", "五月底前完善台账", "共1条",
		"发现的问题：议事室制度未上墙\n台账不全")
	assertNotShown(t, c, "王芳")
	visits, err := st.Visits(bg, data.VisitFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(visits) != 1 || visits[0].Date != data.NewDate(2020, 4, 2) || visits[0].LeaderNames() != "张伟" ||
		len(visits[0].Sites) != 2 || visits[0].Sites[0].ID != d.lexi.ID || visits[0].Requirements != "五月底前完善台账" {
		t.Fatalf("stored %+v", visits)
	}

	// Edit: double click opens it with its links; add a leader, drop a site.
	s.table.selectID(visits[0].ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f = u.form
	leaders = f.inputs["person_ids"].(*multiPick)
	sites = f.inputs["site_ids"].(*multiPick)
	if len(leaders.chosen) != 1 || len(sites.chosen) != 2 {
		t.Fatalf("form opened with %v and %v", leaders.chosen, sites.chosen)
	}
	pickIn(t, leaders.add, "王芳")
	test.Tap(removeButtons(sites)[0])
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	got, _ := st.Visit(bg, visits[0].ID)
	if got.LeaderNames() != "张伟、王芳" || got.SiteNames() != "小寨社区" {
		t.Errorf("edited: %s / %s", got.LeaderNames(), got.SiteNames())
	}
}

func TestVisitValidationShownNothingSaved(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	visitsScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "登记调研指导"))
	f := u.form
	f.inputs["date"].(*formEntry).SetText(data.Today().AddDays(2).String())
	test.Type(f.inputs["findings"].(*formEntry), "道路破损")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on bad input")
	}
	assertShown(t, c, "调研日期不能晚于今天。", "请至少选择一位带队领导。", "请至少选择一个调研的试点单位。")
	if vs, _ := st.Visits(bg, data.VisitFilter{}); len(vs) != 0 {
		t.Fatalf("%d visits saved", len(vs))
	}
	// Esc with something typed asks before throwing it away.
	f.inputs["findings"].(*formEntry).TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assertShown(t, c, "放弃修改？")
	test.Tap(button(t, c, "否"))
	if u.form == nil || f.inputs["findings"].(*formEntry).Text != "道路破损" {
		t.Fatal("what was typed is lost")
	}
}

func TestVisitValidationInEnglish(t *testing.T) {
	u, _ := newTestUI(t, LangEN)
	visitsScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "New visit"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please choose at least one leader.", "Please choose at least one site visited.", "Add…")
	assertNotShown(t, c, "请")
}

func TestVisitsFilterAndSort(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveVisit(t, st, data.NewDate(2020, 3, 24), "鑫城社区议事厅挂牌", []*data.Person{d.zhang}, d.xincheng)
	saveVisit(t, st, data.NewDate(2020, 5, 8), "小寨工业片区交通", []*data.Person{d.wang}, d.xiaozhai)
	saveVisit(t, st, data.NewDate(2021, 1, 15), "乡镇统筹", []*data.Person{d.zhang}, d.tongquan)
	s := visitsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共3条")
	if s.table.rows[0].Date != data.NewDate(2021, 1, 15) {
		t.Errorf("newest first: %s", s.table.rows[0].Date)
	}

	// A leader by name through the search box.
	test.Type(s.search, "王芳")
	assertShown(t, c, "共1条", "小寨工业片区交通")
	s.search.SetText("")

	// The township alone: visits to it and to its sites.
	s.place.township.SetSelected("通泉街道")
	assertShown(t, c, "共2条", "乡镇统筹", "小寨工业片区交通")
	assertNotShown(t, c, "鑫城社区议事厅挂牌")
	s.place.site.SetSelected("小寨社区")
	assertShown(t, c, "共1条")
	s.place.township.SetSelectedIndex(0)
	assertShown(t, c, "共3条")

	// Dates as people type them; a half-typed one changes nothing.
	test.Type(s.dates.from, "2020年4月1日")
	s.dates.to.SetText("2020/12")
	assertShown(t, c, "共2条")
	s.dates.to.SetText("2020/12/31")
	assertShown(t, c, "共1条", "小寨工业片区交通")
	s.dates.from.SetText("")
	s.dates.to.SetText("")

	test.Tap(button(t, c, "带队领导"))
	// In pinyin order, as Chinese offices sort names: Wang before Zhang.
	if s.table.rows[0].LeaderNames() != "王芳" || s.table.rows[2].LeaderNames() != "张伟" {
		t.Errorf("sorted by leader: %s … %s", s.table.rows[0].LeaderNames(), s.table.rows[2].LeaderNames())
	}
	assertShown(t, c, "带队领导 ▲")
}

func TestDeleteVisitWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	v := saveVisit(t, st, data.NewDate(2020, 3, 24), "", []*data.Person{d.zhang}, d.xincheng)
	s := visitsScreen(t, u)
	c := u.win.Canvas()
	s.table.selectID(v.ID)
	test.Tap(button(t, c, "删除"))
	assertShown(t, c, "把“2020-03-24 鑫城社区”移入回收站？")
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "共0条")
	if _, err := st.Visit(bg, v.ID); data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("visit still live: %v", err)
	}
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "共1条", "鑫城社区")
}
