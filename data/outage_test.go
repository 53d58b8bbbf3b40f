package data

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"pilotdesk/internal/testdb"
)

// outageServer is a server of the test's own, which it may stop: the
// shared one of PostgreSQL's run stays up for the other tests.
func outageServer(t *testing.T) (*testdb.Server, string) {
	t.Helper()
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	srv, err := testdb.Start()
	if err != nil {
		t.Skip("no server of its own to stop:", err)
	}
	t.Cleanup(srv.Stop)
	url, err := testdb.CreateDatabase(srv.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	return srv, url
}

func outageSites(t *testing.T, st *Store) *Site {
	t.Helper()
	town := &Site{Name: "通泉街道", Kind: KindTownship, Status: StatusActive, UnveiledOn: NewDate(2020, 3, 1)}
	if err := st.SaveSite(ctx, town); err != nil {
		t.Fatal(err)
	}
	site := &Site{Name: "小寨社区", Kind: KindCommunity, ParentID: &town.ID, Status: StatusUnveiled, UnveiledOn: NewDate(2020, 4, 2)}
	if err := st.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	return site
}

// The server stopped as by a crash (pg_ctl stop -m immediate) in the
// middle of a bulk import: the import fails with the Chinese message
// that nothing was saved, and nothing of it is; once the server is back,
// the same store reads and writes again by itself.
func TestServerStopsDuringImport(t *testing.T) {
	srv, url := outageServer(t)
	st, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site := outageSites(t, st)
	rows := make([]Activity, 20000)
	for i := range rows {
		rows[i] = actValid(site.ID)
		rows[i].Topic = fmt.Sprintf("第%d次协商", i)
	}
	stopped := false
	err = st.InsertActivitiesReporting(ctx, rows, func(done int) {
		if !stopped && done >= 2000 {
			stopped = true
			if err := srv.StopNow(); err != nil {
				t.Error(err)
			}
		}
	})
	if !stopped {
		t.Fatal("the import ended before the server was stopped")
	}
	if ErrorCode(err) != EOffline || !strings.Contains(Message(err, "zh"), "没有保存") {
		t.Fatalf("import with the server gone: %v (%q)", err, Message(err, "zh"))
	}
	if _, _, err := st.Activities(ctx, ActivityFilter{}); ErrorCode(err) != EOffline {
		t.Errorf("reading with the server gone: %v", err)
	}
	if err := st.Ping(ctx); ErrorCode(err) != EOffline {
		t.Errorf("ping with the server gone: %v", err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if err := st.Ping(ctx); err != nil {
		t.Fatalf("ping after the restart: %v", err)
	}
	if _, n, err := st.Activities(ctx, ActivityFilter{}); err != nil || n != 0 {
		t.Fatalf("after the restart: %d activities stored (%v), want none", n, err)
	}
	if err := st.InsertActivities(ctx, rows[:100]); err != nil {
		t.Fatalf("import after the restart: %v", err)
	}
}

// The server stopped while saves of an activity with its attendees and
// items are under way: each save is refused (with the message) or stored,
// and whatever is stored is whole.
func TestServerStopsDuringSaves(t *testing.T) {
	srv, url := outageServer(t)
	st, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site := outageSites(t, st)
	var (
		mu     sync.Mutex
		stored []uint
		failed int
		wg     sync.WaitGroup
		stop   = make(chan struct{})
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				a := actValid(site.ID)
				a.Topic = fmt.Sprintf("写入%d-%d", w, i)
				people := []Attendee{{Name: "张伟", Role: "other"}, {Name: "李娜", Role: "other"}, {Name: "王芳", Role: "other"}}
				items := []FollowUpItem{{Task: "设临时停车场"}, {Task: "增加保洁员"}}
				err := st.SaveActivity(ctx, &a, people, items)
				mu.Lock()
				switch {
				case err == nil:
					stored = append(stored, a.ID)
				case ErrorCode(err) == EOffline:
					failed++
				default:
					t.Errorf("save: %v", err)
				}
				mu.Unlock()
				if err != nil {
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	time.Sleep(700 * time.Millisecond)
	if err := srv.StopNow(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // saves go on after the restart
	close(stop)
	wg.Wait()
	if failed == 0 || len(stored) == 0 {
		t.Fatalf("%d saves stored, %d refused: the test saw no outage", len(stored), failed)
	}
	var bad []string
	type counts struct{ ID, People, Items int }
	var all []counts
	if err := st.db.Raw(`SELECT a.id, (SELECT COUNT(*) FROM attendees t WHERE t.activity_id = a.id) AS people,
		(SELECT COUNT(*) FROM follow_up_items i WHERE i.activity_id = a.id) AS items FROM activities a`).Scan(&all).Error; err != nil {
		t.Fatal(err)
	}
	have := map[uint]bool{}
	for _, c := range all {
		have[uint(c.ID)] = true
		if c.People != 3 || c.Items != 2 {
			bad = append(bad, fmt.Sprintf("activity %d: %d attendees, %d items", c.ID, c.People, c.Items))
		}
	}
	for _, id := range stored {
		if !have[id] {
			bad = append(bad, fmt.Sprintf("activity %d reported saved is missing", id))
		}
	}
	if len(bad) > 0 {
		t.Errorf("after the outage: %s", strings.Join(bad, "; "))
	}
	t.Logf("%d saves stored, %d refused, %d activities on file", len(stored), failed, len(all))
}

// A read-only role (a leader's) opens the database and reads it; every
// write is refused with the message that this user may only look.
func TestReadOnlyRole(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only")
	}
	url := testdb.New(t)
	st, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site := outageSites(t, st)
	a := actValid(site.ID)
	if err := st.SaveActivity(ctx, &a, nil, nil); err != nil {
		t.Fatal(err)
	}
	role := fmt.Sprintf("reader_%d", time.Now().UnixNano())
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{
		`CREATE ROLE ` + role + ` LOGIN`,
		`GRANT CONNECT ON DATABASE ` + strings.TrimPrefix(strings.SplitN(url[strings.LastIndex(url, "/"):], "?", 2)[0], "/") + ` TO ` + role,
		`GRANT USAGE ON SCHEMA public TO ` + role,
		`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ` + role,
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		admin.Exec(`DROP OWNED BY ` + role)
		admin.Exec(`DROP ROLE ` + role)
	})
	ro, err := Open(strings.Replace(url, "pilotdesk@", role+"@", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly(ctx) || st.ReadOnly(ctx) {
		t.Errorf("read-only: reader %v, owner %v", ro.ReadOnly(ctx), st.ReadOnly(ctx))
	}
	if rows, n, err := ro.Activities(ctx, ActivityFilter{}); err != nil || n != 1 || len(rows) != 1 {
		t.Fatalf("reading: %d (%v)", n, err)
	}
	b := actValid(site.ID)
	p := &Person{Name: "张伟", Category: "member"}
	s := &Site{Name: "新建街道", Kind: KindTownship, Status: StatusPlanned}
	o := Office{District: "陆良县", ReportUnit: "政协陆良县委员会办公室", Preparer: "王芳"}
	for what, err := range map[string]error{
		"new activity":    ro.SaveActivity(ctx, &b, nil, nil),
		"edit activity":   ro.SaveActivity(ctx, &a, nil, nil),
		"trash activity":  ro.TrashActivity(ctx, a.ID),
		"new site":        ro.SaveSite(ctx, s),
		"new person":      ro.SavePerson(ctx, p),
		"import":          ro.InsertActivities(ctx, []Activity{actValid(site.ID)}),
		"office settings": ro.SaveOffice(ctx, &o),
	} {
		if ErrorCode(err) != EReadOnly || !strings.Contains(Message(err, "zh"), "只有查看权限") {
			t.Errorf("%s: %v", what, err)
		}
	}
}
