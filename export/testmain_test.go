package export

import (
	"os"
	"testing"

	"pilotdesk/internal/testdb"
)

// TestMain runs every test on SQLite, then on PostgreSQL (internal/testdb).
func TestMain(m *testing.M) { os.Exit(testdb.Main(m, "")) }
