package data

import (
	"context"

	"gorm.io/gorm"
)

// GroupAssignment (挂包 by a group) puts a 委（室） of the CPPCC or a 界别 in
// charge of guiding a site, beside the persons of Assignment: from a date
// until an optional end (zero: still current), as persons are.
type GroupAssignment struct {
	Model
	SiteID   uint   `gorm:"not null" json:"site_id"`
	Kind     string `gorm:"not null" json:"kind"` // GuideGroupKinds code
	Name     string `gorm:"not null" json:"name"` // e.g. 提案委, 经济界
	FromDate Date   `json:"from_date"`
	ToDate   Date   `json:"to_date"`
	Notes    string `gorm:"not null;default:''" json:"notes"`

	// Filled by GroupAssignments.
	SiteName string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township string `gorm:"->;-:migration" json:"township,omitempty"`
}

func (g *GroupAssignment) Title() string { return g.Name + " → " + g.SiteName }

var groupAssignmentLabel = label{"委室、界别挂包", "group assignment"}

var GuideGroupKinds = enum("guide_group_kind",
	Option{"committee", "委（室）", "Committee or office"},
	Option{"sector", "界别", "Sector"},
)

// CurrentOn tells whether the assignment runs on day d.
func (g *GroupAssignment) CurrentOn(d Date) bool {
	return !g.FromDate.After(d) && (g.ToDate.IsZero() || !g.ToDate.Before(d))
}

func (g *GroupAssignment) tidy() { cleanStrings(g) }

// Validate checks the rules that need no database.
func (g *GroupAssignment) Validate() error {
	g.tidy()
	return validate(g)
}

func (g *GroupAssignment) check(c *checker) {
	if g.SiteID == 0 {
		c.add("site_id", "请选择试点单位。", "Please choose the pilot site.")
	}
	if !GuideGroupKinds.Valid(g.Kind) {
		c.add("kind", "请选择委（室）或界别。", "Please choose a committee or a sector.")
	}
	c.required("name", g.Name, label{"名称", "name"})
	c.maxLen("name", g.Name, 50, label{"名称", "name"})
	if !g.FromDate.IsZero() && !g.ToDate.IsZero() && g.ToDate.Before(g.FromDate) {
		c.add("to_date", "结束日期不能早于开始日期。", "The end date cannot be before the start date.")
	}
	c.maxLen("notes", g.Notes, 2000, label{"备注", "notes"})
}

// SaveGroupAssignment creates (ID 0) or updates a group's assignment; the
// same group is assigned to a site once.
func (st *Store) SaveGroupAssignment(ctx context.Context, g *GroupAssignment) error {
	return saveChecked(ctx, st, g, groupAssignmentLabel, "group_assignment", func(tx *gorm.DB, c *checker) error {
		var err error
		if g.SiteName, err = liveName(tx, "sites", g.SiteID, c, "site_id", "所选的试点单位不存在或已删除。", "The chosen pilot site does not exist or was deleted."); err != nil {
			return err
		}
		return clash(tx.Model(&GroupAssignment{}).Where("site_id = ? AND kind = ? AND name = ? AND id <> ?", g.SiteID, g.Kind, g.Name, g.ID), c,
			"name", "该委（室）或界别已挂包这个试点单位。", "This group already guides the site.")
	})
}

// GroupAssignment returns one live group assignment.
func (st *Store) GroupAssignment(ctx context.Context, id uint) (*GroupAssignment, error) {
	return one[GroupAssignment](ctx, st, id, groupAssignmentLabel)
}

// GroupAssignments lists the live group assignments of live sites, grouped
// by site as the site list is; townshipID (0: all) narrows them.
func (st *Store) GroupAssignments(ctx context.Context, townshipID uint) ([]GroupAssignment, error) {
	q := st.db.WithContext(ctx).Table("group_assignments g").Select("g.*, s.name AS site_name, COALESCE(p.name, s.name) AS township").
		Joins("JOIN sites s ON s.id = g.site_id AND s.deleted_at IS NULL LEFT JOIN sites p ON p.id = s.parent_id").Where("g.deleted_at IS NULL")
	if townshipID != 0 {
		q = q.Where("(s.id = ? OR s.parent_id = ?)", townshipID, townshipID)
	}
	var out []GroupAssignment
	err := q.Order(refOrder("sites", "s.") + ", g.id").Scan(&out).Error
	return out, translate(err, groupAssignmentLabel)
}

// GuidingGroups gives, by site ID, the names of the groups guiding it on
// day on (zero: today), in entry order (提案委, 经济界: the names say the kind).
func (st *Store) GuidingGroups(ctx context.Context, on Date) (map[uint][]string, error) {
	on = orToday(on)
	out := map[uint][]string{}
	var site uint
	var name string
	err := eachRow(st.db.WithContext(ctx), `SELECT g.site_id, g.name FROM group_assignments g JOIN sites s ON s.id = g.site_id AND s.deleted_at IS NULL
		WHERE g.deleted_at IS NULL AND (g.from_date IS NULL OR g.from_date <= ?) AND (g.to_date IS NULL OR g.to_date >= ?)
		ORDER BY g.site_id, g.id`, []any{on, on}, []any{&site, &name}, func() { out[site] = append(out[site], name) })
	return out, translate(err, groupAssignmentLabel)
}

// GroupCoverage counts, by township ID, the live sites a group guides on
// day on, and the county's total (key 0): the coverage view's column.
func (st *Store) GroupCoverage(ctx context.Context, on Date) (map[uint]int, error) {
	on = orToday(on)
	out := map[uint]int{}
	var town uint
	var n int
	err := eachRow(st.db.WithContext(ctx), `SELECT COALESCE(s.parent_id, s.id), COUNT(DISTINCT s.id) FROM sites s
		JOIN group_assignments g ON g.site_id = s.id AND g.deleted_at IS NULL
			AND (g.from_date IS NULL OR g.from_date <= ?) AND (g.to_date IS NULL OR g.to_date >= ?)
		WHERE s.deleted_at IS NULL GROUP BY COALESCE(s.parent_id, s.id)`, []any{on, on}, []any{&town, &n}, func() {
		out[town] = n
		out[0] += n
	})
	return out, translate(err, groupAssignmentLabel)
}

var groupAssignmentTrash = registerTrash(&trashRules[GroupAssignment, *GroupAssignment]{entity: "group_assignment", label: groupAssignmentLabel,
	title: func(tx *gorm.DB, g *GroupAssignment) error { // the site's name, trashed or not
		return tx.Raw("SELECT name FROM sites WHERE id = ?", g.SiteID).Scan(&g.SiteName).Error
	},
})

// TrashGroupAssignment moves a group assignment to the trash.
func (st *Store) TrashGroupAssignment(ctx context.Context, id uint) error {
	return groupAssignmentTrash.move(st, ctx, ActionTrash, id)
}
