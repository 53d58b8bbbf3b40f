package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func panelsScreen(t *testing.T, u *UI) *PanelsScreen {
	t.Helper()
	u.showScreen("panels")
	s, ok := u.screen().(*PanelsScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// panelWithMembers stores a panel and memberships given as person and
// department, people created on the way.
func panelWithMembers(t *testing.T, st *data.Store, name string, members ...[2]string) *data.Panel {
	t.Helper()
	p := &data.Panel{Name: name}
	if err := st.SavePanel(bg, p); err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		pe := &data.Person{Name: m[0], Category: data.CategoryStaff, Unit: m[1], Position: "科长"}
		if err := st.SavePerson(bg, pe); err != nil {
			t.Fatal(err)
		}
		if err := st.SavePanelMember(bg, &data.PanelMember{PanelID: p.ID, PersonID: pe.ID, Department: m[1]}); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestAddPanelAndMembers(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	savePerson(t, st, "杨帆", data.CategoryStaff, "县发展和改革局")
	savePerson(t, st, "何静", data.CategoryStaff, "县发展和改革局")
	savePerson(t, st, "罗军", data.CategoryStaff, "县自然资源局")
	s := panelsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "在左侧选中一个政策顾问团")

	// With no panel yet, Ctrl+N starts one.
	s.newRecord()
	f := u.form
	if f == nil {
		t.Fatal("the panel form did not open")
	}
	test.Type(f.inputs["name"].(*formEntry), "“协商在基层”政策顾问团")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "“协商在基层”政策顾问团", "0个部门0人")

	add := func(name, dept, expertise string) {
		t.Helper()
		test.Tap(button(t, c, "添加成员"))
		f := u.form
		if f == nil {
			t.Fatal("the member form did not open")
		}
		pickIn(t, f.inputs["person_id"].(*picker), name)
		test.Type(f.inputs["department"].(*suggestEntry), dept)
		test.Type(f.inputs["expertise"].(*formEntry), expertise)
		test.Tap(button(t, c, "保存"))
		if u.form != nil {
			t.Fatalf("form still open: %q", shownTexts(c))
		}
	}
	add("杨帆", "县发展和改革局", "项目审批")
	add("罗军", "县自然资源局", "土地政策")
	add("何静", "县发展和改革局", "价格政策")

	assertShown(t, c, "2个部门3人", "县发展和改革局", "杨帆", "何静", "县自然资源局", "土地政策", "共3条")
	// Grouped by department: the department is written once per group.
	var depts []string
	for _, r := range s.members.rows {
		depts = append(depts, s.departmentCell(r))
	}
	if want := []string{"县发展和改革局", "", "县自然资源局"}; !equalStrings(depts, want) {
		t.Errorf("department column %q, want %q", depts, want)
	}
	panels, _ := st.PanelStats(bg)
	if len(panels) != 1 || panels[0].Departments != 2 || panels[0].People != 3 {
		t.Errorf("stored %+v", panels)
	}
	// The department field now suggests what was typed before.
	test.Tap(button(t, c, "添加成员"))
	if got := s.departments(panels); !equalStrings(got, []string{"县发展和改革局", "县自然资源局"}) {
		t.Errorf("departments suggested %q", got)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPanelValidation(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	panelWithMembers(t, st, "县政策顾问团", [2]string{"杨帆", "县发展和改革局"})
	s := panelsScreen(t, u)
	c := u.win.Canvas()

	test.Tap(button(t, c, "新增顾问团"))
	f := u.form
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "请填写名称。")
	test.Type(f.inputs["name"].(*formEntry), "县政策顾问团")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "已有同名的政策顾问团。")
	if ps, _ := st.Panels(bg); len(ps) != 1 {
		t.Errorf("%d panels stored", len(ps))
	}
	f.cancel()
	test.Tap(button(t, c, "是"))

	// A member needs a person, and a person is on a panel once.
	test.Tap(button(t, c, "添加成员"))
	f = u.form
	test.Type(f.inputs["department"].(*suggestEntry), "县财政局")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "请选择人员。")
	pickIn(t, f.inputs["person_id"].(*picker), "杨帆")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "杨帆已是“县政策顾问团”的成员")
	if u.form == nil {
		t.Fatal("the form closed on a duplicate")
	}
	if got := f.inputs["department"].(*suggestEntry).Text; got != "县财政局" {
		t.Errorf("typed department lost: %q", got)
	}
	if ms, _ := st.PanelMembers(bg, s.panels.selectedID()); len(ms) != 1 {
		t.Errorf("%d members stored", len(ms))
	}
}

