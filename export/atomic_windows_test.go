package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"pilotdesk/data"
)

// holdOpen opens path the way another program would, with read and write
// access and the given share mode, and returns the function that closes it
// (also called when the test ends).
func holdOpen(t *testing.T, path string, share uint32) (release func()) {
	t.Helper()
	name, err := syscall.UTF16PtrFromString(path)
	must(t, err)
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, share,
		nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatalf("holding %s open: %v", path, err)
	}
	closed := false
	release = func() {
		if !closed {
			closed = true
			syscall.CloseHandle(h)
		}
	}
	t.Cleanup(release)
	return release
}

// tempDir is t.TempDir emptied with os.Remove: under Wine 8 (where this
// test also runs, see scripts/smoke-wine.sh) Go's os.RemoveAll fails with
// "Invalid function", so t.TempDir's cleanup would fail the test.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "locked")
	must(t, err)
	t.Cleanup(func() {
		es, _ := os.ReadDir(dir)
		for _, e := range es {
			os.Remove(filepath.Join(dir, e.Name()))
		}
		if err := os.Remove(dir); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return dir
}

// smallBook is a one-sheet workbook ready to save, built without a database.
func smallBook(t *testing.T) *book {
	t.Helper()
	b, err := newBook(header{District: "马龙区"}, "x", "表", Options{})
	must(t, err)
	t.Cleanup(b.close)
	must(t, b.newSheet("表", "表", "", twoCols, a4Portrait).finish(nil))
	return b
}

// A workbook open in Excel (read and write access, others may only read)
// or in a program that lets others write but not delete it: the export
// says the file is open in another program, keeps it byte for byte and
// leaves no temporary file; once the file is closed the export works.
// Excel's share mode is refused by CheckTarget already; save is called
// directly as well, as when the file is opened during a long export.
func TestLockedTarget(t *testing.T) {
	for _, c := range []struct {
		name       string
		share      uint32
		checkFails bool // CheckTarget already sees it
	}{
		{"excel (share read)", syscall.FILE_SHARE_READ, true},
		{"share read+write", syscall.FILE_SHARE_READ | syscall.FILE_SHARE_WRITE, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := tempDir(t)
			path := filepath.Join(dir, "台账.xlsx")
			must(t, smallBook(t).save(ctx, path))
			before, err := os.ReadFile(path)
			must(t, err)
			release := holdOpen(t, path, c.share)

			locked := func(what string, err error) {
				t.Helper()
				if data.ErrorCode(err) != ETarget || !isLocked(err) {
					t.Fatalf("%s: err = %v (code %q), want the locked target error", what, err, data.ErrorCode(err))
				}
				if msg := data.Message(err, "zh"); !strings.Contains(msg, "正被其他程序") || !strings.Contains(msg, "打开") {
					t.Errorf("%s: zh = %q", what, msg)
				}
				if msg := data.Message(err, "en"); !strings.Contains(msg, "open in another program") {
					t.Errorf("%s: en = %q", what, msg)
				}
			}
			err = CheckTarget(path)
			if c.checkFails {
				locked("CheckTarget", err)
			} else if err != nil {
				t.Fatalf("CheckTarget: %v, want nil (the file may be written)", err)
			}
			locked("save", smallBook(t).save(ctx, path))

			after, err := os.ReadFile(path)
			must(t, err)
			if !bytes.Equal(before, after) {
				t.Error("the previous workbook was changed")
			}
			if got := dirFiles(t, dir); len(got) != 1 || got[0] != "台账.xlsx" {
				t.Errorf("folder holds %v, want only the workbook", got)
			}

			release()
			must(t, CheckTarget(path))
			must(t, smallBook(t).save(ctx, path))
			if got := dirFiles(t, dir); len(got) != 1 {
				t.Errorf("folder holds %v after the release", got)
			}
		})
	}
}
