package data

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Change log actions.
const (
	ActionCreate        = "create"
	ActionUpdate        = "update"
	ActionTrash         = "trash"
	ActionRestore       = "restore"
	ActionPurge         = "purge"
	ActionImport        = "import"
	ActionRestoreBackup = "restore_backup"
)

var Actions = enum("action",
	Option{ActionCreate, "新增", "Created"},
	Option{ActionUpdate, "修改", "Edited"},
	Option{ActionTrash, "移入回收站", "Moved to trash"},
	Option{ActionRestore, "从回收站恢复", "Restored"},
	Option{ActionPurge, "彻底删除", "Purged"},
	Option{ActionImport, "导入", "Imported"},
	Option{ActionRestoreBackup, "从备份恢复数据库", "Restored from backup"},
)

// Change is one line of the change log (操作日志).
type Change struct {
	ID       uint      `gorm:"primaryKey" json:"id"`
	At       time.Time `gorm:"not null;index" json:"at"`
	User     string    `gorm:"not null" json:"user"`
	Entity   string    `gorm:"not null;index:idx_change_entity" json:"entity"`
	EntityID uint      `gorm:"not null;index:idx_change_entity" json:"entity_id"`
	Action   string    `gorm:"not null" json:"action"`
	Title    string    `gorm:"not null" json:"title"`   // the record's name when it changed
	Summary  string    `gorm:"not null" json:"summary"` // changed fields: old → new
	Before   string    `gorm:"not null" json:"-"`       // JSON of the record before
	After    string    `gorm:"not null" json:"-"`       // JSON of the record after
}

func (Change) TableName() string { return "change_log" }

func (st *Store) logChange(tx *gorm.DB, entity string, id uint, action, title string, before, after any) error {
	b, a := toJSON(before), toJSON(after)
	c := Change{At: time.Now(), User: st.operator(tx), Entity: entity, EntityID: id, Action: action,
		Title: title, Before: b, After: a, Summary: diffSummary(b, a)}
	return tx.Create(&c).Error
}

// operator is who the change log names: the office's 填表人 (设置), read in
// the saving transaction so that the window and the command line name the
// same person; the OS account only while no 填表人 is set.
func (st *Store) operator(tx *gorm.DB) string {
	name, _ := settingValue(tx, SettingPreparer)
	name = strings.TrimSpace(name)
	switch {
	case name != "" && isPG(tx): // several people share the 填表人 there
		return name + "（" + st.user + "）"
	case name != "":
		return name
	}
	return st.user
}

// toJSON is v as JSON, "" for nil (or what cannot be written so).
func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(v) // nil on failure
	return string(b)
}

// diffSummary lists the fields whose value differs: "name: 旧 → 新; ...".
// Bookkeeping fields are left out.
func diffSummary(before, after string) string {
	if before == "" || after == "" {
		return ""
	}
	var b, a map[string]any
	if json.Unmarshal([]byte(before), &b) != nil || json.Unmarshal([]byte(after), &a) != nil {
		return ""
	}
	skip := map[string]bool{"id": true, "version": true, "created_at": true, "updated_at": true, "township": true,
		"person_name": true, "site_name": true, "panel_name": true} // names filled by queries, absent from the stored row
	var keys []string
	for k := range a {
		if !skip[k] && fmt.Sprint(a[k]) != fmt.Sprint(b[k]) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s → %s", k, short(b[k]), short(a[k]))
	}
	return strings.Join(parts, "; ")
}

// NoValue stands for an empty field in a change's summary; the window
// shows it in words (空).
const NoValue = "∅"

func short(v any) string {
	if v == nil {
		return NoValue
	}
	s := fmt.Sprint(v)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	if s == "" {
		return NoValue
	}
	return s
}

// ChangeFilter narrows the change log.
type ChangeFilter struct {
	Entity   string
	EntityID uint
	Limit    int // default 500
}

// Changes lists the change log, newest first.
func (st *Store) Changes(ctx context.Context, f ChangeFilter) ([]Change, error) {
	q := st.db.WithContext(ctx).Order("id DESC")
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	var out []Change
	err := q.Limit(f.Limit).Find(&out).Error
	return out, translate(err, label{"操作日志", "change log"})
}
