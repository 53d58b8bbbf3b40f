package export

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"pilotdesk/data"
)

// manyRows yields n rows, calling at(i) before row i.
func manyRows(n int, at func(i int)) func(func([]any) bool) {
	return func(yield func([]any) bool) {
		for i := range n {
			if at != nil {
				at(i)
			}
			if !yield([]any{"行", i}) {
				return
			}
		}
	}
}

var twoCols = []Column{{Header: "名称"}, {Header: "数", Kind: KindNumber}}

// dirFiles lists a folder's entries.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	must(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestCancelledExportKeepsPreviousFile(t *testing.T) {
	fx := newFixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "表.xlsx")
	must(t, View(ctx, fx.st, path, "表", "", twoCols, manyRows(3, nil), nil, Options{}))
	before, err := os.ReadFile(path)
	must(t, err)

	c, cancel := context.WithCancel(ctx)
	defer cancel()
	err = View(c, fx.st, path, "表", "", twoCols, manyRows(20000, func(i int) {
		if i == 5000 {
			cancel()
		}
	}), nil, Options{})
	if data.ErrorCode(err) != ECancelled || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v (code %q), want cancelled", err, data.ErrorCode(err))
	}
	if msg := data.Message(err, "zh"); !strings.Contains(msg, "已取消") {
		t.Errorf("message = %q", msg)
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(before, after) {
		t.Error("the previous workbook was changed")
	}
	if got := dirFiles(t, dir); len(got) != 1 || got[0] != "表.xlsx" {
		t.Errorf("folder holds %v, want only the workbook", got)
	}
}

// Cancelled while the zip is being written, after every row was streamed.
func TestCancelDuringSaveLeavesNothing(t *testing.T) {
	fx := newFixture(t)
	dir := t.TempDir()
	c, cancel := context.WithCancel(ctx)
	cancel()
	h, err := loadHeader(ctx, fx.st, Options{})
	must(t, err)
	b, err := newBook(h, "x", "x", Options{})
	must(t, err)
	defer b.close()
	must(t, b.newSheet("x", "x", "", twoCols, a4Portrait).finish(nil))
	if err := b.save(c, filepath.Join(dir, "x.xlsx")); data.ErrorCode(err) != ECancelled {
		t.Fatalf("err = %v", err)
	}
	if got := dirFiles(t, dir); len(got) != 0 {
		t.Errorf("folder holds %v", got)
	}
}

func TestFailedExportKeepsPreviousFile(t *testing.T) {
	fx := newFixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "表.xlsx")
	must(t, View(ctx, fx.st, path, "表", "", twoCols, manyRows(3, nil), nil, Options{}))
	before, err := os.ReadFile(path)
	must(t, err)

	bad := func(yield func([]any) bool) {
		for i := range 1000 {
			if !yield([]any{"行", i}) {
				return
			}
		}
		yield([]any{struct{}{}, 1}) // not a value a cell can hold
	}
	err = View(ctx, fx.st, path, "表", "", twoCols, bad, nil, Options{})
	if err == nil || data.ErrorCode(err) != data.EInternal {
		t.Fatalf("err = %v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the previous workbook was changed")
	}
	if got := dirFiles(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v", got)
	}
}

func TestMissingFolder(t *testing.T) {
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "没有", "roster.xlsx")
	err := Roster(ctx, fx.st, path, Options{})
	if data.ErrorCode(err) != ETarget {
		t.Fatalf("err = %v", err)
	}
	if msg := data.Message(err, "zh"); !strings.Contains(msg, "文件夹") || !strings.Contains(msg, "不存在") {
		t.Errorf("zh = %q", msg)
	}
	if msg := data.Message(err, "en"); !strings.Contains(msg, "does not exist") {
		t.Errorf("en = %q", msg)
	}
}

func TestTargetIsFolder(t *testing.T) {
	fx := newFixture(t)
	dir := t.TempDir()
	err := Roster(ctx, fx.st, dir, Options{})
	if data.ErrorCode(err) != ETarget || !strings.Contains(data.Message(err, "zh"), "是一个文件夹") {
		t.Fatalf("err = %v / %s", err, data.Message(err, "zh"))
	}
}

func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("root writes into read-only folders; TestTargetErrors covers the message")
	}
	fx := newFixture(t)
	dir := t.TempDir()
	must(t, os.Chmod(dir, 0o555))
	defer os.Chmod(dir, 0o755)
	err := Roster(ctx, fx.st, filepath.Join(dir, "roster.xlsx"), Options{})
	if data.ErrorCode(err) != ETarget || !strings.Contains(data.Message(err, "zh"), "只读") {
		t.Fatalf("err = %v / %s", err, data.Message(err, "zh"))
	}
}

func TestReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 || runtime.GOOS == "windows" {
		t.Skip("root writes read-only files; TestTargetErrors covers the message")
	}
	fx := newFixture(t)
	path := filepath.Join(t.TempDir(), "roster.xlsx")
	must(t, os.WriteFile(path, []byte("old"), 0o444))
	err := Roster(ctx, fx.st, path, Options{})
	if data.ErrorCode(err) != ETarget || !strings.Contains(data.Message(err, "zh"), "只读") {
		t.Fatalf("err = %v", err)
	}
}

// The messages for what the file system says, as each platform says it.
func TestTargetErrors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows reports other error numbers")
	}
	pe := func(err error) error { return &fs.PathError{Op: "open", Path: "/x/报表.xlsx", Err: err} }
	for _, c := range []struct {
		err  error
		want string
	}{
		{pe(syscall.EACCES), "只读"},
		{pe(syscall.EPERM), "只读"},
		{pe(syscall.EROFS), "只读"},
		{pe(syscall.ENOENT), "不存在"},
		{pe(syscall.ENOTDIR), "不是文件夹"},
		{pe(syscall.EISDIR), "是一个文件夹"},
		{pe(syscall.EIO), "无法保存"},
	} {
		err := targetError("/x/报表.xlsx", c.err)
		if data.ErrorCode(err) != ETarget || !strings.Contains(data.Message(err, "zh"), c.want) {
			t.Errorf("%v: %s", c.err, data.Message(err, "zh"))
		}
		if !errors.Is(err, c.err.(*fs.PathError).Err) {
			t.Errorf("%v is not kept as the cause", c.err)
		}
	}
	if !isDiskFull(pe(syscall.ENOSPC)) || !strings.Contains(data.Message(targetError("/x/a.xlsx", pe(syscall.ENOSPC)), "zh"), "磁盘空间不足") {
		t.Error("ENOSPC is not read as a full disk")
	}
}
