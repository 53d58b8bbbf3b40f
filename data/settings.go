package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Settings of the office, kept in the database so they travel with it.
const (
	SettingDistrict   = "district"    // 县/区 name printed in report titles
	SettingReportUnit = "report_unit" // 填报单位
	SettingPreparer   = "preparer"    // 填表人, also the operator named in the change log
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
	v, err := settingValue(st.db.WithContext(ctx), key)
	return v, translate(err, settingLabel)
}

func settingValue(db *gorm.DB, key string) (string, error) {
	var vals []string
	err := db.Model(&setting{}).Where("key = ?", key).Limit(1).Pluck("value", &vals).Error
	if err != nil || len(vals) == 0 {
		return "", err
	}
	return vals[0], nil
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

// settingDatabaseID identifies the database, made once and carried by its
// backups, by which a restore tells them from another database's.
const settingDatabaseID = "database_id"

// databaseID is the identity stored in the file, "" when it has none.
func databaseID(db *gorm.DB) (string, error) {
	if !db.Migrator().HasTable(&setting{}) {
		return "", nil
	}
	return settingValue(db, settingDatabaseID)
}

// ensureDatabaseID gives the open file an identity if it has none (the
// first insert wins).
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

// Office is the office's details (设置 → 单位信息), printed on every report;
// the preparer is also the operator the change log names.
type Office struct {
	District   string // 县（市、区）名称, e.g. 马龙区
	ReportUnit string // 填报单位
	Preparer   string // 填表人
	Phone      string // 联系电话
}

var (
	districtLabel   = label{"县（市、区）名称", "county or district name"}
	reportUnitLabel = label{"填报单位", "reporting office"}
	preparerLabel   = label{"填表人", "name of the person filling in the forms"}
)

// Office returns the office's details as stored.
func (st *Store) Office(ctx context.Context) (Office, error) {
	s, err := st.Settings(ctx)
	return Office{District: s[SettingDistrict], ReportUnit: s[SettingReportUnit],
		Preparer: s[SettingPreparer], Phone: s[SettingPhone]}, err
}

// SaveOffice checks the office's details and stores them (o tidied).
func (st *Store) SaveOffice(ctx context.Context, o *Office) error {
	o.tidy()
	if err := o.check(); err != nil {
		return err
	}
	return st.SetSettings(ctx, map[string]string{SettingDistrict: o.District,
		SettingReportUnit: o.ReportUnit, SettingPreparer: o.Preparer, SettingPhone: o.Phone})
}

func (o *Office) tidy() {
	o.District = strings.TrimSpace(o.District)
	o.ReportUnit = strings.TrimSpace(o.ReportUnit)
	o.Preparer = strings.TrimSpace(o.Preparer)
	o.Phone = NormalizePhone(o.Phone)
}

// check: district, unit and preparer are required; a county-level name ends
// in 县, 市, 区 or 旗 (a city's may end in 州 or 盟: 楚雄彝族自治州), so "马龙"
// alone does not make titles like 马龙协商议事活动台账.
func (o *Office) check() error {
	var c checker
	c.required(SettingDistrict, o.District, districtLabel)
	c.maxLen(SettingDistrict, o.District, 20, districtLabel)
	if r := []rune(o.District); len(r) > 0 && !strings.ContainsRune("县市区旗州盟", r[len(r)-1]) {
		c.add(SettingDistrict, "县（市、区）名称应以“县”“市”“区”或“旗”结尾，如马龙区、陆良县。",
			"The county or district name must end in 县, 市, 区 or 旗, as in 马龙区 or 陆良县.")
	}
	c.required(SettingReportUnit, o.ReportUnit, reportUnitLabel)
	c.maxLen(SettingReportUnit, o.ReportUnit, 50, reportUnitLabel)
	c.required(SettingPreparer, o.Preparer, preparerLabel)
	c.maxLen(SettingPreparer, o.Preparer, 20, preparerLabel)
	c.phone(SettingPhone, o.Phone)
	return c.err()
}

// ReportUnitFor is the 填报单位 suggested for a district.
func ReportUnitFor(district string) string {
	if district = strings.TrimSpace(district); district == "" {
		return ""
	}
	return "政协" + district + "委员会办公室"
}

// ReadyForReports refuses an office without the district or the unit,
// which titles need and by which the city merges the counties' workbooks.
func (o Office) ReadyForReports() error {
	var zh, en []string
	if strings.TrimSpace(o.District) == "" {
		zh, en = append(zh, districtLabel.zh), append(en, "the "+districtLabel.en)
	}
	if strings.TrimSpace(o.ReportUnit) == "" {
		zh, en = append(zh, reportUnitLabel.zh), append(en, "the "+reportUnitLabel.en)
	}
	if len(zh) == 0 {
		return nil
	}
	return newErr(EInvalid, "",
		"尚未填写"+strings.Join(zh, "和")+"：报表的标题和“填报单位”一行要用到。请打开议事台，在“设置→单位信息”中填写。",
		"The office's details lack "+strings.Join(en, " and ")+", which the reports print in their title and \"reporting office\" line. Open PilotDesk and fill them in under Settings → Office.")
}
