package data

import "testing"

// A site's standing members: a person on file (named from the file) or a
// name only; listed once each; they become an activity's attendees in
// their roles, and the activity saves with them.
func TestCouncilMembersAsAttendees(t *testing.T) {
	st, town, site := actSetup(t)
	member := actPerson(t, st, "李委员", false)
	gone := actPerson(t, st, "已删除的人", false)
	for _, m := range []CouncilMember{
		{SiteID: site.ID, PersonID: &member, Name: "别的名字", Identity: "member"},
		{SiteID: site.ID, Name: "片区商户代表", Identity: "stakeholder"},
		{SiteID: site.ID, Name: "张大爷", Identity: "resident"},
		{SiteID: site.ID, PersonID: &gone, Identity: "figure"},
		{SiteID: town.ID, Name: "街道城管中队", Identity: "staff"},
	} {
		if err := st.SaveCouncilMember(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []struct {
		m     CouncilMember
		field string
	}{
		{CouncilMember{SiteID: site.ID, Name: "张大爷", Identity: "resident"}, "name"},
		{CouncilMember{SiteID: site.ID, PersonID: &member, Identity: "member"}, "name"},
		{CouncilMember{SiteID: site.ID, Identity: "member"}, "name"},
		{CouncilMember{SiteID: site.ID, Name: "王五"}, "identity"},
		{CouncilMember{Name: "王五", Identity: "other"}, "site_id"},
	} {
		actWantErr(t, st.SaveCouncilMember(ctx, &bad.m), bad.field)
	}
	if err := st.db.Exec("UPDATE people SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?", gone).Error; err != nil {
		t.Fatal(err)
	}
	got, err := st.StandingAttendees(ctx, site.ID)
	if err != nil || len(got) != 3 || got[0].Name != "李委员" || got[0].Role != "member" || got[1].Role != "stakeholder" || got[2].Role != "other" {
		t.Fatalf("standing attendees: %+v %v", got, err)
	}
	if all, _ := st.CouncilMembers(ctx, CouncilFilter{TownshipID: town.ID}); len(all) != 4 || all[0].Name != "街道城管中队" {
		t.Errorf("the township's: %+v", all)
	}
	a := actValid(site.ID)
	if err := st.SaveActivity(ctx, &a, got, nil); err != nil {
		t.Fatal(err)
	}
	d, _ := st.Activity(ctx, a.ID)
	if len(d.Attendees) != 3 || d.Attendees[0].PersonID == nil || *d.Attendees[0].PersonID != member {
		t.Errorf("attendees stored: %+v", d.Attendees)
	}
}
