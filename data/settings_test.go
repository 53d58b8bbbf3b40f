package data

import (
	"strings"
	"testing"
)

func TestSaveOfficeChecksAndTidies(t *testing.T) {
	st := openTest(t)
	bad := []struct {
		o      Office
		fields []string
	}{
		{Office{}, []string{SettingDistrict, SettingReportUnit, SettingPreparer}},
		{Office{District: "马龙", ReportUnit: "政协马龙区委员会办公室", Preparer: "李娜"}, []string{SettingDistrict}},
		{Office{District: "马龙区", ReportUnit: "政协马龙区委员会办公室", Preparer: "李娜", Phone: "12345"}, []string{SettingPhone}},
		{Office{District: "马龙区", ReportUnit: "  ", Preparer: strings.Repeat("李", 21)}, []string{SettingReportUnit, SettingPreparer}},
	}
	for _, c := range bad {
		o := c.o
		err := st.SaveOffice(ctx, &o)
		fe := FieldErrors(err)
		if len(fe) != len(c.fields) {
			t.Errorf("%+v: %v, want errors on %v", c.o, err, c.fields)
		}
		for _, f := range c.fields {
			if fe.Field(f) == nil {
				t.Errorf("%+v: no error on %s (%v)", c.o, f, err)
			}
		}
	}
	if o, _ := st.Office(ctx); o != (Office{}) {
		t.Fatalf("refused details were stored: %+v", o)
	}

	o := Office{District: " 陆良县 ", ReportUnit: ReportUnitFor("陆良县"), Preparer: " 王芳", Phone: "０８７４－８０００００１"}
	if err := st.SaveOffice(ctx, &o); err != nil {
		t.Fatal(err)
	}
	got, err := st.Office(ctx)
	want := Office{District: "陆良县", ReportUnit: "政协陆良县委员会办公室", Preparer: "王芳", Phone: "0874-8000001"}
	if err != nil || got != want {
		t.Errorf("stored %+v (%v), want %+v", got, err, want)
	}
	for _, d := range []string{"宣威市", "峨山彝族自治县", "神农架林区", "鄂伦春自治旗", "楚雄彝族自治州", "锡林郭勒盟"} {
		o := Office{District: d, ReportUnit: ReportUnitFor(d), Preparer: "王芳"}
		if err := st.SaveOffice(ctx, &o); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}

func TestOfficeReadyForReports(t *testing.T) {
	if err := (Office{District: "马龙区", ReportUnit: "政协马龙区委员会办公室"}).ReadyForReports(); err != nil {
		t.Errorf("complete office refused: %v", err)
	}
	err := Office{Preparer: "李娜"}.ReadyForReports()
	zh, en := Message(err, "zh"), Message(err, "en")
	if !strings.Contains(zh, "县（市、区）名称和填报单位") || !strings.Contains(zh, "设置") ||
		!strings.Contains(en, "county or district name") || !strings.Contains(en, "Settings") {
		t.Errorf("message: %q / %q", zh, en)
	}
	err = Office{District: "马龙区"}.ReadyForReports()
	if zh := Message(err, "zh"); strings.Contains(zh, "县（市、区）") || !strings.Contains(zh, "填报单位") {
		t.Errorf("only the unit is missing: %q", zh)
	}
}

// The change log names the office's 填表人, set in the window or by another
// process, and the OS account only while none is set.
func TestChangeLogNamesThePreparer(t *testing.T) {
	st := openTest(t)
	site := &Site{Name: "鑫城社区", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	other, err := Open(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	o := Office{District: "陆良县", ReportUnit: "政协陆良县委员会办公室", Preparer: "王芳"}
	if err := other.SaveOffice(ctx, &o); err != nil {
		t.Fatal(err)
	}
	other.Close()
	site.Platform = "议事厅"
	if err := st.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	log, err := st.Changes(ctx, ChangeFilter{})
	if err != nil || len(log) != 2 {
		t.Fatalf("%d changes, %v", len(log), err)
	}
	// On a server, the database user is named too, and stands for the
	// OS account.
	named, account := "王芳", osUser()
	if isPG(st.db) {
		named, account = "王芳（"+st.user+"）", st.user
	}
	if log[0].User != named || log[1].User != account || account == named {
		t.Errorf("operators %q then %q; OS account %q", log[1].User, log[0].User, osUser())
	}
}
