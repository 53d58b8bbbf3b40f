package data

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustPanel(t *testing.T, st *Store, name string) *Panel {
	t.Helper()
	p := &Panel{Name: name}
	if err := st.SavePanel(ctx, p); err != nil {
		t.Fatalf("save panel %s: %v", name, err)
	}
	return p
}

func mustMember(t *testing.T, st *Store, panelID, personID uint, department string) *PanelMember {
	t.Helper()
	m := &PanelMember{PanelID: panelID, PersonID: personID, Department: department}
	if err := st.SavePanelMember(ctx, m); err != nil {
		t.Fatalf("save member %d of %d: %v", personID, panelID, err)
	}
	return m
}

func TestPanelValidation(t *testing.T) {
	st := openTest(t)
	mustPanel(t, st, "区政策顾问团")
	cases := []struct {
		name  string
		panel Panel
		field string
	}{
		{"empty name", Panel{Name: "  "}, "name"},
		{"long name", Panel{Name: strings.Repeat("团", 101)}, "name"},
		{"duplicate name", Panel{Name: " 区政策顾问团 "}, "name"},
		{"long description", Panel{Name: "甲", Description: strings.Repeat("述", 501)}, "description"},
		{"long notes", Panel{Name: "甲", Notes: strings.Repeat("注", 2001)}, "notes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.panel
			err := st.SavePanel(ctx, &p)
			fieldErr(t, err, c.field)
			if p.ID != 0 {
				t.Error("a refused panel got an ID")
			}
		})
	}
	if e := FieldErrors(st.SavePanel(ctx, &Panel{Name: "区政策顾问团"})).Field("name"); e == nil || e.ZH != "已有同名的政策顾问团。" {
		t.Errorf("duplicate message: %+v", e)
	}
	p := mustPanel(t, st, "乡贤顾问团")
	p.Description = "由乡贤、老党员组成"
	if err := st.SavePanel(ctx, p); err != nil || p.Version != 2 {
		t.Fatalf("update: %v %+v", err, p)
	}
	stale := *p
	stale.Version = 1
	if err := st.SavePanel(ctx, &stale); ErrorCode(err) != EConflict {
		t.Errorf("stale save: %v", err)
	}
	list, err := st.Panels(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "区政策顾问团" || list[1].Description != "由乡贤、老党员组成" {
		t.Errorf("panels: %+v %v", list, err)
	}
	got, err := st.Panel(ctx, p.ID)
	if err != nil || got.Name != "乡贤顾问团" {
		t.Errorf("panel: %+v %v", got, err)
	}
}

