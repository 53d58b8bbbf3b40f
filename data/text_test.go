package data

import (
	"strings"
	"testing"
	"unicode"
)

func TestCleanText(t *testing.T) {
	for _, c := range []struct {
		in, line, multi string
	}{
		{"  鑫城社区 ", "鑫城社区", "鑫城社区"},
		{"\uFEFF同乐街道", "同乐街道", "同乐街道"},
		{"乐熙\x00社区\x07", "乐熙社区", "乐熙社区"},
		{"第一行\r\n第二行\t完", "第一行  第二行 完", "第一行\n第二行\t完"},
		{"\u200f\u202eRTL\u202c", "\u200f\u202eRTL\u202c", "\u200f\u202eRTL\u202c"},
		{"议事🎉😀", "议事🎉😀", "议事🎉😀"},
		{"'; DROP TABLE sites; --", "'; DROP TABLE sites; --", "'; DROP TABLE sites; --"},
		{"=SUM(A1:A9)", "=SUM(A1:A9)", "=SUM(A1:A9)"},
	} {
		if got := CleanText(c.in, false); got != c.line {
			t.Errorf("line %q: %q, want %q", c.in, got, c.line)
		}
		if got := CleanText(c.in, true); got != c.multi {
			t.Errorf("multi %q: %q, want %q", c.in, got, c.multi)
		}
	}
}

// cleanStrings tidies every exported string field, in embedded structs
// too, each by its kind (one line or several), and nothing else; the
// second record of a type goes through the cached fields the same way.
func TestCleanStringsFields(t *testing.T) {
	type Inner struct{ Name, note string }
	type rec struct {
		Inner
		Notes   string
		Phone   string
		hidden  string
		Count   int
		Pointer *string
	}
	for range 2 {
		p := " 指针 "
		r := rec{Inner{" 乐熙\t社区 ", " 内部 "}, "第一行\r\n第二行 ", "\uFEFF139 ", " 未导出 ", 3, &p}
		cleanStrings(&r)
		want := rec{Inner{"乐熙 社区", " 内部 "}, "第一行\n第二行", "139", " 未导出 ", 3, &p}
		if r != want || p != " 指针 " {
			t.Fatalf("%+v, want %+v (pointer %q)", r, want, p)
		}
	}
}

// The byte scan finds exactly the runes the rule names, wherever they sit,
// and takes broken UTF-8 as no control character, as decoding runes did.
func TestHasControlIsTheRuneRule(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r == 0x4000 {
			r = 0xfe00 // the rest of the BMP and beyond, sampled
		} else if r == 0x10100 {
			r = 0x10fff0
		}
		want := unicode.IsControl(r) || r == '\uFEFF'
		for _, s := range []string{string(r), "中" + string(r) + "文", "a" + string(r)} {
			if got := hasControl(s); got != want {
				t.Fatalf("%U in %q: %v, want %v", r, s, got, want)
			}
		}
	}
	for _, s := range []string{"\xc2", "文\xc2", "\xef\xbb", "\xef\xbb\xbe", "\xc2\xa0", "\xe2\x80\x8b"} {
		if hasControl(s) {
			t.Errorf("%q: a control character found", s)
		}
	}
}

// Hostile text goes in and comes back out as the same text, never as SQL.
func TestHostileTextStoredAsText(t *testing.T) {
	st := openTest(t)
	hostile := []string{
		"'; DROP TABLE sites; --",
		"Robert'); DELETE FROM people;--",
		"=HYPERLINK(\"http://x\",\"点我\")",
		"+86 138", "-1", "@SUM(1)",
		"\u202e社区名\u202c", "\u200f议事厅",
		"🏠议事站🎉",
		"%_\\%",
		strings.Repeat("长", 100),
	}
	town := &Site{Name: "测试镇", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, town); err != nil {
		t.Fatal(err)
	}
	for _, h := range hostile {
		s := &Site{Name: h, Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned, Notes: "备注\n" + h}
		if err := st.SaveSite(ctx, s); err != nil {
			t.Fatalf("%q: %v", h, err)
		}
		got, err := st.Site(ctx, s.ID)
		if err != nil || got.Name != h || got.Notes != "备注\n"+h {
			t.Errorf("%q came back as %q / %q (%v)", h, got.Name, got.Notes, err)
		}
		found, err := st.Sites(ctx, SiteFilter{Keyword: h})
		if err != nil || len(found) != 1 || found[0].ID != s.ID {
			t.Errorf("search for %q found %d", h, len(found))
		}
	}
	if !st.db.Migrator().HasTable("sites") || !st.db.Migrator().HasTable("people") {
		t.Fatal("a table is gone")
	}
	// Too long is refused with a message, not cut silently.
	s := &Site{Name: strings.Repeat("长", 101), Kind: KindTownship, Status: StatusPlanned}
	if FieldErrors(st.SaveSite(ctx, s)).Field("name") == nil {
		t.Error("an overlong name was accepted")
	}
	// Control characters are dropped; a line break in a name becomes a space.
	s = &Site{Name: "控制\x01字符\n社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusPlanned}
	if err := st.SaveSite(ctx, s); err != nil || s.Name != "控制字符 社区" {
		t.Errorf("control characters: %q %v", s.Name, err)
	}
}
