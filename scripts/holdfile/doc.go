// Command holdfile holds a file open the way Excel and WPS do on Windows, so
// a test can check what PilotDesk does when it is asked to overwrite a
// workbook that is open in another program.
//
//	holdfile [-timeout 5m] [-share read] PATH
//
// It opens PATH (which must exist) with CreateFileW for GENERIC_READ |
// GENERIC_WRITE and, by default, share mode FILE_SHARE_READ only, as Excel
// does: other programs may read the file but neither open it for writing nor
// delete or replace it. -share read,write (also delete, none) gives another
// share mode. It then prints "held PATH (share MODE)" on stdout and keeps the
// handle until its standard input closes (or reaches end of file) or the
// timeout passes, closes it, prints "released (WHY)", and exits 0. If the
// file cannot be opened it prints the reason on stderr and exits 1; a usage
// error exits 2.
//
// It is a test tool for scripts/smoke-wine.sh, built there with
//
//	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build ./scripts/holdfile
//
// and run under Wine. On other systems it only says so and exits 2, so that
// `go build ./...` and `go vet ./...` pass everywhere.
package main
