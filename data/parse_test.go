package data

import (
	"testing"
	"unicode/utf8"
)

func TestParseDate(t *testing.T) {
	want := NewDate(2020, 3, 24)
	for _, s := range []string{"2020-03-24", "2020-3-24", "2020/3/24", "2020.3.24", "2020年3月24日", "2020年03月24日",
		"20200324", " 2020-03-24 ", "２０２０－０３－２４", "2020 年 3 月 24 日", "2020年3月24"} {
		got, err := ParseDate(s)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"2020-02-30", "2020-13-01", "24/3/2020", "昨天", "2020-03", "1850-01-01", "2020-03-24x"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		} else if Message(err, "zh") == "" || ErrorCode(err) != EInvalid {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	if d, err := ParseDate(""); err != nil || !d.IsZero() {
		t.Errorf("empty: %v %v", d, err)
	}
	if want.Chinese() != "2020年3月24日" || want.String() != "2020-03-24" {
		t.Error(want.Chinese(), want.String())
	}
}

func TestPhones(t *testing.T) {
	ok := map[string]string{
		"13812345678":        "13812345678",
		"138 1234 5678":      "13812345678",
		"+86 138-1234-5678":  "13812345678",
		"１３８１２３４５６７８":        "13812345678",
		"0874-3123456":       "0874-3123456",
		"(0874)3123456":      "0874-3123456",
		"010-12345678":       "010-12345678",
		"0874-3123456转801":   "0874-3123456-801",
		"0874-3123456 ext 8": "0874-3123456-8",
		"08743123456":        "08743123456",
	}
	for in, want := range ok {
		got := NormalizePhone(in)
		if got != want || !ValidPhone(got) {
			t.Errorf("%q -> %q (valid %v), want %q", in, got, ValidPhone(got), want)
		}
	}
	for _, in := range []string{"12345", "1381234567", "138123456789", "23812345678", "3123456", "abc", "0874-0123456"} {
		if ValidPhone(NormalizePhone(in)) {
			t.Errorf("%q accepted", in)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2020-03-24", "2020年3月24日", "20200324", "２０２０．３．２４", "", "2020-02-30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if Message(err, "zh") == "" || Message(err, "en") == "" {
				t.Fatalf("error without message for %q", s)
			}
			return
		}
		if d.IsZero() {
			return
		}
		// What parses must print back and parse to the same day.
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("%q -> %v -> %v %v", s, d, again, err)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138 1234 5678", "0874-3123456转801", "（0874）3123456", "", "+86+8613812345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := NormalizePhone(s)
		if !utf8.ValidString(s) {
			return
		}
		if NormalizePhone(p) != p {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, p, NormalizePhone(p))
		}
		if ValidPhone(p) && len(p) > 20 {
			t.Fatalf("accepted an overlong number %q", p)
		}
	})
}
