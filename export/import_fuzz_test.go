package export

// go test -tags migrated_fynedo,sqlite_fts5 -run '^$' -fuzz FuzzReadSheet -fuzztime 30s ./export

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

const fuzzTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`
const fuzzRoot = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
const fuzzWorkbook = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`
const fuzzRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`

// packageBytes is a workbook of one sheet "S" (1904 dates) holding the
// given worksheet XML and shared strings.
func packageBytes(sheet, sst []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct {
		name    string
		content []byte
	}{{"[Content_Types].xml", []byte(fuzzTypes)}, {"_rels/.rels", []byte(fuzzRoot)}, {"xl/workbook.xml", []byte(fuzzWorkbook)}, {"xl/_rels/workbook.xml.rels", []byte(fuzzRels)},
		{"xl/worksheets/sheet1.xml", sheet}, {"xl/sharedStrings.xml", sst}} {
		w, _ := zw.Create(part.name)
		w.Write(part.content)
	}
	zw.Close()
	return buf.Bytes()
}

// FuzzReadSheet feeds arbitrary bytes to the reader as a CSV file, as a
// worksheet's XML (and shared strings) inside a valid package, and as a
// whole .xlsx file; then fills in merges, recognises a header and reads the
// cells of what came out. Nothing may panic; errors are fine.
func FuzzReadSheet(f *testing.F) {
	f.Add([]byte("姓名,联系电话\n张三,13812345678\n"))
	f.Add([]byte(`<worksheet><dimension ref="A1:B3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>联系&amp;电话</t></is></c></row>` +
		`<row r="3"><c r="A3"><v>43914</v></c><c r="B3" t="str"><f>1+1</f><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:A3"/></mergeCells></worksheet>`))
	f.Add([]byte(`<sst><si><t>姓名</t><rPh><t>x</t></rPh></si><si><r><t>a</t></r><r><t xml:space="preserve"> b_x000D_</t></r></si></sst>`))
	f.Add([]byte("<x:row><x:c r=\"ZZZZZZ9\"><![CDATA[<v>]]></x:c><!-- > --></x:row><mergeCell ref=\"A1:XFD1048576\"/>"))
	f.Add([]byte("PK\x03\x04garbage"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		if tab, err := parseCSV(b); err == nil {
			recognise(tab)
		}
		for i, content := range [][]byte{packageBytes(b, b), b} {
			path := filepath.Join(dir, []string{"a.xlsx", "b.xlsx"}[i])
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			src, err := OpenSource(path)
			if err != nil {
				continue
			}
			for _, s := range src.Sheets {
				if tab, err := src.Read(ctx, s, nil); err == nil {
					recognise(tab)
				}
				src.GuessSheet(ImportActivities)
			}
			src.Close()
		}
	})
}

// recognise runs the header search and the cell readers over a table.
func recognise(tab *Table) {
	for _, kind := range ImportKinds {
		last, heads := kind.findHeader(tab)
		if last < 0 {
			continue
		}
		m := kind.guessMapping(heads)
		for _, r := range tab.Rows[last+1:] {
			for i, c := range r.Cells {
				if i >= len(m) {
					break
				}
				f, ok := kind.field(m[i])
				if !ok {
					continue
				}
				switch f.typ {
				case tDate:
					parseDateCell(f, c, tab.date1904)
				case tInt:
					parseIntCell(f, c)
				case tPhone:
					parsePhoneCell(f, c)
				case tEnum:
					parseEnumCell(f, c)
				case tNames:
					splitNames(c)
				default:
					tidyName(c)
				}
			}
		}
	}
}
