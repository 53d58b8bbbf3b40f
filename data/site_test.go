package data

import (
	"strings"
	"testing"
)

func mustSite(t *testing.T, st *Store, s *Site) *Site {
	t.Helper()
	if err := st.SaveSite(ctx, s); err != nil {
		t.Fatalf("save %s: %v", s.Name, err)
	}
	return s
}

func township(t *testing.T, st *Store, name string) *Site {
	return mustSite(t, st, &Site{Name: name, Kind: KindTownship, Status: StatusActive, UnveiledOn: NewDate(2020, 3, 1)})
}

func fieldErr(t *testing.T, err error, field string) {
	t.Helper()
	fe := FieldErrors(err)
	if fe.Field(field) == nil {
		t.Fatalf("want an error on %s, got %v", field, err)
	}
	e := fe.Field(field)
	if e.ZH == "" || e.EN == "" || e.ZH == e.EN {
		t.Errorf("%s: messages not in both languages: %q / %q", field, e.ZH, e.EN)
	}
}

func TestSiteValidation(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "同乐街道")
	village := mustSite(t, st, &Site{Name: "鑫城社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned})
	future := Today().AddDays(3)
	cases := []struct {
		name  string
		site  Site
		field string
	}{
		{"empty name", Site{Name: "  ", Kind: KindTownship, Status: StatusPlanned}, "name"},
		{"long name", Site{Name: strings.Repeat("长", 101), Kind: KindTownship, Status: StatusPlanned}, "name"},
		{"no kind", Site{Name: "甲", Status: StatusPlanned}, "kind"},
		{"bad kind", Site{Name: "甲", Kind: "city", Status: StatusPlanned}, "kind"},
		{"village without township", Site{Name: "甲", Kind: KindCommunity, Status: StatusPlanned}, "parent_id"},
		{"village under a village", Site{Name: "甲", Kind: KindCommunity, ParentID: &village.ID, Status: StatusPlanned}, "parent_id"},
		{"missing parent", Site{Name: "甲", Kind: KindEnterprise, ParentID: ptr(uint(999)), Status: StatusPlanned}, "parent_id"},
		{"no status", Site{Name: "甲", Kind: KindTownship}, "status"},
		{"unveiled without date", Site{Name: "甲", Kind: KindTownship, Status: StatusUnveiled}, "unveiled_on"},
		{"unveiled in the future", Site{Name: "甲", Kind: KindTownship, Status: StatusUnveiled, UnveiledOn: future}, "unveiled_on"},
		{"bad phone", Site{Name: "甲", Kind: KindTownship, Status: StatusPlanned, Phone: "12345"}, "phone"},
		{"duplicate under parent", Site{Name: "鑫城社区", Kind: KindEnterprise, ParentID: &town.ID, Status: StatusPlanned}, "name"},
		{"duplicate township", Site{Name: "同乐街道", Kind: KindTownship, Status: StatusPlanned}, "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.site
			err := st.SaveSite(ctx, &s)
			fieldErr(t, err, c.field)
			if s.ID != 0 {
				t.Error("a refused site got an ID")
			}
		})
	}
	all, _ := st.Sites(ctx, SiteFilter{})
	if len(all) != 2 {
		t.Errorf("%d sites stored, want 2: refused input was saved", len(all))
	}
	// The same name under another township is fine.
	other := township(t, st, "中枢镇")
	mustSite(t, st, &Site{Name: "鑫城社区", Kind: KindCommunity, ParentID: &other.ID, Status: StatusPlanned})
}

