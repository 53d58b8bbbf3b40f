package data

import "gorm.io/gorm"

// Version 7: the problems raised at an activity (提出问题) and the mark and
// title of a typical case (典型案例); columns with defaults rewrite no row.
func migrateResultsAndCases(tx *gorm.DB) error {
	flag := "numeric" // SQLite's type for a bool; PostgreSQL's is boolean
	if isPG(tx) {
		flag = "boolean"
	}
	for _, ddl := range []string{
		`ALTER TABLE activities ADD COLUMN problems_raised integer NOT NULL DEFAULT 0`,
		`ALTER TABLE activities ADD COLUMN typical_case ` + flag + ` NOT NULL DEFAULT false`,
		`ALTER TABLE activities ADD COLUMN case_title text NOT NULL DEFAULT ''`,
	} {
		if err := tx.Exec(ddl).Error; err != nil {
			return err
		}
	}
	return nil
}
