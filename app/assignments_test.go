package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func assignmentsScreen(t *testing.T, u *UI) *AssignmentsScreen {
	t.Helper()
	u.showScreen("assignments")
	s, ok := u.screen().(*AssignmentsScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// saveTestSite stores a township (parent nil) or a community under one.
func saveTestSite(t *testing.T, st *data.Store, name string, parent *data.Site) *data.Site {
	t.Helper()
	s := &data.Site{Name: name, Kind: data.KindTownship, Status: data.StatusPlanned}
	if parent != nil {
		s.Kind, s.ParentID = data.KindCommunity, &parent.ID
	}
	if err := st.SaveSite(bg, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func saveAssignment(t *testing.T, st *data.Store, p *data.Person, s *data.Site, role string, from, to data.Date) *data.Assignment {
	t.Helper()
	a := &data.Assignment{PersonID: p.ID, SiteID: s.ID, Role: role, FromDate: from, ToDate: to}
	if err := st.SaveAssignment(bg, a); err != nil {
		t.Fatal(err)
	}
	return a
}

// pickIn chooses in a picker as a user does: open it, type, press Enter.
func pickIn(t *testing.T, p *picker, query string) {
	t.Helper()
	test.Tap(p.button)
	test.Type(p.search, query)
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

// district is two townships with sites, and two people.
type district struct {
	tongle, xincheng, tongquan, lexi, xiaozhai *data.Site
	zhang, wang                                *data.Person
}

func newDistrict(t *testing.T, st *data.Store) district {
	var d district
	d.tongle = saveTestSite(t, st, "同乐街道", nil)
	d.xincheng = saveTestSite(t, st, "鑫城社区", d.tongle)
	d.tongquan = saveTestSite(t, st, "通泉街道", nil)
	d.lexi = saveTestSite(t, st, "乐熙社区", d.tongquan)
	d.xiaozhai = saveTestSite(t, st, "小寨社区", d.tongquan)
	d.zhang = savePerson(t, st, "张伟", data.CategoryLeader, "区政协")
	d.wang = savePerson(t, st, "王芳", data.CategoryMember, "区人民医院")
	return d
}

func TestAddAssignmentWithPickers(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共0条")

	test.Tap(button(t, c, "新增挂包联系"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	if got := f.inputs["from_date"].(*formEntry).Text; got != data.Today().String() {
		t.Errorf("a new assignment starts %q, want today", got)
	}
	person := f.inputs["person_id"].(*picker)
	pickIn(t, person, "张")
	// The site picker searches the township's name too: 同乐 finds 鑫城社区
	// under it, and the list narrows as one types.
	site := f.inputs["site_id"].(*picker)
	test.Tap(site.button)
	test.Type(site.search, "同乐")
	if len(site.shown) != 2 {
		t.Errorf("同乐 matches %d sites, want the township and 鑫城社区", len(site.shown))
	}
	test.Type(site.search, " 鑫城")
	if len(site.shown) != 1 {
		t.Fatalf("同乐 鑫城 matches %d sites", len(site.shown))
	}
	site.list.Select(0)
	assertShown(t, c, "张伟（区政协）", "鑫城社区（同乐街道）")
	f.inputs["role"].(*enumSelect).SetSelected("牵头领导")
	f.inputs["from_date"].(*formEntry).SetText("2020年3月24日")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}

	assertShown(t, c, "张伟", "牵头领导", "鑫城社区", "同乐街道", "2020-03-24", "挂包中", "共1条", "已保存挂包联系“张伟 → 鑫城社区”")
	as, err := st.Assignments(bg, data.AssignmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].PersonID != d.zhang.ID || as[0].SiteID != d.xincheng.ID || as[0].Role != data.RoleLead ||
		as[0].FromDate != data.NewDate(2020, 3, 24) || !as[0].ToDate.IsZero() {
		t.Errorf("stored %+v", as)
	}
	if len(s.table.rows) != 1 {
		t.Errorf("table rows %d", len(s.table.rows))
	}
}

// Esc in the picker's search closes the picker, not the form under it.
func TestPickerEscKeepsForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	newDistrict(t, st)
	assignmentsScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增挂包联系"))
	p := u.form.inputs["person_id"].(*picker)
	before := len(c.Overlays().List())
	test.Tap(p.button)
	if len(c.Overlays().List()) != before+1 {
		t.Fatal("the picker did not open")
	}
	p.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(c.Overlays().List()) != before || u.form == nil {
		t.Errorf("Esc: %d overlays, form open %v", len(c.Overlays().List()), u.form != nil)
	}
	if p.chosen != 0 {
		t.Errorf("Esc chose %d", p.chosen)
	}
}

func TestAssignmentValidation(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveAssignment(t, st, d.wang, d.lexi, data.RoleLiaison, data.NewDate(2020, 4, 2), data.Date{})
	assignmentsScreen(t, u)
	c := u.win.Canvas()

	test.Tap(button(t, c, "新增挂包联系"))
	f := u.form
	f.inputs["from_date"].(*formEntry).SetText("2021-05-01")
	f.inputs["to_date"].(*formEntry).SetText("2021-04-30")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "请选择人员。", "请选择试点单位。", "请选择联系角色", "结束日期不能早于开始日期。")
	f.inputs["to_date"].(*formEntry).SetText("2020-13-45")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "不是正确的日期", "请选择人员。")

	// The same person on the same site in the same role over the same days
	// is refused under the person field.
	pickIn(t, f.inputs["person_id"].(*picker), "王芳")
	pickIn(t, f.inputs["site_id"].(*picker), "乐熙")
	f.inputs["role"].(*enumSelect).SetSelected("联系委员")
	f.inputs["to_date"].(*formEntry).SetText("")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on a duplicate")
	}
	assertShown(t, c, "王芳在这段时间内已是乐熙社区的联系委员")
	if as, _ := st.Assignments(bg, data.AssignmentFilter{}); len(as) != 1 {
		t.Errorf("%d assignments stored", len(as))
	}
	// Another site saves, with everything chosen kept.
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	if as, _ := st.Assignments(bg, data.AssignmentFilter{SiteID: d.xiaozhai.ID}); len(as) != 1 || as[0].PersonID != d.wang.ID {
		t.Errorf("stored %+v", as)
	}
}

// Ending an assignment in the form takes it off the "current only" list;
// unticking the box shows it as ended.
func TestEndAssignment(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	a := saveAssignment(t, st, d.zhang, d.tongle, data.RoleLead, data.NewDate(2020, 3, 1), data.Date{})
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	s.table.selectID(a.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f := u.form
	if f == nil {
		t.Fatal("Enter did not open the form")
	}
	assertShown(t, c, "编辑挂包联系：张伟 → 同乐街道", "张伟（区政协）")
	test.Type(f.inputs["to_date"].(*formEntry), "2023.6.30")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "共0条")
	s.current.SetChecked(false)
	assertShown(t, c, "共1条", "2023-06-30", "已结束")
	got, _ := st.Assignment(bg, a.ID)
	if got.ToDate != data.NewDate(2023, 6, 30) {
		t.Errorf("stored %+v", got)
	}
}

func TestDeleteAssignmentWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	a := saveAssignment(t, st, d.wang, d.lexi, data.RoleLiaison, data.Date{}, data.Date{})
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	s.table.selectID(a.ID)
	test.Tap(button(t, c, "删除"))
	assertShown(t, c, "把“王芳 → 乐熙社区”移入回收站？")
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "已将“王芳 → 乐熙社区”移入回收站", "共0条")
	if _, err := st.Assignment(bg, a.ID); data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("assignment still live: %v", err)
	}
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "共1条", "乐熙社区")
	if _, err := st.Assignment(bg, a.ID); err != nil {
		t.Fatalf("undo did not restore: %v", err)
	}
}

