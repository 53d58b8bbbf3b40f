package data

import (
	"strings"
	"testing"
)

func visitLine(v Visit) string {
	return v.Date.String() + " " + v.LeaderNames() + " @ " + v.SiteNames()
}

func visitLines(t *testing.T, st *Store, f VisitFilter) string {
	t.Helper()
	list, err := st.Visits(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range list {
		out = append(out, visitLine(v))
	}
	return strings.Join(out, " | ")
}

func countRows(t *testing.T, st *Store, table string) int64 {
	t.Helper()
	var n int64
	if err := st.db.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVisitValidation(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	wang := leaderOnFile(t, st, "王主席")
	retired := leaderOnFile(t, st, "退休领导")
	st.db.Delete(&Person{}, retired.ID)
	gone := communityIn(t, st, m.a, "已删社区")
	if err := st.TrashSite(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	day := NewDate(2024, 3, 10)
	people, sites := []uint{wang.ID}, []uint{m.xiaozhai.ID}
	cases := []struct {
		name          string
		visit         Visit
		people, sites []uint
		field         string
	}{
		{"no date", Visit{}, people, sites, "date"},
		{"future date", Visit{Date: Today().AddDays(1)}, people, sites, "date"},
		{"no leader", Visit{Date: day}, nil, sites, "person_ids"},
		{"only id 0", Visit{Date: day}, []uint{0}, sites, "person_ids"},
		{"no site", Visit{Date: day}, people, nil, "site_ids"},
		{"missing person", Visit{Date: day}, []uint{wang.ID, 999}, sites, "person_ids"},
		{"trashed person", Visit{Date: day}, []uint{retired.ID}, sites, "person_ids"},
		{"missing site", Visit{Date: day}, people, []uint{999}, "site_ids"},
		{"trashed site", Visit{Date: day}, people, []uint{m.xiaozhai.ID, gone.ID}, "site_ids"},
		{"long findings", Visit{Date: day, Findings: strings.Repeat("问", 5001)}, people, sites, "findings"},
		{"long requirements", Visit{Date: day, Requirements: strings.Repeat("要", 5001)}, people, sites, "requirements"},
		{"long notes", Visit{Date: day, Notes: strings.Repeat("注", 2001)}, people, sites, "notes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := c.visit
			err := st.SaveVisit(ctx, &v, c.people, c.sites)
			fieldErr(t, err, c.field)
			if v.ID != 0 || v.Leaders != nil || v.Sites != nil {
				t.Errorf("a refused visit was changed: %+v", v)
			}
		})
	}
	for _, table := range []string{"visits", "visit_people", "visit_sites"} {
		if n := countRows(t, st, table); n != 0 {
			t.Errorf("%d rows in %s after refused saves", n, table)
		}
	}
	// Today is allowed.
	v := Visit{Date: Today()}
	if err := st.SaveVisit(ctx, &v, people, sites); err != nil {
		t.Fatal(err)
	}
}

func TestVisitSaveAndList(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	wang := leaderOnFile(t, st, "王主席")
	li := leaderOnFile(t, st, "李部长")
	zhao := leaderOnFile(t, st, "赵委员")

	v1 := &Visit{Date: NewDate(2024, 3, 10), Findings: " 议事室未挂牌 "}
	// Duplicates and zeros are dropped; sites come back grouped by township.
	if err := st.SaveVisit(ctx, v1, []uint{li.ID, wang.ID, li.ID, 0}, []uint{m.xincheng.ID, m.xiaozhai.ID}); err != nil {
		t.Fatal(err)
	}
	if got := visitLine(*v1); got != "2024-03-10 王主席、李部长 @ 小寨社区、鑫城社区" || v1.Findings != "议事室未挂牌" || v1.Version != 1 {
		t.Errorf("saved: %s %+v", got, v1)
	}
	v2 := &Visit{Date: NewDate(2024, 4, 2), Requirements: "解决停车难"}
	if err := st.SaveVisit(ctx, v2, []uint{zhao.ID}, []uint{m.lexi.ID}); err != nil {
		t.Fatal(err)
	}
	got, err := st.Visit(ctx, v1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if visitLine(*got) != "2024-03-10 王主席、李部长 @ 小寨社区、鑫城社区" || got.Leaders[0].ID != wang.ID || got.Sites[1].ID != m.xincheng.ID {
		t.Errorf("read back: %+v", got)
	}

	for _, c := range []struct {
		name string
		f    VisitFilter
		want string
	}{
		{"all, newest first", VisitFilter{}, "2024-04-02 赵委员 @ 乐熙社区 | 2024-03-10 王主席、李部长 @ 小寨社区、鑫城社区"},
		{"from", VisitFilter{From: NewDate(2024, 3, 11)}, "2024-04-02 赵委员 @ 乐熙社区"},
		{"to, inclusive", VisitFilter{To: NewDate(2024, 3, 10)}, "2024-03-10 王主席、李部长 @ 小寨社区、鑫城社区"},
		{"site", VisitFilter{SiteID: m.lexi.ID}, "2024-04-02 赵委员 @ 乐熙社区"},
		{"person", VisitFilter{PersonID: li.ID}, "2024-03-10 王主席、李部长 @ 小寨社区、鑫城社区"},
		{"keyword in requirements", VisitFilter{Keyword: "停车"}, "2024-04-02 赵委员 @ 乐熙社区"},
		{"keyword on a leader", VisitFilter{Keyword: "王主席"}, "2024-03-10 王主席、李部长 @ 小寨社区、鑫城社区"},
		{"keyword on a site", VisitFilter{Keyword: "乐熙"}, "2024-04-02 赵委员 @ 乐熙社区"},
		{"literal %", VisitFilter{Keyword: "%"}, ""},
	} {
		if got := visitLines(t, st, c.f); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if list, _ := st.Visits(ctx, VisitFilter{SiteID: m.xiaozhai.ID}); len(list) != 1 || list[0].ID != v1.ID {
		t.Errorf("visits for 小寨: %+v", list)
	}
	if list, _ := st.Visits(ctx, VisitFilter{SiteID: m.a.ID}); len(list) != 0 {
		t.Errorf("visits for the township itself: %+v", list)
	}

	// Updating replaces the links and logs what changed.
	got.Notes = "复查"
	if err := st.SaveVisit(ctx, got, []uint{wang.ID}, []uint{m.xiaozhai.ID}); err != nil {
		t.Fatal(err)
	}
	if visitLine(*got) != "2024-03-10 王主席 @ 小寨社区" || got.Version != 2 {
		t.Errorf("updated: %s v%d", visitLine(*got), got.Version)
	}
	if n := countRows(t, st, "visit_people"); n != 2 {
		t.Errorf("%d leader links, want 2", n)
	}
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "visit", EntityID: v1.ID})
	var lines []string
	for i := len(ch) - 1; i >= 0; i-- {
		lines = append(lines, ch[i].Action+"|"+ch[i].Title+"|"+ch[i].Summary)
	}
	want := "create|2024-03-10 小寨社区、鑫城社区|\n" +
		"update|2024-03-10 小寨社区、鑫城社区|leaders: ∅ → 王主席、李部长; sites: ∅ → 小寨社区、鑫城社区\n" +
		"update|2024-03-10 小寨社区|notes: ∅ → 复查\n" +
		"update|2024-03-10 小寨社区|leaders: 王主席、李部长 → 王主席; sites: 小寨社区、鑫城社区 → 小寨社区"
	if s := strings.Join(lines, "\n"); s != want {
		t.Errorf("change log:\n%s\nwant:\n%s", s, want)
	}

	// A refused update leaves the record, its links and the form as they were.
	form := *got
	form.Notes = "改了"
	if err := st.SaveVisit(ctx, &form, []uint{li.ID}, []uint{999}); FieldErrors(err).Field("site_ids") == nil {
		t.Fatalf("want a site_ids error, got %v", err)
	}
	if form.Version != 2 || visitLine(form) != "2024-03-10 王主席 @ 小寨社区" {
		t.Errorf("refused save changed the form: %+v", form)
	}
	again, _ := st.Visit(ctx, v1.ID)
	if visitLine(*again) != "2024-03-10 王主席 @ 小寨社区" || again.Notes != "复查" || again.Version != 2 {
		t.Errorf("refused save changed the record: %+v", again)
	}
	// A stale form is refused.
	stale := *v2
	v2.Notes = "新"
	if err := st.SaveVisit(ctx, v2, []uint{zhao.ID}, []uint{m.lexi.ID}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveVisit(ctx, &stale, []uint{zhao.ID}, []uint{m.lexi.ID}); ErrorCode(err) != EConflict {
		t.Errorf("stale save: %v", err)
	}
}

// A trashed leader drops out of the lists but keeps the link, so restoring
// them brings it back, even across a save of the visit meanwhile.
func TestVisitKeepsTrashedLinks(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	wang := leaderOnFile(t, st, "王主席")
	li := leaderOnFile(t, st, "李部长")
	v := &Visit{Date: NewDate(2024, 3, 10)}
	if err := st.SaveVisit(ctx, v, []uint{wang.ID, li.ID}, []uint{m.xiaozhai.ID}); err != nil {
		t.Fatal(err)
	}
	st.db.Delete(&Person{}, li.ID)
	got, _ := st.Visit(ctx, v.ID)
	if got.LeaderNames() != "王主席" {
		t.Errorf("trashed leader shown: %s", got.LeaderNames())
	}
	if s := visitLines(t, st, VisitFilter{Keyword: "李部长"}); s != "" {
		t.Errorf("keyword found a trashed leader: %s", s)
	}
	got.Findings = "已整改"
	if err := st.SaveVisit(ctx, got, []uint{wang.ID}, []uint{m.xiaozhai.ID}); err != nil {
		t.Fatal(err)
	}
	st.db.Unscoped().Model(&Person{}).Where("id = ?", li.ID).Update("deleted_at", nil)
	got, _ = st.Visit(ctx, v.ID)
	if got.LeaderNames() != "王主席、李部长" || got.Findings != "已整改" {
		t.Errorf("after restoring the leader: %s %+v", got.LeaderNames(), got)
	}
}

func TestVisitTrashRestorePurge(t *testing.T) {
	st := openTest(t)
	m := newPilotMap(t, st)
	wang := leaderOnFile(t, st, "王主席")
	v := &Visit{Date: NewDate(2024, 3, 10)}
	if err := st.SaveVisit(ctx, v, []uint{wang.ID}, []uint{m.xiaozhai.ID, m.lexi.ID}); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "visit", v.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live visit: %v", err)
	}
	if err := st.TrashVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Visit(ctx, v.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("trashed visit visible: %v", err)
	}
	if s := visitLines(t, st, VisitFilter{}); s != "" {
		t.Errorf("trashed visit listed: %s", s)
	}
	if err := st.RestoreTrash(ctx, "visit", v.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Visit(ctx, v.ID); got == nil || visitLine(*got) != "2024-03-10 王主席 @ 小寨社区、乐熙社区" || got.Version != 3 {
		t.Errorf("restored: %+v", got)
	}
	if err := st.TrashVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.PurgeTrash(ctx, "visit", v.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"visits", "visit_people", "visit_sites"} {
		if n := countRows(t, st, table); n != 0 {
			t.Errorf("%d rows left in %s after purge", n, table)
		}
	}
}
