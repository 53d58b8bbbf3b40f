package data

import (
	"strings"
	"testing"
)

func mustPerson(t *testing.T, st *Store, p *Person) *Person {
	t.Helper()
	if p.Category == "" {
		p.Category = CategoryMember
	}
	if err := st.SavePerson(ctx, p); err != nil {
		t.Fatalf("save %s: %v", p.Name, err)
	}
	return p
}

// actions lists the change log of one entity, oldest first, as
// "action:title" pairs.
func actions(t *testing.T, st *Store, entity string) string {
	t.Helper()
	ch, err := st.Changes(ctx, ChangeFilter{Entity: entity})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(ch) - 1; i >= 0; i-- {
		if ch[i].User == "" {
			t.Errorf("change %d has no user", ch[i].ID)
		}
		out = append(out, ch[i].Action+":"+ch[i].Title)
	}
	return strings.Join(out, ",")
}

func TestPersonValidation(t *testing.T) {
	st := openTest(t)
	mustPerson(t, st, &Person{Name: "李明", Phone: "13812345678"})
	cases := []struct {
		name   string
		person Person
		field  string
	}{
		{"empty name", Person{Name: " ", Category: CategoryMember}, "name"},
		{"long name", Person{Name: strings.Repeat("名", 51), Category: CategoryMember}, "name"},
		{"no category", Person{Name: "甲"}, "category"},
		{"bad category", Person{Name: "甲", Category: "boss"}, "category"},
		{"bad gender", Person{Name: "甲", Category: CategoryLeader, Gender: "男"}, "gender"},
		{"bad phone", Person{Name: "甲", Category: CategoryLeader, Phone: "1381234"}, "phone"},
		{"long position", Person{Name: "甲", Category: CategoryStaff, Position: strings.Repeat("职", 101)}, "position"},
		{"long unit", Person{Name: "甲", Category: CategoryStaff, Unit: strings.Repeat("单", 101)}, "unit"},
		{"long sector", Person{Name: "甲", Category: CategoryMember, Sector: strings.Repeat("界", 51)}, "sector"},
		{"long notes", Person{Name: "甲", Category: CategoryFigure, Notes: strings.Repeat("备", 2001)}, "notes"},
		{"same name and phone", Person{Name: "李明", Category: CategoryStaff, Phone: "138 1234 5678"}, "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := c.person
			err := st.SavePerson(ctx, &p)
			fieldErr(t, err, c.field)
			if ErrorCode(err) != EInvalid {
				t.Errorf("code %s", ErrorCode(err))
			}
			if p.ID != 0 {
				t.Error("a refused person got an ID")
			}
		})
	}
	// Exactly at the limits is fine, and so are namesakes without the same phone.
	mustPerson(t, st, &Person{Name: strings.Repeat("名", 50), Position: strings.Repeat("职", 100), Gender: GenderFemale})
	mustPerson(t, st, &Person{Name: "李明", Phone: "13900000000"})
	mustPerson(t, st, &Person{Name: "李明"})
	mustPerson(t, st, &Person{Name: "李明"})
	all, err := st.People(ctx, PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Errorf("%d people stored, want 5", len(all))
	}
}

