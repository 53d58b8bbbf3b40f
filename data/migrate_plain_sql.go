package data

import "gorm.io/gorm"

// Version 6 (issue 18): the ledger, the overview and the statistics are
// plain SQL over the indexes below and the search index. What versions 3-5
// added to win milliseconds nobody sees goes: the activity sums and their
// triggers, the search index's padding for 1-2 character keywords and its
// vocabulary, and the sort indexes the ledger made while reading.
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
