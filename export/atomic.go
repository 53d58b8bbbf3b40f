package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"pilotdesk/data"
)

// Error codes of export failures, beside data's own. The window offers
// another path on ETarget and stays silent on ECancelled.
const (
	ETarget    data.Code = "export_target" // the file cannot be written there
	ECancelled data.Code = "cancelled"     // the user cancelled
)

// CheckTarget tells, before a long export starts, whether path can be
// written: its folder exists and takes new files, and an existing file there
// is not read-only or open in another program. The export itself checks
// again when it replaces the file.
func CheckTarget(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if err != nil {
		return targetError(path, err)
	}
	if !fi.IsDir() {
		return targetError(path, syscall.ENOTDIR)
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return targetError(path, syscall.EISDIR)
		}
		// Opening for writing without truncating finds a read-only file
		// and, on Windows, a file Excel holds open (sharing violation).
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return targetError(path, err)
		}
		f.Close()
	}
	tmp, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		return targetError(path, err)
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return nil
}

// tempPattern names the temporary file beside the target, recognisably.
func tempPattern(path string) string {
	return "." + filepath.Base(path) + ".*.tmp"
}

// save writes the workbook to path atomically: into a temporary file in the
// same folder, synced, then renamed over the target. A failure or a
// cancellation at any point removes the temporary file and leaves an
// existing target exactly as it was.
func (b *book) save(ctx context.Context, path string) (err error) {
	if err := ctx.Err(); err != nil {
		return cancelled(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return targetError(path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(ctxWriter{ctx, tmp}, 1<<20)
	if err = b.f.Write(w); err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := ctx.Err(); cerr != nil {
		return cancelled(cerr)
	}
	if err != nil {
		return targetError(path, err)
	}
	if err = tmp.Close(); err != nil {
		return targetError(path, err)
	}
	// os.CreateTemp makes the file 0600; a report is an ordinary document.
	os.Chmod(tmp.Name(), 0o644)
	if err = os.Rename(tmp.Name(), path); err != nil {
		return targetError(path, renameError(err))
	}
	// Syncing the folder makes the rename durable where the system allows it.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ctxWriter stops writing the workbook once the context is cancelled.
type ctxWriter struct {
	ctx context.Context
	f   *os.File
}

func (w ctxWriter) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	return w.f.Write(p)
}

// cancelled is the error of an export the user stopped.
func cancelled(err error) error {
	return &data.Error{Code: ECancelled, Err: err, ZH: "导出已取消，没有生成文件。", EN: "The export was cancelled; no file was written."}
}

// wrapCancel turns any error that happened because ctx was cancelled into
// the cancellation error, so the window can tell it from a failure.
func wrapCancel(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return cancelled(cerr)
	}
	var de *data.Error
	var ve data.ValidationErrors
	if errors.As(err, &de) || errors.As(err, &ve) {
		return err
	}
	return &data.Error{Code: data.EInternal, Err: err,
		ZH: "生成表格时出错，请重试；如果一再出现，请把日志文件发给技术支持。",
		EN: "Could not build the workbook; please try again. If it keeps happening, send the log file to support."}
}

// targetError explains why path cannot be written, in words a user can act
// on; every such error has the code ETarget.
func targetError(path string, err error) error {
	var zh, en string
	switch {
	case isLocked(err):
		zh = fmt.Sprintf("文件“%s”正被其他程序（如 Excel 或 WPS）打开，无法覆盖。请先关闭该文件，或另选文件名保存。", path)
		en = fmt.Sprintf("The file %q is open in another program (such as Excel or WPS) and cannot be replaced. Close it, or save under another name.", path)
	case errors.Is(err, fs.ErrNotExist):
		zh = fmt.Sprintf("文件夹“%s”不存在，请另选保存位置。", filepath.Dir(path))
		en = fmt.Sprintf("The folder %q does not exist; choose another place to save.", filepath.Dir(path))
	case errors.Is(err, syscall.ENOTDIR):
		zh = fmt.Sprintf("“%s”不是文件夹，请另选保存位置。", filepath.Dir(path))
		en = fmt.Sprintf("%q is not a folder; choose another place to save.", filepath.Dir(path))
	case errors.Is(err, syscall.EISDIR):
		zh = fmt.Sprintf("“%s”是一个文件夹，请输入文件名。", path)
		en = fmt.Sprintf("%q is a folder; enter a file name.", path)
	case isDiskFull(err):
		zh = fmt.Sprintf("磁盘空间不足，无法保存“%s”。请清理磁盘，或另选保存位置。", path)
		en = fmt.Sprintf("The disk is full, so %q cannot be saved. Free some space, or choose another place.", path)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		zh = fmt.Sprintf("没有权限写入“%s”：文件或文件夹是只读的。请另选保存位置。", path)
		en = fmt.Sprintf("No permission to write %q: the file or its folder is read-only. Choose another place to save.", path)
	default:
		zh = fmt.Sprintf("无法保存“%s”，请另选保存位置。", path)
		en = fmt.Sprintf("Cannot save %q; choose another place to save.", path)
	}
	return &data.Error{Code: ETarget, ZH: zh, EN: en, Err: err}
}