func TestAssignmentsFilterAndSort(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveAssignment(t, st, d.zhang, d.tongle, data.RoleLead, data.NewDate(2020, 3, 1), data.Date{})
	saveAssignment(t, st, d.wang, d.xincheng, data.RoleLiaison, data.NewDate(2020, 3, 1), data.Date{})
	saveAssignment(t, st, d.zhang, d.lexi, data.RoleLead, data.NewDate(2020, 4, 1), data.Date{})
	saveAssignment(t, st, d.wang, d.xiaozhai, data.RoleLiaison, data.NewDate(2020, 4, 1), data.NewDate(2021, 12, 31))
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	if !s.current.Checked {
		t.Error("current only is not on by default")
	}
	assertShown(t, c, "共3条")
	assertNotShown(t, c, "小寨社区")

	s.township.SetSelected("通泉街道")
	assertShown(t, c, "共1条", "乐熙社区")
	assertNotShown(t, c, "鑫城社区")
	s.current.SetChecked(false)
	assertShown(t, c, "共2条", "小寨社区", "已结束")

	s.township.SetSelectedIndex(0)
	s.role.SetSelected("联系委员")
	assertShown(t, c, "共2条")
	assertNotShown(t, c, "张伟")

	s.role.SetSelectedIndex(0)
	test.Type(s.search, "鑫城")
	assertShown(t, c, "共1条", "王芳")
	s.search.SetText("")
	assertShown(t, c, "共4条")
	// By pinyin 王 (wang) comes before 张 (zhang); descending puts 张伟 first.
	test.Tap(button(t, c, "人员"))
	test.Tap(button(t, c, "人员 ▲"))
	if first := s.table.rows[0].PersonName; first != "张伟" {
		t.Errorf("sorted descending, first row %q", first)
	}
	assertShown(t, c, "人员 ▼")
}

