package data

import "context"

// FollowUpLedger lists the live follow-up items of the live activities held
// in period p, as the 督办事项台账 shows them: by the activity's date, then
// in entry order, each with its activity, site and township. They are the
// items the summary of the same period written on day today counts as
// follow_ups (本期); FollowUpStateOn(item, SummaryAsOf(p, today)) is each
// one's state there.
func (st *Store) FollowUpLedger(ctx context.Context, p Period, today Date) ([]OpenFollowUp, error) {
	from, _ := bounds(p)
	var out []OpenFollowUp
	err := st.db.WithContext(ctx).Raw(`SELECT i.*, a.date AS activity_date, a.topic, a.site_id, s.name AS site_name, t.name AS township
		FROM follow_up_items i JOIN activities a ON a.id = i.activity_id
		LEFT JOIN sites s ON s.id = a.site_id LEFT JOIN sites t ON t.id = a.township_id
		WHERE i.deleted_at IS NULL AND a.deleted_at IS NULL AND a.date >= ? AND a.date <= ?
		ORDER BY a.date, a.id, i.id`, from, SummaryAsOf(p, today)).Scan(&out).Error
	return out, translate(err, followUpLabel)
}
