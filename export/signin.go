package export

import (
	"context"

	"pilotdesk/data"
)

// Sign-in sheets leave room for latecomers: at least this many blank rows,
// or as many as the head count exceeds the names on file.
const (
	minBlankRows = 5
	maxBlankRows = 60
)

// SignIn writes the 签到表 of activity opts.ActivityID: its named attendees
// pre-filled (with unit, position and phone when they are on file; phones
// masked when the mask_phones setting is on), a blank 签名 column, and
// blank numbered rows for everyone else. Under the title, where other
// reports print the 填报单位 line, it says what, when and where.
func SignIn(ctx context.Context, st *data.Store, path string, opts Options) error {
	a, err := st.Activity(ctx, opts.ActivityID)
	if err != nil {
		return wrapCancel(ctx, err)
	}
	return write(ctx, st, path, ReportSignIn, "", opts, func(b *book, title string) error {
		place := a.SiteName
		if a.Township != "" && a.Township != a.SiteName {
			place = a.Township + a.SiteName
		}
		info := "议题：" + a.Topic + "　　时间：" + a.Date.Chinese() + "　　地点：" + place
		s, err := b.newSheet("签到表", title, info, []Column{
			{Header: "序号", Width: 6, Kind: KindNumber},
			{Header: "姓名", Width: 12, Kind: KindShort},
			{Header: "身份", Width: 12, Kind: KindShort},
			{Header: "工作单位及职务", Width: 28, Kind: KindText},
			{Header: "联系电话", Width: 15, Kind: KindShort},
			{Header: "签名", Width: 16, Kind: KindShort},
			{Header: "备注", Width: 10, Kind: KindText},
		}, false)
		if err != nil {
			return err
		}
		s.height = 26 // room to write a name by hand
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
			if err := s.record(at.Name, data.AttendeeRoles.Label(at.Role, "zh"), unit, phone, nil, nil); err != nil {
				return err
			}
		}
		blank := min(max(minBlankRows, a.Participants-len(a.Attendees)), maxBlankRows)
		if err := s.blankRows(blank); err != nil {
			return err
		}
		return s.finish(nil)
	})
}
