package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// askOffice asks for the office's details (data.Office: the district, the
// reporting office, the preparer and the phone printed on every report): on
// the first start before anything else, and before an export while they are
// missing. introKey says why; saved runs once they are stored, cancelled
// when the form is closed without saving.
func (u *UI) askOffice(introKey string, saved, cancelled func()) {
	o, err := u.store.Office(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	f := newRecordForm(u)
	// A city's office details are its own, not a county's record: open to
	// change as in 设置 (unless the server allows no writes at all).
	if u.city && u.serverOnly == "" {
		f.readOnly = ""
	}
	intro := widget.NewLabel(lang.L(introKey))
	intro.Wrapping = fyne.TextWrapWord
	f.grid.Add(layout.NewSpacer())
	f.grid.Add(intro)

	districtLabel, districtHint, unitHint := "settings.district", "settings.district_hint", "settings.report_unit_hint"
	if u.city { // a city's office names its city, as 设置 asks
		districtLabel, districtHint, unitHint = "city.city_name", "city.city_name_hint", "city.report_unit_hint"
	}
	district := f.entry(o.District)
	district.SetPlaceHolder(lang.L(districtHint))
	unit := f.entry(o.ReportUnit)
	unit.SetPlaceHolder(lang.L(unitHint))
	preparer := f.entry(o.Preparer)
	preparer.SetPlaceHolder(lang.L("office.preparer_hint"))
	phone := f.entry(o.Phone)
	phone.SetPlaceHolder(lang.L("office.phone_hint"))
	// The unit follows the district while it is empty or still the one
	// suggested; once typed over it is the user's.
	suggested := data.ReportUnitFor(o.District)
	district.OnChanged = func(s string) {
		f.dirty = true
		if t := strings.TrimSpace(unit.Text); t == "" || t == suggested {
			suggested = data.ReportUnitFor(s)
			unit.SetText(suggested)
		}
	}
	f.field(data.SettingDistrict, districtLabel, true, district)
	f.field(data.SettingReportUnit, "settings.report_unit", true, unit)
	f.field(data.SettingPreparer, "settings.preparer", true, preparer)
	f.field(data.SettingPhone, "settings.phone", false, phone)

	f.onSave = func() error {
		return u.store.SaveOffice(u.ctx, &data.Office{District: district.Text, ReportUnit: unit.Text,
			Preparer: preparer.Text, Phone: phone.Text})
	}
	f.saved, f.cancelled = saved, cancelled
	f.show(lang.L("office.title"))
	// show sizes the dialog by the grid's height, which counts the wrapped
	// intro at its narrowest: a character a line.
	f.dlg.Resize(u.dialogSize(640, 460))
	u.win.Canvas().Focus(district)
}

// officeReady is true when the reports have what they print in their
// title and 填报单位 line; when not, it asks for the office's details and
// then runs next.
func (u *UI) officeReady(next func()) bool {
	o, err := u.store.Office(u.ctx)
	if err != nil {
		u.showError(err)
		return false
	}
	if o.ReadyForReports() == nil {
		return true
	}
	u.askOffice("office.before_export", next, nil)
	return false
}
