package export

import (
	"errors"
	"syscall"
)

// Windows error numbers met when saving a workbook.
const (
	errAccessDenied     syscall.Errno = 5
	errSharingViolation syscall.Errno = 32
	errLockViolation    syscall.Errno = 33
	errHandleDiskFull   syscall.Errno = 39
	errDiskFull         syscall.Errno = 112
)

// isLocked: another program (Excel, WPS) holds the file open.
func isLocked(err error) bool {
	var l lockedError
	return errors.As(err, &l) || errors.Is(err, errSharingViolation) || errors.Is(err, errLockViolation)
}

func isDiskFull(err error) bool {
	return errors.Is(err, errDiskFull) || errors.Is(err, errHandleDiskFull)
}

// renameError reads "access denied" when replacing the target as the file
// being open in Excel: CheckTarget found it writable just before, and Excel
// keeps its files open with a share mode that refuses the replacement.
func renameError(err error) error {
	if errors.Is(err, errAccessDenied) {
		return lockedError{err}
	}
	return err
}

type lockedError struct{ error }

func (e lockedError) Unwrap() error { return e.error }
