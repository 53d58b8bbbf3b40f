//go:build !windows

package app

// AttachConsole: elsewhere a program started from a shell has its output.
func AttachConsole() {}
