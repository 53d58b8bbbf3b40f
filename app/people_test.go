package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func peopleScreen(t *testing.T, u *UI) *PeopleScreen {
	t.Helper()
	u.showScreen("people")
	s, ok := u.screen().(*PeopleScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// savePerson stores a person for a test to start from.
func savePerson(t *testing.T, st *data.Store, name, category, unit string) *data.Person {
	t.Helper()
	p := &data.Person{Name: name, Category: category, Unit: unit}
	if err := st.SavePerson(bg, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAddPersonThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共0条")

	test.Tap(button(t, c, "新增人员"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	test.Type(f.inputs["name"].(*formEntry), "李华")
	f.inputs["gender"].(*enumSelect).SetSelected("女")
	f.inputs["category"].(*enumSelect).SetSelected("政协委员")
	test.Type(f.inputs["position"].(*formEntry), "区政协委员")
	test.Type(f.inputs["unit"].(*formEntry), "马龙区人民医院")
	sector := f.inputs["sector"].(*suggestEntry)
	test.Type(sector, "医药卫生界")
	test.Type(f.inputs["phone"].(*formEntry), "+86 139 8765 4321")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}

	assertShown(t, c, "李华", "女", "政协委员", "马龙区人民医院", "医药卫生界", "13987654321", "共1条",
		"已保存“李华”", "李华目前没有挂包联系的试点单位。")
	people, err := st.People(bg, data.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 1 || people[0].Name != "李华" || people[0].Gender != data.GenderFemale ||
		people[0].Category != data.CategoryMember || people[0].Sector != "医药卫生界" || people[0].Phone != "13987654321" {
		t.Errorf("stored %+v", people)
	}
	if s.table.selectedID() != people[0].ID {
		t.Error("the new person is not selected")
	}
}

// The sector field offers the usual 界别 in its drop-down menu.
func TestSectorSuggestions(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	peopleScreen(t, u)
	test.Tap(button(t, u.win.Canvas(), "新增人员"))
	sector := u.form.inputs["sector"].(*suggestEntry)
	test.Tap(sector.ActionItem.(fyne.Tappable))
	offered := map[string]bool{}
	for _, o := range visibleObjects(u.win.Canvas()) {
		if txt, ok := o.(*canvas.Text); ok {
			offered[txt.Text] = true
		}
	}
	for _, want := range []string{"中共", "九三学社", "经济界", "医药卫生界", "社会福利和社会保障界", "特邀人士"} {
		if !offered[want] {
			t.Errorf("%s not offered", want)
		}
	}
}

func TestPersonValidationKeepsInput(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	peopleScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增人员"))
	f := u.form
	test.Type(f.inputs["unit"].(*formEntry), "富源县水务局")
	test.Type(f.inputs["phone"].(*formEntry), "12345")
	test.Tap(button(t, c, "保存"))
	if u.form == nil {
		t.Fatal("the form closed on bad input")
	}
	assertShown(t, c, "请填写姓名。", "请选择人员类别。", "电话号码格式不对")
	if people, _ := st.People(bg, data.PersonFilter{}); len(people) != 0 {
		t.Errorf("%d people saved", len(people))
	}
	if got := f.inputs["unit"].(*formEntry).Text; got != "富源县水务局" {
		t.Errorf("typed unit lost: %q", got)
	}
	// Fixing the fields saves, and the messages go.
	test.Type(f.inputs["name"].(*formEntry), "王强")
	f.inputs["category"].(*enumSelect).SetSelected("部门人员")
	f.inputs["phone"].(*formEntry).SetText("0874-3123456")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertNotShown(t, c, "请填写姓名。")
	people, _ := st.People(bg, data.PersonFilter{})
	if len(people) != 1 || people[0].Unit != "富源县水务局" || people[0].Phone != "0874-3123456" {
		t.Errorf("stored %+v", people)
	}
}

func TestEditPersonWithEnter(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	p := savePerson(t, st, "赵敏", data.CategoryLeader, "县政协")
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	s.table.selectID(p.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f := u.form
	if f == nil {
		t.Fatal("Enter did not open the form")
	}
	assertShown(t, c, "编辑人员：赵敏")
	if got := f.inputs["category"].(*enumSelect).Selected; got != "领导" {
		t.Errorf("category shown %q", got)
	}
	test.Type(f.inputs["position"].(*formEntry), "县政协副主席")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "县政协副主席")
	got, _ := st.Person(bg, p.ID)
	if got.Position != "县政协副主席" || got.Unit != "县政协" {
		t.Errorf("stored %+v", got)
	}
}

// Esc in the sector field asks before throwing away what was typed.
func TestEscInSectorAsksFirst(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	peopleScreen(t, u)
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增人员"))
	f := u.form
	test.Type(f.inputs["name"].(*formEntry), "陈刚")
	sector := f.inputs["sector"].(*suggestEntry)
	sector.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	assertShown(t, c, "放弃修改？")
	test.Tap(button(t, c, "是"))
	if u.form != nil {
		t.Fatal("the form stayed open after discarding")
	}
	if people, _ := st.People(bg, data.PersonFilter{}); len(people) != 0 {
		t.Errorf("%d people saved", len(people))
	}
}

func TestDeletePersonWithUndo(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	savePerson(t, st, "周洁", data.CategoryMember, "")
	p := savePerson(t, st, "孙立", data.CategoryFigure, "外山社区")
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共2条")

	s.table.selectID(p.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "把“孙立”移入回收站？")
	test.Tap(button(t, c, "是"))
	assertShown(t, c, "已将“孙立”移入回收站", "共1条")
	assertNotShown(t, c, "外山社区")
	if _, err := st.Person(bg, p.ID); data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("person still live: %v", err)
	}
	test.Tap(button(t, c, "撤销"))
	assertShown(t, c, "共2条", "外山社区")
	if _, err := st.Person(bg, p.ID); err != nil {
		t.Fatalf("undo did not restore: %v", err)
	}
}

func TestPeopleFilterAndSort(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	savePerson(t, st, "张伟", data.CategoryLeader, "区政协")
	savePerson(t, st, "王芳", data.CategoryMember, "乐熙社区")
	savePerson(t, st, "李娜", data.CategoryMember, "通泉街道")
	savePerson(t, st, "刘洋", data.CategoryFigure, "小寨社区")
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共4条")

	s.category.SetSelected("政协委员")
	assertShown(t, c, "共2条", "王芳", "李娜")
	assertNotShown(t, c, "张伟")
	test.Type(s.search, "通泉")
	assertShown(t, c, "共1条", "李娜")
	assertNotShown(t, c, "王芳")

	s.search.SetText("")
	s.category.SetSelectedIndex(0)
	assertShown(t, c, "共4条")
	// Names sort by pinyin: 李 (li) 刘 (liu) 王 (wang) 张 (zhang).
	test.Tap(button(t, c, "姓名"))
	if first := s.table.rows[0].Name; first != "李娜" {
		t.Errorf("sorted by name, first row %q", first)
	}
	test.Tap(button(t, c, "姓名 ▲"))
	if first := s.table.rows[0].Name; first != "张伟" {
		t.Errorf("sorted descending, first row %q", first)
	}
}

func TestPeopleInEnglish(t *testing.T) {
	u, _ := newTestUI(t, LangEN)
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "Name", "Position", "Sector", "0 rows")
	if s.category.Selected != "All categories" {
		t.Errorf("category filter shows %q", s.category.Selected)
	}
	test.Tap(button(t, c, "New person"))
	test.Tap(button(t, c, "Save"))
	assertShown(t, c, "Please enter the name.", "Please choose the category.")
	assertNotShown(t, c, "请")
}

// "Assign to a site" opens the assignment form with the person chosen and,
// for a leader, the lead role; the detail line then lists the site.
func TestAssignFromPerson(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	s.table.selectRow(0)
	assertShown(t, c, "张伟目前没有挂包联系的试点单位。")
	test.Tap(button(t, c, "挂包到试点单位…"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	if got := f.inputs["person_id"].(*picker).chosen; got != d.zhang.ID {
		t.Errorf("person preset %d", got)
	}
	if got := f.inputs["role"].(*enumSelect).Selected; got != "牵头领导" {
		t.Errorf("role preset %q", got)
	}
	pickIn(t, f.inputs["site_id"].(*picker), "鑫城")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "张伟当前挂包联系：牵头领导：鑫城社区")
	as, _ := st.Assignments(bg, data.AssignmentFilter{PersonID: d.zhang.ID})
	if len(as) != 1 || as[0].SiteID != d.xincheng.ID || as[0].Role != data.RoleLead {
		t.Errorf("stored %+v", as)
	}
}

// Sorting by 姓名 reads surnames as people do: 沈 (shěn) between 申 and 石,
// not with 陈 where the plain pinyin collation puts it; 曾 (zēng) under Z.
func TestPeopleSortByNameReadsSurnames(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	for _, n := range []string{"石磊", "曾敏", "沈玉", "陈明", "张三", "申华"} {
		savePerson(t, st, n, data.CategoryMember, "")
	}
	s := peopleScreen(t, u)
	s.refresh()
	test.Tap(button(t, u.win.Canvas(), "姓名"))
	var got []string
	for _, r := range s.table.rows {
		got = append(got, r.Name)
	}
	if want := "陈明 申华 沈玉 石磊 曾敏 张三"; strings.Join(got, " ") != want {
		t.Errorf("sorted by name: %s, want %s", strings.Join(got, " "), want)
	}
}
