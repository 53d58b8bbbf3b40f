//go:build !windows

package export

import (
	"errors"
	"syscall"
)

// isLocked: other systems do not lock files a program has open.
func isLocked(err error) bool { return false }

func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func renameError(err error) error { return err }
