//go:build !windows

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "holdfile: Windows only (share modes are a Windows notion); build with GOOS=windows")
	os.Exit(2)
}
