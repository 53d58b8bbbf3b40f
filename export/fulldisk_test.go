package export

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pilotdesk/data"
)

// asRoot runs a command as root: directly when we are root, else through
// sudo without a password prompt.
func asRoot(args ...string) *exec.Cmd {
	if os.Geteuid() != 0 {
		args = append([]string{"sudo", "-n"}, args...)
	}
	return exec.Command(args[0], args[1:]...)
}

// smallDisk mounts a tmpfs of size bytes (needs root or sudo; skipped
// otherwise, saying why) and unmounts it when the test ends.
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	must(t, os.Mkdir(dir, 0o755))
	if out, err := asRoot("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%s,uid=%d,gid=%d", size, os.Getuid(), os.Getgid()), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v: %s)", err, out)
	}
	t.Cleanup(func() { asRoot("umount", dir).Run() })
	return dir
}

// An export onto a full disk says so, keeps the previous workbook byte for
// byte, and leaves no temporary file behind.
func TestExportToFullDisk(t *testing.T) {
	dir := smallDisk(t, "96k")
	fx := newFixture(t)
	path := filepath.Join(dir, "台账.xlsx")
	must(t, View(ctx, fx.st, path, "表", "", twoCols, manyRows(3, nil), nil, Options{}))
	before, err := os.ReadFile(path)
	must(t, err)

	// Text that does not compress: the workbook cannot fit in what is left.
	big := func(yield func([]any) bool) {
		for i := range 20000 {
			if !yield([]any{strings.Repeat(string(rune(0x4E00+i%20000)), 30) + string(rune(0x4E00+(i*7919)%20000)), i}) {
				return
			}
		}
	}
	err = View(ctx, fx.st, path, "表", "", twoCols, big, nil, Options{})
	if data.ErrorCode(err) != ETarget || !strings.Contains(data.Message(err, "zh"), "磁盘空间不足") {
		t.Fatalf("err = %v (code %q, %q), want a full-disk target error", err, data.ErrorCode(err), data.Message(err, "zh"))
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Error("the previous workbook was changed")
	}
	if got := dirFiles(t, dir); len(got) != 1 || got[0] != "台账.xlsx" {
		t.Errorf("the disk holds %v, want only the previous workbook", got)
	}
}

// A read-only disk refuses even root (the folder tests with chmod are
// skipped when running as root, as CI does): a clear message, the previous
// workbook untouched, nothing left behind.
func TestExportToReadOnlyDisk(t *testing.T) {
	dir := smallDisk(t, "1m")
	fx := newFixture(t)
	path := filepath.Join(dir, "名册.xlsx")
	must(t, Roster(ctx, fx.st, path, Options{}))
	before, err := os.ReadFile(path)
	must(t, err)
	if out, err := asRoot("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only (%v: %s)", err, out)
	}
	for _, check := range []func() error{
		func() error { return CheckTarget(path) },
		func() error { return Roster(ctx, fx.st, path, Options{}) },
	} {
		err := check()
		if data.ErrorCode(err) != ETarget || !strings.Contains(data.Message(err, "zh"), "只读") {
			t.Errorf("err = %v (%q), want a read-only target error", err, data.Message(err, "zh"))
		}
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Error("the previous workbook was changed")
	}
	if got := dirFiles(t, dir); len(got) != 1 {
		t.Errorf("the disk holds %v", got)
	}
}
