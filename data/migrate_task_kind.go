package data

import "gorm.io/gorm"

// migrateTaskKinds (version 6) adds tasks.kind: a task's sites ticked by
// hand ('manual') or proven by the records ('unveil', 'first_consultation').
// Stored tasks take the kind their names say (TaskKindFor's rule as it was);
// a proven task's status is read from the records, so it is reset, while
// the ticks made by hand stay in task_completions.
func migrateTaskKinds(tx *gorm.DB) error {
	for _, q := range []string{
		`ALTER TABLE tasks ADD COLUMN kind TEXT NOT NULL DEFAULT 'manual'`,
		`UPDATE tasks SET kind = 'first_consultation' WHERE name LIKE '%首次协商%' OR name LIKE '%首次议事%'`,
		`UPDATE tasks SET kind = 'unveil' WHERE kind = 'manual' AND (name LIKE '%挂牌%' OR name LIKE '%揭牌%')`,
		`UPDATE tasks SET status = 'pending', done_on = NULL WHERE kind <> 'manual'`,
	} {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}
