// Package quietlocale keeps the command-line verbs free of Fyne's locale
// warning. With LANG (or LC_ALL, LC_MESSAGES) set to C.UTF-8 or POSIX.UTF-8,
// as containers and CI machines have it, Fyne's lang package reads the
// language "C" when it initialises and logs "Error parsing user locale C"
// on stderr, before main runs. For the verbs, that variable is set to the
// plain "C" it means, which Fyne reads as no language at all.
//
// It must initialise before fyne.io/fyne/v2/lang, so it imports only os and
// strings: Go initialises packages in import-path order as soon as their
// imports are, and lang waits for text/template, which sorts after
// pilotdesk/... (main_test.go checks stderr stays empty). The window is
// left alone: GLFW sets the C library's character type from these
// variables, and plain C would break Chinese input on Linux.
package quietlocale

import (
	"os"
	"strings"
)

func init() {
	if len(os.Args) < 2 || strings.HasPrefix(os.Args[1], "-") && !isHelp(os.Args[1]) {
		return // the window: no verb first
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(k)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			os.Setenv(k, "C")
		}
		return
	}
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help":
		return true
	}
	return false
}
