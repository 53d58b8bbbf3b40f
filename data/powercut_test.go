package data

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPowerCut kills a process that is saving records at random moments
// (SIGKILL: no chance to clean up) and checks after each kill that every
// record it reported as saved is in the file and the file is whole.
// PILOTDESK_KILLS sets the number of kills (default 200; -short: 20).
func TestPowerCut(t *testing.T) {
	if os.Getenv("PILOTDESK_SAVER") != "" {
		return
	}
	kills := 200
	if testing.Short() {
		kills = 20
	}
	if n, err := strconv.Atoi(os.Getenv("PILOTDESK_KILLS")); err == nil && n > 0 {
		kills = n
	}
	path := filepath.Join(t.TempDir(), "powercut.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	town := &Site{Name: "断电镇", Kind: KindTownship, Status: StatusPlanned}
	if err := st.SaveSite(ctx, town); err != nil {
		t.Fatal(err)
	}
	st.Close()

	rng := rand.New(rand.NewSource(1))
	reported := map[uint]string{}
	for i := 0; i < kills; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSaverProcess$")
		cmd.Env = append(os.Environ(), "PILOTDESK_SAVER="+path, "PILOTDESK_PARENT="+strconv.Itoa(int(town.ID)), "PILOTDESK_ROUND="+strconv.Itoa(i))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done, saving := make(chan struct{}), make(chan struct{})
		go func() {
			sc := bufio.NewScanner(out)
			for n := 0; sc.Scan(); n++ {
				// "saved <id> <name>" is printed only after SaveSite returned.
				f := strings.Fields(sc.Text())
				if len(f) == 3 && f[0] == "saved" {
					id, _ := strconv.Atoi(f[1])
					reported[uint(id)] = f[2]
					if n == 0 {
						close(saving)
					}
				}
			}
			close(done)
		}()
		// The cut comes at a random moment once the saver is saving: a
		// fixed delay from the start killed a slow-starting child (a race
		// build on a busy machine) before it saved anything.
		select {
		case <-saving:
		case <-done:
		case <-time.After(time.Minute):
		}
		time.Sleep(time.Duration(rng.Intn(150)) * time.Millisecond)
		cmd.Process.Kill()
		<-done
		cmd.Wait()
	}

	st, err = Open(path)
	if err != nil {
		t.Fatalf("after %d kills the file does not open: %v", kills, err)
	}
	defer st.Close()
	if err := integrityCheck(st.db); err != nil {
		t.Fatalf("after %d kills: %v", kills, err)
	}
	sites, err := st.Sites(ctx, SiteFilter{TownshipID: town.ID})
	if err != nil {
		t.Fatal(err)
	}
	have := map[uint]string{}
	for _, s := range sites {
		have[s.ID] = s.Name
	}
	lost := 0
	for id, name := range reported {
		if have[id] != name {
			lost++
		}
	}
	t.Logf("%d kills, %d records reported saved, %d in the file, %d lost", kills, len(reported), len(sites)-1, lost)
	if lost > 0 {
		t.Errorf("%d records reported as saved are missing", lost)
	}
	if len(reported) < kills {
		t.Errorf("only %d records saved in %d rounds: the saver hardly ran", len(reported), kills)
	}
}

// TestSaverProcess is the child of TestPowerCut: it saves sites until killed.
func TestSaverProcess(t *testing.T) {
	path := os.Getenv("PILOTDESK_SAVER")
	if path == "" {
		t.Skip("child process of TestPowerCut")
	}
	parent, _ := strconv.Atoi(os.Getenv("PILOTDESK_PARENT"))
	round := os.Getenv("PILOTDESK_ROUND")
	st, err := Open(path)
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	pid := uint(parent)
	for i := 0; ; i++ {
		s := &Site{Name: fmt.Sprintf("社区%s-%d", round, i), Kind: KindCommunity, ParentID: &pid, Status: StatusPlanned,
			Notes: strings.Repeat("断电测试", 50)}
		if err := st.SaveSite(ctx, s); err != nil {
			fmt.Println("save failed:", err)
			os.Exit(4)
		}
		fmt.Printf("saved %d %s\n", s.ID, s.Name)
	}
}
