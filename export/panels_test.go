package export

import (
	"path/filepath"
	"slices"
	"testing"

	"pilotdesk/data"
)

var panelHeaders = []string{"序号", "推荐部门", "姓名", "性别", "工作单位及职务", "擅长领域", "联系电话", "备注"}

func TestPanels(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "panels.xlsx")
	must(t, Panels(ctx, fx.st, path, Options{}))

	f := reopen(t, path)
	sh := "马龙区政策顾问团"
	if got := f.GetSheetList(); len(got) != 1 || got[0] != sh {
		t.Fatalf("sheets = %v", got)
	}
	assertForm(t, f, sh, panelHeaders, a4Portrait)
	if a1 := get(t, f, sh, "A1"); a1 != "马龙区政策顾问团名册" {
		t.Errorf("A1 = %q", a1)
	}
	all := rows(t, f, sh)
	// By department: 区发展和改革局 (two people, by name) before 区水务局.
	for i, w := range [][2]string{{"区发展和改革局", "王建国"}, {"区发展和改革局", "赵丽"}, {"区水务局", "陈红"}} {
		if r := all[3+i]; r[1] != w[0] || r[2] != w[1] {
			t.Errorf("row %d = %v, want %v", 4+i, r, w)
		}
	}
	assertSeq(t, f, sh, 4, 3)
	r := findRow(all, 2, "陈红")
	assertText(t, f, sh, cell(4, r), "区水务局　副局长")
	assertText(t, f, sh, cell(6, r), "13812345678") // a phone is text, never 1.38E+10
	w := findRow(all, 2, "王建国")
	assertText(t, f, sh, cell(5, w), "-1")
	if c := findRow(all, 0, "共2个部门3人"); c == 0 {
		t.Errorf("no count line in %v", all)
	}

	// Handouts hide the middle of phone numbers when asked to.
	must(t, fx.st.SetSettings(ctx, map[string]string{data.SettingMaskPhones: "1"}))
	must(t, Panels(ctx, fx.st, path, Options{}))
	f = reopen(t, path)
	assertText(t, f, sh, cell(6, r), "138****5678")
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13812345678":      "138****5678",
		"0874-8823456":     "0874-****456",
		"0874-8823456-801": "0874-****456-801",
		"":                 "",
		"12345":            "12345",
	} {
		if got := maskPhone(in); got != want {
			t.Errorf("maskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

// Within a department, members are listed as people read names: 申 (shēn),
// 沈 (shěn as a surname), 石 (shí); by character code 沈 comes first.
func TestPanelsListMembersByName(t *testing.T) {
	fx := newFixture(t)
	for _, name := range []string{"石磊", "沈玉", "申华"} {
		p := data.Person{Name: name, Category: data.CategoryStaff}
		must(t, fx.st.SavePerson(ctx, &p))
		must(t, fx.st.SavePanelMember(ctx, &data.PanelMember{PanelID: fx.panel.ID, PersonID: p.ID, Department: "区民政局"}))
	}
	path := filepath.Join(t.TempDir(), "panels.xlsx")
	must(t, Panels(ctx, fx.st, path, Options{}))
	all := rows(t, reopen(t, path), "马龙区政策顾问团")
	var got []string
	for _, r := range all {
		if len(r) > 2 && r[1] == "区民政局" {
			got = append(got, r[2])
		}
	}
	if want := []string{"申华", "沈玉", "石磊"}; !slices.Equal(got, want) {
		t.Errorf("区民政局 lists %v, want %v", got, want)
	}
}