func TestEditPanelAndMember(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	p := panelWithMembers(t, st, "县政策顾问团", [2]string{"杨帆", "县发展和改革局"})
	s := panelsScreen(t, u)
	c := u.win.Canvas()

	s.panels.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f := u.form
	if f == nil {
		t.Fatal("Enter did not open the panel form")
	}
	assertShown(t, c, "编辑政策顾问团：县政策顾问团")
	f.inputs["name"].(*formEntry).SetText("区政策顾问团")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "区政策顾问团")
	if got, _ := st.Panel(bg, p.ID); got.Name != "区政策顾问团" {
		t.Errorf("stored %+v", got)
	}

	s.members.selectRow(0)
	s.members.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f = u.form
	if f == nil {
		t.Fatal("Enter did not open the member form")
	}
	assertShown(t, c, "编辑顾问团成员：杨帆")
	test.Type(f.inputs["expertise"].(*formEntry), "项目审批")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "项目审批")
	ms, _ := st.PanelMembers(bg, p.ID)
	if len(ms) != 1 || ms[0].Expertise != "项目审批" || ms[0].Department != "县发展和改革局" {
		t.Errorf("stored %+v", ms)
	}
}

func TestDeletePanelMemberAndPanelWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	p := panelWithMembers(t, st, "县政策顾问团",
		[2]string{"杨帆", "县发展和改革局"}, [2]string{"罗军", "县自然资源局"})
	s := panelsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "2个部门2人", "共2条")

	s.members.selectRow(1)
	s.members.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "把“罗军”移入回收站？")
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "已将“罗军”移入回收站", "1个部门1人", "共1条")
	assertNotShown(t, c, "县自然资源局")
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "2个部门2人", "县自然资源局")

	// The panel goes with its members, and comes back with them.
	s.panels.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "把“县政策顾问团”移入回收站？")
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "在左侧选中一个政策顾问团", "共0条")
	if ps, _ := st.Panels(bg); len(ps) != 0 {
		t.Errorf("%d panels live", len(ps))
	}
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "县政策顾问团", "2个部门2人", "杨帆", "罗军")
	if ms, _ := st.PanelMembers(bg, p.ID); len(ms) != 2 {
		t.Errorf("%d members restored", len(ms))
	}
}

func TestPanelMembersFilterAndSort(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	panelWithMembers(t, st, "县政策顾问团",
		[2]string{"杨帆", "县发展和改革局"}, [2]string{"何静", "县发展和改革局"}, [2]string{"罗军", "县自然资源局"})
	other := panelWithMembers(t, st, "乡村振兴顾问团", [2]string{"马丽", "县农业农村局"})
	s := panelsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共3条", "杨帆")

	test.Type(s.search, "自然资源")
	assertShown(t, c, "共1条", "罗军")
	assertNotShown(t, c, "杨帆")
	s.search.SetText("")

	// Sorted by name, each row names its department.
	test.Tap(button(t, c, "姓名"))
	var names, depts []string
	for _, r := range s.members.rows {
		names = append(names, r.PersonName)
		depts = append(depts, s.departmentCell(r))
	}
	// By pinyin: 何 (he) 罗 (luo) 杨 (yang).
	if !equalStrings(names, []string{"何静", "罗军", "杨帆"}) || !equalStrings(depts, []string{"县发展和改革局", "县自然资源局", "县发展和改革局"}) {
		t.Errorf("sorted rows %q %q", names, depts)
	}

	// Choosing the other panel shows its roster.
	s.panels.selectID(other.ID)
	s.panels.selectRow(s.panels.selected)
	assertShown(t, c, "马丽", "共1条", "县农业农村局")
	assertNotShown(t, c, "杨帆")
}

func TestPanelsInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	panelWithMembers(t, st, "县政策顾问团", [2]string{"杨帆", "县发展和改革局"})
	panelsScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "Departments: 1 · Members: 1", "1 / 1", "Recommended by", "Expertise", "Add member")
	test.Tap(button(t, c, "New panel"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please enter the name.")
	assertNotShown(t, c, "请")
}
