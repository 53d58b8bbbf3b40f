package data

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Panel is a policy advisory panel (政策顾问团).
type Panel struct {
	Model
	Name        string `gorm:"not null" json:"name"`
	Description string `gorm:"not null;default:''" json:"description"`
	Notes       string `gorm:"not null;default:''" json:"notes"`
	CountyID    *uint  `json:"county_id,omitempty"`     // the city database's county; nil in a county's own
	County      string `gorm:"->;-:migration" json:"-"` // its name, filled by the list queries
}

func (p *Panel) Title() string { return p.Name }

var panelLabel = label{"政策顾问团", "advisory panel"}

// PanelMember is a person on a panel, recommended by a department.
type PanelMember struct {
	Model
	PanelID    uint   `gorm:"not null" json:"panel_id"`
	PersonID   uint   `gorm:"not null" json:"person_id"`
	Department string `gorm:"not null;default:''" json:"department"` // 推荐部门
	Expertise  string `gorm:"not null;default:''" json:"expertise"`  // 擅长领域
	Notes      string `gorm:"not null;default:''" json:"notes"`

	// Filled by list queries.
	PersonName string `gorm:"->;-:migration" json:"person_name,omitempty"`
	PanelName  string `gorm:"->;-:migration" json:"panel_name,omitempty"`
}

func (m *PanelMember) Title() string { return m.PanelName + " / " + m.PersonName }

var panelMemberLabel = label{"顾问团成员", "panel member"}

func (p *Panel) tidy() { cleanStrings(p) }

// Validate checks the rules that need no database.
func (p *Panel) Validate() error { return validate(p) }

func (p *Panel) check(c *checker) {
	c.required("name", p.Name, label{"名称", "name"})
	c.maxLen("name", p.Name, 100, label{"名称", "name"})
	c.maxLen("description", p.Description, 500, label{"说明", "description"})
	c.maxLen("notes", p.Notes, 2000, label{"备注", "notes"})
}

// checkPanelRefs refuses a name another live panel has (as the unique index does).
func checkPanelRefs(tx *gorm.DB, p *Panel, c *checker) error {
	return clash(tx.Model(&Panel{}).Where("name = ? AND id <> ?", p.Name, p.ID), c,
		"name", "已有同名的政策顾问团。", "There is already an advisory panel with this name.")
}

// SavePanel creates the panel (ID 0) or updates it.
func (st *Store) SavePanel(ctx context.Context, p *Panel) error {
	return saveChecked(ctx, st, p, panelLabel, "panel", func(tx *gorm.DB, c *checker) error { return checkPanelRefs(tx, p, c) })
}

// Panel returns one live panel.
func (st *Store) Panel(ctx context.Context, id uint) (*Panel, error) {
	return one[Panel](ctx, st, id, panelLabel)
}

// Panels lists the live panels in entry order.
func (st *Store) Panels(ctx context.Context) ([]Panel, error) {
	var out []Panel
	err := st.db.WithContext(ctx).Order("id").Find(&out).Error
	return out, translate(err, panelLabel)
}

// PanelStat counts one live panel's distinct departments and live people
// ("26 departments recommended 46 people").
type PanelStat struct {
	PanelID     uint
	Name        string
	Departments int
	People      int
}

// PanelStats gives every live panel's counts, in entry order.
func (st *Store) PanelStats(ctx context.Context) ([]PanelStat, error) {
	var out []PanelStat
	err := st.db.WithContext(ctx).Table("panels p").
		Select("p.id AS panel_id, p.name," +
			" COUNT(DISTINCT CASE WHEN m.department <> '' THEN m.department END) AS departments," +
			" COUNT(DISTINCT m.person_id) AS people").
		Joins("LEFT JOIN (SELECT m.panel_id, m.person_id, m.department FROM panel_members m" +
			" JOIN people pe ON pe.id = m.person_id AND pe.deleted_at IS NULL WHERE m.deleted_at IS NULL) m ON m.panel_id = p.id").
		Where("p.deleted_at IS NULL").Group("p.id, p.name").Order("p.id").Scan(&out).Error
	return out, translate(err, panelLabel)
}

