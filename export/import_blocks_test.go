package export

import (
	"fmt"
	"strings"
	"testing"
)

// readSheetAtOnce renders what one scanner reads of a worksheet's XML: each
// row with its number, the merges and the dimension (or the error).
func readSheetAtOnce(xml string, sst []string) string {
	sr := &sheetReader{x: newXMLScan(strings.NewReader(xml)), sst: sst}
	var b strings.Builder
	for {
		n, cells, ok, err := sr.next()
		if err != nil {
			return "error"
		}
		if !ok {
			fmt.Fprintf(&b, "merges %v dim %d", sr.merges, sr.dim)
			return b.String()
		}
		fmt.Fprintf(&b, "%d:%q ", n, cells)
	}
}

// readSheetInBlocks renders the same as sheetRows reads it in blocks of at
// least size bytes.
func readSheetInBlocks(xml string, sst []string, size int) string {
	old := sheetBlock
	sheetBlock = size
	defer func() { sheetBlock = old }()
	var b strings.Builder
	merges, dim, err := sheetRows(strings.NewReader(xml), sst, func(n, _ int, cells []string) bool {
		fmt.Fprintf(&b, "%d:%q ", n, cells)
		return true
	})
	if err != nil {
		return "error"
	}
	fmt.Fprintf(&b, "merges %v dim %d", merges, dim)
	return b.String()
}

// checkBlocksReadAsOne fails when reading in blocks of any size differs
// from reading at once.
func checkBlocksReadAsOne(t testing.TB, xml string, sst []string) {
	t.Helper()
	want := readSheetAtOnce(xml, sst)
	for _, size := range []int{1, 5, 13, 64, 1 << 20} {
		if got := readSheetInBlocks(xml, sst, size); got != want {
			t.Fatalf("blocks of %d bytes:\n got %s\nwant %s\nxml %q", size, got, want, xml)
		}
	}
}

func TestSheetReadInBlocks(t *testing.T) {
	sst := []string{"姓名", "电话"}
	var big strings.Builder
	big.WriteString(`<worksheet><dimension ref="A1:B300"/><sheetData>`)
	for i := range 300 {
		switch {
		case i%7 == 0: // no number: one more than the row before
			fmt.Fprintf(&big, `<row><c t="s"><v>%d</v></c><c><v>%d</v></c></row>`, i%2, i)
		case i%11 == 0:
			fmt.Fprintf(&big, `<row r="%d"/>`, i+1)
		default:
			fmt.Fprintf(&big, `<x:row r="%d"><x:c r="B%d" t="inlineStr"><x:is><x:t>第%d行&amp;</x:t></x:is></x:c></x:row>`, i+1, i+1, i)
		}
	}
	big.WriteString(`</sheetData><mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="A5:A9"/></mergeCells></worksheet>`)
	for _, xml := range []string{
		big.String(),
		`<worksheet><sheetData><row r="3"><c><v>1</v></c></row><row r="2"><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>`,
		`<sheetData></row><c r="B1"><v>9</v></c></row><row><c><v>1</v></c></row><xrow></xrow><row r="5"></sheetData>`, // stray ends, cut off
		`<sheetData><row><c><v>1</v></c></row><!-- </row><row> --><row><c><v><![CDATA[</row>]]></v></c></row><row/></sheetData>`,
		`<sheetData><row><c><v>1</v></c></row><row><c><v>2</v>`, // truncated
		`<sheetData><row><c a="</row>"><v>1</v></c></row><row>2</row></sheetData>`,
		`<c ><is><t></row><row ><c >0</c >`, // a stray end inside a cell
		`<dimension ref="A1:B9"/><row><c><v>1</v></c></row><dimension ref="A1"/><row/>`,
		``,
	} {
		checkBlocksReadAsOne(t, xml, sst)
	}
	for from, want := range map[int]int{0: 11, 11: 11, 12: 26, 27: -1} {
		if got := rowEndAfter([]byte(`<row></row><x:row></x:row> <xrow></xrow>`), from); got != want {
			t.Errorf("row end after %d: %d, want %d", from, got, want)
		}
	}
}
