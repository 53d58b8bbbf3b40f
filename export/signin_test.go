package export

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pilotdesk/data"
)

var signInHeaders = []string{"序号", "姓名", "身份", "工作单位及职务", "签名", "备注"}

func TestSignIn(t *testing.T) {
	fx := newFixture(t)
	as := addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "signin.xlsx")
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: as.xiaozhai.ID}))

	f := reopen(t, path)
	sh := "签到表"
	if got := get(t, f, sh, "A1"); got != "政协马龙区委员会“协商在基层”协商议事活动签到表" {
		t.Errorf("A1 = %q", got)
	}
	if got := get(t, f, sh, "A2"); got != "议题：小寨工业片区交通和环境卫生\n时间：2024年3月5日　　地点：通泉街道小寨社区居委会" {
		t.Errorf("A2 = %q", got)
	}
	for i, h := range signInHeaders {
		if got := get(t, f, sh, cell(i, 3)); got != h {
			t.Errorf("header %s = %q, want %q", cell(i, 3), got, h)
		}
	}
	// No phone numbers unless asked for.
	all := rows(t, f, sh)
	assertText(t, f, sh, "B4", "王建国")
	assertText(t, f, sh, "C4", "领导")
	assertText(t, f, sh, "D4", "区政协副主席")
	assertText(t, f, sh, "B5", "片区商户代表")
	assertText(t, f, sh, "C5", "利益相关方")
	for _, r := range all {
		if strings.Contains(strings.Join(r, ""), "13812345678") {
			t.Errorf("a phone number on the sheet: %q", r)
		}
	}
	// 31 came, 2 are named: 29 numbered blank rows with borders to sign
	// in, and on one page, at a row height that leaves room to sign.
	sig := findRowPrefix(all, "填表人：")
	n := sig - 5
	if n < 31 {
		t.Errorf("%d rows to sign in, want at least 31", n)
	}
	assertSeq(t, f, sh, 4, n)
	for r := 4; r < 4+n; r++ {
		if got := get(t, f, sh, cell(4, r)); got != "" {
			t.Errorf("signature cell %s = %q", cell(4, r), got)
		}
		assertBordered(t, f, sh, r, len(signInHeaders))
	}
	p := readPrinted(t, f, sh)
	if h := p.heights[9]; h < 20 {
		t.Errorf("row height %v leaves no room to sign", h)
	}
	if pages := p.pages(p.zoom); pages != 2 {
		t.Errorf("%d pages for 31 people", pages)
	}
	pl, _ := f.GetPageLayout(sh)
	if *pl.Orientation != "portrait" || *pl.Size != 9 {
		t.Errorf("page %v %v", *pl.Orientation, *pl.Size)
	}

	// Phones on request, masked when the setting says so; a small meeting
	// fills its one page with rows to sign.
	must(t, fx.st.SetSettings(ctx, map[string]string{data.SettingMaskPhones: "1"}))
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: as.lexi.ID}))
	f = reopen(t, path)
	all = rows(t, f, sh)
	n = findRowPrefix(all, "填表人：") - 5
	assertSeq(t, f, sh, 4, n)
	if p := readPrinted(t, f, sh); n < 20 || p.pages(p.zoom) != 1 || !slices.Contains(p.heights, 24) {
		t.Errorf("20 came, none named: %d rows at %v on %d pages", n, p.heights[5], p.pages(p.zoom))
	}
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: as.xiaozhai.ID, Phones: true}))
	f = reopen(t, path)
	if e3, f3 := get(t, f, sh, "E3"), get(t, f, sh, "F3"); e3 != "联系电话" || f3 != "签名" {
		t.Errorf("headers E3, F3 = %q, %q", e3, f3)
	}
	assertText(t, f, sh, "E4", "138****5678")
}

func TestSignInUnknownActivity(t *testing.T) {
	fx := newFixture(t)
	err := SignIn(ctx, fx.st, filepath.Join(t.TempDir(), "s.xlsx"), Options{ActivityID: 999})
	if data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("err = %v", err)
	}
}
