package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func changeLogScreen(t *testing.T, u *UI) *ChangeLogScreen {
	t.Helper()
	u.showScreen("changelog")
	s, ok := u.screen().(*ChangeLogScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// someChanges creates, edits and trashes a site and creates a person:
// four lines in the log.
func someChanges(t *testing.T, st *data.Store) {
	t.Helper()
	site := &data.Site{Name: "乐熙社区", Kind: data.KindTownship, Status: data.StatusPlanned}
	mustDo(t, st.SaveSite(bg, site))
	site.Status = data.StatusUnveiled
	site.UnveiledOn = data.NewDate(2020, 4, 2)
	site.Platform = "议事站"
	mustDo(t, st.SaveSite(bg, site))
	mustDo(t, st.TrashSite(bg, site.ID))
	mustDo(t, st.SavePerson(bg, &data.Person{Name: "李华", Category: data.CategoryMember}))
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestChangeLogReadableNewestFirst(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	someChanges(t, st)
	s := changeLogScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共4条", "乐熙社区", "李华", "新增", "修改", "移入回收站", "试点单位", "人员")
	var actions []string
	for _, r := range s.table.rows {
		actions = append(actions, r.Action)
	}
	if want := []string{"create", "trash", "update", "create"}; !slices.Equal(actions, want) {
		t.Errorf("order %v, want %v", actions, want)
	}
	// Field names and enumeration codes in the window's language.
	edit := s.table.rows[2]
	got := s.table.cols[5].text(edit)
	for _, w := range []string{"状态：筹备中 → 已挂牌", "挂牌日期：（空） → 2020-04-02", "议事平台：（空） → 议事站"} {
		if !strings.Contains(got, w) {
			t.Errorf("summary %q lacks %q", got, w)
		}
	}
	if strings.Contains(got, "status") || strings.Contains(got, "planned") {
		t.Errorf("summary %q still in data's words", got)
	}

	// Enter opens the change in full, a field per line.
	s.table.selectID(edit.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assertShown(t, c, "修改试点单位“乐熙社区”", "状态：筹备中 → 已挂牌\n")
	test.Tap(button(t, c, "关闭"))
}

// The log names the office's 填表人 as the operator once it is set (the
// OS account before), and shows an empty field in words, never as ∅.
func TestChangeLogOperatorAndEmptyValues(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	site := &data.Site{Name: "鑫城社区", Kind: data.KindTownship, Status: data.StatusPlanned}
	mustDo(t, st.SaveSite(bg, site))
	mustDo(t, st.SaveOffice(bg, &data.Office{District: "陆良县", ReportUnit: "政协陆良县委员会办公室", Preparer: "王芳"}))
	site.Platform, site.Address = "议事厅", "同乐街道"
	mustDo(t, st.SaveSite(bg, site))
	s := changeLogScreen(t, u)
	c := u.win.Canvas()
	if len(s.table.rows) != 2 {
		t.Fatalf("%d changes", len(s.table.rows))
	}
	if got := s.table.cols[1].text(s.table.rows[0]); got != "王芳" {
		t.Errorf("operator %q, want the 填表人", got)
	}
	if got := s.table.cols[1].text(s.table.rows[1]); got == "王芳" || got == "" {
		t.Errorf("before the 填表人 was set the operator is %q, want the OS account", got)
	}
	assertShown(t, c, "王芳", "议事平台：（空） → 议事厅")
	s.table.selectID(s.table.rows[0].ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assertShown(t, c, "操作人：王芳", "地址：（空） → 同乐街道\n")
	assertNotShown(t, c, "∅")
}

func TestChangeLogFilterSearchSort(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	someChanges(t, st)
	s := changeLogScreen(t, u)
	c := u.win.Canvas()

	s.kind.SetSelected("人员")
	assertShown(t, c, "共1条", "李华")
	assertNotShown(t, c, "乐熙社区")
	s.kind.SetSelected("试点单位")
	assertShown(t, c, "共3条")
	assertNotShown(t, c, "李华")
	s.kind.SetSelectedIndex(0)

	test.Type(s.search, "已挂牌")
	assertShown(t, c, "共1条")
	if len(s.table.rows) != 1 || s.table.rows[0].Action != data.ActionUpdate {
		t.Errorf("search found %+v", s.table.rows)
	}
	s.search.SetText("")
	assertShown(t, c, "共4条")

	// Oldest first by the time header.
	test.Tap(button(t, c, "时间"))
	if r := s.table.rows[0]; r.Action != data.ActionCreate || r.Title != "乐熙社区" {
		t.Errorf("oldest first: %+v", r)
	}
	assertShown(t, c, "时间 ▲")
}

func TestChangeLogInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	someChanges(t, st)
	s := changeLogScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "4 rows", "Created", "Moved to trash", "Pilot site")
	got := s.table.cols[5].text(s.table.rows[2])
	if !strings.Contains(got, "Status: Planned → Unveiled") || !strings.Contains(got, "Unveiled on: (empty) → 2020-04-02") {
		t.Errorf("summary %q", got)
	}
}

// A follow-up item's status reads in words too, though its field is not
// named after its enumeration.
func TestChangeLogFollowUpItem(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	item := data.FollowUpItem{Task: "设置临时停车场", Unit: "通泉街道办事处", Deadline: data.Today()}
	a := saveActivity(t, st, d.xiaozhai, data.Today(), "交通和环境", data.SourcePublic, 20, 0, item)
	detail, err := st.Activity(bg, a.ID)
	mustDo(t, err)
	it := detail.Items[0]
	it.Status, it.Progress, it.Deadline = data.FollowUpInProgress, 50, data.Today().AddDays(10)
	mustDo(t, st.SaveActivity(bg, &detail.Activity, detail.Attendees, []data.FollowUpItem{it}))
	s := changeLogScreen(t, u)
	c := u.win.Canvas()
	s.kind.SetSelected("督办事项")
	// The item's dates by the follow-up's own words (办结时限, not a task's).
	assertShown(t, c, "设置临时停车场", "状态：未办结 → 办理中", "进度（%）：0 → 50",
		"办结时限："+data.Today().String()+" → "+data.Today().AddDays(10).String())
}
