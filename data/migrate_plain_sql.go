package data

import "gorm.io/gorm"

// Version 8 (issue 18): the ledger, the overview and the statistics are
// plain SQL over the indexes below and the search index; what versions 3-5
// added beside the activities goes (dropActivityMachinery).
func migratePlainSQL(tx *gorm.DB) error {
	if err := dropActivityMachinery(tx); err != nil {
		return err
	}
	// The date index holds every column the ledger filters or sorts on but
	// the topic (deleted_at last, see migrateDomain), so that counting and
	// sorting read no rows; the topic has an index of its own.
	for _, ddl := range []string{
		`DROP INDEX IF EXISTS ix_activities_date`,
		`CREATE INDEX ix_activities_date ON activities (date, township_id, site_id, topic_source, follow_up, form, decision, problems_solved, participants, deleted_at)`,
		`DROP INDEX IF EXISTS ix_activities_topic`,
		`CREATE INDEX ix_activities_topic ON activities (topic, date)`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return createActivitySearchV6(tx)
}
