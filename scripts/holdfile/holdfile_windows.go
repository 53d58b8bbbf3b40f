//go:build windows

package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"time"
)

func main() {
	timeout := flag.Duration("timeout", 5*time.Minute, "release the file after this long even if stdin stays open")
	shareFlag := flag.String("share", "read", "share mode: what others may do meanwhile, a comma list of read, write, delete (or none)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: holdfile [-timeout 5m] [-share read] PATH")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	path := flag.Arg(0)
	share, err := shareMode(*shareFlag)
	if err != nil {
		fmt.Fprintln(os.Stderr, "holdfile:", err)
		os.Exit(2)
	}
	name, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "holdfile: %q: %v\n", path, err)
		os.Exit(2)
	}
	// What Excel does with a workbook it has open: read and write access,
	// others may only read (by default: no FILE_SHARE_WRITE, no
	// FILE_SHARE_DELETE).
	h, err := syscall.CreateFile(name,
		syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		share,
		nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		fmt.Fprintf(os.Stderr, "holdfile: cannot open %s: %v (error %d)\n", path, err, uint32(errno(err)))
		os.Exit(1)
	}
	fmt.Printf("held %s (share %s)\n", path, *shareFlag)

	stdinClosed := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin) // returns at end of file or on an error: both mean "let go"
		close(stdinClosed)
	}()
	why := "stdin closed"
	select {
	case <-stdinClosed:
	case <-time.After(*timeout):
		why = "timeout " + timeout.String()
	}
	if err := syscall.CloseHandle(h); err != nil {
		fmt.Fprintf(os.Stderr, "holdfile: closing %s: %v\n", path, err)
		os.Exit(1)
	}
	fmt.Printf("released (%s)\n", why)
}

func errno(err error) syscall.Errno {
	if e, ok := err.(syscall.Errno); ok {
		return e
	}
	return 0
}

// shareMode reads -share: "read", "read,write", "none", ...
func shareMode(s string) (uint32, error) {
	var m uint32
	for _, w := range strings.Split(s, ",") {
		switch strings.TrimSpace(w) {
		case "read":
			m |= syscall.FILE_SHARE_READ
		case "write":
			m |= syscall.FILE_SHARE_WRITE
		case "delete":
			m |= syscall.FILE_SHARE_DELETE
		case "none", "":
		default:
			return 0, fmt.Errorf("-share: unknown %q (want read, write, delete or none)", w)
		}
	}
	return m, nil
}
