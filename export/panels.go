package export

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"pilotdesk/data"
)

// Panels writes 政策顾问团名册: one sheet per live panel, its members by
// recommending department, and the count line "共N个部门M人" under the
// table. Phone numbers are masked when the mask_phones setting is on.
func Panels(ctx context.Context, st *data.Store, path string, opts Options) error {
	return write(ctx, st, path, ReportPanels, "", opts, func(b *book, title string) error {
		panels, err := st.PanelStats(ctx)
		if err != nil {
			return err
		}
		people, err := st.People(ctx, data.PersonFilter{})
		if err != nil {
			return err
		}
		byID := make(map[uint]*data.Person, len(people))
		for i := range people {
			byID[people[i].ID] = &people[i]
		}
		if len(panels) == 0 {
			s := panelSheet(b, "政策顾问团名册", title)
			s.nothing("尚未建立政策顾问团。")
			return s.finish(nil)
		}
		used := map[string]bool{}
		for _, p := range panels {
			members, err := st.PanelMembers(ctx, p.PanelID)
			if err != nil {
				return err
			}
			byName(members)
			// Each panel prints under its own name, the district leading.
			t := p.Name + "名册"
			if !strings.HasPrefix(t, b.h.District) {
				t = b.h.District + t
			}
			s := panelSheet(b, uniqueSheetName(p.Name, used), t)
			if len(members) == 0 {
				s.nothing("该顾问团尚无成员。")
			}
			for _, m := range members {
				var gender, position, phone string
				if pe := byID[m.PersonID]; pe != nil {
					gender = data.Genders.Label(pe.Gender, "zh")
					position = joinNonEmpty("　", pe.Unit, pe.Position)
					phone = pe.Phone
					if b.h.MaskPhones {
						phone = maskPhone(phone)
					}
				}
				department := m.Department
				if department == "" {
					department = "（未填推荐部门）"
				}
				s.record(department, m.PersonName, gender, position, m.Expertise, phone, m.Notes)
			}
			s.merged(fmt.Sprintf("共%d个部门%d人", p.Departments, p.People), b.styles.line, lineRowHeight)
			if err := s.finish(nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func panelSheet(b *book, name, title string) *sheet {
	return b.newSheet(name, title, "", []Column{
		{Header: "序号", Width: 5, Kind: KindNumber},
		{Header: "推荐部门", Width: 12, Kind: KindShort},
		{Header: "姓名", Width: 8, Kind: KindShort},
		{Header: "性别", Width: 5, Kind: KindShort},
		{Header: "工作单位及职务", Width: 23, Kind: KindText},
		{Header: "擅长领域", Width: 17, Kind: KindText},
		{Header: "联系电话", Width: 13, Kind: KindShort},
		{Header: "备注", Width: 8, Kind: KindText},
	}, a4Portrait)
}

// uniqueSheetName keeps sheet names distinct after shortening.
func uniqueSheetName(s string, used map[string]bool) string {
	base := sheetName(s)
	name := base
	for i := 2; used[name]; i++ {
		suffix := fmt.Sprintf("(%d)", i)
		r := []rune(base)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		name = string(r) + suffix
	}
	used[name] = true
	return name
}

// joinNonEmpty joins the parts given with sep, skipping empty ones.
func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// byName orders each department's members as people read names (the
// database orders them by character code: 沈 before 申 and 石).
func byName(members []data.PanelMember) {
	for i := 0; i < len(members); {
		j := i + 1
		for j < len(members) && members[j].Department == members[i].Department {
			j++
		}
		slices.SortStableFunc(members[i:j], func(a, b data.PanelMember) int {
			return data.CompareNames(a.PersonName, b.PersonName)
		})
		i = j
	}
}