// A panel goes to the trash with its live members, all stamped with its
// instant, by which its restore knows which members went with it; a purge
// deletes its (trashed) members too.
var panelTrash = &trashRules[Panel, *Panel]{entity: "panel", label: panelLabel,
	trash: func(st *Store, tx *gorm.DB, p *Panel) error {
		members, err := panelMembers(tx, "m.panel_id = ? AND m.deleted_at IS NULL", p.ID)
		if err != nil {
			return translate(err, panelMemberLabel)
		}
		for i := range members {
			m := &members[i]
			if err := tx.Model(&PanelMember{}).Where("id = ?", m.ID).UpdateColumns(trashStamp(p.DeletedAt.Time)).Error; err != nil {
				return translate(err, panelMemberLabel)
			}
			if err := st.logChange(tx, "panel_member", m.ID, ActionTrash, m.Title(), nil, nil); err != nil {
				return err
			}
		}
		return nil
	},
	// Unless a live panel has taken its name.
	restore: func(st *Store, tx *gorm.DB, p *Panel) error {
		var c checker
		if err := checkPanelRefs(tx, p, &c); err != nil {
			return err
		}
		if c.err() != nil {
			return newErr(EConflict, "", "已有同名的政策顾问团，请先改名或删除那个顾问团。", "A live advisory panel has the same name now; rename or delete that one first.")
		}
		members, err := panelMembers(tx.Unscoped(), "m.panel_id = ? AND m.deleted_at IS NOT NULL", p.ID)
		if err != nil {
			return err
		}
		for i := range members {
			m := &members[i]
			// Compared in Go: the stored text of a time is the driver's business.
			if !m.DeletedAt.Time.Equal(p.DeletedAt.Time) {
				continue
			}
			if err := tx.Unscoped().Model(&PanelMember{}).Where("id = ?", m.ID).UpdateColumns(trashStamp(nil)).Error; err != nil {
				return translate(err, panelMemberLabel)
			}
			if err := st.logChange(tx, "panel_member", m.ID, ActionRestore, m.Title(), nil, nil); err != nil {
				return err
			}
		}
		return nil
	},
	purge: func(st *Store, tx *gorm.DB, p *Panel) error {
		members, err := panelMembers(tx.Unscoped(), "m.panel_id = ?", p.ID)
		if err != nil {
			return err
		}
		for i := range members {
			m := &members[i]
			if !m.DeletedAt.Valid { // cannot happen through this package; never purge live rows
				return newErr(EInUse, "", fmt.Sprintf("“%s”还有未删除的成员，不能彻底删除。", p.Name),
					fmt.Sprintf("%q still has members that are not in the trash, so it cannot be purged.", p.Name))
			}
			if err := tx.Unscoped().Delete(&PanelMember{}, m.ID).Error; err != nil {
				return translate(err, panelMemberLabel)
			}
			if err := st.logChange(tx, "panel_member", m.ID, ActionPurge, m.Title(), m, nil); err != nil {
				return err
			}
		}
		return nil
	},
}

// TrashPanel moves a panel to the trash with its live members.
func (st *Store) TrashPanel(ctx context.Context, id uint) error {
	return panelTrash.move(st, ctx, ActionTrash, id)
}

func (m *PanelMember) tidy() { cleanStrings(m) }

// Validate checks the rules that need no database.
func (m *PanelMember) Validate() error { return validate(m) }

func (m *PanelMember) check(c *checker) {
	if m.PanelID == 0 {
		c.add("panel_id", "请选择政策顾问团。", "Please choose the advisory panel.")
	}
	if m.PersonID == 0 {
		c.add("person_id", "请选择人员。", "Please choose the person.")
	}
	c.maxLen("department", m.Department, 100, label{"推荐部门", "recommending department"})
	c.maxLen("expertise", m.Expertise, 200, label{"擅长领域", "expertise"})
	c.maxLen("notes", m.Notes, 2000, label{"备注", "notes"})
}

// checkPanelMemberRefs checks the panel and person are live (names filled)
// and refuses a person already on the panel.
func checkPanelMemberRefs(tx *gorm.DB, m *PanelMember, c *checker) error {
	var err error
	if m.PanelName, err = liveName(tx, "panels", m.PanelID, c, "panel_id", "所选的政策顾问团不存在或已删除。", "The chosen advisory panel does not exist or was deleted."); err != nil {
		return err
	}
	if m.PersonName, err = liveName(tx, "people", m.PersonID, c, "person_id", "所选的人员不存在或已删除。", "The chosen person does not exist or was deleted."); err != nil || c.err() != nil {
		return err
	}
	return clash(tx.Model(&PanelMember{}).Where("panel_id = ? AND person_id = ? AND id <> ?", m.PanelID, m.PersonID, m.ID), c, "person_id",
		fmt.Sprintf("%s已是“%s”的成员，同一人在一个顾问团中只能登记一次。", m.PersonName, m.PanelName),
		fmt.Sprintf("%s is already a member of %q; a person can be on a panel only once.", m.PersonName, m.PanelName))
}

