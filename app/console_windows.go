package app

import (
	"os"
	"syscall"
)

// AttachConsole lets the command-line verbs print: the .exe is built as a
// GUI program (-H=windowsgui), which Windows starts without a console. When
// run from cmd or PowerShell it borrows the parent's console; output that is
// redirected to a file already works and is left alone.
func AttachConsole() {
	if _, err := os.Stderr.Stat(); err == nil {
		return
	}
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	r, _, _ := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole").Call(attachParentProcess)
	if r == 0 {
		return
	}
	if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = f, f
	}
}