// The coverage tab lists the sites without a lead; one click opens the form
// with the site and the lead role set, and saving closes the gap.
func TestCoverageAssignsLeadInOneClick(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveAssignment(t, st, d.zhang, d.tongle, data.RoleLead, data.NewDate(2020, 3, 1), data.Date{})
	saveAssignment(t, st, d.wang, d.xincheng, data.RoleLiaison, data.NewDate(2020, 3, 1), data.Date{})
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	s.tabs.SelectIndex(1)
	assertShown(t, c, "缺少牵头领导的试点单位（4个）", "合计", "鑫城社区（同乐街道）", "小寨社区（通泉街道）")
	total := s.coverage.rows[len(s.coverage.rows)-1]
	if total.Sites != 5 || total.SitesWithLead != 1 || total.Leads != 1 || total.Liaisons != 1 {
		t.Errorf("total row %+v", total)
	}
	// Choosing a township narrows the gaps to it.
	s.coverage.selectRow(0)
	assertShown(t, c, "同乐街道缺少牵头领导的试点单位（1个）")
	assertNotShown(t, c, "小寨社区")

	test.Tap(button(t, c, "指定牵头领导"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	if f.inputs["site_id"].(*picker).chosen != d.xincheng.ID || f.inputs["role"].(*enumSelect).code() != data.RoleLead {
		t.Errorf("form not preset: site %d, role %q", f.inputs["site_id"].(*picker).chosen, f.inputs["role"].(*enumSelect).code())
	}
	pickIn(t, f.inputs["person_id"].(*picker), "张伟")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "所有试点单位都有牵头领导。")
	s.coverage.selectRow(len(s.coverage.rows) - 1)
	assertShown(t, c, "缺少牵头领导的试点单位（3个）")
	if gaps, _ := st.SitesWithoutLead(bg, data.Date{}); len(gaps) != 3 {
		t.Errorf("%d sites still without a lead", len(gaps))
	}
}

func TestAssignmentsInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	newDistrict(t, st)
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "Person", "Role", "Pilot site", "0 rows")
	if s.current.Text != "Current only" || s.role.Selected != "All roles" {
		t.Errorf("filters read %q, %q", s.current.Text, s.role.Selected)
	}
	test.Tap(button(t, c, "New assignment"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please choose the person.", "Please choose the pilot site.")
	test.Tap(button(t, c, "Cancel"))
	s.tabs.SelectIndex(1)
	assertShown(t, c, "Pilot sites without a lead (5)", "Total", "Assign a lead")
	assertNotShown(t, c, "牵头")
}
