package data

import (
	"context"

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
