package data

import "context"

// TypicalCases returns the live activities of period p marked as typical
// cases (典型案例), oldest first, each whole: attendees and follow-up items
// (一事一档, export cases).
func (st *Store) TypicalCases(ctx context.Context, p Period) ([]ActivityDetail, error) {
	from, to := bounds(p)
	var ids []uint
	err := st.db.WithContext(ctx).Raw(`SELECT id FROM activities WHERE deleted_at IS NULL AND typical_case = ?
		AND date >= ? AND date <= ? ORDER BY date, id`, true, from, to).Scan(&ids).Error
	if err != nil {
		return nil, translate(err, activityLabel)
	}
	out := make([]ActivityDetail, 0, len(ids))
	for _, id := range ids {
		d, err := st.Activity(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}
