package export

// Importing liaison assignments (挂包联系): one per row (姓名 + 联系角色), or
// the roster's layout, one row per site with its leads and liaison members
// by name. Matched by person + site + role + from-date; without a from-date
// a row means the current assignment of that person, site and role, so a
// roster imported back changes nothing.

import (
	"fmt"
	"reflect"

	"pilotdesk/data"
)

var assignmentsKind = kindSpec{zh: "挂包联系", en: "Liaison assignments",
	fields: []Field{
		fPersonName, fPhone, fUnit, fTownship, fSite,
		{Key: "role", ZH: "联系角色", EN: "Role", typ: tEnum, enum: &data.AssignmentRoles,
			synonyms: []string{"角色", "挂包角色", "联系类别", "挂联身份"}},
		{Key: "leads", ZH: "牵头领导", EN: "Leads", typ: tNames, synonyms: []string{"挂包领导", "牵头县级领导", "联系领导"},
			hint: "每个试点单位一行时使用：多人用顿号隔开"},
		{Key: "liaisons", ZH: "联系委员", EN: "Liaison members", typ: tNames, synonyms: []string{"挂包委员", "联系的委员", "挂联委员"},
			hint: "每个试点单位一行时使用：多人用顿号隔开"},
		{Key: "from_date", ZH: "开始日期", EN: "From", typ: tDate, synonyms: []string{"起始日期", "开始时间", "起始时间", "挂包时间", "联系时间"}},
		{Key: "to_date", ZH: "结束日期", EN: "To", typ: tDate, synonyms: []string{"截止日期", "结束时间", "终止日期"}},
		fNotes,
	},
	need:    [][]string{{"name", "leads", "liaisons"}, {"site", "township"}},
	keyText: "挂包联系按“人员+试点单位+联系角色+开始日期”对应，",
	example: map[string]string{"name": "王建国", "phone": "13812345678", "township": "通泉街道", "site": "乐熙社区", "role": "牵头领导",
		"from_date": "2020-01-01"},
}

// triple is who guides which site in which role: stored assignments of one
// triple must not overlap.
type triple struct {
	person, site uint
	role         string
}