func TestPanelMemberValidation(t *testing.T) {
	st := openTest(t)
	panel := mustPanel(t, st, "区政策顾问团")
	gone := mustPanel(t, st, "旧顾问团")
	p := mustPerson(t, st, &Person{Name: "张三", Category: CategoryStaff})
	away := mustPerson(t, st, &Person{Name: "李四", Category: CategoryStaff})
	m := mustMember(t, st, panel.ID, p.ID, "县民政局")
	if m.PanelName != "区政策顾问团" || m.PersonName != "张三" {
		t.Errorf("names not filled: %+v", m)
	}
	if err := st.TrashPanel(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashPerson(ctx, away.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		member PanelMember
		field  string
	}{
		{"no panel", PanelMember{PersonID: p.ID}, "panel_id"},
		{"no person", PanelMember{PanelID: panel.ID}, "person_id"},
		{"missing panel", PanelMember{PanelID: 999, PersonID: p.ID}, "panel_id"},
		{"trashed panel", PanelMember{PanelID: gone.ID, PersonID: p.ID}, "panel_id"},
		{"missing person", PanelMember{PanelID: panel.ID, PersonID: 999}, "person_id"},
		{"trashed person", PanelMember{PanelID: panel.ID, PersonID: away.ID}, "person_id"},
		{"twice on the panel", PanelMember{PanelID: panel.ID, PersonID: p.ID, Department: "县财政局"}, "person_id"},
		{"long department", PanelMember{PanelID: panel.ID, PersonID: p.ID, Department: strings.Repeat("部", 101)}, "department"},
		{"long expertise", PanelMember{PanelID: panel.ID, PersonID: p.ID, Expertise: strings.Repeat("专", 201)}, "expertise"},
		{"long notes", PanelMember{PanelID: panel.ID, PersonID: p.ID, Notes: strings.Repeat("注", 2001)}, "notes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := c.member
			err := st.SavePanelMember(ctx, &x)
			fieldErr(t, err, c.field)
			if x.ID != 0 {
				t.Error("a refused member got an ID")
			}
		})
	}
	err := st.SavePanelMember(ctx, &PanelMember{PanelID: panel.ID, PersonID: p.ID})
	if Message(err, "zh") != "张三已是“区政策顾问团”的成员，同一人在一个顾问团中只能登记一次。" ||
		Message(err, "en") != `张三 is already a member of "区政策顾问团"; a person can be on a panel only once.` {
		t.Errorf("duplicate message: %s / %s", Message(err, "zh"), Message(err, "en"))
	}
	// Editing the membership does not collide with itself.
	m.Expertise = " 社会救助 "
	if err := st.SavePanelMember(ctx, m); err != nil || m.Version != 2 || m.Expertise != "社会救助" {
		t.Fatalf("update: %v %+v", err, m)
	}
	got, err := st.PanelMember(ctx, m.ID)
	if err != nil || got.Expertise != "社会救助" || got.PersonName != "张三" || got.PanelName != "区政策顾问团" {
		t.Errorf("member: %+v %v", got, err)
	}
	// Once off the panel (trashed), the person may be added again; then the
	// old membership cannot come back.
	if err := st.TrashPanelMember(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	again := mustMember(t, st, panel.ID, p.ID, "县民政局")
	if err := st.RestoreTrash(ctx, "panel_member", m.ID); ErrorCode(err) != EConflict || !strings.Contains(Message(err, "zh"), "只能登记一次") {
		t.Errorf("restore over a new membership: %v", err)
	}
	if err := st.TrashPanelMember(ctx, again.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "panel_member", m.ID); err != nil {
		t.Fatal(err)
	}
	// The same person on two panels is fine.
	other := mustPanel(t, st, "乡贤顾问团")
	mustMember(t, st, other.ID, p.ID, "")
}

func TestPanelMembersOrder(t *testing.T) {
	st := openTest(t)
	panel := mustPanel(t, st, "区政策顾问团")
	other := mustPanel(t, st, "乡贤顾问团")
	for _, x := range []struct{ name, dept string }{
		{"王五", "财政局"}, {"李四", "教育局"}, {"赵六", ""}, {"钱七", "民政局"}, {"张三", "教育局"},
	} {
		mustMember(t, st, panel.ID, mustPerson(t, st, &Person{Name: x.name}).ID, x.dept)
	}
	hidden := mustPerson(t, st, &Person{Name: "孙八"})
	mustMember(t, st, panel.ID, hidden.ID, "教育局")
	if err := st.TrashPerson(ctx, hidden.ID); err != nil {
		t.Fatal(err)
	}
	mustMember(t, st, other.ID, mustPerson(t, st, &Person{Name: "周九"}).ID, "教育局")
	list, err := st.PanelMembers(ctx, panel.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range list {
		if m.PanelName != "区政策顾问团" {
			t.Errorf("panel name %q", m.PanelName)
		}
		got = append(got, m.Department+"/"+m.PersonName)
	}
	// Text order of the characters: 教 < 民 < 财, 张 < 李; blank department last.
	if s := strings.Join(got, ","); s != "教育局/张三,教育局/李四,民政局/钱七,财政局/王五,/赵六" {
		t.Errorf("order: %s", s)
	}
}

// One district: 26 departments recommended 46 people.
func TestPanelStats(t *testing.T) {
	st := openTest(t)
	district := mustPanel(t, st, "区政策顾问团")
	village := mustPanel(t, st, "乡贤顾问团")
	empty := mustPanel(t, st, "新顾问团")
	trashed := mustPanel(t, st, "已撤销顾问团")
	person := func(i int) uint {
		return mustPerson(t, st, &Person{Name: fmt.Sprintf("顾问%02d", i), Category: CategoryStaff}).ID
	}
	n := 0
	for dept := 1; dept <= 26; dept++ {
		per := 1
		if dept <= 20 {
			per = 2 // 20×2 + 6×1 = 46
		}
		for j := 0; j < per; j++ {
			n++
			mustMember(t, st, district.ID, person(n), fmt.Sprintf("部门%02d", dept))
		}
	}
	// What must not count: a trashed membership, a trashed person, and a
	// second department name for nobody new.
	off := mustMember(t, st, district.ID, person(47), "部门27")
	if err := st.TrashPanelMember(ctx, off.ID); err != nil {
		t.Fatal(err)
	}
	gone := person(48)
	mustMember(t, st, district.ID, gone, "部门28")
	if err := st.TrashPerson(ctx, gone); err != nil {
		t.Fatal(err)
	}
	// The village panel: two from 民政局, one without a department, one of
	// them also on the district panel.
	mustMember(t, st, village.ID, 1, "民政局")
	mustMember(t, st, village.ID, person(49), "民政局")
	mustMember(t, st, village.ID, person(50), "")
	mustMember(t, st, trashed.ID, person(51), "部门01")
	if err := st.TrashPanel(ctx, trashed.ID); err != nil {
		t.Fatal(err)
	}

	stats, err := st.PanelStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []PanelStat{
		{PanelID: district.ID, Name: "区政策顾问团", Departments: 26, People: 46},
		{PanelID: village.ID, Name: "乡贤顾问团", Departments: 1, People: 3},
		{PanelID: empty.ID, Name: "新顾问团", Departments: 0, People: 0},
	}
	if !reflect.DeepEqual(stats, want) {
		t.Errorf("stats:\n got %+v\nwant %+v", stats, want)
	}
	if list, _ := st.PanelMembers(ctx, district.ID); len(list) != 46 || list[0].Department != "部门01" || list[45].Department != "部门26" {
		t.Errorf("district members: %d", len(list))
	}
}

func TestPanelTrashRestorePurge(t *testing.T) {
	st := openTest(t)
	panel := mustPanel(t, st, "区政策顾问团")
	zhang := mustPerson(t, st, &Person{Name: "张三"})
	li := mustPerson(t, st, &Person{Name: "李四"})
	wang := mustPerson(t, st, &Person{Name: "王五"})
	m1 := mustMember(t, st, panel.ID, zhang.ID, "民政局")
	m2 := mustMember(t, st, panel.ID, li.ID, "财政局")
	m3 := mustMember(t, st, panel.ID, wang.ID, "教育局")
	// 王五 leaves the panel on his own before the panel goes.
	if err := st.TrashPanelMember(ctx, m3.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "panel", panel.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live panel: %v", err)
	}
	if err := st.TrashPanel(ctx, panel.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Panels(ctx); len(list) != 0 {
		t.Errorf("trashed panel listed: %+v", list)
	}
	if _, err := st.Panel(ctx, panel.ID); ErrorCode(err) != ENotFound {
		t.Errorf("trashed panel read: %v", err)
	}
	var rows []PanelMember
	st.db.Unscoped().Where("panel_id = ?", panel.ID).Order("id").Find(&rows)
	var p Panel
	st.db.Unscoped().First(&p, panel.ID)
	if len(rows) != 3 || !rows[0].DeletedAt.Time.Equal(p.DeletedAt.Time) || !rows[1].DeletedAt.Time.Equal(p.DeletedAt.Time) ||
		!rows[2].DeletedAt.Valid || rows[2].DeletedAt.Time.Equal(p.DeletedAt.Time) || p.Version != 2 || rows[0].Version != 2 {
		t.Fatalf("after trashing the panel: %+v / %+v", p, rows)
	}
	// The trash shows the panel, and only the member who left on his own.
	items, err := st.Trash(ctx)
	if err != nil || len(items) != 2 || items[0].Entity != "panel" || items[0].Title != "区政策顾问团" ||
		items[1].Entity != "panel_member" || items[1].ID != m3.ID || items[1].Title != "区政策顾问团 / 王五" {
		t.Errorf("trash list: %+v %v", items, err)
	}
	// A member cannot come back without its panel, nor join a trashed one.
	if err := st.RestoreTrash(ctx, "panel_member", m1.ID); ErrorCode(err) != EConflict || !strings.Contains(Message(err, "zh"), "请先恢复该顾问团") {
		t.Errorf("restoring a member of a trashed panel: %v", err)
	}
	fieldErr(t, st.SavePanelMember(ctx, &PanelMember{PanelID: panel.ID, PersonID: wang.ID}), "panel_id")

	// The name is free while the panel is in the trash, which blocks the restore.
	dup := mustPanel(t, st, "区政策顾问团")
	if err := st.RestoreTrash(ctx, "panel", panel.ID); ErrorCode(err) != EConflict {
		t.Fatalf("restore over a live duplicate: %v", err)
	}
	if err := st.TrashPanel(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "panel", panel.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := st.PanelMembers(ctx, panel.ID)
	if len(list) != 2 || list[0].ID != m1.ID || list[1].ID != m2.ID || list[0].Version != 3 {
		t.Errorf("members back with the panel: %+v", list)
	}
	if _, err := st.PanelMember(ctx, m3.ID); ErrorCode(err) != ENotFound {
		t.Errorf("a member trashed on its own came back: %v", err)
	}

	// Purging the panel takes all its members, even one trashed on its own.
	if err := st.TrashPanel(ctx, panel.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "panel", panel.ID); err != nil {
		t.Fatal(err)
	}
	var left, n64 int64
	st.db.Unscoped().Model(&PanelMember{}).Where("panel_id = ?", panel.ID).Count(&left)
	st.db.Unscoped().Model(&Panel{}).Where("id = ?", panel.ID).Count(&n64)
	if left != 0 || n64 != 0 {
		t.Errorf("after purge: %d members, %d panels", left, n64)
	}
	// Nothing refers to 张三 any more.
	if err := st.TrashPerson(ctx, zhang.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "person", zhang.ID); err != nil {
		t.Fatal(err)
	}

	if got := actions(t, st, "panel"); got != "create:区政策顾问团,trash:区政策顾问团,create:区政策顾问团,trash:区政策顾问团,"+
		"restore:区政策顾问团,trash:区政策顾问团,purge:区政策顾问团" {
		t.Errorf("panel log: %s", got)
	}
	z, l, w := "区政策顾问团 / 张三", "区政策顾问团 / 李四", "区政策顾问团 / 王五"
	want := []string{"create:" + z, "create:" + l, "create:" + w, "trash:" + w, "trash:" + z, "trash:" + l,
		"restore:" + z, "restore:" + l, "trash:" + z, "trash:" + l, "purge:" + z, "purge:" + l, "purge:" + w}
	if got := actions(t, st, "panel_member"); got != strings.Join(want, ",") {
		t.Errorf("member log:\n got %s\nwant %s", got, strings.Join(want, ","))
	}
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "panel_member", EntityID: m3.ID, Limit: 1})
	if len(ch) != 1 || ch[0].Action != ActionPurge || !strings.Contains(ch[0].Before, `"department":"教育局"`) {
		t.Errorf("purge entry keeps the record: %+v", ch)
	}
}

func TestPanelMemberUpdateSummary(t *testing.T) {
	st := openTest(t)
	panel := mustPanel(t, st, "区政策顾问团")
	m := mustMember(t, st, panel.ID, mustPerson(t, st, &Person{Name: "张三"}).ID, "民政局")
	m.Department = "县民政局"
	if err := st.SavePanelMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "panel_member", EntityID: m.ID, Limit: 1})
	if len(ch) != 1 || ch[0].Title != "区政策顾问团 / 张三" || ch[0].Summary != "department: 民政局 → 县民政局" {
		t.Errorf("update entry: %+v", ch)
	}
}

// Emptying the trash takes a panel with its members and a person with their
// trashed assignment, whatever order the trash lists them in.
func TestEmptyTrashWithPanelsAndPeople(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "盘江镇")
	panel := mustPanel(t, st, "区政策顾问团")
	zhang := mustPerson(t, st, &Person{Name: "张三"})
	li := mustPerson(t, st, &Person{Name: "李四"})
	mustMember(t, st, panel.ID, zhang.ID, "民政局")
	mustMember(t, st, panel.ID, li.ID, "财政局")
	a := mustAssign(t, st, &Assignment{PersonID: li.ID, SiteID: town.ID, Role: RoleLead})
	for _, err := range []error{st.TrashPerson(ctx, li.ID), st.TrashAssignment(ctx, a.ID), st.TrashPanel(ctx, panel.ID)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	purged, left, err := st.EmptyTrash(ctx)
	if err != nil || len(left) != 0 || purged != 3 {
		t.Fatalf("empty trash: %d purged, left %+v, %v", purged, left, err)
	}
	for table, want := range map[string]int64{"panels": 0, "panel_members": 0, "assignments": 0, "people": 1} {
		var n int64
		st.db.Table(table).Count(&n)
		if n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
}
