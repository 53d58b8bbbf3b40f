package export

// Importing people (人员), matched with data.FindPerson. A new person without
// a category is a CPPCC member when a sector (界别, which only members have)
// is given.

import "pilotdesk/data"

var peopleKind = kindSpec{zh: "人员", en: "People",
	fields: []Field{
		fPersonName, fGender, fPosition, fUnit, fUnitPos,
		{Key: "sector", ZH: "界别", EN: "Sector", synonyms: []string{"所属界别", "委员界别"}},
		fPhone,
		{Key: "category", ZH: "人员类别", EN: "Category", typ: tEnum, enum: &data.PersonCategories,
			synonyms: []string{"类别", "身份", "人员类型", "人员身份"}, hint: "不填时：填了界别的视为政协委员"},
		fNotes,
	},
	need:    [][]string{{"name"}},
	keyText: "人员按“姓名+联系电话”对应，没有电话时按“姓名+工作单位”，",
	example: map[string]string{"name": "王建国", "gender": "男", "position": "区政协副主席", "unit": "马龙区政协", "phone": "13812345678", "category": "领导"},
}

func (pl *planner) people() error {
	var todo []planned[data.Person]
	for r := range pl.each() {
		var errs data.ValidationErrors
		name := pl.name(r, "name")
		var phone string
		pl.read(r, "phone", &phone, &errs)
		unit, position := pl.unitPosition(r)
		if name == "" {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "name", ZH: "请填写姓名。", EN: "Please enter the name."})
		}
		var base *data.Person
		if len(errs) == 0 {
			var err error
			base, err = pl.findPerson(name, phone, unit)
			addErr(&errs, err)
		}
		key := name + "\x00" + phone
		if phone == "" {
			key += "\x00" + unit
		}
		var p data.Person
		keys := []any{key}
		if base != nil {
			p = *base
			keys = append(keys, base.ID)
		}
		p.Name = name
		pl.read(r, "gender", &p.Gender, &errs)
		setText(&p.Position, position)
		setText(&p.Unit, unit)
		pl.read(r, "sector", &p.Sector, &errs)
		pl.read(r, "notes", &p.Notes, &errs)
		setText(&p.Phone, phone)
		if !pl.read(r, "category", &p.Category, &errs) && p.Category == "" && p.Sector != "" {
			p.Category = data.CategoryMember
		}
		if p.Category == "" && len(errs) == 0 {
			errs = append(errs, &data.Error{Code: data.EInvalid, Field: "category",
				ZH: "请填写人员类别（领导、政协委员、部门人员或社会人士）。", EN: "Please enter the category (leader, CPPCC member, department staff or community figure)."})
		}
		if accept(pl, r, errs, base, &p, keys...) {
			todo = append(todo, planned[data.Person]{r.N, p})
		}
	}
	pl.p.apply = saveEach(todo, (*data.Store).SavePerson)
	return nil
}
