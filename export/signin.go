package export

import (
	"context"
	"math"
	"slices"

	"pilotdesk/data"
)

// A sign-in sheet prints on one A4 page when it can: its rows are made
// between these heights (points: room to sign by hand) to fit the page, and
// a page with room left is filled with numbered blank rows for latecomers.
// At least minBlankRows blank rows follow the names, or as many as the head
// count exceeds the names on file; the most beyond the names is
// maxBlankRows.
const (
	signRowHeight    = 24
	signRowHeightMin = 20
	minBlankRows     = 3
	maxBlankRows     = 60
)

// SignIn writes the 签到表 of activity opts.ActivityID: its named attendees
// pre-filled with their role (身份) and unit and position when they are on
// file, a blank 签名 column, and numbered blank rows for everyone else. A
// 联系电话 column only when opts.Phones asks for it (masked when the
// mask_phones setting is on): a sheet passed round a meeting need not carry
// everyone's number. Under the title, where other reports print the 填报单位
// line, it says what, when and where.
func SignIn(ctx context.Context, st *data.Store, path string, opts Options) error {
	a, err := signInActivity(ctx, st, opts) // or a consultation planned
	if err != nil {
		return wrapCancel(ctx, err)
	}
	return write(ctx, st, path, ReportSignIn, "", opts, func(b *book, title string) error {
		info := "议题：" + a.Topic + "\n时间：" + a.Date.Chinese() + "　　地点：" + place(a)
		cols := []Column{
			{Header: "序号", Width: 5, Kind: KindNumber},
			{Header: "姓名", Width: 10, Kind: KindShort},
			{Header: "身份", Width: 10, Kind: KindShort},
			{Header: "工作单位及职务", Width: 33, Kind: KindText},
			{Header: "签名", Width: 22, Kind: KindShort},
			{Header: "备注", Width: 10, Kind: KindText},
		}
		if opts.Phones {
			cols[3].Width, cols[4].Width, cols[5].Width = 24, 18, 8
			cols = slices.Insert(cols, 4, Column{Header: "联系电话", Width: 13, Kind: KindShort})
		}
		s := b.newSheet("签到表", title, info, cols, a4Portrait)
		rows := len(a.Attendees) + min(max(minBlankRows, a.Participants-len(a.Attendees)), maxBlankRows)
		// The room on the first page besides the title, headers and signatures.
		_, room := s.page.printable()
		free := room/s.page.mostZoom(s.cols) - blankHeight - signatureHeight
		for _, u := range s.layout.units {
			free -= u
		}
		s.height = signRowHeight
		if rows > int(free/signRowHeight) && rows <= int(free/signRowHeightMin) {
			s.height = math.Floor(free/float64(rows)*4) / 4
		}
		for _, at := range a.Attendees {
			var unit, phone string
			if at.PersonID != nil {
				if pe, err := st.Person(ctx, *at.PersonID); err == nil {
					unit = joinNonEmpty("　", pe.Unit, pe.Position)
					phone = pe.Phone
					if b.h.MaskPhones {
						phone = maskPhone(phone)
					}
				} else if data.ErrorCode(err) != data.ENotFound { // a trashed person keeps the name only
					return err
				}
			}
			values := []any{at.Name, data.AttendeeRoles.Label(at.Role, "zh"), unit}
			if opts.Phones {
				values = append(values, phone)
			}
			s.record(values...)
		}
		s.blankRows(rows - len(a.Attendees))
		return s.finish(nil)
	})
}

// blankRows adds n numbered blank rows of the sheet's row height, and more
// while they and the signature line still fit on the last page.
func (s *sheet) blankRows(n int) {
	scale := s.page.mostZoom(s.cols)
	pagesWith := func(rows int) int {
		g := s.layout
		g.units = slices.Clone(g.units)
		for range rows {
			g.units = append(g.units, s.height)
		}
		g.units = append(g.units, blankHeight+signatureHeight)
		pages, _ := g.pages(s.page, scale)
		return pages
	}
	pages := pagesWith(n)
	for pagesWith(n+1) == pages {
		n++
	}
	for range n {
		s.record()
	}
}

// signInActivity is what a sign-in sheet prints: the activity of
// opts.ActivityID, or, for opts.PlanID, the consultation planned as the
// activity it is to become, its invitees named (issue 22: the sheet is
// printed before the meeting).
func signInActivity(ctx context.Context, st *data.Store, opts Options) (*data.ActivityDetail, error) {
	if opts.PlanID == 0 {
		return st.Activity(ctx, opts.ActivityID)
	}
	p, err := st.Plan(ctx, opts.PlanID)
	if err != nil {
		return nil, err
	}
	a, attendees := data.ActivityFromPlan(p, p.Date) // dated the day planned
	a.SiteName, a.Township = p.SiteName, p.Township
	return &data.ActivityDetail{Activity: a, Attendees: attendees}, nil
}
