package export

// A small streaming reader for the parts of an .xlsx the importer needs:
// the worksheet's cells and merges, and the shared strings. encoding/xml
// (and excelize's Rows on top of it) spent about 10 s of CPU on a
// 100,000-row ledger; this reads the same in a fraction of that, with
// excelize's RawCellValue meaning: a cell's stored value, untouched by its
// number format. It knows just enough XML for what Excel, WPS, LibreOffice
// and the libraries write: prefixes, comments, CDATA, entities.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// token kinds
const (
	tkStart = 's'
	tkEnd   = 'e'
	tkEmpty = 'x' // <c r="A1"/>
	tkText  = 't'
	tkCData = 'c' // text that is not escaped
)

type token struct {
	kind  byte
	name  []byte // local name, without a prefix
	attrs []byte
	text  []byte // valid until the next call
}

type xmlScan struct {
	r      *bufio.Reader
	inTag  bool   // the '<' of a tag has been read
	big    []byte // a token longer than the buffer
	budget int    // bytes left before the part counts as a bomb
}

// xmlBudget is what one part may inflate to: more is a zip bomb.
const xmlBudget = 4 << 30

func newXMLScan(r io.Reader) *xmlScan {
	return &xmlScan{r: bufio.NewReaderSize(r, 256<<10), budget: xmlBudget}
}

// readUntil returns the bytes up to and including delim.
func (x *xmlScan) readUntil(delim byte) ([]byte, error) {
	b, err := x.r.ReadSlice(delim)
	if err != bufio.ErrBufferFull {
		x.budget -= len(b)
		return b, err
	}
	x.big = append(x.big[:0], b...)
	for err == bufio.ErrBufferFull {
		if len(x.big) > 64<<20 {
			return nil, errors.New("xml token too long")
		}
		b, err = x.r.ReadSlice(delim)
		x.big = append(x.big, b...)
	}
	x.budget -= len(x.big)
	return x.big, err
}

// next returns the next token; io.EOF at the end.
func (x *xmlScan) next() (token, error) {
	for {
		if x.budget < 0 {
			return token{}, errors.New("xml part too large")
		}
		if !x.inTag {
			b, err := x.readUntil('<')
			if err != nil && err != io.EOF {
				return token{}, err
			}
			if err == nil {
				x.inTag = true
				b = b[:len(b)-1]
			}
			if len(b) > 0 {
				return token{kind: tkText, text: b}, nil
			}
			if err == io.EOF {
				return token{}, io.EOF
			}
		}
		x.inTag = false
		b, err := x.readUntil('>')
		if err != nil {
			return token{}, errTruncated(err)
		}
		switch {
		case bytes.HasPrefix(b, []byte("!--")):
			for !bytes.HasSuffix(b, []byte("-->")) {
				if b, err = x.readUntil('>'); err != nil {
					return token{}, errTruncated(err)
				}
			}
			continue
		case bytes.HasPrefix(b, []byte("![CDATA[")):
			text := append([]byte(nil), b[len("![CDATA["):]...)
			for !bytes.HasSuffix(text, []byte("]]>")) {
				if b, err = x.readUntil('>'); err != nil {
					return token{}, errTruncated(err)
				}
				text = append(text, b...)
			}
			return token{kind: tkCData, text: text[:len(text)-3]}, nil
		case len(b) < 2 || b[0] == '?' || b[0] == '!':
			continue // declarations, DOCTYPE, "<>"
		}
		body := b[:len(b)-1]
		t := token{kind: tkStart}
		if body[0] == '/' {
			t.kind, body = tkEnd, body[1:]
		} else if body[len(body)-1] == '/' {
			t.kind, body = tkEmpty, body[:len(body)-1]
		}
		end := bytes.IndexAny(body, " \t\r\n")
		if end < 0 {
			end = len(body)
		}
		t.name, t.attrs = body[:end], body[end:]
		if i := bytes.IndexByte(t.name, ':'); i >= 0 {
			t.name = t.name[i+1:]
		}
		return t, nil
	}
}

func errTruncated(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// attr returns the value of the attribute called name (no prefix), or nil.
func attr(attrs []byte, name string) []byte {
	for len(attrs) > 0 {
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return nil
		}
		key := bytes.TrimSpace(attrs[:eq])
		if i := bytes.IndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return nil
		}
		close := bytes.IndexByte(rest[1:], rest[0])
		if close < 0 {
			return nil
		}
		if string(key) == name {
			return rest[1 : close+1]
		}
		attrs = rest[close+2:]
	}
	return nil
}

