package data

import (
	"reflect"
	"strings"
	"sync"
	"unicode"
)

// multiLineFields may hold line breaks; every other text field is one line.
var multiLineFields = map[string]bool{
	"Notes": true, "Outcome": true, "Findings": true, "Requirements": true, "Description": true, "Procedure": true,
}

// cleanStrings tidies every exported string field of the struct rec points
// to (CleanText); everything else, emoji or text like SQL, is the user's.
func cleanStrings(rec any) {
	v := reflect.ValueOf(rec)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	for _, f := range stringFields(v.Elem().Type()) {
		fv := v.Elem().FieldByIndex(f.index)
		fv.SetString(CleanText(fv.String(), f.multiLine))
	}
}

// stringField is an exported string field of a struct type, embedded ones too.
type stringField struct {
	index     []int
	multiLine bool
}

// stringFieldsOf caches stringFields: an import cleans thousands of records.
var stringFieldsOf sync.Map // reflect.Type -> []stringField

func stringFields(t reflect.Type) []stringField {
	if fs, ok := stringFieldsOf.Load(t); ok {
		return fs.([]stringField)
	}
	var fs []stringField
	var walk func(t reflect.Type, at []int)
	walk = func(t reflect.Type, at []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			index := append(at[:len(at):len(at)], i)
			switch {
			case !sf.IsExported():
			case sf.Anonymous && sf.Type.Kind() == reflect.Struct:
				walk(sf.Type, index)
			case sf.Type.Kind() == reflect.String:
				fs = append(fs, stringField{index, multiLineFields[sf.Name]})
			}
		}
	}
	walk(t, nil)
	stringFieldsOf.Store(t, fs)
	return fs
}

// hasControl reports whether s holds a control character (U+0000–U+001F,
// U+007F–U+009F, as unicode.IsControl) or a byte order mark. A byte scan:
// decoding every rune of every imported cell took a tenth of an import.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f:
			return true
		case c == 0xef && i+2 < len(s) && s[i+1] == 0xbb && s[i+2] == 0xbf:
			return true
		}
	}
	return false
}

// CleanText trims s and drops control characters; multiLine keeps \n and \t
// (and turns \r\n into \n). Every record's text is saved so; the importer
// compares cells with stored records the same way.
func CleanText(s string, multiLine bool) string {
	s = strings.TrimPrefix(s, "\uFEFF")
	if multiLine {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	if hasControl(s) {
		s = strings.Map(func(r rune) rune {
			switch {
			case multiLine && (r == '\n' || r == '\t'):
				return r
			case r == '\t' || r == '\n' || r == '\r':
				return ' ' // a pasted line break inside a name becomes a space
			case unicode.IsControl(r), r == '\uFEFF':
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}
