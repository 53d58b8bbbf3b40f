package data

import (
	"testing"

	"gorm.io/gorm"
)

// Test helpers whose SQL is the engine's own.

// indexed counts the activities, live or trashed, the search index finds
// kw in.
func indexed(t *testing.T, st *Store, kw string) int {
	t.Helper()
	if isPG(st.db) {
		cond, args := pgTextMatch(kw)
		return count(t, st, `SELECT COUNT(*) FROM activities a WHERE `+cond, args...)
	}
	return count(t, st, `SELECT COUNT(*) FROM activities_fts WHERE activities_fts MATCH ?`, `"`+kw+`"`)
}

// failOnAttendee makes saving an attendee called name fail in the database.
func failOnAttendee(db *gorm.DB, name string) error {
	if !isPG(db) {
		return db.Exec(`CREATE TRIGGER fail_attendee BEFORE INSERT ON attendees WHEN new.name = '` + name + `' BEGIN SELECT RAISE(ABORT, 'boom'); END`).Error
	}
	if err := db.Exec(`CREATE FUNCTION fail_attendee() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.name = '` + name + `' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`).Error; err != nil {
		return err
	}
	return db.Exec(`CREATE TRIGGER fail_attendee BEFORE INSERT ON attendees FOR EACH ROW EXECUTE FUNCTION fail_attendee()`).Error
}
