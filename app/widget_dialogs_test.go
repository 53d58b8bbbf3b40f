package app

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// press types key as the driver does: to the focused input, else to the
// window.
func press(c fyne.Canvas, key fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: key}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// centre is the middle of o on the canvas.
func centre(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

// label finds a visible label by its text.
func label(t *testing.T, c fyne.Canvas, text string) *widget.Label {
	t.Helper()
	for _, o := range visibleObjects(c) {
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			return l
		}
	}
	t.Fatalf("no label %q", text)
	return nil
}

// newSiteForm opens the site form with a name typed in, the cursor in it.
func newSiteForm(t *testing.T, u *UI, name string) *recordForm {
	t.Helper()
	c := u.win.Canvas()
	test.Tap(button(t, c, "新增试点单位"))
	f := u.form
	if f == nil {
		t.Fatal("the form did not open")
	}
	e := f.inputs["name"].(*formEntry)
	c.Focus(e)
	test.Type(e, name)
	f.inputs["kind"].(*enumSelect).SetSelected("乡镇（街道）")
	return f
}

// The first click after a save reaches what it was aimed at, while the
// notice still shows (issue 17: it only closed the notice).
func TestClickAfterSaveReachesItsTarget(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	sitesScreen(t, u)
	c := u.win.Canvas()
	newSiteForm(t, u, "同乐街道")
	test.Tap(button(t, c, "保存"))
	assertShown(t, c, "已保存“同乐街道”")

	test.TapCanvas(c, centre(label(t, c, "人员")))
	if u.screen().id() != "people" {
		t.Fatalf("a click on 人员 left the screen at %q", u.screen().id())
	}
	assertShown(t, c, "已保存“同乐街道”") // the notice stays until its time is up

	test.TapCanvas(c, centre(button(t, c, "新增人员")))
	if u.form == nil {
		t.Fatal("a click on 新增人员 did not open the form")
	}
	test.Tap(button(t, c, "取消"))

	// A click on the notice itself closes it, and goes no further.
	test.TapCanvas(c, centre(label(t, c, "已保存“同乐街道”")))
	assertNotShown(t, c, "已保存“同乐街道”")
	if u.screen().id() != "people" || u.form != nil {
		t.Errorf("a click on the notice reached %q (form open %v)", u.screen().id(), u.form != nil)
	}
	if sites, _ := st.Sites(bg, data.SiteFilter{}); len(sites) != 1 {
		t.Errorf("%d sites stored", len(sites))
	}
}

