package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"pilotdesk/data"
)

// 设置 → 本机用于 (issue 20): a county's database (its county is the
// office's 县（市、区）名称 above) or a city's, which keeps the list of
// counties that report to it.

// levelCard is the card's content: the choice, and in a city's database
// its counties.
type levelCard struct {
	s        *SettingsScreen
	choice   *widget.RadioGroup
	counties *recordTable[data.County]
	note     *widget.Label
	content  fyne.CanvasObject
}

func (s *SettingsScreen) buildLevel() fyne.CanvasObject {
	c := &levelCard{s: s}
	s.level = c
	county, city := lang.L("city.level_county"), lang.L("city.level_city")
	c.choice = widget.NewRadioGroup([]string{county, city}, nil)
	c.choice.Horizontal = true
	c.choice.Selected = county
	if s.u.city {
		c.choice.Selected = city
	}
	c.choice.OnChanged = func(sel string) {
		if sel == "" { // a second tap unselects a radio: keep the level
			c.showLevel()
			return
		}
		c.setLevel(sel == city)
	}
	c.note = widget.NewLabel(lang.L("city.level_county_note"))
	c.note.Wrapping = fyne.TextWrapWord
	if s.u.serverOnly != "" { // the level is stored in the database
		c.choice.Disable()
	}
	if !s.u.city {
		c.content = container.NewVBox(c.choice, c.note)
		return c.content
	}
	c.note.SetText(lang.L("city.level_city_note"))
	c.counties = newRecordTable([]column[data.County]{
		{key: "city.county", width: 160, text: func(r data.County) string { return r.Name }},
		{key: "city.office", width: 300, text: func(r data.County) string { return r.Office }, grow: true},
	}, func(r data.County) uint { return r.ID })
	c.counties.onActivate = c.edit
	c.counties.onDelete = c.remove
	add := widget.NewButtonWithIcon(lang.L("city.add_county"), theme.ContentAddIcon(), func() { c.edit(data.County{}) })
	rename := rowButton(c.counties, lang.L("city.rename_county"), theme.DocumentCreateIcon(), c.edit)
	remove := rowButton(c.counties, lang.L("action.delete"), theme.DeleteIcon(), c.remove)
	if s.u.serverOnly != "" {
		add.Disable()
		c.counties.rowButtons = nil
		rename.Disable()
		remove.Disable()
		c.counties.onActivate, c.counties.onDelete = nil, nil
	}
	height := canvas.NewRectangle(color.Transparent)
	height.SetMinSize(fyne.NewSize(0, 220))
	c.content = container.NewVBox(c.choice, c.note,
		container.NewBorder(container.NewHBox(add, rename, remove), nil, nil, nil, container.NewStack(height, c.counties)))
	return c.content
}

// showLevel shows the stored level without acting on it.
func (c *levelCard) showLevel() {
	cb := c.choice.OnChanged
	c.choice.OnChanged = nil
	c.choice.SetSelected(c.choice.Options[0])
	if c.s.u.city {
		c.choice.SetSelected(c.choice.Options[1])
	}
	c.choice.OnChanged = cb
}

// reload lists the counties again.
func (c *levelCard) reload() {
	if c.counties == nil {
		return
	}
	cs, err := c.s.u.store.Counties(c.s.u.ctx)
	if err != nil {
		c.s.u.showError(err)
		return
	}
	c.counties.setRows(cs, c.counties.selectedID())
}

// setLevel asks, stores the level and rebuilds the window, whose every
// screen shows (or hides) the county level.
func (c *levelCard) setLevel(city bool) {
	u := c.s.u
	if city == u.city {
		return
	}
	key := "city.to_county_question"
	if city {
		key = "city.to_city_question"
	}
	u.confirm(lang.L("city.level_title"), lang.L(key), func(yes bool) {
		if !yes {
			c.showLevel()
			return
		}
		level := data.LevelCounty
		if city {
			level = data.LevelCity
		}
		if err := u.store.SetSettings(u.ctx, map[string]string{data.SettingLevel: level}); err != nil {
			u.showError(err)
			return
		}
		u.rebuild()
		u.showScreen("settings")
		u.notify(lang.L(map[bool]string{false: "city.now_county", true: "city.now_city"}[city]), nil)
	})
}

// edit adds a county (zero ID) or renames one, in a small form.
func (c *levelCard) edit(r data.County) {
	u := c.s.u
	f := newRecordForm(u)
	f.readOnly = "" // the city's own list, not a county's record
	name := f.entry(r.Name)
	name.SetPlaceHolder(lang.L("city.county_hint"))
	office := f.entry(r.Office)
	office.SetPlaceHolder(lang.L("city.office_hint"))
	f.field("name", "city.county", true, name)
	f.field("office", "city.office", false, office)
	saveForm(f, r, func(rec *data.County, _ *bool) {
		rec.Name, rec.Office = name.Text, office.Text
	}, u.store.SaveCounty, func(saved data.County) {
		c.reload()
		c.counties.selectID(saved.ID)
		u.notify(lang.L("city.county_saved", map[string]any{"Name": saved.Name}), nil)
	})
	title := lang.L("city.add_county_title")
	if r.ID != 0 {
		title = lang.L("city.rename_county_title", map[string]any{"Name": r.Name})
	}
	f.show(title)
	u.win.Canvas().Focus(name)
}

// remove deletes a county that has no records (data refuses the others,
// saying why).
func (c *levelCard) remove(r data.County) {
	u := c.s.u
	u.confirm(lang.L("city.remove_county_title"), lang.L("city.remove_county_question", map[string]any{"Name": r.Name}), func(yes bool) {
		if !yes {
			return
		}
		if err := u.store.TrashCounty(u.ctx, r.ID); err != nil {
			u.showError(err)
			return
		}
		c.reload()
		u.notify(lang.L("city.county_removed", map[string]any{"Name": r.Name}), nil)
	})
}
