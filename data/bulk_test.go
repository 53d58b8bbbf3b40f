package data

// The bulk paths of issue 7 (raw INSERT statements, EachActivity and
// ActivityAttendees scanned without GORM, Enum.Parse's exact lookup) must
// store and return exactly what the GORM paths they replaced did.

import (
	"database/sql"
	"errors"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// dumpActivities is every stored column of every activity, as SQL literals
// (quote() tells text from numbers and NULL), in id order.
func dumpActivities(t *testing.T, st *Store) []string {
	t.Helper()
	sqlDB, err := st.db.DB()
	if err != nil {
		t.Fatal(err)
	}
	q := `SELECT id, quote(created_at), quote(updated_at), quote(deleted_at), quote(version), quote(date),
		quote(site_id), quote(township_id), quote(topic), quote(topic_source), quote(form), quote(procedure), quote(decision),
		quote(votes_for), quote(votes_against), quote(votes_abstain), quote(participants), quote(outcome), quote(follow_up),
		quote(follow_up_date), quote(problems_solved), quote(notes) FROM activities ORDER BY id`
	if isPG(st.db) {
		q = strings.ReplaceAll(q, "quote(", "quote_nullable(")
	}
	rows, err := sqlDB.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	cells := make([]sql.NullString, 22)
	dest := make([]any, len(cells))
	for i := range cells {
		dest[i] = &cells[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, c := range cells {
			b.WriteString(c.String + "|")
		}
		out = append(out, b.String())
	}
	return out
}

// More rows than one INSERT statement carries, and not a multiple of it.
const bulkRows = 2*insertChunk + 345

func TestInsertActivitiesStoresWhatGORMStored(t *testing.T) {
	from, to := NewDate(2023, 1, 1), NewDate(2024, 12, 31)
	a := openTest(t)
	g := genActivities(t, a, rand.New(rand.NewSource(7)), 4, 5, bulkRows, from, to)
	// The same places in another file, and the same rows through GORM's
	// CreateInBatches, as InsertActivities stored them before, in the
	// order it stores them: by date, one date's rows as given.
	b := openTest(t)
	genActivities(t, b, rand.New(rand.NewSource(7)), 4, 5, 0, from, to)
	again := append([]Activity(nil), g.acts...)
	for i := range again {
		again[i].ID = 0
	}
	slices.SortStableFunc(again, func(x, y Activity) int { return x.Date.Compare(y.Date) })
	if again[0].Date.Equal(g.acts[0].Date) {
		t.Fatal("the generated rows are in date order already: the test would not see the order")
	}
	if err := b.db.Transaction(func(tx *gorm.DB) error { return tx.Omit("DeletedAt").CreateInBatches(again, 500).Error }); err != nil {
		t.Fatal(err)
	}
	got, want := dumpActivities(t, a), dumpActivities(t, b)
	if len(got) != bulkRows || len(want) != bulkRows {
		t.Fatalf("%d and %d rows, want %d", len(got), len(want), bulkRows)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("row %d:\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
	// Every row holds its own row's ID, as GORM's RETURNING gave them, and
	// rows of one date keep their order.
	byID := map[uint]*Activity{}
	for i := range again {
		byID[again[i].ID] = &again[i]
	}
	for i, a := range g.acts {
		if w := byID[a.ID]; w == nil || w.Topic != a.Topic || !w.Date.Equal(a.Date) || w.SiteID != a.SiteID || w.Outcome != a.Outcome {
			t.Fatalf("row %d (%s %s): id %d is another row", i, a.Date, a.Topic, a.ID)
		}
		for _, b := range g.acts[:i] {
			if b.Date.Equal(a.Date) && b.ID > a.ID {
				t.Fatalf("row %d: id %d before an earlier row's %d of the same date", i, a.ID, b.ID)
			}
		}
	}
	if err := checkActivitySearch(a.db); err != nil {
		t.Fatal(err)
	}
	for _, kw := range []string{"停车难", "门前三包", "ABC 小组"} {
		_, n, err := a.Activities(ctx, ActivityFilter{Keyword: kw})
		_, m, err2 := b.Activities(ctx, ActivityFilter{Keyword: kw})
		if err != nil || err2 != nil || n != m {
			t.Errorf("keyword %s: %d (%v), through GORM %d (%v)", kw, n, err, m, err2)
		}
	}
	// Inside an import (a savepoint in the import's transaction) too, and
	// a second call numbers on.
	more := append([]Activity(nil), g.acts[:insertChunk+1]...)
	err := a.Import(ctx, func(tx *Store) error { return tx.InsertActivities(ctx, more) })
	if err != nil {
		t.Fatal(err)
	}
	ids := map[uint]bool{}
	for i := range more {
		if more[i].ID <= bulkRows || more[i].ID > bulkRows+uint(len(more)) || ids[more[i].ID] {
			t.Fatalf("imported row %d: id %d, want one of %d..%d, once", i, more[i].ID, bulkRows+1, bulkRows+len(more))
		}
		ids[more[i].ID] = true
	}
}

func TestEachActivityMatchesGORM(t *testing.T) {
	st := openTest(t)
	g := genActivities(t, st, rand.New(rand.NewSource(3)), 3, 4, 1500, NewDate(2023, 1, 1), NewDate(2024, 12, 31))
	if err := st.TrashActivity(ctx, g.acts[10].ID); err != nil {
		t.Fatal(err)
	}
	for _, f := range []ActivityFilter{{}, {TownshipID: g.towns[1].ID, From: NewDate(2024, 1, 1)}, {Keyword: "停车难"}} {
		var want []Activity
		where, args := activityWhere(isPG(st.db), f)
		if err := st.db.Raw(activitySelect+" WHERE "+where+" ORDER BY a.date, a.id", args...).Scan(&want).Error; err != nil {
			t.Fatal(err)
		}
		var got []Activity
		batches := 0
		err := st.EachActivity(ctx, f, 97, func(rows []Activity) error {
			got = append(got, rows...)
			batches++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || batches != (len(want)+97)/97 {
			t.Errorf("%+v: %d rows in %d batches", f, len(want), batches)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: EachActivity differs from GORM's scan (%d and %d rows)", f, len(got), len(want))
		}
		ids := make([]uint, len(got))
		for i := range got {
			ids[i] = got[i].ID
		}
		named, err := st.ActivityAttendees(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		var all []Attendee
		if err := st.db.Where("activity_id IN ?", ids).Order("activity_id, id").Find(&all).Error; err != nil {
			t.Fatal(err)
		}
		wantNamed := map[uint][]Attendee{}
		withPerson := 0
		for _, x := range all {
			wantNamed[x.ActivityID] = append(wantNamed[x.ActivityID], x)
			if x.PersonID != nil {
				withPerson++
			}
		}
		if !reflect.DeepEqual(named, wantNamed) {
			t.Fatalf("%+v: ActivityAttendees differs from GORM's", f)
		}
		if f == (ActivityFilter{}) && (len(all) == 0 || withPerson == 0 || withPerson == len(all)) {
			t.Errorf("the test data lacks attendees with and without a person on file (%d, %d)", len(all), withPerson)
		}
	}
}

func TestEnumParseLooksUpWhatItWouldSquash(t *testing.T) {
	for _, e := range Enums() {
		for _, o := range e.Options {
			for _, s := range []string{o.Code, o.ZH, o.EN, strings.ToUpper(o.EN), " " + o.ZH, "（" + o.ZH + "）", o.ZH + "x", ""} {
				code, ok := e.Parse(s)
				want, wantOK := e.parse(s)
				if code != want || ok != wantOK {
					t.Errorf("%s: Parse(%q) = %q %v, want %q %v", e.Name, s, code, ok, want, wantOK)
				}
			}
			if code, ok := e.Parse(o.ZH); !ok || code != o.Code {
				t.Errorf("%s: Parse(%q) = %q %v", e.Name, o.ZH, code, ok)
			}
		}
	}
}

// The lists scanned without GORM return what GORM's scan of the same rows
// returned, every field.
func TestListsMatchGORM(t *testing.T) {
	st := openTest(t)
	if err := st.LoadDemo(ctx, Today()); err != nil {
		t.Fatal(err)
	}
	var people, wantPeople []Person
	var sites, wantSites []Site
	var assignments, wantAssignments []Assignment
	var err error
	if people, err = st.People(ctx, PersonFilter{}); err != nil {
		t.Fatal(err)
	}
	if sites, err = st.Sites(ctx, SiteFilter{}); err != nil {
		t.Fatal(err)
	}
	if assignments, err = st.Assignments(ctx, AssignmentFilter{}); err != nil {
		t.Fatal(err)
	}
	db := st.db
	err = errors.Join(db.Order("id").Find(&wantPeople).Error,
		db.Table("sites AS s").Select("s.*, COALESCE(p.name, s.name) AS township").
			Joins("LEFT JOIN sites AS p ON p.id = s.parent_id AND p.deleted_at IS NULL").Where("s.deleted_at IS NULL").
			Order(siteGroupOrder).Scan(&wantSites).Error,
		db.Table(liveAssignmentsSQL).Select("a.*, pe.name AS person_name, s.name AS site_name, COALESCE(t.name, s.name) AS township").
			Joins("LEFT JOIN sites t ON t.id = s.parent_id").Where("a.deleted_at IS NULL").
			Order(siteGroupOrder+", CASE WHEN a.role = 'lead' THEN 0 ELSE 1 END, a.from_date, a.id").Scan(&wantAssignments).Error)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) == 0 || len(sites) == 0 || len(assignments) == 0 {
		t.Fatalf("the demo has %d people, %d sites, %d assignments: a weak test", len(people), len(sites), len(assignments))
	}
	if !reflect.DeepEqual(people, wantPeople) || !reflect.DeepEqual(sites, wantSites) || !reflect.DeepEqual(assignments, wantAssignments) {
		t.Errorf("people %v, sites %v, assignments %v", reflect.DeepEqual(people, wantPeople), reflect.DeepEqual(sites, wantSites), reflect.DeepEqual(assignments, wantAssignments))
	}
}
