package data

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Names sort by pinyin with each surname read as a surname: 沈 under S
// between 申 and 石 (CLDR alone puts it with 陈), 曾 under Z, the compound
// surnames 尉迟 under Y and 万俟 under M.
func TestNamesSortBySurnameReading(t *testing.T) {
	want := []string{"蔡文", "陈明", "程刚", "马超", "万俟卨", "倪萍", "申华", "沈玉", "石磊",
		"杨帆", "尉迟恭", "曾国藩", "张三", "长孙无忌", "赵四"}
	names := slices.Clone(want)
	slices.Reverse(names)
	slices.SortStableFunc(names, CompareNames)
	if !slices.Equal(names, want) {
		t.Errorf("sorted:\n got %s\nwant %s", strings.Join(names, " "), strings.Join(want, " "))
	}
	// Two names that read alike are still two names.
	if CompareNames("沈玉", "审玉") == 0 || CompareNames("沈玉", "沈玉") != 0 {
		t.Error("沈玉 and 审玉 compare equal, or 沈玉 differs from itself")
	}
	if !NameLess(" 沈玉", "石磊") {
		t.Error("a leading space changes the order")
	}
}

// Each surname in surnameReadings is one CLDR reads otherwise, and its
// stand-in sorts where the surname's reading belongs: between two
// characters read just before and after it.
func TestSurnameReadingsAreNeeded(t *testing.T) {
	c := collate.New(language.SimplifiedChinese)
	between := map[string][2]string{ // surname: characters read just before and after it
		"沈":  {"申", "石"}, // shēn < shěn < shí
		"曾":  {"杂", "扎"}, // zá < zēng < zhā
		"单":  {"山", "少"}, // shān < shàn < shǎo
		"解":  {"西", "压"}, // xī < xiè < yā
		"仇":  {"七", "趋"}, // qī < qiú < qū
		"朴":  {"趴", "撇"}, // pā < piáo < piē
		"查":  {"赠", "宅"}, // zèng < zhā < zhái
		"区":  {"哦", "趴"}, // ó < ōu < pā
		"任":  {"然", "忍"}, // rán < rén < rěn
		"盖":  {"格", "各"}, // gé < gě < gè
		"覃":  {"七", "秋"}, // qī < qín < qiū
		"翟":  {"扎", "窄"}, // zhā < zhái < zhǎi
		"缪":  {"苗", "灭"}, // miáo < miào < miè
		"乐":  {"约", "云"}, // yuē < yuè < yún
		"召":  {"勺", "蛇"}, // sháo < shào < shé
		"尉迟": {"于", "月"}, // yú < yù < yuè
		"万俟": {"马", "倪"}, // mǎ < mò < ní
	}
	in := func(s string, b [2]string) bool {
		return c.CompareString(b[0], s) < 0 && c.CompareString(s, b[1]) < 0
	}
	for surname, sub := range surnameReadings {
		b, ok := between[surname]
		if !ok {
			t.Errorf("%s: no check", surname)
			continue
		}
		if in(surname, b) {
			t.Errorf("%s: CLDR already reads it between %s and %s; no stand-in needed", surname, b[0], b[1])
		}
		if !in(sub, b) {
			t.Errorf("%s: its stand-in %s does not sort between %s and %s", surname, sub, b[0], b[1])
		}
	}
}
