package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shiftguard/store"
)

// benchDB returns a database with a year of data for 500 agents:
// $SHIFTGUARD_BENCH_DB when set (make it with
// `shiftguard demo --agents 500 --months 12 --db FILE`), else one made once
// in the temp folder and kept for later runs.
func benchDB(b *testing.B) string {
	if p := os.Getenv("SHIFTGUARD_BENCH_DB"); p != "" {
		return p
	}
	path := filepath.Join(os.TempDir(), "shiftguard-bench-year500.db")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	b.Logf("creating %s (a year of data for 500 agents; done once)", path)
	ctx := context.Background()
	tmp := path + ".tmp"
	os.Remove(tmp)
	db, err := store.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	opts := store.DefaultDemoOptions()
	opts.Agents, opts.Months = 500, 12
	if err := store.Demo(ctx, db, opts); err != nil {
		b.Fatal(err)
	}
	db.Close()
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkStartupYear500 measures what stands between starting the app
// and a manager's working window on a year of data for 500 agents: open
// the database, build the sign-in screen, sign in, and build the main
// window with this month's roster grid (target: well under 1.5 s; the
// real window adds the GL driver's start, which the report
// measures with the binary under Xvfb).
func BenchmarkStartupYear500(b *testing.B) {
	if testing.Short() {
		b.Skip("needs a year of demo data")
	}
	path := benchDB(b)
	ctx := context.Background()
	a := test.NewTempApp(b)
	for b.Loop() {
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		svc := store.NewService(db)
		w := a.NewWindow("ShiftGuard")
		w.Resize(fyne.NewSize(1366, 768))
		st := newAppState(a, w, svc, Options{DBPath: path, Lang: LangZH})
		st.noTicker = true
		st.showStart()
		sess, err := svc.Login(ctx, "manager", store.DemoManagerPassword)
		if err != nil {
			b.Fatal(err)
		}
		st.signedIn(sess)
		if st.current != "roster" {
			b.Fatalf("the manager starts on %q", st.current)
		}
		rs := st.screenFor("roster").(*rosterScreen)
		if len(rs.model.emps) < 500 {
			b.Fatalf("the grid has %d employees", len(rs.model.emps))
		}
		st.signOut()
		w.Close()
		db.Close()
	}
	b.ReportMetric(float64(time.Duration(b.Elapsed().Nanoseconds()/int64(b.N)))/1e6, "ms/start")
}
