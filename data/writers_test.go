package data

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pilotdesk/internal/testdb"
)

// Twenty desktops (stores) on one server, each with 4 connections busy at
// once, for 60 s (5 s with -short): new activities with attendees, and
// read-change-save rounds on one shared activity, refused when stale and
// retried. Nothing is lost: every save reported done is on file, whole,
// and the shared activity counts every round that was stored.
func TestManyWriters(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("PostgreSQL only (SQLite: TestTwoProcessesWrite)")
	}
	run := 60 * time.Second
	if testing.Short() {
		run = 5 * time.Second
	}
	url := testdb.New(t)
	first, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	site := outageSites(t, first)
	shared := actValid(site.ID)
	shared.Participants, shared.VotesFor = 0, 0
	if err := first.SaveActivity(ctx, &shared, nil, nil); err != nil {
		t.Fatal(err)
	}
	var (
		mu           sync.Mutex
		stored       []uint
		rounds, lost atomic.Int64
		wg           sync.WaitGroup
	)
	deadline := time.Now().Add(run)
	for w := 0; w < 20; w++ {
		st, err := Open(url)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sqlDB, _ := st.db.DB()
		sqlDB.SetMaxOpenConns(4)
		for c := 0; c < 4; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; time.Now().Before(deadline); i++ {
					if i%2 == 0 {
						a := actValid(site.ID)
						a.Topic = fmt.Sprintf("写入%d-%d-%d", w, c, i)
						if err := st.SaveActivity(ctx, &a, []Attendee{{Name: "张伟", Role: "other"}, {Name: "李娜", Role: "other"}}, nil); err != nil {
							t.Errorf("save: %v", err)
							return
						}
						mu.Lock()
						stored = append(stored, a.ID)
						mu.Unlock()
						continue
					}
					d, err := st.Activity(ctx, shared.ID)
					if err != nil {
						t.Errorf("read: %v", err)
						return
					}
					a := d.Activity
					a.Participants++
					switch err := st.SaveActivity(ctx, &a, d.Attendees, d.Items); ErrorCode(err) {
					case "":
						rounds.Add(1)
					case EConflict:
						lost.Add(1) // stale: someone saved first; nothing stored
					default:
						t.Errorf("shared save: %v", err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	var n, people int
	first.db.Raw(`SELECT COUNT(*) FROM activities WHERE id <> ?`, shared.ID).Scan(&n)
	first.db.Raw(`SELECT COUNT(*) FROM attendees`).Scan(&people)
	if n != len(stored) || people != 2*n {
		t.Errorf("%d saves reported, %d activities and %d attendees on file", len(stored), n, people)
	}
	d, err := first.Activity(ctx, shared.ID)
	if err != nil || d.Activity.Participants != int(rounds.Load()) {
		t.Errorf("shared activity counts %d rounds, %d stored (%v)", d.Activity.Participants, rounds.Load(), err)
	}
	t.Logf("%s: %d activities saved, shared one %d times (%d stale refusals)", run, len(stored), rounds.Load(), lost.Load())
}
