package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

// A 界别 assigned to a site through the third tab's form is stored, listed,
// and counted in the coverage tab beside the persons.
func TestGroupGuideThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	saveAssignment(t, st, d.zhang, d.lexi, data.RoleLead, data.NewDate(2020, 3, 1), data.Date{})
	s := assignmentsScreen(t, u)
	c := u.win.Canvas()
	s.tabs.SelectIndex(2)
	assertShown(t, c, "共0条")
	test.Tap(button(t, c, "新增委室、界别挂包"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	pickIn(t, f.inputs["site_id"].(*picker), "小寨")
	f.inputs["kind"].(*enumSelect).SetSelected("界别")
	test.Type(f.inputs["name"].(*formEntry), "经济界")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	assertShown(t, c, "小寨社区", "界别", "经济界", "共1条")
	rows, err := st.GroupAssignments(bg, 0)
	if err != nil || len(rows) != 1 || rows[0].SiteID != d.xiaozhai.ID || rows[0].Kind != "sector" || rows[0].FromDate != data.Today() {
		t.Fatalf("stored %+v %v", rows, err)
	}
	s.tabs.SelectIndex(1)
	assertShown(t, c, "委室界别挂包")
	total := s.coverage.rows[len(s.coverage.rows)-1]
	if got := s.groups.cover[total.TownshipID]; got != 1 {
		t.Errorf("sites a group guides, in all: %d", got)
	}
	if got := s.groups.cover[d.tongquan.ID]; got != 1 {
		t.Errorf("in 通泉街道: %d", got)
	}
}