// One notice at a time; its Undo still works.
func TestNoticeReplacesTheLastOne(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	site := saveTestSite(t, st, "马街镇", nil)
	s := sitesScreen(t, u)
	c := u.win.Canvas()
	u.notify("第一条", nil)
	s.table.selectID(site.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	test.Tap(button(t, c, "是"))
	assertNotShown(t, c, "第一条")
	if len(u.notices.Objects) != 1 {
		t.Errorf("%d notices shown", len(u.notices.Objects))
	}
	test.TapCanvas(c, centre(button(t, c, "撤销")))
	if _, err := st.Site(bg, site.ID); err != nil {
		t.Errorf("undo did not restore: %v", err)
	}
	assertNotShown(t, c, "撤销")
}

// Enter in a single-line field saves the form, as Ctrl+S does.
func TestEnterSavesForm(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	sitesScreen(t, u)
	c := u.win.Canvas()
	newSiteForm(t, u, "通泉街道")
	press(c, fyne.KeyReturn)
	if u.form != nil {
		t.Fatalf("Enter left the form open: %q", shownTexts(c))
	}
	sites, _ := st.Sites(bg, data.SiteFilter{})
	if len(sites) != 1 || sites[0].Name != "通泉街道" {
		t.Errorf("stored %+v", sites)
	}
	assertShown(t, c, "已保存“通泉街道”", "共1条")
}

// Enter in a multi-line field starts a new line and saves nothing.
func TestEnterInNotesIsANewLine(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	sitesScreen(t, u)
	c := u.win.Canvas()
	f := newSiteForm(t, u, "通泉街道")
	notes := f.inputs["notes"].(*formEntry)
	c.Focus(notes)
	test.Type(notes, "第一行")
	press(c, fyne.KeyReturn)
	test.Type(notes, "第二行")
	if u.form == nil {
		t.Fatal("Enter in the notes closed the form")
	}
	if notes.Text != "第一行\n第二行" {
		t.Errorf("notes %q", notes.Text)
	}
	if sites, _ := st.Sites(bg, data.SiteFilter{}); len(sites) != 0 {
		t.Errorf("%d sites stored", len(sites))
	}
	// Enter on a drop-down saves, as in a field.
	c.Focus(f.inputs["status"].(*enumSelect))
	press(c, fyne.KeyReturn)
	sites, _ := st.Sites(bg, data.SiteFilter{})
	if u.form != nil || len(sites) != 1 || sites[0].Notes != "第一行\n第二行" {
		t.Errorf("form open %v, stored %+v", u.form != nil, sites)
	}
}

// Enter in a date field with a wrong date says so under it and keeps the
// form; Esc closes the field's calendar, not the form.
func TestEnterAndEscInDateField(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	sitesScreen(t, u)
	c := u.win.Canvas()
	f := newSiteForm(t, u, "通泉街道")
	date := f.inputs["unveiled_on"].(*formEntry)
	c.Focus(date)
	test.Type(date, "2020-13-45")
	press(c, fyne.KeyReturn)
	if u.form == nil {
		t.Fatal("Enter with a wrong date closed the form")
	}
	assertShown(t, c, "不是正确的日期")

	overlays := len(c.Overlays().List())
	test.Tap(date.ActionItem.(*widget.Button))
	if len(c.Overlays().List()) != overlays+1 {
		t.Fatal("the calendar did not open")
	}
	press(c, fyne.KeyEscape)
	if len(c.Overlays().List()) != overlays || u.form == nil {
		t.Errorf("Esc: %d overlays (want %d), form open %v", len(c.Overlays().List()), overlays, u.form != nil)
	}
	if sites, _ := st.Sites(bg, data.SiteFilter{}); len(sites) != 0 {
		t.Errorf("%d sites stored", len(sites))
	}
}

// Esc answers a confirmation "no", closes a message, and cancels a form,
// asking first when something was typed.
func TestEscClosesDialogs(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	site := saveTestSite(t, st, "马街镇", nil)
	s := sitesScreen(t, u)
	c := u.win.Canvas()

	s.table.selectID(site.ID)
	s.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	assertShown(t, c, "把“马街镇”移入回收站？")
	press(c, fyne.KeyEscape)
	assertNotShown(t, c, "移入回收站？")
	if _, err := st.Site(bg, site.ID); err != nil {
		t.Errorf("Esc moved the site to the trash: %v", err)
	}

	u.showError(errors.New("磁盘已满"))
	u.inform("导入完成", "新增2行")
	press(c, fyne.KeyEscape)
	assertNotShown(t, c, "新增2行")
	assertShown(t, c, "操作未能完成")
	press(c, fyne.KeyEscape)
	assertNotShown(t, c, "操作未能完成")
	if n := len(c.Overlays().List()); n != 0 {
		t.Errorf("%d overlays left", n)
	}

	// The form: Esc with the cursor in a changed field asks; Esc answers no.
	newSiteForm(t, u, "通泉街道")
	press(c, fyne.KeyEscape)
	assertShown(t, c, "放弃修改？")
	press(c, fyne.KeyEscape)
	assertNotShown(t, c, "放弃修改？")
	if u.form == nil {
		t.Fatal("Esc on the question closed the form")
	}
	press(c, fyne.KeyEscape)
	test.Tap(button(t, c, "是"))
	if u.form != nil || len(c.Overlays().List()) != 0 {
		t.Errorf("form open %v, %d overlays", u.form != nil, len(c.Overlays().List()))
	}
	// An untouched form closes at once.
	test.Tap(button(t, c, "新增试点单位"))
	press(c, fyne.KeyEscape)
	if u.form != nil {
		t.Error("Esc left the untouched form open")
	}
	if sites, _ := st.Sites(bg, data.SiteFilter{}); len(sites) != 1 {
		t.Errorf("%d sites stored", len(sites))
	}
}

// Esc in a progress dialog cancels the work, as its Cancel button does.
func TestEscCancelsWork(t *testing.T) {
	u, _ := newTestUI(t, LangZH)
	c := u.win.Canvas()
	started, finished := make(chan struct{}), make(chan error)
	u.runTask("正在导出", func(ctx context.Context, _ func(int, int)) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, func(err error) { finished <- err })
	<-started
	assertShown(t, c, "正在处理…")
	press(c, fyne.KeyEscape)
	if err := <-finished; !errors.Is(err, context.Canceled) {
		t.Errorf("work ended with %v", err)
	}
}

// Esc in a search box clears it, and the list shows everyone again.
func TestEscClearsSearch(t *testing.T) {
	u, st := newTestUI(t, LangZH)
	savePerson(t, st, "张伟", data.CategoryLeader, "区政协")
	savePerson(t, st, "王芳", data.CategoryMember, "区人民医院")
	s := peopleScreen(t, u)
	c := u.win.Canvas()
	c.Focus(s.search)
	test.Type(s.search, "张")
	assertShown(t, c, "共1条")
	press(c, fyne.KeyEscape)
	if s.search.Text != "" {
		t.Errorf("search still %q", s.search.Text)
	}
	assertShown(t, c, "共2条", "王芳")
}
