package data

import "gorm.io/gorm"

// migrateTaskKinds (version 6) adds tasks.kind: whether a task's sites are
// ticked by hand ('manual') or proven by the records ('unveil': the site's
// unveiling date; 'first_consultation': its first activity). The tasks
// already stored take the kind their names say, as TaskKindFor does today
// (frozen here: that function may learn more names later). A task the
// records prove has no status of its own (it is read from the records), so
// theirs is set back to pending; the ticks made by hand stay in
// task_completions and count again if the kind is set back to manual.
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
