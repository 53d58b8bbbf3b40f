package data

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Person is anyone the office works with (leaders, members, department
// staff, community figures); imports know them by name + phone, else unit.
type Person struct {
	Model
	Name     string `gorm:"not null" json:"name"`
	Gender   string `gorm:"not null;default:''" json:"gender"`   // Genders code or ""
	Position string `gorm:"not null;default:''" json:"position"` // 职务
	Unit     string `gorm:"not null;default:''" json:"unit"`     // 工作单位
	Sector   string `gorm:"not null;default:''" json:"sector"`   // 界别, e.g. 经济界
	Phone    string `gorm:"not null;default:''" json:"phone"`
	Category string `gorm:"not null" json:"category"` // PersonCategories code
	Notes    string `gorm:"not null;default:''" json:"notes"`
	CountyID *uint  `json:"county_id,omitempty"`     // the city database's county; nil in a county's own
	County   string `gorm:"->;-:migration" json:"-"` // its name, filled by the list queries
}

func (p *Person) Title() string { return p.Name }

var personLabel = label{"人员", "person"}

const (
	GenderMale   = "male"
	GenderFemale = "female"
)

var Genders = enum("gender",
	Option{GenderMale, "男", "Male"},
	Option{GenderFemale, "女", "Female"},
)

const (
	CategoryLeader = "leader" // 处级领导 / 政协领导
	CategoryMember = "member" // 政协委员
	CategoryStaff  = "staff"  // 部门人员
	CategoryFigure = "figure" // 乡贤, 老党员, 老干部, 老劳模, 群众代表
)

var PersonCategories = enum("person_category",
	Option{CategoryLeader, "领导", "Leader"},
	Option{CategoryMember, "政协委员", "CPPCC member"},
	Option{CategoryStaff, "部门人员", "Department staff"},
	Option{CategoryFigure, "社会人士", "Community figure"},
)

func (p *Person) tidy() {
	cleanStrings(p)
	p.Phone = NormalizePhone(p.Phone)
}

// Validate checks the rules that need no database.
func (p *Person) Validate() error { return validate(p) }

func (p *Person) check(c *checker) {
	c.required("name", p.Name, label{"姓名", "name"})
	c.maxLen("name", p.Name, 50, label{"姓名", "name"})
	if p.Gender != "" && !Genders.Valid(p.Gender) {
		c.add("gender", "性别只能是“男”或“女”，也可以不填。", "The gender must be male or female, or left empty.")
	}
	if !PersonCategories.Valid(p.Category) {
		c.add("category", "请选择人员类别。", "Please choose the category.")
	}
	c.maxLen("position", p.Position, 100, label{"职务", "position"})
	c.maxLen("unit", p.Unit, 100, label{"工作单位", "work unit"})
	c.maxLen("sector", p.Sector, 50, label{"界别", "sector"})
	c.phone("phone", p.Phone)
	c.maxLen("notes", p.Notes, 2000, label{"备注", "notes"})
}

// checkPersonRefs refuses a second live person with the same name and
// phone (the import key); other namesakes are allowed.
func checkPersonRefs(tx *gorm.DB, p *Person, c *checker) error {
	if p.Phone == "" {
		return nil
	}
	return clash(tx.Model(&Person{}).Where("name = ? AND phone = ? AND id <> ?", p.Name, p.Phone, p.ID), c,
		"name", "已有姓名和电话都相同的人员，可能是重复录入。", "A person with the same name and phone number already exists; this may be a duplicate.")
}

// SavePerson creates the person (ID 0) or updates them.
func (st *Store) SavePerson(ctx context.Context, p *Person) error {
	return saveChecked(ctx, st, p, personLabel, "person", func(tx *gorm.DB, c *checker) error { return checkPersonRefs(tx, p, c) })
}

// Person returns one live person.
func (st *Store) Person(ctx context.Context, id uint) (*Person, error) {
	return one[Person](ctx, st, id, personLabel)
}

// PersonFilter narrows the list of people; zero fields do not filter.
type PersonFilter struct {
	Category string // a PersonCategories code
	CountyID uint   // a city database's county
	Keyword  string // part of name, position, unit, sector or phone
}

// People lists live people in entry order.
func (st *Store) People(ctx context.Context, f PersonFilter) ([]Person, error) {
	where, args := "deleted_at IS NULL", []any{}
	if f.Category != "" {
		where, args = where+" AND category = ?", append(args, f.Category)
	}
	if f.CountyID != 0 {
		where, args = where+" AND county_id = ?", append(args, f.CountyID)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		cond, likes := likeAny(kw, "name", "position", "unit", "sector", "phone")
		where, args = where+" AND "+cond, append(args, likes...)
	}
	out, err := scanList(ctx, st, `SELECT id, created_at, updated_at, version, name, gender, position, unit, sector, phone, category, notes,
		county_id, `+countyName("people.county_id")+` FROM people WHERE `+where+` ORDER BY id`, args, 0, func(p *Person) []any {
		return []any{uintCol{&p.ID}, &p.CreatedAt, &p.UpdatedAt, intCol{&p.Version}, &p.Name, &p.Gender, &p.Position, &p.Unit,
			&p.Sector, &p.Phone, &p.Category, &p.Notes, refCol{&p.CountyID}, &p.County}
	})
	return out, translate(err, personLabel)
}

// FindPerson finds the live person an imported row means (nil, nil: none)
// by name + phone when both have one, else name + unit; more than one
// match is an EConflict: guessing would attach the row to the wrong one.
func (st *Store) FindPerson(ctx context.Context, name, phone, unit string) (*Person, error) {
	name, phone, unit = strings.TrimSpace(name), NormalizePhone(phone), strings.TrimSpace(unit)
	if name == "" {
		return nil, nil
	}
	keys := [][2]any{{"unit = ?", unit}}
	if phone != "" {
		keys = [][2]any{{"phone = ?", phone}, {"unit = ? AND phone = ''", unit}}
	}
	var found []Person
	for _, k := range keys {
		if err := st.db.WithContext(ctx).Where("name = ?", name).Where(k[0], k[1]).Order("id").Limit(2).Find(&found).Error; err != nil {
			return nil, translate(err, personLabel)
		}
		if len(found) > 0 {
			break
		}
	}
	switch {
	case len(found) == 0:
		return nil, nil
	case len(found) > 1:
		return nil, newErr(EConflict, "", fmt.Sprintf("有多位名为“%s”的人员与这一行相符（电话或单位相同），无法确定是哪一位。请补上电话，或先合并重复的人员。", name),
			fmt.Sprintf("Several people named %q match this row (same phone or unit), so it is unclear which one is meant. Add the phone number, or merge the duplicates first.", name))
	}
	return &found[0], nil
}

var personTrash = registerTrash(&trashRules[Person, *Person]{entity: "person", label: personLabel,
	restore: func(st *Store, tx *gorm.DB, p *Person) error {
		var c checker
		if err := checkPersonRefs(tx, p, &c); err != nil {
			return err
		}
		if c.err() != nil {
			return newErr(EConflict, "", "已有姓名和电话都相同的人员，请先删除或修改那位人员。",
				"A live person now has the same name and phone number; delete or change that one first.")
		}
		return nil
	},
	// Refused while a record (trashed too) refers to them; attendees keep the name.
	purge: func(st *Store, tx *gorm.DB, p *Person) error {
		refs := []struct {
			q      *gorm.DB
			zh, en string
		}{
			{tx.Unscoped().Model(&Assignment{}).Where("person_id = ?", p.ID), "条挂包联系", "liaison assignments"},
			{tx.Unscoped().Model(&PanelMember{}).Where("person_id = ?", p.ID), "个政策顾问团成员身份", "advisory panel memberships"},
			{tx.Table("visit_people").Where("person_id = ?", p.ID), "次调研指导", "supervision visits"},
			{tx.Table("tasks").Where("responsible_id = ?", p.ID), "项目标任务（责任人）", "target tasks (as the person responsible)"},
		}
		var zh, en []string
		for _, r := range refs {
			var n int64
			if err := r.q.Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				zh = append(zh, fmt.Sprintf("%d%s", n, r.zh))
				en = append(en, fmt.Sprintf("%d %s", n, r.en))
			}
		}
		if len(zh) > 0 {
			return newErr(EInUse, "", fmt.Sprintf("“%s”仍被以下记录引用（包括回收站中的）：%s。请先彻底删除这些记录，或保留此人员。", p.Name, strings.Join(zh, "、")),
				fmt.Sprintf("%q is still referred to by %s (including trashed records). Purge those first, or keep this person.", p.Name, strings.Join(en, ", ")))
		}
		return nil
	},
})

// TrashPerson moves a person to the trash; their links stay, left out of
// the lists until the person is restored.
func (st *Store) TrashPerson(ctx context.Context, id uint) error {
	return personTrash.move(st, ctx, ActionTrash, id)
}
