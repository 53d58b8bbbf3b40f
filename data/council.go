package data

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// CouncilMember is one of a site's standing members (议事会成员, 陆良's
// "8+X"): the people always asked to its consultations, a person on file
// or a name only, each with their 身份.
type CouncilMember struct {
	Model
	SiteID   uint   `gorm:"not null" json:"site_id"`
	PersonID *uint  `json:"person_id,omitempty"`
	Name     string `gorm:"not null" json:"name"`     // the person's name is copied, as an attendee's
	Identity string `gorm:"not null" json:"identity"` // CouncilIdentities code
	Notes    string `gorm:"not null;default:''" json:"notes"`

	// Filled by CouncilMembers.
	SiteName string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township string `gorm:"->;-:migration" json:"township,omitempty"`
}

func (m *CouncilMember) Title() string { return m.Name }

var councilLabel = label{"议事会成员", "standing member"}

var CouncilIdentities = enum("council_identity",
	Option{"member", "政协委员", "CPPCC member"},
	Option{"resident", "村（居）民代表", "Residents' representative"},
	Option{"stakeholder", "利益相关方", "Stakeholder"},
	Option{"staff", "部门人员", "Department staff"},
	Option{"figure", "乡贤能人", "Respected local"},
	Option{"party", "老党员、老干部", "Veteran Party member or cadre"},
	Option{"other", "其他", "Other"},
)

// AttendeeRole is the role a standing member attends in.
func (m *CouncilMember) AttendeeRole() string {
	switch m.Identity {
	case "member":
		return "member"
	case "stakeholder":
		return "stakeholder"
	}
	return "other"
}

func (m *CouncilMember) tidy() {
	cleanStrings(m)
	if m.PersonID != nil && *m.PersonID == 0 {
		m.PersonID = nil
	}
}

// Validate checks the rules that need no database.
func (m *CouncilMember) Validate() error {
	m.tidy()
	return validate(m)
}

func (m *CouncilMember) check(c *checker) {
	if m.SiteID == 0 {
		c.add("site_id", "请选择试点单位。", "Please choose the pilot site.")
	}
	if m.PersonID == nil {
		c.required("name", m.Name, label{"姓名", "name"})
	}
	c.maxLen("name", m.Name, 50, label{"姓名", "name"})
	if !CouncilIdentities.Valid(m.Identity) {
		c.add("identity", "请选择身份。", "Please choose the identity.")
	}
	c.maxLen("notes", m.Notes, 2000, label{"备注", "notes"})
}

// SaveCouncilMember creates (ID 0) or updates a standing member. A person
// on file gives the name; one person or name is listed once per site.
func (st *Store) SaveCouncilMember(ctx context.Context, m *CouncilMember) error {
	return saveChecked(ctx, st, m, councilLabel, "council_member", func(tx *gorm.DB, c *checker) error {
		if _, err := liveName(tx, "sites", m.SiteID, c, "site_id", "所选的试点单位不存在或已删除。", "The chosen pilot site does not exist or was deleted."); err != nil {
			return err
		}
		if m.PersonID != nil {
			name, err := liveName(tx, "people", *m.PersonID, c, "person_id", "所选的人员不存在或已删除。", "The chosen person does not exist or was deleted.")
			if err != nil {
				return err
			}
			if name != "" {
				m.Name = name
			}
		}
		q := tx.Model(&CouncilMember{}).Where("site_id = ? AND id <> ?", m.SiteID, m.ID)
		if m.PersonID != nil {
			q = q.Where("person_id = ?", *m.PersonID)
		} else {
			q = q.Where("person_id IS NULL AND name = ?", m.Name)
		}
		return clash(q, c, "name", fmt.Sprintf("“%s”已是该试点单位的议事会成员。", m.Name), fmt.Sprintf("%s is a standing member of this site already.", m.Name))
	})
}

// CouncilFilter narrows the list; zero fields do not filter.
type CouncilFilter struct {
	TownshipID uint
	SiteID     uint
	Keyword    string // part of the name, the notes or the site's name
}

// CouncilMembers lists the live standing members grouped by site as the
// site list is, in entry order within a site. A member whose person was
// trashed is left out, as the rosters leave them.
func (st *Store) CouncilMembers(ctx context.Context, f CouncilFilter) ([]CouncilMember, error) {
	q := st.db.WithContext(ctx).Table("council_members m").Select("m.*, s.name AS site_name, COALESCE(p.name, s.name) AS township").
		Joins("JOIN sites s ON s.id = m.site_id LEFT JOIN sites p ON p.id = s.parent_id").
		Where("m.deleted_at IS NULL AND (m.person_id IS NULL OR EXISTS (SELECT 1 FROM people pe WHERE pe.id = m.person_id AND pe.deleted_at IS NULL))")
	if f.SiteID != 0 {
		q = q.Where("m.site_id = ?", f.SiteID)
	} else if f.TownshipID != 0 {
		q = q.Where("(m.site_id = ? OR s.parent_id = ?)", f.TownshipID, f.TownshipID)
	}
	if kw := strings.TrimSpace(f.Keyword); kw != "" {
		cond, likes := likeAny(kw, "m.name", "m.notes", "s.name")
		q = q.Where(cond, likes...)
	}
	var out []CouncilMember
	err := q.Order(refOrder("sites", "s.") + ", m.id").Scan(&out).Error
	return out, translate(err, councilLabel)
}

// CouncilMember returns one live standing member.
func (st *Store) CouncilMember(ctx context.Context, id uint) (*CouncilMember, error) {
	return one[CouncilMember](ctx, st, id, councilLabel)
}

// StandingAttendees are the site's standing members as an activity's (or
// a plan's) attendees, for the form to add in one step.
func (st *Store) StandingAttendees(ctx context.Context, siteID uint) ([]Attendee, error) {
	members, err := st.CouncilMembers(ctx, CouncilFilter{SiteID: siteID})
	out := make([]Attendee, len(members))
	for i := range members {
		out[i] = Attendee{PersonID: members[i].PersonID, Name: members[i].Name, Role: members[i].AttendeeRole()}
	}
	return out, err
}

var councilTrash = registerTrash(&trashRules[CouncilMember, *CouncilMember]{entity: "council_member", label: councilLabel,
	restore: func(st *Store, tx *gorm.DB, m *CouncilMember) error {
		if live, err := isLive(tx, "sites", m.SiteID); err != nil || live {
			return err
		}
		return newErr(EConflict, "", "其所在的试点单位已被删除，请先恢复该试点单位。", "Its pilot site was deleted; restore the site first.")
	},
})

// TrashCouncilMember moves a standing member to the trash.
func (st *Store) TrashCouncilMember(ctx context.Context, id uint) error {
	return councilTrash.move(st, ctx, ActionTrash, id)
}
