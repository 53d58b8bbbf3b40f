package data

import (
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Person names are listed the way people read them: by pinyin, as Excel and
// WPS sort Chinese (CLDR's collation), except that a surname is read as a
// surname. CLDR gives each character its most common reading, and for some
// surnames that is not the surname's: 沈 is chén there, so 沈玉 would come
// among the C names. Such a surname is compared as a character that has the
// surname's reading (checked against the collation in names_test.go).
var surnameReadings = map[string]string{
	"尉迟": "玉迟", // yùchí (尉 alone is wèi, as CLDR reads it)
	"万俟": "莫俟", // mòqí
	"沈":  "审",  // shěn, not chén
	"曾":  "增",  // zēng, not céng
	"单":  "善",  // shàn, not dān
	"解":  "谢",  // xiè, not jiě
	"仇":  "求",  // qiú, not chóu
	"朴":  "瓢",  // piáo, not pǔ
	"查":  "渣",  // zhā, not chá
	"区":  "欧",  // ōu, not qū
	"任":  "人",  // rén, not rèn
	"盖":  "舸",  // gě, not gài
	"覃":  "琴",  // qín, not tán
	"翟":  "宅",  // zhái, not dí
	"缪":  "妙",  // miào, not móu
	"乐":  "月",  // yuè, not lè
	"召":  "邵",  // shào, not zhào
}

// The collator is not safe for concurrent use; exports sort on their own
// goroutines.
var nameCollators = sync.Pool{New: func() any {
	return collate.New(language.SimplifiedChinese, collate.Numeric)
}}

// CompareNames orders two person names as people read them (-1, 0, +1):
// the surname by its reading as a surname, then the rest by pinyin.
func CompareNames(a, b string) int {
	c := nameCollators.Get().(*collate.Collator)
	defer nameCollators.Put(c)
	if r := c.CompareString(surnameRead(a), surnameRead(b)); r != 0 {
		return r
	}
	return c.CompareString(a, b) // 沈玉 and 审玉 read alike: keep them apart
}

// NameLess tells whether name a comes before name b.
func NameLess(a, b string) bool { return CompareNames(a, b) < 0 }

// surnameRead is name with a surname CLDR misreads replaced by a character
// read as the surname is.
func surnameRead(name string) string {
	r := []rune(strings.TrimSpace(name))
	for _, n := range []int{2, 1} { // compound surnames first
		n = min(n, len(r))
		if sub, ok := surnameReadings[string(r[:n])]; ok {
			return sub + string(r[n:])
		}
	}
	return string(r)
}
