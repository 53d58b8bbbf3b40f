package data

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustAssign(t *testing.T, st *Store, a *Assignment) *Assignment {
	t.Helper()
	if err := st.SaveAssignment(ctx, a); err != nil {
		t.Fatalf("save assignment %d → %d: %v", a.PersonID, a.SiteID, err)
	}
	return a
}

func site(t *testing.T, st *Store, town *Site, name string) *Site {
	return mustSite(t, st, &Site{Name: name, Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned})
}

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestAssignmentValidation(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "同乐街道")
	s := site(t, st, town, "鑫城社区")
	gone := site(t, st, town, "旧社区")
	p := mustPerson(t, st, &Person{Name: "张三", Category: CategoryLeader})
	away := mustPerson(t, st, &Person{Name: "李四"})
	if err := st.TrashSite(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashPerson(ctx, away.ID); err != nil {
		t.Fatal(err)
	}
	// One current lead from 2020-01-01 to 2020-12-31 and an open-ended one from 2022.
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLead, FromDate: d("2020-01-01"), ToDate: d("2020-12-31")})
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLead, FromDate: d("2022-01-01")})

	a := func(from, to string) Assignment {
		return Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLead, FromDate: d(from), ToDate: d(to)}
	}
	cases := []struct {
		name  string
		a     Assignment
		field string
	}{
		{"no person", Assignment{SiteID: s.ID, Role: RoleLead}, "person_id"},
		{"no site", Assignment{PersonID: p.ID, Role: RoleLead}, "site_id"},
		{"no role", Assignment{PersonID: p.ID, SiteID: s.ID}, "role"},
		{"bad role", Assignment{PersonID: p.ID, SiteID: s.ID, Role: "牵头领导"}, "role"},
		{"ends before it starts", Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLiaison, FromDate: d("2024-03-02"), ToDate: d("2024-03-01")}, "to_date"},
		{"long notes", Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLiaison, Notes: strings.Repeat("注", 2001)}, "notes"},
		{"missing person", Assignment{PersonID: 999, SiteID: s.ID, Role: RoleLiaison}, "person_id"},
		{"trashed person", Assignment{PersonID: away.ID, SiteID: s.ID, Role: RoleLiaison}, "person_id"},
		{"missing site", Assignment{PersonID: p.ID, SiteID: 999, Role: RoleLiaison}, "site_id"},
		{"trashed site", Assignment{PersonID: p.ID, SiteID: gone.ID, Role: RoleLiaison}, "site_id"},
		{"overlaps the end", a("2020-12-31", "2021-06-30"), "person_id"},
		{"overlaps the start", a("2019-01-01", "2020-01-01"), "person_id"},
		{"inside", a("2020-03-01", "2020-03-31"), "person_id"},
		{"open start", a("", "2020-06-30"), "person_id"},
		{"open both", a("", ""), "person_id"},
		{"inside the open-ended one", a("2023-01-01", "2023-06-30"), "person_id"},
		{"open end after the gap", a("2021-06-01", ""), "person_id"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := c.a
			err := st.SaveAssignment(ctx, &x)
			fieldErr(t, err, c.field)
			if x.ID != 0 {
				t.Error("a refused assignment got an ID")
			}
		})
	}
	err := st.SaveAssignment(ctx, ptr(a("2020-06-01", "2020-06-30")))
	if zh := Message(err, "zh"); !strings.Contains(zh, "张三在这段时间内已是鑫城社区的牵头领导（2020-01-01至2020-12-31）") {
		t.Errorf("overlap message: %s", zh)
	}
	if en := Message(err, "en"); !strings.Contains(en, "already Lead of 鑫城社区 over these days (2020-01-01 – 2020-12-31)") {
		t.Errorf("overlap message: %s", en)
	}

	// Allowed: the gap between the two, another role, the same role elsewhere,
	// and a planned assignment that starts in the future.
	mustAssign(t, st, ptr(a("2021-01-01", "2021-12-31")))
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLiaison, FromDate: d("2020-01-01")})
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: town.ID, Role: RoleLead})
	x := mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLead, FromDate: d("2019-01-01"), ToDate: d("2019-12-31")})
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: town.ID, Role: RoleLiaison, FromDate: Today().AddDays(30)})
	// Editing an assignment does not collide with itself ...
	x.Notes = "换届前"
	x.ToDate = d("2019-12-30")
	mustAssign(t, st, x)
	if x.Version != 2 || x.PersonName != "张三" || x.SiteName != "鑫城社区" {
		t.Errorf("after update: %+v", x)
	}
	// ... but may not be stretched over a neighbour.
	x.ToDate = d("2020-01-01")
	fieldErr(t, st.SaveAssignment(ctx, x), "person_id")
	var n int64
	st.db.Model(&Assignment{}).Count(&n)
	if n != 7 {
		t.Errorf("%d assignments stored, want 7", n)
	}
}

