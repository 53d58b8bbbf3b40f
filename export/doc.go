// Package export turns PilotDesk's records into the workbooks coordinators
// print and send up (roster, panels, sign-in sheet, ledger, statistics), and
// reads their spreadsheets back into records. It uses data/ and excelize,
// never the window.
package export