// unescape decodes XML entities and OOXML's _xHHHH_ escapes (Excel writes a
// carriage return in a string as _x000D_).
func unescape(b []byte) string { return string(appendUnescape(nil, b)) }

func appendUnescape(out, b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 && bytes.Index(b, []byte("_x")) < 0 {
		return append(out, b...)
	}
	start := len(out)
	for len(b) > 0 {
		switch {
		case b[0] == '&':
			semi := bytes.IndexByte(b, ';')
			if semi < 0 || semi > 12 {
				out = append(out, '&')
				b = b[1:]
				continue
			}
			ent := string(b[1:semi])
			b = b[semi+1:]
			switch ent {
			case "amp":
				out = append(out, '&')
			case "lt":
				out = append(out, '<')
			case "gt":
				out = append(out, '>')
			case "quot":
				out = append(out, '"')
			case "apos":
				out = append(out, '\'')
			default:
				if r, ok := charRef(ent); ok {
					out = utf8.AppendRune(out, r)
				} else {
					out = append(out, "&"+ent+";"...)
				}
			}
		case len(b) >= 7 && b[0] == '_' && b[1] == 'x' && b[6] == '_':
			if n, err := strconv.ParseUint(string(b[2:6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(n))
				b = b[7:]
				continue
			}
			out = append(out, '_')
			b = b[1:]
		default:
			out = append(out, b[0])
			b = b[1:]
		}
	}
	if !utf8.Valid(out[start:]) {
		fixed := bytes.ToValidUTF8(out[start:], []byte("\uFFFD"))
		out = append(out[:start], fixed...)
	}
	return out
}

func charRef(ent string) (rune, bool) {
	if !strings.HasPrefix(ent, "#") {
		return 0, false
	}
	var n uint64
	var err error
	if strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X") {
		n, err = strconv.ParseUint(ent[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(ent[1:], 10, 32)
	}
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// readSST reads the shared strings: each <si>'s text runs joined, the
// phonetic guides (<rPh>) left out.
func readSST(r io.Reader) ([]string, error) {
	x := newXMLScan(r)
	var out []string
	var b strings.Builder
	inSI, inT, inPh := false, false, 0
	for {
		t, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t.kind {
		case tkStart, tkEmpty:
			switch string(t.name) {
			case "si":
				inSI = t.kind == tkStart
				b.Reset()
				if t.kind == tkEmpty {
					out = append(out, "")
				}
			case "t":
				inT = t.kind == tkStart && inPh == 0
			case "rPh":
				if t.kind == tkStart {
					inPh++
				}
			}
		case tkEnd:
			switch string(t.name) {
			case "si":
				if inSI {
					out = append(out, b.String())
				}
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inPh = max(inPh-1, 0)
			}
		case tkText:
			if inSI && inT {
				b.WriteString(unescape(t.text))
			}
		case tkCData:
			if inSI && inT {
				b.Write(t.text)
			}
		}
		if len(out) > 10_000_000 {
			return out, errors.New("too many shared strings")
		}
	}
}

// sheetReader reads a worksheet part row by row.
type sheetReader struct {
	x   *xmlScan
	sst []string
	row int // the last row number seen
	// anchored: a row with its number (r) came since the reader started;
	// until then row counts the rows from there.
	anchored bool
	merges   []mergeRect
	dim      int  // the last row of <dimension>, 0 unknown
	dimSet   bool // a <dimension> was read
	done     bool

	buf    []byte
	row0   []string          // the row being read, reused
	intern map[string]string // short values (numbers, dates, codes) repeat row after row
}

// next returns the next row that has an element in the file, with its
// number; ok is false after the last. Cells past maxImportCols are dropped.
func (s *sheetReader) next() (n int, cells []string, ok bool, err error) {
	if s.done {
		return 0, nil, false, nil
	}
	inRow, inC, inV, inIs, inT, inPh := false, false, false, false, false, 0
	col, typ := 0, ""
	for {
		t, err := s.x.next()
		if err == io.EOF {
			s.done = true
			if inRow {
				return s.row, s.cut(), true, nil
			}
			return 0, nil, false, nil
		}
		if err != nil {
			return 0, nil, false, err
		}
		switch t.kind {
		case tkStart, tkEmpty:
			switch string(t.name) {
			case "dimension":
				if ref := attr(t.attrs, "ref"); ref != nil {
					s.dim, s.dimSet = refRow(ref[bytes.IndexByte(ref, ':')+1:]), true
				}
			case "row":
				s.row++
				if r := attr(t.attrs, "r"); r != nil {
					if v, err := strconv.Atoi(string(r)); err == nil && v > 0 {
						s.row, s.anchored = v, true
					}
				}
				if t.kind == tkEmpty {
					return s.row, nil, true, nil
				}
				inRow, s.row0, col = true, s.row0[:0], 0
			case "c":
				col++
				if r := attr(t.attrs, "r"); r != nil {
					if c := refCol(r); c > 0 {
						col = c
					}
				}
				typ = string(attr(t.attrs, "t"))
				inC = t.kind == tkStart
				s.buf = s.buf[:0]
			case "v":
				inV = inC && t.kind == tkStart
			case "is":
				inIs = inC && t.kind == tkStart
			case "t":
				inT = inIs && t.kind == tkStart && inPh == 0
			case "rPh":
				if t.kind == tkStart {
					inPh++
				}
			case "mergeCell":
				if ref := attr(t.attrs, "ref"); ref != nil {
					if m, ok := parseRange(ref); ok && len(s.merges) < 1_000_000 {
						s.merges = append(s.merges, m)
					}
				}
			}
		case tkEnd:
			switch string(t.name) {
			case "row":
				if inRow {
					return s.row, s.cut(), true, nil
				}
				// A stray end of a row ends any cell too: after every row's
				// end the reader is as new, so a sheet can be read in blocks
				// cut there (sheetRows).
				inC, inV, inIs, inT, inPh, col, typ = false, false, false, false, 0, 0, ""
			case "c":
				if inC && col >= 1 && col <= maxImportCols { // a <row> inside a cell starts the columns again
					if v := s.value(typ); v != "" {
						for len(s.row0) < col {
							s.row0 = append(s.row0, "")
						}
						s.row0[col-1] = v
					}
				}
				inC = false
			case "v":
				inV = false
			case "is":
				inIs = false
			case "t":
				inT = false
			case "rPh":
				inPh = max(inPh-1, 0)
			}
		case tkText:
			if inV || inT {
				s.buf = appendUnescape(s.buf, t.text)
			}
		case tkCData:
			if inV || inT {
				s.buf = append(s.buf, t.text...)
			}
		}
	}
}

// cut returns a copy of the row read, no bigger than it needs to be.
func (s *sheetReader) cut() []string {
	if len(s.row0) == 0 {
		return nil
	}
	return append([]string(nil), s.row0...)
}

// value is a cell's raw value by its type: a shared string looked up,
// anything else as stored (numbers and dates as numbers, booleans 1/0,
// errors as #N/A, a formula's cached result).
func (s *sheetReader) value(typ string) string {
	if typ == "s" {
		i, err := strconv.Atoi(string(bytes.TrimSpace(s.buf)))
		if err != nil || i < 0 || i >= len(s.sst) {
			return ""
		}
		return s.sst[i]
	}
	if len(s.buf) > 16 {
		return string(s.buf)
	}
	if v, ok := s.intern[string(s.buf)]; ok {
		return v
	}
	v := string(s.buf)
	if s.intern == nil {
		s.intern = map[string]string{}
	}
	if len(s.intern) < 1<<16 {
		s.intern[v] = v
	}
	return v
}

// refCol is the 1-based column of a reference like "AB12", 0 if none.
func refCol(ref []byte) int {
	c := 0
	for _, ch := range ref {
		switch {
		case ch == '$':
		case ch >= 'A' && ch <= 'Z':
			c = c*26 + int(ch-'A'+1)
		case ch >= 'a' && ch <= 'z':
			c = c*26 + int(ch-'a'+1)
		default:
			return c
		}
		if c > 1<<20 {
			return 0
		}
	}
	return c
}

// refRow is the row of a reference like "AB12", 0 if none.
func refRow(ref []byte) int {
	i := bytes.IndexAny(ref, "0123456789")
	if i < 0 {
		return 0
	}
	n, err := strconv.Atoi(string(ref[i:]))
	if err != nil || n > 1<<21 {
		return 0
	}
	return n
}

// parseRange reads "A1:C3" into a 0-based rectangle.
func parseRange(ref []byte) (mergeRect, bool) {
	a, b, ok := bytes.Cut(ref, []byte(":"))
	if !ok {
		return mergeRect{}, false
	}
	c1, r1, c2, r2 := refCol(a), refRow(a), refCol(b), refRow(b)
	if c1 == 0 || r1 == 0 || c2 == 0 || r2 == 0 {
		return mergeRect{}, false
	}
	return mergeRect{min(r1, r2) - 1, min(c1, c2) - 1, max(r1, r2) - 1, max(c1, c2) - 1}, true
}
