// Command shiftguard is the ShiftGuard desktop app and its command line.
//
//	shiftguard [--db PATH] [--lang zh|en]        open the app
//	shiftguard check FILE.json                    judge a scenario file (RULES.md), no database
//	shiftguard demo [--db PATH]                   create the demo center
//	shiftguard solve FILE [--time 60s] ...        automatic rostering on a benchmark instance
//	shiftguard bench-roster DIR [--time 60s]      run every benchmark instance, write a table
//	shiftguard export KIND --from D --to D -o F   write an Excel report
//	shiftguard import KIND FILE                   import employees, a roster grid or punches
//	shiftguard version
//
// main.go holds only the wiring and the command line; everything else lives
// in roster/, compliance/, store/, reports/ and ui/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	_ "time/tzdata" // the center's time zone must load on machines without zoneinfo

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"shiftguard/compliance"
	"shiftguard/reports"
	"shiftguard/roster"
	"shiftguard/roster/autoroster"
	"shiftguard/store"
	"shiftguard/ui"
)

// Version is the app version; FyneApp.toml carries the same.
var Version = "0.1.0"

const appID = "com.shiftguard.app"

const usage = `ShiftGuard: rosters, duty discipline and rewards for contact centers.

Usage:
  shiftguard [--db PATH] [--lang zh|en]      open the desktop app
  shiftguard check FILE.json                  judge a scenario file against the duty rules (no database)
  shiftguard demo [--db PATH] [--agents N] [--months N] [--seed N]
                                              create the demo center in the database
  shiftguard solve FILE [--time 60s] [--iterations N] [--seed N] [--threads N] [--json]
                                              generate a roster for a benchmark instance
  shiftguard bench-roster DIR [--time 60s] [--threads N] [--seed N] [--out FILE.md]
                                              run every benchmark instance in DIR and write a table
  shiftguard export KIND --from YYYY-MM-DD --to YYYY-MM-DD [--team T] [--lang zh|en] -o FILE.xlsx
                                              KIND: roster, attendance, attendance-detail, violations, discipline, handovers
  shiftguard import KIND FILE [--reason R]    KIND: employees, roster, punches (xlsx or csv)
  shiftguard version

Common options:
  --db PATH     the database (default: %s)
  --user NAME   who acts, for export and import (password from $SHIFTGUARD_PASSWORD or asked)
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "shiftguard:", err)
		}
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		return runGUI(args, stderr)
	case "check":
		return runCheck(args, stdout, stderr)
	case "demo":
		return runDemo(args, stdout, stderr)
	case "solve":
		return runSolve(args, stdout, stderr)
	case "bench-roster":
		return runBenchRoster(args, stdout, stderr)
	case "export":
		return runExport(args, stdin, stdout, stderr)
	case "import":
		return runImport(args, stdin, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "shiftguard", Version)
		return nil
	case "help":
		fmt.Fprintf(stdout, usage, store.DefaultPath())
		return nil
	}
	return fmt.Errorf("unknown command %q (see shiftguard --help)", cmd)
}

// newFlags returns a flag set whose --help prints the common usage.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, usage, store.DefaultPath()) }
	return fs
}

// parse parses flags that may come before or after positional arguments
// (`solve FILE --time 60s`) and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func runGUI(args []string, stderr io.Writer) error {
	fs := newFlags("shiftguard", stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	lang := fs.String("lang", "", "language: zh or en (default: the system's)")
	shots := fs.String("screenshots", "", "write a PNG of every main screen to this folder and exit")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q (see shiftguard --help)", pos[0])
	}
	ctx := context.Background()
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := store.NewService(db)

	a := app.NewWithID(appID)
	w := a.NewWindow("ShiftGuard")
	if *shots != "" {
		errc := make(chan error, 1)
		go func() { errc <- ui.Screenshots(a, w, svc, *shots, *lang); fyne.Do(a.Quit) }()
		a.Run()
		return <-errc
	}
	ui.Create(a, w, svc, ui.Options{DBPath: *dbPath, Lang: *lang})
	w.ShowAndRun()
	return nil
}

func openDB(ctx context.Context, path string) (*store.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data folder for %s: %w", path, err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: shiftguard check FILE.json")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	out, err := compliance.Check(data)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	_, err = stdout.Write(out)
	return err
}

func runDemo(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	opts := store.DefaultDemoOptions()
	fs.IntVar(&opts.Agents, "agents", opts.Agents, "number of agents")
	fs.IntVar(&opts.Months, "months", opts.Months, "months of roster and punches")
	fs.Int64Var(&opts.Seed, "seed", opts.Seed, "random seed")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := store.Demo(ctx, db, opts); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo center written to %s in %s\nsign in as admin / admin123, manager / manager123, hr / hr123456, or an agent (employee number / demo1234)\n",
		*dbPath, time.Since(start).Round(time.Millisecond))
	return nil
}

func solveOptions(fs *flag.FlagSet) (*time.Duration, *int64, *int) {
	limit := fs.Duration("time", 60*time.Second, "time limit")
	seed := fs.Int64("seed", 1, "random seed (the same seed, threads and limit give the same roster)")
	threads := fs.Int("threads", 2, "search threads")
	return limit, seed, threads
}

func runSolve(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("solve", stderr)
	limit, seed, threads := solveOptions(fs)
	iterations := fs.Int("iterations", 0, "stop after N search moves (over all threads); without --time no time limit")
	work := fs.Int64("work", 0, "stop after this much effort (DP states and simplex pivots, over all threads); without --time no time limit. By default --time sets it")
	asJSON := fs.Bool("json", false, "print one JSON object")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: shiftguard solve FILE [--time 60s] [--work N] [--iterations N] [--seed N] [--threads N] [--json]")
	}
	if *iterations < 0 {
		return errors.New("--iterations: want a positive number of moves")
	}
	if *work < 0 {
		return errors.New("--work: want a positive effort")
	}
	// The time limit becomes an effort budget (the same on every run);
	// the clock itself only ends runs on a slower or busier machine. With
	// --iterations or --work alone there is no clock at all.
	timeSet := false
	fs.Visit(func(f *flag.Flag) { timeSet = timeSet || f.Name == "time" })
	if (*iterations > 0 || *work > 0) && !timeSet {
		*limit = 0
	}
	opts := autoroster.Options{TimeLimit: *limit, Seed: *seed, Threads: *threads, MaxIterations: *iterations, Work: *work}
	return autoroster.SolveFile(pos[0], opts, *asJSON, stdout, stderr)
}

func runBenchRoster(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench-roster", stderr)
	limit, seed, threads := solveOptions(fs)
	out := fs.String("out", "", "also write the table to this Markdown file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: shiftguard bench-roster DIR [--time 60s] [--out FILE.md]")
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = io.MultiWriter(stdout, f)
	}
	return autoroster.RunBenchmark(pos[0], *limit, *threads, *seed, w)
}

// signIn opens the database and signs in the --user for export and import;
// the password comes from $SHIFTGUARD_PASSWORD or the first line of stdin.
// The caller closes svc.DB().
func signIn(ctx context.Context, dbPath, user string, stdin io.Reader, stderr io.Writer) (*store.Service, *store.Session, error) {
	if user == "" {
		return nil, nil, errors.New("--user is required: exports and imports act as a signed-in user")
	}
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return nil, nil, err
	}
	svc := store.NewService(db)
	sess, err := login(ctx, svc, user, stdin, stderr)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return svc, sess, nil
}

func login(ctx context.Context, svc *store.Service, user string, stdin io.Reader, stderr io.Writer) (*store.Session, error) {
	pw, ok := os.LookupEnv("SHIFTGUARD_PASSWORD")
	if !ok {
		fmt.Fprintf(stderr, "password for %s: ", user)
		var line string
		if _, err := fmt.Fscanln(stdin, &line); err != nil {
			return nil, errors.New("no password given (set SHIFTGUARD_PASSWORD or type it)")
		}
		pw = line
	}
	return svc.Login(ctx, user, pw)
}

func runExport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("export", stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	user := fs.String("user", "", "acting user")
	from := fs.String("from", "", "first day YYYY-MM-DD")
	to := fs.String("to", "", "last day YYYY-MM-DD")
	team := fs.String("team", "", "only this team")
	lang := fs.String("lang", "zh", "zh or en")
	out := fs.String("o", "", "output .xlsx file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return errors.New("usage: shiftguard export KIND --from YYYY-MM-DD --to YYYY-MM-DD [--team T] [--lang zh|en] -o FILE.xlsx")
	}
	fromD, err := roster.ParseDate(*from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	toD, err := roster.ParseDate(*to)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	if *lang != "zh" && *lang != "en" {
		return fmt.Errorf("--lang: %q is not zh or en", *lang)
	}
	ctx := context.Background()
	svc, sess, err := signIn(ctx, *dbPath, *user, stdin, stderr)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	// Write to a temporary file and rename, so a failed export leaves no half file.
	tmp := *out + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	err = reports.Export(ctx, svc, sess, pos[0], fromD, toD, *team, *lang, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", *out)
	return nil
}

func runImport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	dbPath := fs.String("db", store.DefaultPath(), "database file")
	user := fs.String("user", "", "acting user")
	reason := fs.String("reason", "", "why (required for roster changes in a published month)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return errors.New("usage: shiftguard import KIND FILE (KIND: employees, roster, punches)")
	}
	ctx := context.Background()
	svc, sess, err := signIn(ctx, *dbPath, *user, stdin, stderr)
	if err != nil {
		return err
	}
	defer svc.DB().Close()
	n, err := reports.Import(ctx, svc, sess, pos[0], pos[1], nil, reports.ImportOptions{Reason: *reason})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d records from %s\n", n, pos[1])
	return nil
}