// SavePanelMember adds a person to a panel (ID 0) or updates the membership.
func (st *Store) SavePanelMember(ctx context.Context, m *PanelMember) error {
	return saveChecked(ctx, st, m, panelMemberLabel, "panel_member", func(tx *gorm.DB, c *checker) error { return checkPanelMemberRefs(tx, m, c) })
}

// panelMembers reads members with their names, trashed or not.
func panelMembers(tx *gorm.DB, where string, args ...any) ([]PanelMember, error) {
	var out []PanelMember
	err := tx.Table("panel_members m").
		Select("m.*, pe.name AS person_name, p.name AS panel_name").
		Joins("JOIN people pe ON pe.id = m.person_id").Joins("JOIN panels p ON p.id = m.panel_id").
		Where(where, args...).Order("m.id").Scan(&out).Error
	return out, err
}

// PanelMember returns one live membership with its names filled.
func (st *Store) PanelMember(ctx context.Context, id uint) (*PanelMember, error) {
	out, err := panelMembers(st.db.WithContext(ctx), "m.id = ? AND m.deleted_at IS NULL", id)
	if err == nil && len(out) == 0 {
		err = gorm.ErrRecordNotFound
	}
	if err != nil {
		return nil, translate(err, panelMemberLabel)
	}
	return &out[0], nil
}

// PanelMembers lists a panel's live members by department (blank last), then name.
func (st *Store) PanelMembers(ctx context.Context, panelID uint) ([]PanelMember, error) {
	var out []PanelMember
	err := st.db.WithContext(ctx).Table("panel_members m").
		Select("m.*, pe.name AS person_name, p.name AS panel_name").
		Joins("JOIN people pe ON pe.id = m.person_id AND pe.deleted_at IS NULL").
		Joins("JOIN panels p ON p.id = m.panel_id AND p.deleted_at IS NULL").
		Where("m.panel_id = ? AND m.deleted_at IS NULL", panelID).
		Order("CASE WHEN m.department = '' THEN 1 ELSE 0 END, m.department, pe.name, m.id").
		Scan(&out).Error
	return out, translate(err, panelMemberLabel)
}

// fillPanelMemberNames puts the panel's and person's names, trashed or not, on m.
func fillPanelMemberNames(tx *gorm.DB, m *PanelMember) error {
	var names struct{ PanelName, PersonName string }
	err := tx.Raw("SELECT (SELECT name FROM panels WHERE id = ?) AS panel_name, (SELECT name FROM people WHERE id = ?) AS person_name",
		m.PanelID, m.PersonID).Scan(&names).Error
	m.PanelName, m.PersonName = names.PanelName, names.PersonName
	return err
}

// Members are registered before panels: emptying the trash purges them first.
var panelMemberTrash = registerTrash(&trashRules[PanelMember, *PanelMember]{entity: "panel_member", label: panelMemberLabel,
	title: fillPanelMemberNames,
	// One that went with its panel is left out: the panel's entry stands for it.
	hide: func(tx *gorm.DB, m *PanelMember) (bool, error) {
		var at []gorm.DeletedAt
		err := tx.Table("panels").Where("id = ?", m.PanelID).Pluck("deleted_at", &at).Error
		return len(at) > 0 && at[0].Valid && at[0].Time.Equal(m.DeletedAt.Time), err
	},
	restore: func(st *Store, tx *gorm.DB, m *PanelMember) error {
		if err := needLive(tx, "panels", m.PanelID, m.PanelName); err != nil {
			return err
		}
		if err := needLive(tx, "people", m.PersonID, m.PersonName); err != nil {
			return err
		}
		return conflictIf(func(c *checker) error { return checkPanelMemberRefs(tx, m, c) }) // on the panel again
	},
})

var _ = registerTrash(panelTrash)

// TrashPanelMember takes one person off a panel (into the trash).
func (st *Store) TrashPanelMember(ctx context.Context, id uint) error {
	return panelMemberTrash.move(st, ctx, ActionTrash, id)
}