func TestSiteTidyAndUpdate(t *testing.T) {
	st := openTest(t)
	town := township(t, st, " 通泉街道 ")
	if town.Name != "通泉街道" {
		t.Errorf("name not trimmed: %q", town.Name)
	}
	s := mustSite(t, st, &Site{Name: "乐熙社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusUnveiled,
		UnveiledOn: NewDate(2020, 4, 2), Platform: "议事站", Phone: "１３８ １２３４ ５６７８"})
	if s.Phone != "13812345678" {
		t.Errorf("phone %q", s.Phone)
	}
	s.Status = StatusActive
	s.Notes = "每月第一周议事"
	mustSite(t, st, s)
	got, err := st.Site(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusActive || got.Notes != "每月第一周议事" || got.Version != 2 || got.UnveiledOn != NewDate(2020, 4, 2) {
		t.Errorf("after update: %+v", got)
	}
	// A stale copy (version 1) must not overwrite version 2.
	stale := *got
	stale.Version = 1
	stale.Notes = "旧的"
	err = st.SaveSite(ctx, &stale)
	if ErrorCode(err) != EConflict {
		t.Fatalf("stale save: %v", err)
	}
	if stale.Version != 1 {
		t.Error("a failed save changed the form's version")
	}
	// Clearing optional fields stores the empty values.
	got.Notes = ""
	got.Platform = ""
	mustSite(t, st, got)
	again, _ := st.Site(ctx, s.ID)
	if again.Notes != "" || again.Platform != "" {
		t.Errorf("zero values not saved: %+v", again)
	}
	// A township with sites under it cannot become a village.
	town.Kind = KindCommunity
	town.ParentID = nil
	fieldErr(t, st.SaveSite(ctx, town), "parent_id")
}

func TestSiteListFilters(t *testing.T) {
	st := openTest(t)
	a := township(t, st, "通泉街道")
	b := township(t, st, "同乐街道")
	mustSite(t, st, &Site{Name: "小寨社区", Kind: KindCommunity, ParentID: &a.ID, Status: StatusPlanned})
	mustSite(t, st, &Site{Name: "鑫城社区", Kind: KindCommunity, ParentID: &b.ID, Status: StatusPlanned, Address: "陆良县"})
	mustSite(t, st, &Site{Name: "乐熙社区", Kind: KindCommunity, ParentID: &a.ID, Status: StatusPlanned})
	mustSite(t, st, &Site{Name: "某企业", Kind: KindEnterprise, ParentID: &b.ID, Status: StatusPlanned})

	names := func(f SiteFilter) string {
		list, err := st.Sites(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range list {
			out = append(out, s.Township+"/"+s.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(SiteFilter{}); got != "通泉街道/通泉街道,通泉街道/小寨社区,通泉街道/乐熙社区,同乐街道/同乐街道,同乐街道/鑫城社区,同乐街道/某企业" {
		t.Errorf("grouping: %s", got)
	}
	if got := names(SiteFilter{TownshipID: b.ID}); got != "同乐街道/同乐街道,同乐街道/鑫城社区,同乐街道/某企业" {
		t.Errorf("township filter: %s", got)
	}
	if got := names(SiteFilter{Kind: KindEnterprise}); got != "同乐街道/某企业" {
		t.Errorf("kind filter: %s", got)
	}
	if got := names(SiteFilter{Keyword: "陆良"}); got != "同乐街道/鑫城社区" {
		t.Errorf("keyword on address: %s", got)
	}
	if got := names(SiteFilter{Keyword: "通泉"}); got != "通泉街道/通泉街道,通泉街道/小寨社区,通泉街道/乐熙社区" {
		t.Errorf("keyword on township name: %s", got)
	}
	if got := names(SiteFilter{Keyword: "%"}); got != "" {
		t.Errorf("%% must be literal: %s", got)
	}
}

func TestSiteTrashRestorePurge(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "盘江镇")
	s := mustSite(t, st, &Site{Name: "方城社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned})

	if err := st.TrashSite(ctx, town.ID); ErrorCode(err) != EInUse {
		t.Fatalf("trashing a township with sites: %v", err)
	}
	if err := st.PurgeTrash(ctx, "site", s.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("purging a live site must fail: %v", err)
	}
	if err := st.TrashSite(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Site(ctx, s.ID); ErrorCode(err) != ENotFound {
		t.Fatalf("trashed site still visible: %v", err)
	}
	// The name is free again while the old one is in the trash ...
	dup := mustSite(t, st, &Site{Name: "方城社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned})
	// ... so restoring the old one conflicts until the new one goes.
	if err := st.RestoreTrash(ctx, "site", s.ID); ErrorCode(err) != EConflict {
		t.Fatalf("restore over a live duplicate: %v", err)
	}
	if err := st.TrashSite(ctx, dup.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(ctx, "site", s.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Site(ctx, s.ID); err != nil || got.Version != 3 {
		t.Fatalf("restored: %+v %v", got, err)
	}
	if err := st.PurgeTrash(ctx, "site", dup.ID); err != nil {
		t.Fatal(err)
	}
	var n int64
	st.db.Unscoped().Model(&Site{}).Where("id = ?", dup.ID).Count(&n)
	if n != 0 {
		t.Error("purged site still in the file")
	}

	changes, err := st.Changes(ctx, ChangeFilter{Entity: "site"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(changes) - 1; i >= 0; i-- {
		actions = append(actions, changes[i].Action)
	}
	if got := strings.Join(actions, ","); got != "create,create,trash,create,trash,restore,purge" {
		t.Errorf("change log: %s", got)
	}
	if changes[0].User == "" || changes[0].Title != "方城社区" {
		t.Errorf("log entry: %+v", changes[0])
	}
}

func TestChangeLogSummary(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "胜境街道")
	town.Notes = "高铁安置区"
	town.Status = StatusStandardized
	mustSite(t, st, town)
	ch, _ := st.Changes(ctx, ChangeFilter{Entity: "site", EntityID: town.ID, Limit: 1})
	if len(ch) != 1 || ch[0].Action != ActionUpdate || !strings.Contains(ch[0].Summary, "notes: ∅ → 高铁安置区") ||
		!strings.Contains(ch[0].Summary, "status: active → standardized") || strings.Contains(ch[0].Summary, "version") {
		t.Errorf("summary: %+v", ch)
	}
}

func ptr[T any](v T) *T { return &v }

func TestTrashSiteWithActivitiesRefused(t *testing.T) {
	st := openTest(t)
	town := township(t, st, "盘江镇")
	s := mustSite(t, st, &Site{Name: "方城社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned})
	a := &Activity{Date: NewDate(2020, 5, 8), SiteID: s.ID, Topic: "首次协商", TopicSource: SourcePublic}
	if err := st.SaveActivity(ctx, a, nil, nil); err != nil {
		t.Fatal(err)
	}
	err := st.TrashSite(ctx, s.ID)
	if ErrorCode(err) != EInUse || !strings.Contains(Message(err, "zh"), "1次协商议事活动") {
		t.Fatalf("trash a site with an activity: %v", err)
	}
	if err := st.TrashActivity(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, s.ID); err != nil {
		t.Fatalf("trash once its activity is gone: %v", err)
	}
}

// SiteNames is Sites' list, in its order, with the fields pickers use; a
// trashed township's sites still name it as Sites does.
func TestSiteNamesMatchSites(t *testing.T) {
	st := openTest(t)
	if err := st.LoadDemo(ctx, Today()); err != nil {
		t.Fatal(err)
	}
	gone := &Site{Name: "待删镇", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := st.TrashSite(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	full, err := st.Sites(ctx, SiteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	light, err := st.SiteNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(full) < 10 || len(light) != len(full) {
		t.Fatalf("%d names, %d sites", len(light), len(full))
	}
	for i, s := range full {
		l := light[i]
		if l.ID != s.ID || l.Name != s.Name || l.Kind != s.Kind || l.Township != s.Township ||
			(l.ParentID == nil) != (s.ParentID == nil) || l.ParentID != nil && *l.ParentID != *s.ParentID {
			t.Errorf("row %d: %+v, want %+v", i, l, s)
		}
	}
}
