package data

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// SiteGroup is the third level some counties use (沾益's 区、乡、村组三级
// 平台): a 村民小组 under a village or a 小区 under a community. It is not a
// site of its own: an activity held there is the village's (its site) and
// the township's, and names the group besides (Activity.GroupID), so every
// count by site and township takes it in as it is.
type SiteGroup struct {
	Model
	SiteID uint   `gorm:"not null" json:"site_id"` // the village or community
	Name   string `gorm:"not null" json:"name"`
	Kind   string `gorm:"not null" json:"kind"` // GroupKinds code
	Notes  string `gorm:"not null;default:''" json:"notes"`

	// Filled by SiteGroups.
	SiteName string `gorm:"->;-:migration" json:"site_name,omitempty"`
	Township string `gorm:"->;-:migration" json:"township,omitempty"`
}

func (g *SiteGroup) Title() string { return g.Name }

var groupLabel = label{"村民小组／小区", "village group / compound"}

var GroupKinds = enum("group_kind",
	Option{"group", "村民小组", "Village group"},
	Option{"compound", "小区", "Residential compound"},
)

func (g *SiteGroup) tidy() { cleanStrings(g) }

// Validate checks the rules that need no database.
func (g *SiteGroup) Validate() error {
	g.tidy()
	return validate(g)
}

func (g *SiteGroup) check(c *checker) {
	if g.SiteID == 0 {
		c.add("site_id", "请选择所属的村（社区）。", "Please choose the village or community it belongs to.")
	}
	c.required("name", g.Name, label{"名称", "name"})
	c.maxLen("name", g.Name, 100, label{"名称", "name"})
	if !GroupKinds.Valid(g.Kind) {
		c.add("kind", "请选择类型：村民小组或小区。", "Please choose the kind: a village group or a compound.")
	}
	c.maxLen("notes", g.Notes, 2000, label{"备注", "notes"})
}

// checkGroupSite: a group must be under a live village or community.
func checkGroupSite(tx *gorm.DB, g *SiteGroup, c *checker) error {
	var s Site
	switch err := tx.Select("id", "kind").First(&s, g.SiteID).Error; {
	case err == gorm.ErrRecordNotFound:
		c.add("site_id", "所选的村（社区）不存在或已删除。", "The chosen village or community does not exist or was deleted.")
	case err != nil:
		return err
	case s.Kind != KindCommunity:
		c.add("site_id", "村民小组、小区必须属于一个村（社区），不能直接属于乡镇（街道）或企事业单位。",
			"A village group or compound must be under a village or community, not a township or an enterprise.")
	}
	return clash(tx.Model(&SiteGroup{}).Where("site_id = ? AND name = ? AND id <> ?", g.SiteID, g.Name, g.ID), c,
		"name", "该村（社区）下已有同名的村民小组或小区。", "This village already has a group or compound of that name.")
}

// SaveSiteGroup creates (ID 0) or updates a group under its village. One
// that activities were held at cannot move to another village.
func (st *Store) SaveSiteGroup(ctx context.Context, g *SiteGroup) error {
	return saveChecked(ctx, st, g, groupLabel, "site_group", func(tx *gorm.DB, c *checker) error {
		if err := checkGroupSite(tx, g, c); err != nil || g.ID == 0 {
			return err
		}
		return refuseIfAny(tx.Model(&Activity{}).Where("group_id = ? AND site_id <> ?", g.ID, g.SiteID), func(n int64) error {
			c.add("site_id", fmt.Sprintf("已有%d次协商议事活动在该处开展，不能改到其他村（社区）。", n),
				fmt.Sprintf("%d activities were held there; it cannot move to another village.", n))
			return nil
		})
	})
}

// SiteGroup returns one live group.
func (st *Store) SiteGroup(ctx context.Context, id uint) (*SiteGroup, error) {
	return one[SiteGroup](ctx, st, id, groupLabel)
}

// SiteGroups lists the live groups of a township (0: all) or of one
// village, grouped by village as the site list is.
func (st *Store) SiteGroups(ctx context.Context, townshipID, siteID uint, keyword string) ([]SiteGroup, error) {
	q := st.db.WithContext(ctx).Table("site_groups g").Select("g.*, s.name AS site_name, COALESCE(p.name, s.name) AS township").
		Joins("JOIN sites s ON s.id = g.site_id LEFT JOIN sites p ON p.id = s.parent_id").Where("g.deleted_at IS NULL")
	if siteID != 0 {
		q = q.Where("g.site_id = ?", siteID)
	} else if townshipID != 0 {
		q = q.Where("s.parent_id = ?", townshipID)
	}
	if kw := strings.TrimSpace(keyword); kw != "" {
		cond, likes := likeAny(kw, "g.name", "g.notes", "s.name")
		q = q.Where(cond, likes...)
	}
	var out []SiteGroup
	err := q.Order(refOrder("sites", "s.") + ", g.id").Scan(&out).Error
	return out, translate(err, groupLabel)
}

// checkActivityGroup: an activity's group is a live one of its site.
func checkActivityGroup(tx *gorm.DB, a *Activity, c *checker) error {
	if a.GroupID == 0 {
		return nil
	}
	var g SiteGroup
	switch err := tx.Select("id", "site_id").First(&g, a.GroupID).Error; {
	case err == gorm.ErrRecordNotFound:
		c.add("group_id", "所选的村民小组（小区）不存在或已删除。", "The chosen village group or compound does not exist or was deleted.")
	case err != nil:
		return err
	case g.SiteID != a.SiteID:
		c.add("group_id", "所选的村民小组（小区）不属于该试点单位。", "The chosen village group or compound is not under this site.")
	}
	return nil
}

var groupTrash = registerTrash(&trashRules[SiteGroup, *SiteGroup]{entity: "site_group", label: groupLabel,
	trash: func(st *Store, tx *gorm.DB, g *SiteGroup) error {
		return refuseIfAny(tx.Model(&Activity{}).Where("group_id = ?", g.ID), func(n int64) error {
			return newErr(EInUse, "", fmt.Sprintf("“%s”还有%d次协商议事活动，请先删除这些活动，或把它们改到别处。", g.Name, n),
				fmt.Sprintf("%q still has %d activities; delete them or move them first.", g.Name, n))
		})
	},
	restore: func(st *Store, tx *gorm.DB, g *SiteGroup) error {
		var c checker
		if err := checkGroupSite(tx, g, &c); err != nil {
			return err
		}
		if c.err() != nil {
			return newErr(EConflict, "", "其所属的村（社区）已被删除，或已有同名的村民小组（小区）。", "Its village was deleted, or a live group has its name.")
		}
		return nil
	},
	// Refused while an activity in the trash still names it.
	purge: func(st *Store, tx *gorm.DB, g *SiteGroup) error {
		return refuseIfAny(tx.Unscoped().Model(&Activity{}).Where("group_id = ?", g.ID), func(n int64) error {
			return newErr(EInUse, "", fmt.Sprintf("回收站中还有%d次在“%s”开展的活动，不能彻底删除。", n, g.Name),
				fmt.Sprintf("%d trashed activities were held at %q; it cannot be purged.", n, g.Name))
		})
	},
})

// TrashSiteGroup moves a group to the trash; one activities were held at
// is refused while they are live.
func (st *Store) TrashSiteGroup(ctx context.Context, id uint) error {
	return groupTrash.move(st, ctx, ActionTrash, id)
}