func (pl *planner) assignments() error {
	stored, err := pl.st.Assignments(pl.ctx, data.AssignmentFilter{})
	if err != nil {
		return err
	}
	byTriple := map[triple][]*data.Assignment{}
	for i := range stored {
		a := &stored[i]
		k := triple{a.PersonID, a.SiteID, a.Role}
		byTriple[k] = append(byTriple[k], a)
	}
	var todo []planned[data.Assignment]
	claimed := map[uint]bool{}                       // stored assignments a row matches
	added := map[triple][]planned[data.Assignment]{} // new ones by triple, with their rows
	_, byName := pl.col["name"]                      // else the roster's layout
	today := data.Today()
	for r := range pl.each() {
		var errs data.ValidationErrors
		site, err := pl.places.find(pl.name(r, "township"), pl.name(r, "site"))
		addErr(&errs, err)
		var from, to data.Date
		pl.read(r, "from_date", &from, &errs)
		pl.read(r, "to_date", &to, &errs)
		notes := pl.text(r, "notes")
		if !byName {
			notes = "" // in the roster's layout 备注 is about the site
		}
		type who struct{ name, role string }
		var list []who
		if name := pl.name(r, "name"); name != "" {
			w := who{name: name}
			pl.read(r, "role", &w.role, &errs)
			list = append(list, w)
		}
		for _, n := range splitNames(pl.cell(r, "leads")) {
			list = append(list, who{n, data.RoleLead})
		}
		for _, n := range splitNames(pl.cell(r, "liaisons")) {
			list = append(list, who{n, data.RoleLiaison})
		}
		if len(list) == 0 && !byName {
			continue // the roster's layout: a site nobody guides
		}
		if len(list) == 0 && len(errs) == 0 {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "person_id", ZH: "请填写人员姓名。", EN: "Please enter the person's name."})
		}
		var phone string
		pl.read(r, "phone", &phone, &errs)
		unit := pl.text(r, "unit")
		var rowNew, rowChanged bool
		var rowTodo []data.Assignment
		var rowClaimed []uint
		for _, w := range list {
			if len(errs) > 0 {
				break
			}
			ph, un := "", ""
			if len(list) == 1 {
				ph, un = phone, unit
			}
			p, err := pl.findPerson(w.name, ph, un)
			if err == nil && p == nil {
				err = &data.Error{Code: data.ENotFound, Field: "person_id",
					ZH: fmt.Sprintf("没有名为“%s”的人员，请先导入或登记人员。", w.name),
					EN: fmt.Sprintf("There is no person called %q; import or enter the people first.", w.name)}
			}
			if err != nil {
				addErr(&errs, err)
				break
			}
			k := triple{p.ID, site.ID, w.role}
			var base, latest *data.Assignment
			for _, c := range byTriple[k] {
				if claimed[c.ID] {
					continue
				}
				if !from.IsZero() && c.FromDate.Equal(from) || from.IsZero() && c.CurrentOn(today) {
					base = c
					break
				}
				latest = c
			}
			if base == nil && from.IsZero() && to.IsZero() {
				base = latest // none current: the latest
			}
			a := data.Assignment{PersonID: p.ID, SiteID: site.ID, Role: w.role}
			if base != nil {
				a = *base
			}
			if !from.IsZero() {
				a.FromDate = from
			}
			if !to.IsZero() {
				a.ToDate = to
			}
			setText(&a.Notes, notes)
			if err := a.Validate(); err != nil {
				addErr(&errs, err)
				break
			}
			if base == nil {
				// Overlap with a stored assignment or an earlier row: the
				// save would refuse it; say so now, naming what clashes.
				for _, c := range byTriple[k] {
					if overlaps(c, &a) {
						addErr(&errs, &data.Error{Code: data.EConflict, Field: "person_id",
							ZH: fmt.Sprintf("%s在这段时间内已是%s的%s，不能重复登记。", p.Name, site.Name, data.AssignmentRoles.Label(w.role, "zh")),
							EN: fmt.Sprintf("%s is already %s of %s over these days.", p.Name, data.AssignmentRoles.Label(w.role, "en"), site.Name)})
						break
					}
				}
				for _, o := range added[k] {
					if len(errs) == 0 && overlaps(&o.rec, &a) {
						addErr(&errs, errDuplicate(o.row))
					}
				}
				if len(errs) > 0 {
					break
				}
			} else {
				claimed[base.ID] = true
				rowClaimed = append(rowClaimed, base.ID)
			}
			changed := base == nil || !reflect.DeepEqual(*base, a)
			rowNew = rowNew || base == nil
			rowChanged = rowChanged || changed
			if changed {
				rowTodo = append(rowTodo, a)
			}
		}
		if len(errs) > 0 {
			for _, id := range rowClaimed { // release what this row had claimed
				delete(claimed, id)
			}
			pl.reject(r, errs)
			continue
		}
		for _, a := range rowTodo {
			if a.ID == 0 {
				k := triple{a.PersonID, a.SiteID, a.Role}
				added[k] = append(added[k], planned[data.Assignment]{r.N, a})
			}
			todo = append(todo, planned[data.Assignment]{r.N, a})
		}
		pl.tally(rowNew, rowChanged)
		if n := len(rowTodo); n > 1 {
			pl.p.writes += n - 1
		}
	}
	pl.p.apply = saveEach(todo, (*data.Store).SaveAssignment)
	return nil
}

// overlaps tells whether two assignments share a day (zero ends are open).
func overlaps(a, b *data.Assignment) bool {
	return (a.ToDate.IsZero() || b.FromDate.IsZero() || !a.ToDate.Before(b.FromDate)) &&
		(b.ToDate.IsZero() || a.FromDate.IsZero() || !b.ToDate.Before(a.FromDate))
}