func TestAssignmentsQuery(t *testing.T) {
	st := openTest(t)
	a := township(t, st, "通泉街道")
	a1 := site(t, st, a, "乐熙社区")
	a2 := site(t, st, a, "小寨社区")
	b := township(t, st, "同乐街道")
	b1 := site(t, st, b, "鑫城社区")
	zhang := mustPerson(t, st, &Person{Name: "张三", Category: CategoryLeader})
	li := mustPerson(t, st, &Person{Name: "李四"})
	wang := mustPerson(t, st, &Person{Name: "王五"})
	mustAssign(t, st, &Assignment{PersonID: li.ID, SiteID: a2.ID, Role: RoleLiaison, FromDate: d("2021-01-01")})
	mustAssign(t, st, &Assignment{PersonID: zhang.ID, SiteID: a2.ID, Role: RoleLead, FromDate: d("2021-01-01")})
	mustAssign(t, st, &Assignment{PersonID: wang.ID, SiteID: b1.ID, Role: RoleLiaison, FromDate: d("2020-01-01"), ToDate: d("2020-12-31"), Notes: "换届调整"})
	mustAssign(t, st, &Assignment{PersonID: zhang.ID, SiteID: a1.ID, Role: RoleLead, FromDate: d("2020-05-01")})
	mustAssign(t, st, &Assignment{PersonID: zhang.ID, SiteID: a.ID, Role: RoleLead})
	mustAssign(t, st, &Assignment{PersonID: wang.ID, SiteID: a1.ID, Role: RoleLiaison, FromDate: d("2020-01-01")})
	gone := mustAssign(t, st, &Assignment{PersonID: li.ID, SiteID: b1.ID, Role: RoleLead})
	if err := st.TrashAssignment(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	list := func(f AssignmentFilter) string {
		got, err := st.Assignments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range got {
			out = append(out, fmt.Sprintf("%s/%s/%s/%s", x.Township, x.SiteName, x.PersonName, x.Role))
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		name string
		f    AssignmentFilter
		want string
	}{
		{"all, grouped", AssignmentFilter{}, "通泉街道/通泉街道/张三/lead,通泉街道/乐熙社区/张三/lead,通泉街道/乐熙社区/王五/liaison," +
			"通泉街道/小寨社区/张三/lead,通泉街道/小寨社区/李四/liaison,同乐街道/鑫城社区/王五/liaison"},
		{"site", AssignmentFilter{SiteID: a2.ID}, "通泉街道/小寨社区/张三/lead,通泉街道/小寨社区/李四/liaison"},
		{"person", AssignmentFilter{PersonID: wang.ID}, "通泉街道/乐熙社区/王五/liaison,同乐街道/鑫城社区/王五/liaison"},
		{"township", AssignmentFilter{TownshipID: b.ID}, "同乐街道/鑫城社区/王五/liaison"},
		{"role", AssignmentFilter{Role: RoleLead, TownshipID: a.ID}, "通泉街道/通泉街道/张三/lead,通泉街道/乐熙社区/张三/lead,通泉街道/小寨社区/张三/lead"},
		{"current in 2020", AssignmentFilter{CurrentOn: d("2020-12-31")}, "通泉街道/通泉街道/张三/lead,通泉街道/乐熙社区/张三/lead,通泉街道/乐熙社区/王五/liaison,同乐街道/鑫城社区/王五/liaison"},
		{"current in 2021", AssignmentFilter{CurrentOn: d("2021-01-01"), PersonID: wang.ID}, "通泉街道/乐熙社区/王五/liaison"},
		{"keyword person", AssignmentFilter{Keyword: "李四"}, "通泉街道/小寨社区/李四/liaison"},
		{"keyword township", AssignmentFilter{Keyword: "同乐"}, "同乐街道/鑫城社区/王五/liaison"},
		{"keyword notes", AssignmentFilter{Keyword: "换届"}, "同乐街道/鑫城社区/王五/liaison"},
		{"keyword literal", AssignmentFilter{Keyword: "%"}, ""},
	} {
		if got := list(c.f); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
	one, err := st.Assignment(ctx, gone.ID)
	if ErrorCode(err) != ENotFound || one != nil {
		t.Errorf("trashed assignment read: %v", err)
	}
	all, _ := st.Assignments(ctx, AssignmentFilter{SiteID: b1.ID})
	one, err = st.Assignment(ctx, all[0].ID)
	if err != nil || one.PersonName != "王五" || one.SiteName != "鑫城社区" || one.Township != "同乐街道" || one.ToDate != d("2020-12-31") {
		t.Errorf("one assignment: %+v %v", one, err)
	}
	// A trashed site takes its assignments out of the lists.
	mustAssign(t, st, &Assignment{PersonID: li.ID, SiteID: b.ID, Role: RoleLiaison})
	if err := st.TrashSite(ctx, b1.ID); err != nil {
		t.Fatal(err)
	}
	if got := list(AssignmentFilter{TownshipID: b.ID}); got != "同乐街道/同乐街道/李四/liaison" {
		t.Errorf("after trashing the site: %s", got)
	}
}

func TestCurrentOn(t *testing.T) {
	x := Assignment{FromDate: d("2024-01-01"), ToDate: d("2024-01-31")}
	for day, want := range map[string]bool{"2023-12-31": false, "2024-01-01": true, "2024-01-31": true, "2024-02-01": false} {
		if x.CurrentOn(d(day)) != want {
			t.Errorf("%s: want %v", day, want)
		}
	}
	if !(&Assignment{}).CurrentOn(d("1999-01-01")) {
		t.Error("an assignment without dates is always current")
	}
}

// coverageFixture: two townships; day is 2024-06-15.
//
//	通泉街道      lead 张三 (current)
//	  乐熙社区    lead 李四 ended 2024-06-14; liaison 王五
//	  小寨社区    lead 赵六 starts 2024-06-16; liaisons 王五, 钱七
//	  工业园企业  lead 张三 without dates
//	  方城社区    lead 孙八, who is trashed
//	同乐街道      no lead; liaison 王五
//	  鑫城社区    lead 李四 until 2024-06-15 (the last day counts); lead 周九 trashed assignment
func coverageFixture(t *testing.T, st *Store) (map[string]*Site, Date) {
	sites := map[string]*Site{}
	a := township(t, st, "通泉街道")
	b := township(t, st, "同乐街道")
	sites["通泉街道"], sites["同乐街道"] = a, b
	for _, n := range []string{"乐熙社区", "小寨社区", "方城社区"} {
		sites[n] = site(t, st, a, n)
	}
	sites["工业园企业"] = mustSite(t, st, &Site{Name: "工业园企业", Kind: KindEnterprise, ParentID: &a.ID, Status: StatusPlanned})
	sites["鑫城社区"] = site(t, st, b, "鑫城社区")
	people := map[string]*Person{}
	for _, n := range []string{"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"} {
		people[n] = mustPerson(t, st, &Person{Name: n})
	}
	as := func(person, site, role, from, to string) *Assignment {
		return mustAssign(t, st, &Assignment{PersonID: people[person].ID, SiteID: sites[site].ID, Role: role, FromDate: d(from), ToDate: d(to)})
	}
	as("张三", "通泉街道", RoleLead, "2023-01-01", "")
	as("李四", "乐熙社区", RoleLead, "2023-01-01", "2024-06-14")
	as("王五", "乐熙社区", RoleLiaison, "2023-01-01", "")
	as("赵六", "小寨社区", RoleLead, "2024-06-16", "")
	as("王五", "小寨社区", RoleLiaison, "2024-01-01", "")
	as("钱七", "小寨社区", RoleLiaison, "2024-06-15", "")
	as("张三", "工业园企业", RoleLead, "", "")
	as("孙八", "方城社区", RoleLead, "2023-01-01", "")
	as("王五", "同乐街道", RoleLiaison, "2023-01-01", "")
	as("李四", "鑫城社区", RoleLead, "2023-01-01", "2024-06-15")
	gone := as("周九", "鑫城社区", RoleLead, "2023-01-01", "")
	if err := st.TrashPerson(ctx, people["孙八"].ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashAssignment(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	return sites, d("2024-06-15")
}

func TestSitesWithoutLead(t *testing.T) {
	st := openTest(t)
	_, day := coverageFixture(t, st)
	names := func(on Date) string {
		list, err := st.SitesWithoutLead(ctx, on)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range list {
			out = append(out, s.Township+"/"+s.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(day); got != "通泉街道/乐熙社区,通泉街道/小寨社区,通泉街道/方城社区,同乐街道/同乐街道" {
		t.Errorf("on %s: %s", day, got)
	}
	// The next day 鑫城社区's lead has ended and 小寨社区's has started.
	if got := names(day.AddDays(1)); got != "通泉街道/乐熙社区,通泉街道/方城社区,同乐街道/同乐街道,同乐街道/鑫城社区" {
		t.Errorf("on the next day: %s", got)
	}
	// Zero means today.
	if got, want := names(Date{}), names(Today()); got != want {
		t.Errorf("zero day %q, today %q", got, want)
	}
}

func TestSitesWithoutLeadToday(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "盘江镇")
	ended := site(t, st, town, "方城社区")
	future := site(t, st, town, "新村")
	current := site(t, st, town, "老村")
	p := mustPerson(t, st, &Person{Name: "张三", Category: CategoryLeader})
	today := Today()
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: town.ID, Role: RoleLead, FromDate: today})
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: ended.ID, Role: RoleLead, FromDate: today.AddDays(-100), ToDate: today.AddDays(-1)})
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: future.ID, Role: RoleLead, FromDate: today.AddDays(1)})
	mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: current.ID, Role: RoleLead, FromDate: today.AddDays(-1), ToDate: today})
	list, err := st.SitesWithoutLead(ctx, Date{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != ended.ID || list[1].ID != future.ID {
		t.Errorf("without lead today: %+v", list)
	}
}

func TestCoverageByTownship(t *testing.T) {
	st := openTest(t)
	sites, day := coverageFixture(t, st)
	rows, total, err := st.CoverageInCounty(ctx, 0, day)
	if err != nil {
		t.Fatal(err)
	}
	want := []TownshipCoverage{
		// 5 sites; 通泉街道 and 工业园企业 have a lead (张三, once); liaisons 王五 and 钱七.
		{TownshipID: sites["通泉街道"].ID, Township: "通泉街道", Sites: 5, SitesWithLead: 2, Leads: 1, Liaisons: 2},
		// 2 sites; 鑫城社区 has 李四 on his last day; liaison 王五.
		{TownshipID: sites["同乐街道"].ID, Township: "同乐街道", Sites: 2, SitesWithLead: 1, Leads: 1, Liaisons: 1},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
	}
	// 王五 is a liaison in both townships: one person in the total.
	if wantTotal := (TownshipCoverage{Sites: 7, SitesWithLead: 3, Leads: 2, Liaisons: 2}); total != wantTotal {
		t.Errorf("total %+v, want %+v", total, wantTotal)
	}
	// A township with no sites and no one assigned still has its row.
	empty := township(t, st, "马街镇")
	rows, total, _ = st.CoverageInCounty(ctx, 0, day.AddDays(1))
	if len(rows) != 3 || rows[2] != (TownshipCoverage{TownshipID: empty.ID, Township: "马街镇", Sites: 1}) {
		t.Errorf("with an empty township: %+v", rows)
	}
	// Next day: 李四 has ended, 赵六 has started in 通泉街道.
	if rows[0].SitesWithLead != 3 || rows[0].Leads != 2 || rows[1].SitesWithLead != 0 || rows[1].Leads != 0 ||
		total != (TownshipCoverage{Sites: 8, SitesWithLead: 3, Leads: 2, Liaisons: 2}) {
		t.Errorf("next day: %+v total %+v", rows, total)
	}
}

func TestLeadsAndLiaisons(t *testing.T) {
	st := openTest(t)
	sites, day := coverageFixture(t, st)
	got, err := st.LeadsAndLiaisons(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint]SiteRoster{
		sites["通泉街道"].ID:  {Leads: []string{"张三"}},
		sites["乐熙社区"].ID:  {Liaisons: []string{"王五"}},
		sites["小寨社区"].ID:  {Liaisons: []string{"王五", "钱七"}},
		sites["工业园企业"].ID: {Leads: []string{"张三"}},
		sites["同乐街道"].ID:  {Liaisons: []string{"王五"}},
		sites["鑫城社区"].ID:  {Leads: []string{"李四"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("roster:\n got %v\nwant %v", got, want)
	}
}

func TestAssignmentTrashRestorePurge(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "通泉街道")
	s := site(t, st, town, "乐熙社区")
	p := mustPerson(t, st, &Person{Name: "张三", Category: CategoryLeader})
	a := mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLead, FromDate: d("2023-01-01")})
	a.Notes = "每季度一次"
	mustAssign(t, st, a)

	if err := st.PurgeTrash(ctx, "assignment", a.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live assignment: %v", err)
	}
	if err := st.TrashAssignment(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	items, err := st.Trash(ctx)
	if err != nil || len(items) != 1 || items[0].Title != "张三 → 乐熙社区" || items[0].ID != a.ID || items[0].DeletedAt.IsZero() {
		t.Fatalf("trash list: %+v %v", items, err)
	}
	// A new assignment over the same days blocks the restore until it goes.
	dup := mustAssign(t, st, &Assignment{PersonID: p.ID, SiteID: s.ID, Role: RoleLead, FromDate: d("2024-01-01")})
	err = st.RestoreTrash(ctx, "assignment", a.ID)
	if ErrorCode(err) != EConflict || !strings.Contains(Message(err, "zh"), "2024-01-01起至今") {
		t.Fatalf("restore over an overlap: %v", err)
	}
	if err := st.TrashAssignment(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	// Restoring needs the person and the site to be live.
	if err := st.TrashPerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "assignment", a.ID); ErrorCode(err) != EConflict || !strings.Contains(Message(err, "zh"), "人员“张三”在回收站中") {
		t.Fatalf("restore with a trashed person: %v", err)
	}
	if err := st.RestoreTrash(ctx, "person", p.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "assignment", a.ID); ErrorCode(err) != EConflict || !strings.Contains(Message(err, "en"), "pilot site \"乐熙社区\" is in the trash") {
		t.Fatalf("restore with a trashed site: %v", err)
	}
	if err := st.RestoreTrash(ctx, "site", s.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "assignment", a.ID); err != nil {
		t.Fatal(err)
	}
	got, err := st.Assignment(ctx, a.ID)
	if err != nil || got.Version != 4 || got.Notes != "每季度一次" {
		t.Fatalf("restored: %+v %v", got, err)
	}
	if err := st.PurgeTrash(ctx, "assignment", dup.ID); err != nil {
		t.Fatal(err)
	}
	var n int64
	st.db.Unscoped().Model(&Assignment{}).Count(&n)
	if n != 1 {
		t.Errorf("%d assignment rows, want 1", n)
	}
	if got := actions(t, st, "assignment"); got != "create:张三 → 乐熙社区,update:张三 → 乐熙社区,trash:张三 → 乐熙社区,"+
		"create:张三 → 乐熙社区,trash:张三 → 乐熙社区,restore:张三 → 乐熙社区,purge:张三 → 乐熙社区" {
		t.Errorf("change log: %s", got)
	}
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "assignment", EntityID: a.ID})
	if len(ch) != 4 || ch[2].Action != ActionUpdate || ch[2].Summary != "notes: ∅ → 每季度一次" {
		t.Errorf("update summary: %+v", ch)
	}
}
