package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings of the office, kept in the database so they travel with it.
const (
	SettingDistrict   = "district"    // 县/区 name printed in report titles
	SettingReportUnit = "report_unit" // 填报单位
	SettingPreparer   = "preparer"    // 填表人
	SettingPhone      = "phone"       // 联系电话 under the tables
	SettingExportDir  = "export_dir"  // default folder for exports
	SettingMaskPhones = "mask_phones" // "1": 138****1234 in handouts
)

type setting struct {
	Key   string `gorm:"primaryKey"`
	Value string `gorm:"not null"`
}

func (setting) TableName() string { return "settings" }

var settingLabel = label{"设置", "setting"}

// Setting returns the value of key, "" when unset.
func (st *Store) Setting(ctx context.Context, key string) (string, error) {
	var rows []setting
	err := st.db.WithContext(ctx).Where("key = ?", key).Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return "", translate(err, settingLabel)
	}
	return rows[0].Value, nil
}

// Settings returns every stored setting.
func (st *Store) Settings(ctx context.Context) (map[string]string, error) {
	var rows []setting
	if err := st.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, translate(err, settingLabel)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Value
	}
	return out, nil
}

// SetSettings stores several settings in one transaction.
func (st *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	return translate(st.transact(ctx, func(tx *gorm.DB) error {
		for k, v := range kv {
			err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&setting{Key: k, Value: v}).Error
			if err != nil {
				return err
			}
		}
		return nil
	}), settingLabel)
}

// settingDatabaseID identifies the database. It is made once, when a file
// without one is opened, and a backup (a copy of the file) carries it: a
// restore tells this database's backups from another database's by it.
const settingDatabaseID = "database_id"

// databaseID is the identity stored in the file, "" when it has none (a
// file of a version before identities, or one without a settings table).
func databaseID(db *gorm.DB) (string, error) {
	if !db.Migrator().HasTable(&setting{}) {
		return "", nil
	}
	var ids []string
	err := db.Model(&setting{}).Where("key = ?", settingDatabaseID).Limit(1).Pluck("value", &ids).Error
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}

// ensureDatabaseID gives the open file an identity if it has none (and a
// settings table to keep it in). Two programs opening it at once agree:
// the first insert wins.
func (st *Store) ensureDatabaseID() error {
	id, err := databaseID(st.db)
	if err != nil || id != "" || !st.db.Migrator().HasTable(&setting{}) {
		return err
	}
	b := make([]byte, 16)
	rand.Read(b)
	return st.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&setting{Key: settingDatabaseID, Value: hex.EncodeToString(b)}).Error
}

// setDatabaseID stores id as the file's identity.
func setDatabaseID(db *gorm.DB, id string) error {
	return db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&setting{Key: settingDatabaseID, Value: id}).Error
}
