package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"pilotdesk/data"
)

// The site form records what the room is built on.
func TestSiteRoomBasisThroughForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	d := newDistrict(t, st)
	u.showScreen("sites")
	s := u.screen().(*SitesScreen)
	c := u.win.Canvas()
	s.edit(*d.lexi)
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	f.inputs["room_basis"].(*enumSelect).SetSelected("委员联络处（站）")
	test.Tap(button(t, c, "保存"))
	if u.form != nil {
		t.Fatalf("form still open: %q", shownTexts(c))
	}
	got, err := st.Site(bg, d.lexi.ID)
	if err != nil || got.RoomBasis != "liaison_office" {
		t.Errorf("stored %+v %v", got, err)
	}
	var _ = data.RoomBases
}
