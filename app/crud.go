package app

import (
	"context"

	"fyne.io/fyne/v2/lang"

	"pilotdesk/data"
)

// What every record screen does the same way: delete with Undo, and the
// edit flow.

// confirmTrash asks whether to move name to the trash, does it, refreshes,
// and offers Undo (restore) in a notification.
func (u *UI) confirmTrash(name string, trash, restore func() error, refresh func()) {
	if readOnlyReason != "" { // the Delete key on a row of a list that is view only
		u.notify(readOnlyReason, nil)
		return
	}
	msg := lang.L("trash.question", map[string]any{"Name": name})
	u.confirm(lang.L("trash.title"), msg, func(yes bool) {
		if !yes {
			return
		}
		if err := trash(); err != nil {
			u.showError(err)
			return
		}
		refresh()
		u.notify(lang.L("trash.done", map[string]any{"Name": name}), func() {
			if err := restore(); err != nil {
				u.showError(err)
			}
			refresh()
		})
	})
}

// Editing a record goes the same way on every screen: editFresh reads it
// afresh and opens its form; the screen lays out the inputs; saveForm
// makes Save store what they hold, and then the screen shows the result.

// editFresh opens the form of a listed record as it is stored now, not as
// the list loaded it: another window may have changed it since. A record
// gone since is reported and the list reloaded.
func editFresh[T any](u *UI, id uint, fetch func(context.Context, uint) (*T, error), reload func(), open func(T)) {
	rec, err := fetch(u.ctx, id)
	if err != nil {
		u.showError(err)
		reload()
		return
	}
	open(*rec)
}

// saveForm makes the form's Save store rec as the inputs have it: read
// fills a copy of rec from them, setting *ok false for an input it cannot
// read (marked under it), and save stores the copy, so a failed save
// leaves rec as it was for the next try. After a save the form closes and
// saved gets the record as stored (to reload the list, select it, say so).
func saveForm[T any, P interface {
	*T
	Validate() error
}](f *recordForm, rec T, read func(P, *bool), save func(context.Context, P) error, saved func(T)) {
	f.onSave = func() error {
		next, ok := rec, true
		read(&next, &ok)
		if !ok { // the record's own rules are marked too: every problem at once
			if err := P(&next).Validate(); err != nil {
				f.showErr(err)
			}
			return errParsed
		}
		if err := save(f.u.ctx, &next); err != nil {
			return err
		}
		rec = next
		return nil
	}
	f.saved = func() { saved(rec) }
}

// peopleAndSites are what the forms' pickers offer; false (the error
// shown) when they cannot be read.
func (u *UI) peopleAndSites() ([]data.Person, []data.Site, bool) {
	people, err := u.store.People(u.ctx, data.PersonFilter{})
	if err != nil {
		u.showError(err)
		return nil, nil, false
	}
	sites, err := u.store.SiteNames(u.ctx)
	if err != nil {
		u.showError(err)
		return nil, nil, false
	}
	return people, sites, true
}