func TestPersonTidyUpdateAndList(t *testing.T) {
	st := openTest(t)
	p := mustPerson(t, st, &Person{Name: " 张三 ", Gender: GenderMale, Position: " 主任 ", Unit: "县民政局", Sector: "社会福利界",
		Phone: "+86 138-1234-5678", Category: CategoryStaff})
	if p.Name != "张三" || p.Position != "主任" || p.Phone != "13812345678" || p.Version != 1 {
		t.Errorf("tidy: %+v", p)
	}
	// Saving oneself again does not collide with one's own name and phone.
	p.Notes = "分管社区"
	mustPerson(t, st, p)
	got, err := st.Person(ctx, p.ID)
	if err != nil || got.Version != 2 || got.Notes != "分管社区" {
		t.Fatalf("after update: %+v %v", got, err)
	}
	stale := *got
	stale.Version = 1
	stale.Notes = "旧"
	if err := st.SavePerson(ctx, &stale); ErrorCode(err) != EConflict {
		t.Fatalf("stale save: %v", err)
	}
	if stale.Version != 1 {
		t.Error("a failed save changed the form's version")
	}
	mustPerson(t, st, &Person{Name: "王芳", Category: CategoryLeader, Unit: "县政协", Sector: "经济界"})
	mustPerson(t, st, &Person{Name: "赵六", Category: CategoryFigure, Notes: "老党员"})

	names := func(f PersonFilter) string {
		list, err := st.People(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range list {
			out = append(out, p.Name)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		f    PersonFilter
		want string
	}{
		{PersonFilter{}, "张三,王芳,赵六"},
		{PersonFilter{Category: CategoryLeader}, "王芳"},
		{PersonFilter{Keyword: "经济"}, "王芳"},
		{PersonFilter{Keyword: "民政"}, "张三"},
		{PersonFilter{Keyword: "1381234"}, "张三"},
		{PersonFilter{Keyword: "_"}, ""},
	} {
		if got := names(c.f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
	if err := st.TrashPerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := names(PersonFilter{}); got != "王芳,赵六" {
		t.Errorf("trashed person listed: %s", got)
	}
	if _, err := st.Person(ctx, p.ID); ErrorCode(err) != ENotFound {
		t.Errorf("trashed person read: %v", err)
	}
}

func TestFindPerson(t *testing.T) {
	st := openTest(t)
	a := mustPerson(t, st, &Person{Name: "张三", Phone: "13812345678", Unit: "县民政局"})
	b := mustPerson(t, st, &Person{Name: "张三", Unit: "通泉街道"})
	c := mustPerson(t, st, &Person{Name: "李四", Unit: "县财政局", Phone: "0874-3123456"})
	d := mustPerson(t, st, &Person{Name: "王五"})
	mustPerson(t, st, &Person{Name: "赵六", Unit: "县教育局"})
	mustPerson(t, st, &Person{Name: "赵六", Unit: "县教育局"})
	trashed := mustPerson(t, st, &Person{Name: "钱七", Phone: "13900000001"})
	if err := st.TrashPerson(ctx, trashed.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, phone, unit string
		want              uint // 0: none
	}{
		{"张三", "138 1234 5678", "", a.ID},        // name + phone, phone as typed
		{" 张三 ", "+8613812345678", "别的单位", a.ID}, // the phone wins over the unit
		{"张三", "", "县民政局", a.ID},                 // no phone on the row: name + unit
		{"张三", "", "通泉街道", b.ID},
		{"张三", "13700000000", "通泉街道", b.ID}, // stored without phone: name + unit
		{"张三", "13700000000", "县民政局", 0},    // both have phones and they differ: someone else
		{"张三", "", "", 0},                   // no stored 张三 without a unit
		{"李四", "0874-3123456", "", c.ID},
		{"李四", "", "县财政局", c.ID},
		{"王五", "", "", d.ID},
		{"王五", "13600000000", "", d.ID},
		{"王五", "", "某单位", 0},
		{"钱七", "13900000001", "", 0}, // trashed people are not matched
		{"孙八", "13812345678", "", 0}, // a phone alone is not a key
		{"", "13812345678", "县民政局", 0},
	}
	for _, c := range cases {
		got, err := st.FindPerson(ctx, c.name, c.phone, c.unit)
		if err != nil {
			t.Errorf("%q %q %q: %v", c.name, c.phone, c.unit, err)
			continue
		}
		var id uint
		if got != nil {
			id = got.ID
		}
		if id != c.want {
			t.Errorf("%q %q %q: found %d, want %d", c.name, c.phone, c.unit, id, c.want)
		}
	}
	// Two people share name and unit: refuse to guess.
	got, err := st.FindPerson(ctx, "赵六", "", "县教育局")
	if got != nil || ErrorCode(err) != EConflict || !strings.Contains(Message(err, "zh"), "赵六") {
		t.Errorf("ambiguous: %v %v", got, err)
	}
}

// rawExec and rawInsert write rows whose owners' code is not under test here.
func rawExec(t *testing.T, st *Store, sql string, args ...any) {
	t.Helper()
	if err := st.db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func rawInsert(t *testing.T, st *Store, sql string, args ...any) uint {
	t.Helper()
	var id uint
	if err := st.db.Raw(sql+" RETURNING id", args...).Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

func TestPersonTrashRestorePurge(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "通泉街道")
	p := mustPerson(t, st, &Person{Name: "张三", Phone: "13812345678", Category: CategoryLeader})
	other := mustPerson(t, st, &Person{Name: "李四"})
	as := mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: town.ID, Role: RoleLead})
	panel := mustPanel(t, st, "政策顾问团")
	pm := mustMember(t, st, panel.ID, p.ID, "县民政局")

	if err := st.PurgeTrash(ctx, "person", p.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live person: %v", err)
	}
	if err := st.TrashPerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	// The history stays but no longer counts.
	if list, _ := st.Assignments(ctx, AssignmentFilter{}); len(list) != 0 {
		t.Errorf("assignment of a trashed person listed: %+v", list)
	}
	if sites, _ := st.SitesWithoutLead(ctx, NewDate(2024, 1, 1)); len(sites) != 1 {
		t.Errorf("a trashed lead still counts: %+v", sites)
	}
	if list, _ := st.PanelMembers(ctx, panel.ID); len(list) != 0 {
		t.Errorf("membership of a trashed person listed: %+v", list)
	}
	var live int64
	st.db.Model(&Assignment{}).Where("person_id = ?", p.ID).Count(&live)
	if live != 1 {
		t.Errorf("trashing the person touched the assignment (%d live)", live)
	}

	// A new 张三 with the same phone blocks the restore until it goes.
	dup := mustPerson(t, st, &Person{Name: "张三", Phone: "13812345678"})
	if err := st.RestoreTrash(ctx, "person", p.ID); ErrorCode(err) != EConflict {
		t.Fatalf("restore over a duplicate: %v", err)
	}
	if err := st.TrashPerson(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "person", p.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := st.Assignments(ctx, AssignmentFilter{}); len(list) != 1 || list[0].ID != as.ID {
		t.Errorf("assignment not back after restore: %+v", list)
	}
	if list, _ := st.PanelMembers(ctx, panel.ID); len(list) != 1 || list[0].ID != pm.ID {
		t.Errorf("membership not back after restore: %+v", list)
	}

	// Purge is refused while anything, even trashed, refers to the person.
	act := rawInsert(t, st, `INSERT INTO activities (created_at, updated_at, date, site_id, township_id, topic, topic_source) VALUES (?, ?, '2024-05-08', ?, ?, '停车难', 'public')`, as.CreatedAt, as.CreatedAt, town.ID, town.ID)
	rawExec(t, st, `INSERT INTO attendees (activity_id, person_id, name, role) VALUES (?, ?, '张三', 'member')`, act, p.ID)
	visit := rawInsert(t, st, `INSERT INTO visits (created_at, updated_at, date) VALUES (?, ?, '2024-05-09')`, as.CreatedAt, as.CreatedAt)
	rawExec(t, st, `INSERT INTO visit_people (visit_id, person_id) VALUES (?, ?)`, visit, p.ID)
	task := rawInsert(t, st, `INSERT INTO tasks (created_at, updated_at, deleted_at, name, scope, deadline, responsible_id) VALUES (?, ?, ?, '挂牌', 'all', '2024-06-30', ?)`, as.CreatedAt, as.CreatedAt, as.CreatedAt, p.ID)
	if err := st.TrashAssignment(ctx, as.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashPerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	err := st.PurgeTrash(ctx, "person", p.ID)
	if ErrorCode(err) != EInUse {
		t.Fatalf("purge with references: %v", err)
	}
	if zh := Message(err, "zh"); !strings.Contains(zh, "1条挂包联系、1个政策顾问团成员身份、1次调研指导、1项目标任务") || !strings.Contains(zh, "张三") {
		t.Errorf("message: %s", zh)
	}
	if en := Message(err, "en"); !strings.Contains(en, "1 liaison assignments, 1 advisory panel memberships, 1 supervision visits, 1 target tasks") {
		t.Errorf("message: %s", en)
	}
	// Remove the references one by one; the message follows.
	if err := st.PurgeTrash(ctx, "assignment", as.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashPanelMember(ctx, pm.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "panel_member", pm.ID); err != nil {
		t.Fatal(err)
	}
	rawExec(t, st, `DELETE FROM visit_people WHERE visit_id = ?`, visit)
	err = st.PurgeTrash(ctx, "person", p.ID)
	if zh := Message(err, "zh"); ErrorCode(err) != EInUse || strings.Contains(zh, "挂包") || !strings.Contains(zh, "1项目标任务") {
		t.Errorf("only the task is left: %v", err)
	}
	rawExec(t, st, `DELETE FROM tasks WHERE id = ?`, task)
	if err := st.PurgeTrash(ctx, "person", p.ID); err != nil {
		t.Fatalf("purge once nothing refers: %v", err)
	}
	// Attendees keep the name and lose the link.
	var att struct {
		PersonID *uint
		Name     string
	}
	st.db.Raw("SELECT person_id, name FROM attendees WHERE activity_id = ?", act).Scan(&att)
	if att.PersonID != nil || att.Name != "张三" {
		t.Errorf("attendee after purge: %+v", att)
	}
	var n int64
	st.db.Unscoped().Model(&Person{}).Where("id = ?", p.ID).Count(&n)
	if n != 0 {
		t.Error("purged person still in the file")
	}
	if _, err := st.Person(ctx, other.ID); err != nil {
		t.Errorf("another person was affected: %v", err)
	}

	if got := actions(t, st, "person"); got != "create:张三,create:李四,trash:张三,create:张三,trash:张三,restore:张三,trash:张三,purge:张三" {
		t.Errorf("change log: %s", got)
	}
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "person", EntityID: p.ID, Limit: 1})
	if len(ch) != 1 || ch[0].Action != ActionPurge || !strings.Contains(ch[0].Before, `"phone":"13812345678"`) {
		t.Errorf("purge entry keeps the record: %+v", ch)
	}
}

func TestPersonUpdateSummary(t *testing.T) {
	st := openTest(t)
	p := mustPerson(t, st, &Person{Name: "王芳", Category: CategoryMember})
	p.Sector = "农业界"
	mustPerson(t, st, p)
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "person", EntityID: p.ID, Limit: 1})
	if len(ch) != 1 || ch[0].Action != ActionUpdate || ch[0].Summary != "sector: ∅ → 农业界" {
		t.Errorf("summary: %+v", ch)
	}
}

func TestTrashKindsRegistered(t *testing.T) {
	seen := map[string]int{}
	for i, k := range trashKinds {
		seen[k.entity] = i + 1
		if k.list == nil || k.move == nil || k.label.zh == "" {
			t.Errorf("%s: incomplete", k.entity)
		}
	}
	for _, e := range []string{"person", "assignment", "panel", "panel_member"} {
		if seen[e] == 0 {
			t.Errorf("%s not registered for the trash", e)
		}
	}
	// Emptying the trash in order must purge what refers to a record first.
	if seen["panel_member"] > seen["panel"] || seen["assignment"] > seen["person"] || seen["panel_member"] > seen["person"] {
		t.Errorf("registration order: %v", seen)
	}
}
