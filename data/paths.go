package data

import (
	"os"
	"path/filepath"
)

// AppDir is the per-user folder for PilotDesk's database, backups and log:
// %APPDATA%\PilotDesk on Windows, ~/.config/PilotDesk on Linux.
func AppDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "PilotDesk"), nil
}

// DefaultPath is where the database lives unless --db says otherwise.
func DefaultPath() (string, error) {
	dir, err := AppDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "pilotdesk.db"), nil
}
