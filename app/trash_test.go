package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

func trashScreen(t *testing.T, u *UI) *TrashScreen {
	t.Helper()
	u.showScreen("trash")
	s, ok := u.screen().(*TrashScreen)
	if !ok {
		t.Fatalf("current screen is %T", u.screen())
	}
	return s
}

// trashedTownship puts a township and one of its villages in the trash,
// the village first (a township with live sites cannot go).
func trashedTownship(t *testing.T, st *data.Store) (town, village *data.Site) {
	t.Helper()
	town = &data.Site{Name: "盘江镇", Kind: data.KindTownship, Status: data.StatusPlanned}
	if err := st.SaveSite(bg, town); err != nil {
		t.Fatal(err)
	}
	village = &data.Site{Name: "方城社区", Kind: data.KindCommunity, ParentID: &town.ID, Status: data.StatusPlanned}
	if err := st.SaveSite(bg, village); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(bg, village.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(bg, town.ID); err != nil {
		t.Fatal(err)
	}
	return town, village
}

func trashCount(t *testing.T, st *data.Store) int {
	t.Helper()
	items, err := st.Trash(bg)
	if err != nil {
		t.Fatal(err)
	}
	return len(items)
}

func TestTrashRestoreShowsRefusalThenRestores(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	town, village := trashedTownship(t, st)
	s := trashScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共2条", "盘江镇", "方城社区", "试点单位")
	assertNotShown(t, c, "回收站是空的")

	// The village cannot come back while its township is in the trash: the
	// data layer's sentence is shown and nothing changes.
	s.table.selectID(trashKey(data.TrashItem{Entity: "site", ID: village.ID}))
	test.Tap(button(t, c, "恢复"))
	assertShown(t, c, "它所属的乡镇（街道）已被删除，请先恢复该乡镇。")
	if _, err := st.Site(bg, village.ID); err == nil {
		t.Fatal("village restored despite its township in the trash")
	}
	test.Tap(button(t, c, "确定"))

	// The township first (Enter restores), then the village.
	s.table.selectID(trashKey(data.TrashItem{Entity: "site", ID: town.ID}))
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	assertShown(t, c, "已恢复试点单位“盘江镇”", "共1条")
	s.table.selectID(trashKey(data.TrashItem{Entity: "site", ID: village.ID}))
	test.Tap(button(t, c, "恢复"))
	assertShown(t, c, "共0条")
	if _, err := st.Site(bg, village.ID); err != nil {
		t.Fatalf("village not restored: %v", err)
	}
}

func TestTrashPurgeAsksByNameFirst(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	_, village := trashedTownship(t, st)
	s := trashScreen(t, u)
	c := u.win.Canvas()

	s.table.selectID(trashKey(data.TrashItem{Entity: "site", ID: village.ID}))
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "彻底删除试点单位“方城社区”？", "彻底删除后无法恢复")
	test.Tap(button(t, c, "取消"))
	if n := trashCount(t, st); n != 2 {
		t.Fatalf("cancelled purge left %d in the trash", n)
	}

	test.Tap(button(t, c, "彻底删除…"))
	test.Tap(button(t, c, "彻底删除"))
	assertShown(t, c, "已彻底删除试点单位“方城社区”", "共1条")
	assertNotShown(t, c, "方城社区”？")
	if n := trashCount(t, st); n != 1 {
		t.Fatalf("%d left in the trash", n)
	}
	changes, _ := st.Changes(bg, data.ChangeFilter{Entity: "site"})
	if len(changes) == 0 || changes[0].Action != data.ActionPurge || changes[0].Title != "方城社区" {
		t.Errorf("latest change %+v", changes[0])
	}
}

func TestTrashFilterSearchSortAndEmpty(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	trashedTownship(t, st)
	p := &data.Person{Name: "李华", Category: data.CategoryMember}
	if err := st.SavePerson(bg, p); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashPerson(bg, p.ID); err != nil {
		t.Fatal(err)
	}
	s := trashScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "共3条")
	// Restore and purge act on the selected row: greyed out until one is.
	rowActions := func(enabled bool) {
		t.Helper()
		for _, label := range []string{"恢复", "彻底删除…"} {
			if b := button(t, c, label); b.Disabled() == enabled {
				t.Errorf("%s: disabled %v, want %v", label, b.Disabled(), !enabled)
			}
		}
	}
	rowActions(false)
	s.table.selectRow(1)
	rowActions(true)

	// Newest first: the person went last.
	if s.table.rows[0].Title != "李华" {
		t.Errorf("first row %q", s.table.rows[0].Title)
	}
	s.kind.SetSelected("人员")
	assertShown(t, c, "共1条", "李华")
	assertNotShown(t, c, "盘江镇")
	s.kind.SetSelectedIndex(0)
	test.Type(s.search, "方城")
	assertShown(t, c, "共1条", "方城社区")
	assertNotShown(t, c, "李华")
	s.search.SetText("")

	// Sorting by title puts 方城 (U+65B9) before 李 (U+674E) and 盘 (U+76D8).
	test.Tap(button(t, c, "名称／内容"))
	if got := s.table.rows[0].Title; got != "方城社区" {
		t.Errorf("sorted, first row %q", got)
	}

	test.Tap(button(t, c, "清空回收站…"))
	assertShown(t, c, "将彻底删除回收站中的全部3条记录")
	test.Tap(button(t, c, "全部彻底删除"))
	s.tasks.Wait()
	assertShown(t, c, "已清空回收站，彻底删除3条记录", "共0条", "回收站是空的。")
	rowActions(false)
	if !button(t, c, "清空回收站…").Disabled() {
		t.Error("emptying an empty trash is offered")
	}
	if n := trashCount(t, st); n != 0 {
		t.Errorf("%d left after emptying", n)
	}
}

func TestTrashInEnglish(t *testing.T) {
	u, st := newTestUI(t, LangEN)
	_, village := trashedTownship(t, st)
	s := trashScreen(t, u)
	c := u.win.Canvas()
	assertShown(t, c, "2 rows", "Pilot site", "Deleted at")
	s.table.selectID(trashKey(data.TrashItem{Entity: "site", ID: village.ID}))
	test.Tap(button(t, c, "Restore"))
	assertShown(t, c, "Its township was deleted; restore the township first.")
	assertNotShown(t, c, "乡镇")
}
