package data

import (
	"os"
	"testing"

	"pilotdesk/internal/testdb"
)

// TestMain runs every test on SQLite, then on PostgreSQL (internal/testdb)
// but those about SQLite's files and its query plans.
func TestMain(m *testing.M) {
	os.Exit(testdb.Main(m, `^(TestForeignKeysOnEveryConnection|TestPragmas|TestFilePermissions|TestMigrateFromFixtures|TestMigrateTaskKinds|`+
		`TestNotADatabaseRefused|TestTwoProcessesWrite|TestWriterProcess|TestTruncatedFileRefused|TestQuickCheckFindsDamage|`+
		`TestPowerCut|TestSaverProcess|TestUpgradeResultsAndCases|TestActivityQueryPlans|`+
		`TestBackup.*|TestDailyBackup.*|TestDatabaseIdentity|TestRestore.*|TestOlderSchemaBackups)$`))
}
