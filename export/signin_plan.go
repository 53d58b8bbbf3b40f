package export

import (
	"context"

	"pilotdesk/data"
)

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
