package export

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pilotdesk/data"
)

func TestAll(t *testing.T) {
	st := openStore(t)
	must(t, st.LoadDemo(ctx))
	acts, _, err := st.Activities(ctx, data.ActivityFilter{Keyword: "小寨工业片区", Limit: 1})
	must(t, err)
	dir := t.TempDir()
	opts := Options{From: day("2020-01-01"), To: day("2020-12-31"), ActivityID: acts[0].ID}
	paths, err := All(ctx, st, dir, opts)
	must(t, err)
	want := []string{"试点单位及挂包联系一览表.xlsx", "政策顾问团名册.xlsx", "协商议事活动签到表（活动" + strconv.FormatUint(uint64(acts[0].ID), 10) + "）.xlsx",
		"协商议事活动台账（2020-01-01至2020-12-31）.xlsx", "督办事项台账（2020-01-01至2020-12-31）.xlsx", "典型案例（2020-01-01至2020-12-31）.xlsx",
		"工作情况统计表（2020-01-01至2020-12-31）.xlsx", "统计表（2020-01-01至2020-12-31）.xlsx"}
	var got []string
	for _, p := range paths {
		got = append(got, filepath.Base(p))
		f := reopen(t, p)
		for _, sh := range f.GetSheetList() {
			// A case's page is headed by the case's own title.
			if a1 := get(t, f, sh, "A1"); !strings.Contains(a1, "马龙区") && !strings.HasPrefix(sh, "案例") {
				t.Errorf("%s!A1 = %q", filepath.Base(p), a1)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("wrote %q, want %q", got, want)
	}
	// Without an activity there is no sign-in sheet.
	paths, err = All(ctx, st, t.TempDir(), Options{})
	must(t, err)
	if len(paths) != 7 {
		t.Errorf("wrote %q", paths)
	}
}

func TestRunUnknownReport(t *testing.T) {
	fx := newFixture(t)
	err := Run(ctx, fx.st, "nonsense", filepath.Join(t.TempDir(), "x.xlsx"), Options{})
	if data.ErrorCode(err) != data.EInvalid {
		t.Errorf("err = %v", err)
	}
}
