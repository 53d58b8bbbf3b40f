package export

import (
	"path/filepath"
	"strings"
	"testing"

	"pilotdesk/data"
)

var signInHeaders = []string{"序号", "姓名", "身份", "工作单位及职务", "联系电话", "签名", "备注"}

func TestSignIn(t *testing.T) {
	fx := newFixture(t)
	as := addActivities(t, fx)
	path := filepath.Join(t.TempDir(), "signin.xlsx")
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: as.xiaozhai.ID}))

	f := reopen(t, path)
	sh := "签到表"
	if got := get(t, f, sh, "A1"); got != "马龙区协商议事活动签到表" {
		t.Errorf("A1 = %q", got)
	}
	if got := get(t, f, sh, "A2"); got != "议题：小寨工业片区交通和环境卫生　　时间：2024年3月5日　　地点：通泉街道小寨社区居委会" {
		t.Errorf("A2 = %q", got)
	}
	// The common checks, except A2 which says what, when and where here.
	all := rows(t, f, sh)
	assertText(t, f, sh, "B4", "王建国")
	assertText(t, f, sh, "C4", "其他")
	assertText(t, f, sh, "D4", "区政协副主席")
	assertText(t, f, sh, "E4", "13812345678")
	assertText(t, f, sh, "B5", "片区商户代表")
	assertText(t, f, sh, "C5", "利益相关方")
	// 31 came, 2 are named: 29 numbered blank rows with borders to sign in.
	n := 2 + 29
	assertSeq(t, f, sh, 4, n)
	for r := 4; r < 4+n; r++ {
		if got := get(t, f, sh, cell(5, r)); got != "" {
			t.Errorf("signature cell %s = %q", cell(5, r), got)
		}
		assertBordered(t, f, sh, r, len(signInHeaders))
	}
	if h, _ := f.GetRowHeight(sh, 10); h < 20 {
		t.Errorf("row height %v leaves no room to sign", h)
	}
	if last := all[len(all)-1][0]; !strings.HasPrefix(last, "填表人：") {
		t.Errorf("last row %q", last)
	}
	pl, _ := f.GetPageLayout(sh)
	if *pl.Orientation != "portrait" || *pl.Size != 9 {
		t.Errorf("page %v %v", *pl.Orientation, *pl.Size)
	}

	// Phones masked on request; at least 5 blank rows.
	must(t, fx.st.SetSettings(ctx, map[string]string{data.SettingMaskPhones: "1"}))
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: as.lexi.ID}))
	f = reopen(t, path)
	assertSeq(t, f, sh, 4, 15) // 20 came, none named: 20 blank rows
	must(t, SignIn(ctx, fx.st, path, Options{ActivityID: as.xiaozhai.ID}))
	f = reopen(t, path)
	assertText(t, f, sh, "E4", "138****5678")
}

func TestSignInUnknownActivity(t *testing.T) {
	fx := newFixture(t)
	err := SignIn(ctx, fx.st, filepath.Join(t.TempDir(), "s.xlsx"), Options{ActivityID: 999})
	if data.ErrorCode(err) != data.ENotFound {
		t.Fatalf("err = %v", err)
	}
}
