package export

// Importing advisory panel members (政策顾问团成员), matched by panel +
// person. A panel named but not on file is created, and so is a person not
// on file (as department staff, with the row's details); people already on
// file are left as they are.

import (
	"context"
	"slices"

	"pilotdesk/data"
)

var panelMembersKind = kindSpec{zh: "政策顾问团成员", en: "Advisory panel members",
	fields: []Field{
		{Key: "panel", ZH: "政策顾问团", EN: "Advisory panel", synonyms: []string{"顾问团", "所属顾问团", "顾问团名称"},
			hint: "不填时：与工作表同名的顾问团，或唯一的顾问团"},
		{Key: "department", ZH: "推荐部门", EN: "Recommending department", synonyms: []string{"部门", "推荐单位", "所在部门"}},
		fPersonName, fGender, fUnit, fPosition, fUnitPos, fPhone,
		{Key: "expertise", ZH: "擅长领域", EN: "Expertise", synonyms: []string{"专业特长", "特长", "专长", "擅长", "业务专长"}},
		fNotes,
	},
	need:    [][]string{{"name"}},
	keyText: "顾问团成员按“顾问团+人员”对应，",
	example: map[string]string{"panel": "马龙区政策顾问团", "department": "区水务局", "name": "陈红", "gender": "女", "unit": "区水务局",
		"position": "副局长", "phone": "13987654321", "expertise": "供水"},
}

func (pl *planner) panelMembers() error {
	panels, err := pl.st.Panels(pl.ctx)
	if err != nil {
		return err
	}
	type pair struct{ panel, person uint }
	panelByName := map[string]*data.Panel{}
	members := map[pair]*data.PanelMember{}
	for i := range panels {
		panelByName[panels[i].Name] = &panels[i]
		list, err := pl.st.PanelMembers(pl.ctx, panels[i].ID)
		if err != nil {
			return err
		}
		for i := range list {
			members[pair{list[i].PanelID, list[i].PersonID}] = &list[i]
		}
	}
	defaultPanel := pl.opts.Panel
	if defaultPanel == "" {
		if panelByName[pl.p.Table.Sheet] != nil {
			defaultPanel = pl.p.Table.Sheet
		} else if len(panels) == 1 {
			defaultPanel = panels[0].Name
		}
	}
	var newPanels []string
	var newPeople []*planned[data.Person]
	newPeopleByKey := map[string]*planned[data.Person]{}
	// member is a member to save, with its panel or person if they are new.
	type member struct {
		data.PanelMember
		panel  string
		person *planned[data.Person]
	}
	var todo []planned[member]
	for r := range pl.each() {
		var errs data.ValidationErrors
		panelName := pl.text(r, "panel")
		if panelName == "" {
			panelName = defaultPanel
		}
		if panelName == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "panel_id",
				ZH: "请填写所属政策顾问团（或在导入时选定顾问团）。", EN: "Please enter the advisory panel (or choose one for the import)."})
		}
		name := pl.name(r, "name")
		var phone, gender string
		pl.read(r, "phone", &phone, &errs)
		pl.read(r, "gender", &gender, &errs)
		unit, position := pl.unitPosition(r)
		if name == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "name", ZH: "请填写姓名。", EN: "Please enter the name."})
		}
		var person *data.Person
		var fresh *planned[data.Person]
		pkey := name + "\x00" + phone + "\x00" + unit
		if len(errs) == 0 {
			var err error
			person, err = pl.findPerson(name, phone, unit)
			if err != nil {
				addErr(&errs, err)
			} else if person == nil {
				fresh = newPeopleByKey[pkey]
				if fresh == nil {
					fresh = &planned[data.Person]{r.N, data.Person{Name: name, Gender: gender, Unit: unit, Position: position, Phone: phone,
						Category: data.CategoryStaff}}
					addErr(&errs, fresh.rec.Validate())
				}
			}
		}
		panel := panelByName[panelName]
		var base *data.PanelMember
		if panel != nil && person != nil {
			base = members[pair{panel.ID, person.ID}]
		}
		m := data.PanelMember{PanelID: 1, PersonID: 1} // ids filled when saving
		if base != nil {
			m = *base
		}
		pl.read(r, "department", &m.Department, &errs)
		pl.read(r, "expertise", &m.Expertise, &errs)
		pl.read(r, "notes", &m.Notes, &errs)
		if !accept(pl, r, errs, base, &m, panelName+"\x00"+pkey) {
			continue
		}
		it := member{PanelMember: m, person: fresh}
		if panel == nil {
			it.panel = panelName
			if !slices.Contains(newPanels, panelName) {
				newPanels = append(newPanels, panelName)
				pl.p.Created = append(pl.p.Created, Made{ZH: "政策顾问团", EN: "Advisory panel", Name: panelName})
				pl.p.writes++
			}
		} else {
			it.PanelID = panel.ID
		}
		if person != nil {
			it.PersonID = person.ID
		} else if newPeopleByKey[pkey] == nil {
			newPeopleByKey[pkey] = fresh
			newPeople = append(newPeople, fresh)
			pl.p.Created = append(pl.p.Created, Made{ZH: "人员", EN: "Person", Name: name})
			pl.p.writes++
		}
		todo = append(todo, planned[member]{r.N, it})
	}
	pl.p.apply = func(ctx context.Context, tx *data.Store, tick func(int)) error {
		panelIDs := map[string]uint{}
		for _, name := range newPanels {
			p := data.Panel{Name: name}
			if err := tx.SavePanel(ctx, &p); err != nil {
				return err
			}
			panelIDs[name] = p.ID
			tick(1)
		}
		personIDs := map[*planned[data.Person]]uint{}
		for _, np := range newPeople {
			p := np.rec
			if err := tx.SavePerson(ctx, &p); err != nil {
				return rowFailed(np.row, err)
			}
			personIDs[np] = p.ID
			tick(1)
		}
		return saveEach(todo, func(tx *data.Store, ctx context.Context, m *member) error {
			if m.panel != "" {
				m.PanelID = panelIDs[m.panel]
			}
			if m.person != nil {
				m.PersonID = personIDs[m.person]
			}
			return tx.SavePanelMember(ctx, &m.PanelMember)
		})(ctx, tx, tick)
	}
	return nil
}
