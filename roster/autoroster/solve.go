package autoroster

import (
	"context"
	"math"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"

	"shiftguard/roster"
)

// Options steer Solve.
type Options struct {
	// TimeLimit bounds the search; zero means no limit (then MaxIterations
	// or the context must end it).
	TimeLimit time.Duration
	// Seed makes the search reproducible.
	Seed int64
	// Threads is the number of parallel searches (default 1).
	Threads int
	// MaxIterations bounds the number of improvement steps over all
	// threads; zero means no bound. Given the same Seed, Threads and
	// MaxIterations, and a Work or time limit (see Work) that is not cut
	// short by the clock, Solve returns the same roster on every run.
	MaxIterations int
	// Work bounds the search by effort, in ticks over all threads (DP
	// transitions and solves, simplex pivots: see worker.ticks and
	// Stats.Work). Effort is counted, not timed, and
	// every decision of the search (the share of the column generation,
	// when the dives end, when threads meet) is taken on it, so given
	// the same Seed, Threads and Work the search is the same on every run.
	// Zero with a TimeLimit: the effort this machine spends in that time
	// (WorkPerSecond per thread), so a time-limited run repeats too,
	// unless the clock runs out first (Stats.ClockStopped).
	Work int64
	// Progress, if set, is called whenever the best objective improves,
	// from one of the solver's goroutines, one call at a time.
	Progress func(objective int, elapsed time.Duration)
	// Effort, if set, is called about every EffortEvery with the effort
	// spent so far (ticks, a little behind the workers) and the run's
	// budget (0 without one), from a goroutine of its own that ends
	// before Solve returns. A run ends when its effort or its time runs
	// out, whichever comes first, so the larger fraction is its progress.
	Effort func(done, budget int64)
}

// EffortEvery is how often Options.Effort is called.
const EffortEvery = 200 * time.Millisecond

// WorkPerSecond is the effort (Options.Work, in ticks) one thread spends
// in a second on the benchmark machine (2 cores), less a margin: a time
// limit becomes the effort budget TimeLimit x WorkPerSecond x Threads,
// and the clock only ends runs on slower or busier machines. See
// docs/autoroster.md.
const WorkPerSecond = 30_000_000

// workBudget is the effort the run may spend (0: no limit).
func workBudget(opt Options, threads int) int64 {
	if opt.Work > 0 {
		return opt.Work
	}
	if opt.TimeLimit > 0 {
		return int64(opt.TimeLimit.Seconds() * WorkPerSecond * float64(threads))
	}
	return 0
}

// Stats describes a run of Solve.
type Stats struct {
	Objective  int
	Feasible   bool
	Iterations int
	TimeToBest time.Duration
	Elapsed    time.Duration
	// Dives counts the dives from the root (column generation).
	Dives int
	// Anchored counts the anchored dives run when the search stalled.
	Anchored int
	// JointMoves counts the moves that re-solved several rows jointly by
	// column generation (lpMove, lpWindowMove).
	JointMoves int
	// Work is the effort spent in ticks, over all threads: the
	// deterministic measure behind the limits (Options.Work).
	Work int64
	// Optimal: the roster's objective meets LowerBound, so no roster is
	// better and the search stopped there, whatever its budget.
	Optimal bool
	// LowerBound is the least objective any roster can have, from the
	// root's Lagrangian bound (math.MinInt64 when there is none; see
	// colGen.lowerBound).
	LowerBound int64
	// ClockStopped: the time limit or the context ended the search before
	// its effort budget, wherever the clock found it, so another run with
	// the same seed may return another roster.
	ClockStopped bool
	// Err is set when the problem is malformed or has no feasible roster.
	Err error
}

// epochIters is the number of iterations each thread runs between two
// synchronisations; synchronising on iteration counts rather than wall
// clock keeps runs reproducible.
const epochIters = 64

// syncEvery is the number of epochs after which threads that are behind
// adopt the best roster (between them they search independently).
const syncEvery = 8

// Solve searches for a roster of minimum objective that meets every hard
// constraint. It builds a feasible roster first (employee by employee with
// an exact dynamic programme per row) and then improves it by large
// neighbourhood search: rows or windows of a few employees are cleared and
// re-optimised one by one, each exactly given all the others. The roster
// returned is always feasible unless Stats.Err says the problem has none.
func Solve(ctx context.Context, p *Problem, opt Options) (Solution, Stats) {
	start := time.Now()
	var st Stats
	if err := p.Validate(); err != nil {
		st.Err = err
		return nil, st
	}
	threads := max(1, opt.Threads)
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = start.Add(opt.TimeLimit)
	}
	limit := workBudget(opt, threads)
	shared := newShared(p)
	workers := make([]*worker, threads)
	for i := range workers {
		workers[i] = newWorker(p, shared, opt.Seed*7919+int64(i)*104729+1)
		workers[i].start = start
	}
	shared.span = initialSpan(workers[0].models)
	if opt.Effort != nil {
		defer reportEffort(workers, limit, opt.Effort)()
	}
	// stopped is the clock and the context: checked anywhere, it ends the
	// run where it finds it. The effort limits below are checked only
	// where the workers are idle or each on its own work, so they end
	// every phase at the same point on every run.
	stopped := func() bool {
		return ctx.Err() != nil || (!deadline.IsZero() && time.Now().After(deadline))
	}
	// work is the ticks of all workers, the stand-in for time (see
	// worker.ticks).
	work := func() int64 {
		var n int64
		for _, w := range workers {
			n += w.ticks
		}
		return n
	}
	// share is the effort of pct % of the budget left after what the run
	// spent so far (at least 1; 0 without a budget).
	share := func(pct int64) int64 {
		if limit == 0 {
			return 0
		}
		return max(1, limit*pct/100-work())
	}
	// solo runs f on worker 0 alone and charges an eighth of its effort
	// to each of the others, who wait meanwhile: effort then stands for
	// the time of all threads, and a limit on it for a time limit. An
	// eighth, because a thread working alone is faster than one of two
	// (by 1.6-1.8 times in the construction of the largest rosters, whose
	// DPs are bound by memory and whose construction takes most of the
	// solo time; charged half again, a 364-day roster of 150 employees
	// spent 63% of its budget constructing and ended 3% worse).
	w0 := workers[0]
	solo := func(f func()) {
		from := w0.ticks
		f()
		for _, w := range workers[1:] {
			w.ticks += (w0.ticks - from) / 8
			w.shown.Store(w.ticks)
		}
	}
	// Construction on worker 0, copied to the others.
	var err error
	solo(func() {
		if err = w0.construct(stopped); err == nil {
			w0.calibrateSpan(stopped)
		}
	})
	if err != nil {
		st.Err = err
		st.Elapsed = time.Since(start)
		return nil, st
	}
	st.LowerBound = math.MinInt64
	var alt Solution // the other start, given to the second thread
	lpDone := false
	lpBestAt := time.Duration(-1) // when a dive found the start roster
	if shared.span < shared.nd {
		// Long rosters: rows are re-optimised a window at a time, so
		// neither column generation nor the subgradient (both price
		// whole rows) is affordable; the search blends with zero prices.
		for _, w := range workers {
			w.lam = make([][]float64, w.nd)
			for d := range w.lam {
				w.lam[d] = make([]float64, w.ns)
			}
			// Column generation on windows of days is affordable, though,
			// up to half a year: its master holds the window's cover alone
			// and its DPs walk the days outside with their one fixed
			// choice (on a year's roster of 50 employees those walks made
			// a move take 1.4-4.4 s, and the roster ended 1.8% worse).
			w.lpOK, w.windowOnly = w.nd <= tuneLongWindowDays, true
			w.lpCap = limit / int64(threads) / tuneLongWindowCap
		}
	} else if tuneLPShare > 0 {
		// Column generation and dives (colgen.go) for a share of the
		// effort: on most instances their rosters are far better than the
		// greedy one, and the root duals price the cover better than
		// subgradients. The root must be solved within tuneLPRoot % of the
		// effort, else the search goes on without dives. Dives are
		// repeated (each thread a sequence of its own, from the best
		// roster so far) while the share lasts.
		best := w0.sol.Clone()
		bestObj := w0.fullObjective()
		dives := 1 // without a limit: one dive
		if limit > 0 {
			dives = tuneDives
		}
		if cg := w0.newColGen(best, workers[1:], nil); cg != nil {
			cg.limit, cg.rootLimit = share(tuneLPShare), share(tuneLPRoot)
			rootOK := cg.root(stopped)
			cg.chargeSimplex()
			if p.FairnessWeight == 0 {
				// The master prices every term of the objective.
				st.LowerBound = cg.lowerBound()
			}
			for _, w := range workers {
				w.lam = cg.rootLam
				w.keepRoot(cg)
			}
			lpDone = true
			halted := !rootOK
			if rootOK && !stopped() {
				// The first dive prices with every thread and has no noise.
				c := cg.cloneFor(w0, workers[1:])
				c.limit, c.hurry = share(tuneLPShare), true
				halted = w0.lpDive(c, 0, 0, 0, stopped)
				st.Dives++
				if obj := w0.fullObjective(); obj < bestObj {
					best, bestObj = w0.sol.Clone(), obj
					lpBestAt = time.Since(start)
					if opt.Progress != nil {
						opt.Progress(int(bestObj), lpBestAt)
					}
				}
			}
			if !halted && dives > 1 && bestObj > st.LowerBound {
				kept, obj, n, cut := lpDives(workers, cg, best, bestObj, share(tuneLPShare), dives, stopped, func(obj int64) {
					lpBestAt = time.Since(start)
					if opt.Progress != nil {
						opt.Progress(int(obj), lpBestAt)
					}
				})
				if kept != nil {
					alt, best, bestObj = best, kept, obj
				}
				st.Dives += n
				halted = cut
			}
			for _, w := range workers {
				w.lpOK = !halted
			}
		}
		w0.load(best)
	}
	if !lpDone && tuneLag > 0 && shared.span == shared.nd {
		lagStop := stopped
		if limit > 0 {
			lagEnd := limit / 10
			lagStop = func() bool { return stopped() || work() >= lagEnd }
		}
		cons := w0.sol.Clone()
		consObj := w0.fullObjective()
		_, lsol, _ := w0.lagrange(tuneLag, consObj, lagStop, workers[1:])
		if lsol != nil {
			// The best roster priced by the Lagrangian, made locally optimal.
			w0.load(lsol)
			solo(func() { w0.descend(lagStop) })
			alt = w0.sol.Clone()
		}
		if lsol == nil || w0.fullObjective() > consObj {
			w0.load(cons)
		} else {
			alt = cons
		}
		for _, w := range workers[1:] {
			w.lam = w0.lam
		}
	}
	best := w0.sol.Clone()
	bestObj := w0.fullObjective()
	st.TimeToBest = time.Since(start)
	if lpBestAt >= 0 {
		st.TimeToBest = lpBestAt
	}
	if opt.Progress != nil {
		opt.Progress(int(bestObj), st.TimeToBest)
	}
	for i, w := range workers {
		if i == 1 && alt != nil {
			w.load(alt)
		} else {
			w.load(best)
		}
	}
	perWorker := 0
	if opt.MaxIterations > 0 {
		perWorker = max(1, opt.MaxIterations/threads)
	}
	iters0 := make([]int, len(workers)) // moves made before (the dives' polish)
	for i, w := range workers {
		iters0[i] = w.iters
	}
	done, epoch, stall := 0, 0, 0
	// Anchored dives take at most tuneAnchorRatio/(1+tuneAnchorRatio) of
	// the effort (DP states and simplex pivots, deterministic) while the
	// search is stalled: on large rosters one costs many epochs of moves.
	var anchorWork, anchorEnd int64
	// Epochs after the first are measured in effort, not iterations: each
	// worker runs moves until it has spent the epoch's budget (below; at
	// most tuneEpochCap times epochIters moves), so that workers whose
	// moves differ in cost (a joint move can cost hundreds of row moves)
	// reach the synchronisation together; with a fixed count of moves one
	// core idled for seconds at a time.
	var budget int64
	for !stopped() && (limit == 0 || work() < limit) && (perWorker == 0 || done < perWorker) && bestObj > st.LowerBound {
		epochStart := work()
		var wg sync.WaitGroup
		for i, w := range workers {
			n := epochIters
			if budget > 0 {
				n *= tuneEpochCap
			}
			if perWorker > 0 {
				n = min(n, perWorker-(w.iters-iters0[i]))
			}
			wg.Add(1)
			go func(w *worker) {
				defer wg.Done()
				w.run(n, budget, stopped)
			}(w)
		}
		wg.Wait()
		// The next epoch's budget: the most effort a worker spent in this
		// one (a worker making joint moves overshoots the budget by one
		// move, and the others may as well keep moving meanwhile), within
		// 1 and tuneEpochCap times epochIters row moves (the cheaper
		// worker's cost per row move); units counts the epoch's effort in
		// epochIters row moves, for the stall count.
		units := 1
		if rowCost := rowMoveCost(workers); rowCost > 0 {
			most := int64(0)
			for _, w := range workers {
				most = max(most, w.dpWork-w.epochFrom)
			}
			unit := rowCost * epochIters
			budget = min(max(most, unit), tuneEpochCap*unit)
			units = max(1, int((most+unit/2)/unit))
		}
		done = perWorker
		for i, w := range workers {
			done = min(done, w.iters-iters0[i])
		}
		improved := false
		for _, w := range workers {
			if w.bestObj < bestObj {
				bestObj = w.bestObj
				best = w.best.Clone()
				st.TimeToBest = w.bestAt
				improved = true
			}
		}
		if improved {
			stall = 0
		} else {
			stall += units
		}
		if tuneAnchorStall > 0 && stall >= tuneAnchorStall && w0.lpOK && shared.span == shared.nd &&
			tuneAnchorRatio*(work()-anchorEnd) >= anchorWork {
			// The search has stalled: anchored dives (a large
			// neighbourhood, most employees re-solved jointly) from the
			// best roster, each kept when it is not worse, so that
			// equally good rosters are walked too. Instance 7's 1,056 is
			// found this way from a 1,057 that no neighbourhood of up to
			// 12 employees improves. While no move gains, a block of
			// them every few epochs: rounds go on until a new best,
			// until the block took tuneAnchorRatio times the effort of
			// the moves before it (the last tuneAnchorGap epochs before
			// the first block), or for tuneAnchorRounds rounds (a round
			// can cost next to nothing on small rosters, whose masters
			// are often integral at once).
			stall = tuneAnchorStall - tuneAnchorGap
			moves := work() - anchorEnd
			if anchorEnd == 0 {
				moves = int64(tuneAnchorGap) * (work() - epochStart)
			}
			before := work()
			// Within the run's limit, too (tickCap, per worker).
			tickCap := int64(0)
			if limit > 0 {
				tickCap = max(1, (limit-work())/int64(len(workers)))
			}
			kept, obj, n := anchoredBlock(workers, best, bestObj, tuneAnchorRatio*moves/int64(len(workers)), tickCap, stopped)
			st.Anchored += n
			if kept != nil {
				best = kept
				if obj < bestObj {
					bestObj = obj
					st.TimeToBest = time.Since(start)
					improved = true
				}
			}
			anchorEnd = work()
			anchorWork = anchorEnd - before
		}
		if improved && opt.Progress != nil {
			opt.Progress(int(bestObj), st.TimeToBest)
		}
		epoch++
		for _, w := range workers {
			if epoch%syncEvery == 0 && w.obj+w.fairness() > bestObj {
				w.load(best)
			}
			w.bestObj = bestObj
		}
	}
	for _, w := range workers {
		st.Iterations += w.iters
		st.JointMoves += w.jointMoves
	}
	st.Objective = int(bestObj)
	st.Feasible = true
	st.Elapsed = time.Since(start)
	st.Work = work()
	st.Optimal = bestObj <= st.LowerBound
	st.ClockStopped = stopped() && (limit == 0 || st.Work < limit) && (perWorker == 0 || done < perWorker) && !st.Optimal
	return best, st
}

// reportEffort calls report every EffortEvery with the workers' effort
// as last shown and the budget, until the function it returns is called;
// that one returns once the reports have ended.
func reportEffort(workers []*worker, budget int64, report func(done, budget int64)) (stop func()) {
	quit, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		tick := time.NewTicker(EffortEvery)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				var done int64
				for _, w := range workers {
					done += w.shown.Load()
				}
				report(done, budget)
			}
		}
	}()
	return func() {
		close(quit)
		<-ended
	}
}

// shared holds read-only data derived from the problem.
type shared struct {
	p                *Problem
	ns, nd, ne       int
	req, under, over [][]int
	base             [][][]int64 // [e][d][k]: request cost, inf when forbidden
	// span is the most days one move re-optimises in a row: all of them
	// unless the DP over the whole horizon would be too slow (see
	// initialSpan and calibrateSpan).
	span int
}

// Long rosters: when a whole-row DP is estimated (rowModel.spanCost) to
// expand more than spanBudget states for some employee, rows are built
// and re-optimised a window of days at a time, first spanMin days; after
// the construction, calibrateSpan doubles the window while a DP over it
// expands at most spanStates states (a deterministic measure, so runs
// repeat).
const (
	spanBudget = 5_000_000
	spanStates = 400_000
	spanMin    = 28
)

// initialSpan is the horizon when whole-row DPs are affordable, else
// spanMin days.
func initialSpan(models []*rowModel) int {
	nd := models[0].nd
	for _, m := range models {
		if m.spanCost(nd) > spanBudget {
			return min(nd, spanMin)
		}
	}
	return nd
}

// calibrateSpan doubles the span while re-optimising a window of that
// many days of a few employees' rows expands at most spanStates states
// each; the moves themselves are improvements (exact given the others).
func (w *worker) calibrateSpan(stopped func() bool) {
	for w.span < w.nd && !stopped() {
		win := min(w.nd, 2*w.span)
		work := w.dpWork
		emps := w.rng.Perm(w.ne)[:min(3, w.ne)]
		for _, e := range emps {
			keep := append([]int(nil), w.sol[e]...)
			w.remove(e)
			lo := w.rng.Intn(w.nd - win + 1)
			w.reopt(e, keep, lo, lo+win-1)
		}
		if (w.dpWork-work)/int64(len(emps)) > spanStates {
			return
		}
		w.span = win
	}
}

// window returns a random window of days of length span (the whole
// horizon when span covers it).
func (w *worker) window() (lo, hi int) {
	if w.span >= w.nd {
		return 0, w.nd - 1
	}
	lo = w.rng.Intn(w.nd - w.span + 1)
	return lo, lo + w.span - 1
}

func newShared(p *Problem) *shared {
	sh := &shared{p: p, ns: len(p.Shifts), nd: p.Days, ne: len(p.Employees), span: p.Days}
	sh.req, sh.under, sh.over = p.coverMatrix()
	sh.base = make([][][]int64, sh.ne)
	for e := range sh.base {
		sh.base[e] = make([][]int64, sh.nd)
		for d := range sh.base[e] {
			sh.base[e][d] = make([]int64, sh.ns+1)
		}
		for s := 0; s < sh.ns; s++ {
			if p.Employees[e].MaxShifts[s] == 0 {
				for d := 0; d < sh.nd; d++ {
					sh.base[e][d][s+1] = inf
				}
			}
		}
		for _, d := range p.Employees[e].DaysOff {
			for s := 0; s < sh.ns; s++ {
				sh.base[e][d][s+1] = inf
			}
		}
	}
	for _, l := range p.Locks {
		for k := 0; k <= sh.ns; k++ {
			if k != l.Shift+1 {
				sh.base[l.Employee][l.Day][k] = inf
			}
		}
	}
	add := func(e, d, k int, w int64) {
		if sh.base[e][d][k] < inf {
			sh.base[e][d][k] += w
		}
	}
	for _, r := range p.OnRequests {
		for k := 0; k <= sh.ns; k++ {
			if k != r.Shift+1 {
				add(r.Employee, r.Day, k, int64(r.Weight))
			}
		}
	}
	for _, r := range p.OffRequests {
		add(r.Employee, r.Day, r.Shift+1, int64(r.Weight))
	}
	return sh
}

func (sh *shared) coverCost(d, s, n int) int64 {
	r := sh.req[d][s]
	if n < r {
		return int64(sh.under[d][s] * (r - n))
	}
	return int64(sh.over[d][s] * (n - r))
}

// worker is one search thread with its own copy of the roster.
type worker struct {
	*shared
	rng     *rand.Rand
	models  []*rowModel
	sol     Solution
	cnt     [][]int
	obj     int64 // objective without the fairness term
	best    Solution
	bestObj int64
	bestAt  time.Duration
	start   time.Time
	iters   int
	cost    [][]int64
	penalty []int64
	rowBuf  []int
	saved   [][]int
	rowBuf2 []int
	rowBuf3 []int // solveRow's best retyped row so far
	rowBuf4 []int // solveRow's row being retyped
	lam     [][]float64
	pickBuf []int
	stall   int
	kicks   int // kicks since this worker last improved its best
	hist    []int64
	typeCnt []int
	dpWork  int64 // DP states expanded so far: a deterministic measure of effort
	// ticks stands for the time the worker spent (or waited for worker 0
	// working alone): DP transitions and the rest of each DP's effort,
	// simplex pivots, swap checks. Every limit is in ticks; dpWork, which the search was tuned
	// with, steers the balance of its moves.
	ticks int64
	// shown is ticks as of the worker's last DP or charge, for
	// Options.Effort to read while the worker runs.
	shown  atomic.Int64
	lpWork int64 // the part of dpWork spent in lpMove
	// rowWork and rowIters: the effort and number of the row moves of
	// the current epoch (they set the next epoch's budget).
	rowWork  int64
	rowIters int
	// epochFrom is dpWork when the current epoch began.
	epochFrom int64
	lpOK      bool // the column-generation dive finished: lpMove is affordable
	// windowOnly: of the joint moves only lpWindowMove (long rosters,
	// whose whole rows are too slow to price).
	windowOnly bool
	jointMoves int
	// lpCap, when set, is the most effort one joint move may take; a move
	// cut short by it without a gain turns them off for this worker (long
	// rosters of many employees, where one pricing round walks every row's
	// whole horizon).
	lpCap int64
	// wholeRows counts long rows whose construction by windows failed
	// and fell back to one DP over the whole horizon.
	wholeRows int
	// Gain and effort of the two kinds of move (1: column generation,
	// 2: row DP and swaps), decayed, which set the share of effort given
	// to the first kind; lastClass/lastObj/lastWork describe the move
	// in progress.
	gain, effort [3]float64
	lastClass    int
	lastObj      int64
	lastWork     int64
	// pool keeps, per employee, rows that were in the solution of a
	// solved root (the first one and those of anchored dives), newest
	// last; anchored dives start their masters with them.
	pool [][][]int
}

func newWorker(p *Problem, sh *shared, seed int64) *worker {
	w := &worker{shared: sh, rng: rand.New(rand.NewSource(seed))}
	w.models = make([]*rowModel, sh.ne)
	size := 0
	for e := range w.models {
		w.models[e] = newRowModel(p, e)
		size = max(size, w.models[e].size)
	}
	buf := newDPBuffers(sh.nd, size)
	for _, m := range w.models {
		m.buf = buf
		m.work, m.ticks, m.shown = &w.dpWork, &w.ticks, &w.shown
	}
	w.sol = make(Solution, sh.ne)
	for e := range w.sol {
		w.sol[e] = make([]int, sh.nd)
		for d := range w.sol[e] {
			w.sol[e][d] = Off
		}
	}
	w.cnt = make([][]int, sh.nd)
	for d := range w.cnt {
		w.cnt[d] = make([]int, sh.ns)
	}
	w.cost = make([][]int64, sh.nd)
	for d := range w.cost {
		w.cost[d] = make([]int64, sh.ns+1)
	}
	w.penalty = make([]int64, sh.ns)
	w.rowBuf = make([]int, sh.nd)
	w.bestObj = inf
	return w
}

// contrib is employee e's part of the objective given the others: its
// request costs plus the cover cost its shifts add. cnt includes e.
func (w *worker) contrib(e int) int64 {
	var c int64
	for d, s := range w.sol[e] {
		c += w.base[e][d][s+1]
		if s != Off {
			n := w.cnt[d][s]
			c += w.coverCost(d, s, n) - w.coverCost(d, s, n-1)
		}
	}
	return c
}

func (w *worker) remove(e int) {
	w.obj -= w.contrib(e)
	for d, s := range w.sol[e] {
		if s != Off {
			w.cnt[d][s]--
		}
	}
}

func (w *worker) insert(e int, row []int) {
	copy(w.sol[e], row)
	for d, s := range row {
		if s != Off {
			w.cnt[d][s]++
		}
	}
	w.obj += w.contrib(e)
}

// load replaces the worker's roster by sol.
func (w *worker) load(sol Solution) {
	for d := range w.cnt {
		for s := range w.cnt[d] {
			w.cnt[d][s] = 0
		}
	}
	for e := range sol {
		copy(w.sol[e], sol[e])
		for d, s := range sol[e] {
			if s != Off {
				w.cnt[d][s]++
			}
		}
	}
	w.obj = 0
	for d := 0; d < w.nd; d++ {
		for s := 0; s < w.ns; s++ {
			w.obj += w.coverCost(d, s, w.cnt[d][s])
		}
	}
	for e := range sol {
		for d, s := range sol[e] {
			w.obj += w.base[e][d][s+1]
		}
	}
	w.hist = nil
}

func (w *worker) fairness() int64 {
	if w.p.FairnessWeight <= 0 {
		return 0
	}
	shift := (int(w.p.StartWeekday) + 6) % 7
	nights := make([]int, w.ne)
	weekends := make([]int, w.ne)
	for e, row := range w.sol {
		lastWeek := -1
		for d, s := range row {
			if s == Off {
				continue
			}
			if w.p.Shifts[s].Night {
				nights[e]++
			}
			if w.p.IsWeekendDay(d) && (d+shift)/7 != lastWeek {
				lastWeek = (d + shift) / 7
				weekends[e]++
			}
		}
	}
	return int64(w.p.FairnessWeight * (spread(nights) + spread(weekends)))
}

func (w *worker) fullObjective() int64 { return w.obj + w.fairness() }

// reopt re-optimises employee e (already removed) over days [lo, hi],
// keeping its other days as in keep, and inserts the result. It returns
// false, inserting keep, when no feasible row was found.
func (w *worker) reopt(e int, keep []int, lo, hi int) bool {
	return w.reoptBlend(e, keep, lo, hi, 0)
}

// reoptBlend is reopt with the cover cost of each cell blended with the
// Lagrangian price of its slot: alpha/8 of the price, the rest the true
// marginal cost. alpha = 0 is the exact re-optimisation.
func (w *worker) reoptBlend(e int, keep []int, lo, hi int, alpha int) bool {
	w.setCosts(e, keep, lo, hi, alpha)
	return w.solveInsert(e, keep, keep)
}

// solveInsert solves employee e's row on w.cost, bounded by the cost of
// bound when it is not nil, and inserts it; when there is none it inserts
// keep (all off when nil) and returns false.
func (w *worker) solveInsert(e int, keep, bound []int) bool {
	row := w.rowBuf
	if _, ok := w.solveRow(e, row, bound, inf); ok {
		w.insert(e, row)
		return true
	}
	if keep == nil {
		for d := range row {
			row[d] = Off
		}
		keep = row
	}
	w.insert(e, keep)
	return false
}

// setCosts fills w.cost for employee e: days outside [lo, hi] fixed to
// keep's cells, the others priced by their request costs and marginal
// cover cost, blended with the prices w.lam by alpha/8 (see reoptBlend).
func (w *worker) setCosts(e int, keep []int, lo, hi int, alpha int) {
	scale := int64(1)
	if alpha > 0 {
		scale = 8
	}
	for d := 0; d < w.nd; d++ {
		b := w.base[e][d]
		c := w.cost[d]
		if d < lo || d > hi {
			for k := range c {
				c[k] = inf
			}
			k := keep[d] + 1
			c[k] = b[k]
			continue
		}
		c[0] = b[0] * scale
		for s := 0; s < w.ns; s++ {
			if b[s+1] >= inf {
				c[s+1] = inf
				continue
			}
			n := w.cnt[d][s]
			marg := w.coverCost(d, s, n+1) - w.coverCost(d, s, n)
			if alpha > 0 {
				c[s+1] = 8*b[s+1] + int64(8-alpha)*marg + int64(math.Round(float64(alpha)*w.lam[d][s]))
			} else {
				c[s+1] = b[s+1] + marg
			}
		}
	}
}

// solveRow runs employee e's DP on w.cost, raising Lagrangian penalties on
// shift types whose limit the DP does not track until the row meets them.
// When keep (a row feasible for e) is given, its cost bounds the search;
// rows costing more than limit are not looked for either (ok is then
// false when there is none).
func (w *worker) solveRow(e int, row []int, keep []int, limit int64) (int64, bool) {
	m := w.models[e]
	for i := range w.penalty {
		w.penalty[i] = 0
	}
	// Penalties start at a fraction of the largest cell cost.
	var scale int64 = 8
	if len(m.relaxed) > 0 {
		for _, c := range w.cost {
			for _, v := range c {
				if v < inf {
					scale = max(scale, v/8, -v/8)
				}
			}
		}
	}
	// ub bounds the row's cost without penalties: the cost of keep and
	// the caller's limit.
	ub := min(limit, inf)
	if keep != nil {
		ub = min(ub, w.rowCost(keep, false))
	}
	cand, candV := w.rowBuf3[:0], int64(inf)
	defer func() { w.rowBuf3 = cand }()
	for round := 0; round < penaltyRounds; round++ {
		// A row within its limits pays at most penalty[s] x MaxShifts[s]
		// for each relaxed type s: the penalised DP may prune only above
		// ub plus that, else it loses the rows that use their limits
		// more than keep does (and pricing misses columns).
		slack := int64(0)
		for _, s := range m.relaxed {
			if n := int64(w.p.Employees[e].MaxShifts[s]); n > 0 && w.penalty[s] > 0 {
				slack = min(inf, slack+min(inf/n, w.penalty[s])*n)
			}
		}
		val, ok := m.solve(w.cost, w.penalty, row, min(inf, ub+slack))
		if !ok {
			if candV < inf {
				copy(row, cand)
				return candV, true
			}
			return 0, false
		}
		okAll := true
		if len(m.relaxed) > 0 {
			// A row over a limit may come within it by retyping shifts
			// (the penalised optimum often jumps from above the limit to
			// far below it): the best such row is a candidate. One whose
			// cost equals the unpenalised optimum is the best row.
			try := append(w.rowBuf4[:0], row...)
			if w.retype(e, try) {
				if v := w.rowCost(try, false); v <= ub && v < candV {
					cand, candV = append(cand[:0], try...), v
					if round == 0 && v == val {
						copy(row, cand)
						return v, true
					}
				}
			}
			w.rowBuf4 = try
		}
		for _, s := range m.relaxed {
			n := 0
			for _, x := range row {
				if x == s {
					n++
				}
			}
			if n > w.p.Employees[e].MaxShifts[s] {
				okAll = false
				if w.penalty[s] == 0 {
					w.penalty[s] = scale
				} else {
					w.penalty[s] *= 4
				}
			}
		}
		if okAll {
			v := val
			if slack > 0 {
				v = w.rowCost(row, false)
			}
			if candV < v {
				copy(row, cand)
				return candV, true
			}
			if v <= ub {
				return v, true
			}
			return 0, false
		}
		// Types of one class are interchangeable in the row: penalising
		// one alone moves its shifts to the next (instance-24-sized
		// rosters cycled through four night types), so each relaxed type
		// gets at least the largest penalty of its class.
		for _, s := range m.relaxed {
			for _, t := range m.relaxed {
				if m.cls[t+1] == m.cls[s+1] {
					w.penalty[s] = max(w.penalty[s], w.penalty[t])
				}
			}
		}
	}
	// Interchangeable types still share one penalty, and the row then
	// puts all its shifts in one of them: spread them by retyping.
	if w.retype(e, row) {
		if v := w.rowCost(row, false); v <= min(ub, candV) {
			return v, true
		}
	}
	if candV < inf {
		copy(row, cand)
		return candV, true
	}
	return 0, false
}

// rowCost is the cost of row under w.cost, with the current penalties of
// its shift types when penalised.
// requestCost is the weight of employee e's requests that row leaves
// unmet (its cost without cover).
func (w *worker) requestCost(e int, row []int) int64 {
	var c int64
	for d, s := range row {
		c += w.base[e][d][s+1]
	}
	return c
}

func (w *worker) rowCost(row []int, penalised bool) int64 {
	var c int64
	for d, s := range row {
		c += w.cost[d][s+1]
		if penalised && s != Off {
			c += w.penalty[s]
		}
	}
	return c
}

// retype brings a row of employee e within its shift-type limits by
// changing the type of single shifts to another of the same length (so
// minutes, runs and weekends stay as they are) that is under its limit,
// allowed that day (finite cost in w.cost) and by the neighbouring days'
// successions, the cheapest such type each time. It reports whether every
// limit is met.
func (w *worker) retype(e int, row []int) bool {
	emp := &w.p.Employees[e]
	cnt := make([]int, w.ns)
	for _, s := range row {
		if s != Off {
			cnt[s]++
		}
	}
	over := func(s int) bool { return emp.MaxShifts[s] >= 0 && cnt[s] > emp.MaxShifts[s] }
	for s := 0; s < w.ns; s++ {
		for d := 0; d < w.nd && over(s); d++ {
			if row[d] != s {
				continue
			}
			best, bc := -1, int64(inf)
			for t := 0; t < w.ns; t++ {
				if t == s || w.p.Shifts[t].Minutes != w.p.Shifts[s].Minutes {
					continue
				}
				if lim := emp.MaxShifts[t]; lim >= 0 && cnt[t] >= lim {
					continue
				}
				c := w.cost[d][t+1]
				if c >= inf || (d > 0 && row[d-1] != Off && w.p.Forbidden[row[d-1]][t]) ||
					(d+1 < w.nd && row[d+1] != Off && w.p.Forbidden[t][row[d+1]]) {
					continue
				}
				if c < bc {
					best, bc = t, c
				}
			}
			if best >= 0 {
				row[d] = best
				cnt[s]--
				cnt[best]++
			}
		}
		if over(s) {
			return false
		}
	}
	return true
}

// penaltyRounds bounds the DP solves spent raising the penalties of the
// shift types whose limits the DP does not track.
const penaltyRounds = 24

// priceRow solves employee e's row under cover prices lam (scaled by 1024
// to keep integer costs), bounded by the cost of the feasible row keep and
// by limit (on the scaled cost).
func (w *worker) priceRow(e int, lam [][]float64, row, keep []int, limit int64) (int64, bool) {
	return w.priceRowIn(e, lam, row, keep, limit, nil, 0, w.nd-1, nil)
}

// priceRowIn is priceRow with the days outside [lo, hi] fixed to the cells
// of fixed (when fixed is not nil), and the row kept off every choice k
// (0 off, s+1 shift s) whose bit is set in ban[d] (when ban is not nil).
func (w *worker) priceRowIn(e int, lam [][]float64, row, keep []int, limit int64, fixed []int, lo, hi int, ban []uint64) (int64, bool) {
	for d := 0; d < w.nd; d++ {
		b := w.base[e][d]
		c := w.cost[d]
		c[0] = b[0] * 1024
		for s := 0; s < w.ns; s++ {
			if b[s+1] >= inf {
				c[s+1] = inf
			} else {
				c[s+1] = b[s+1]*1024 + int64(math.Round(lam[d][s]*1024))
			}
		}
		if ban != nil && ban[d] != 0 {
			for j := range c {
				if ban[d]>>j&1 != 0 {
					c[j] = inf
				}
			}
		}
		if fixed != nil && (d < lo || d > hi) {
			k := fixed[d] + 1
			for j := range c {
				if j != k {
					c[j] = inf
				}
			}
		}
	}
	return w.solveRow(e, row, keep, limit)
}

// lagrange runs a subgradient ascent on the Lagrangian dual in which the
// cover of each (day, shift) slot is priced by lam: every employee's row is
// then independent and solved by its DP. It sets w.lam and returns the dual
// bound (valid when every DP was exact) and the best roster met on the way
// (nil if none was feasible for all employees).
func (w *worker) lagrange(iters int, ub int64, stopped func() bool, helpers []*worker) (bound float64, bestSol Solution, bestObj int64) {
	if w.lam == nil {
		w.lam = make([][]float64, w.nd)
		for d := range w.lam {
			w.lam[d] = make([]float64, w.ns)
		}
	}
	bestObj = inf
	bound = math.Inf(-1)
	theta := 1.0
	sinceUp := 0
	rows := make(Solution, w.ne)
	for e := range rows {
		rows[e] = make([]int, w.nd)
	}
	count := make([][]int, w.nd)
	for d := range count {
		count[d] = make([]int, w.ns)
	}
	// prev holds the last feasible row of each employee (at first the
	// current roster's): its cost under new prices bounds the DP.
	prev := w.sol.Clone()
	vals := make([]int64, w.ne)
	oks := make([]bool, w.ne)
	for it := 0; it < iters && !stopped(); it++ {
		dual := 0.0
		for d := range count {
			for s := range count[d] {
				count[d][s] = 0
				dual -= w.lam[d][s] * float64(w.req[d][s])
			}
		}
		// Rows are independent given the prices: the workers share them out.
		team := append([]*worker{w}, helpers...)
		var wg sync.WaitGroup
		for t, h := range team {
			wg.Add(1)
			go func(t int, h *worker) {
				defer wg.Done()
				for e := t; e < w.ne; e += len(team) {
					vals[e], oks[e] = h.priceRow(e, w.lam, rows[e], prev[e], inf)
				}
			}(t, h)
		}
		wg.Wait()
		feasible := true
		for e := 0; e < w.ne; e++ {
			if !oks[e] {
				feasible = false
				break
			}
			dual += float64(vals[e]) / 1024
			copy(prev[e], rows[e])
			for d, s := range rows[e] {
				if s != Off {
					count[d][s]++
				}
			}
		}
		if !feasible {
			break
		}
		if dual > bound+1e-9 {
			bound, sinceUp = dual, 0
		} else if sinceUp++; sinceUp >= 15 {
			theta, sinceUp = theta/2, 0
		}
		w.load(rows)
		if obj := w.fullObjective(); obj < bestObj {
			bestObj = obj
			bestSol = rows.Clone()
			ub = min(ub, obj)
		}
		norm := 0.0
		for d := range count {
			for s := range count[d] {
				g := float64(count[d][s] - w.req[d][s])
				norm += g * g
			}
		}
		if norm == 0 {
			break
		}
		step := theta * (float64(ub) - dual) / norm
		for d := range count {
			for s := range count[d] {
				v := w.lam[d][s] + step*float64(count[d][s]-w.req[d][s])
				w.lam[d][s] = min(max(v, -float64(w.under[d][s])), float64(w.over[d][s]))
			}
		}
	}
	return bound, bestSol, bestObj
}

// construct builds a feasible roster from an empty one, and improves it
// by descent until stopped.
func (w *worker) construct(stopped func() bool) error {
	order := w.rng.Perm(w.ne)
	empty := make([]int, w.nd)
	for i := range empty {
		empty[i] = Off
	}
	for e := range w.sol {
		copy(w.sol[e], empty)
	}
	w.load(w.sol)
	for _, e := range order {
		// Locked cells and days off are respected by the costs; start from
		// an all-off row (not necessarily feasible) and search all days.
		w.remove(e)
		if !w.constructRow(e) {
			return roster.Errorf(roster.EINVALID, "employee %s has no roster meeting all hard constraints", w.p.Employees[e].ID)
		}
	}
	w.descend(stopped)
	return nil
}

// constructRow gives employee e (removed, its row all off) a feasible row.
// On long rosters (span shorter than the horizon) the row is built a
// window at a time, windows overlapping by half, each window's DP fixing
// the days before it and leaving those after it off, with the employee's
// minute and weekend limits spread over the horizon in proportion to the
// days so far (looser on a retry), and judged as if the horizon ended with
// the window (so the days after it cost nothing to walk); if the last
// window finds no row it is
// widened, and failing that the whole horizon is solved at once (exact,
// slower).
func (w *worker) constructRow(e int) bool {
	if w.span >= w.nd {
		return w.reopt(e, nil, 0, w.nd-1)
	}
	m := w.models[e]
	minU, capU, capW := m.minU, m.capU, m.capW
	defer func() { m.minU, m.capU, m.capW, m.end = minU, capU, capW, w.nd-1 }()
	closingsTo := make([]int, w.nd+1) // closing days before day d
	for d := 0; d < w.nd; d++ {
		closingsTo[d+1] = closingsTo[d]
		if m.closing[d] {
			closingsTo[d+1]++
		}
	}
	share := func(v, upTo int) float64 {
		upTo = min(max(upTo, 0), w.nd)
		return float64(v) * float64(upTo) / float64(w.nd)
	}
	row := make([]int, w.nd)
	for d := range row {
		row[d] = Off
	}
	step := max(7, w.span/2)
	for lo := 0; ; lo += step {
		hi := min(w.nd-1, lo+w.span-1)
		if w.nd-1-hi < step {
			hi = w.nd - 1 // no short last window
		}
		ok := false
		for try := 0; try < 3 && !ok; try++ {
			from := lo
			m.end = hi
			if hi == w.nd-1 {
				m.minU, m.capU, m.capW = minU, capU, capW
				from = max(0, lo-try*w.span)
			} else {
				lag := try * w.span / 2
				m.minU = int(share(minU, hi+1-lag))
				m.capU = min(capU, int(math.Ceil(share(capU, hi+1+lag))))
				if m.countWeekends {
					all := closingsTo[w.nd]
					m.capW = min(capW, 1+int(math.Ceil(float64(capW-1)*float64(closingsTo[min(w.nd, hi+1+lag)])/float64(all))))
				}
			}
			w.setCosts(e, row, from, hi, 0)
			ok = w.solveInsert(e, row, nil)
			copy(row, w.sol[e])
			w.remove(e)
		}
		if !ok {
			break
		}
		if hi == w.nd-1 {
			w.insert(e, row)
			return true
		}
	}
	for d := range row {
		row[d] = Off
	}
	m.minU, m.capU, m.capW, m.end = minU, capU, capW, w.nd-1
	w.wholeRows++
	return w.reopt(e, nil, 0, w.nd-1)
}

// descend re-optimises each row exactly (or a window of it, on long
// rosters), given the others, until no gain or stopped.
func (w *worker) descend(stopped func() bool) {
	for pass := 0; pass < 20; pass++ {
		before := w.obj
		for _, e := range w.rng.Perm(w.ne) {
			if stopped() {
				return
			}
			keep := append([]int(nil), w.sol[e]...)
			w.remove(e)
			lo, hi := w.window()
			w.reopt(e, keep, lo, hi)
		}
		if w.obj >= before {
			break
		}
	}
}

// run performs n LNS iterations, fewer if stopped or, with budget > 0,
// once they expanded budget effort (DP states and simplex pivots).
func (w *worker) run(n int, budget int64, stopped func() bool) {
	from := w.dpWork
	w.epochFrom = from
	w.rowWork, w.rowIters = 0, 0
	cur := w.fullObjective()
	if cur < w.bestObj {
		w.bestObj = cur
		w.best = w.sol.Clone()
		w.bestAt = time.Since(w.start)
	}
	for i := 0; i < n && (budget <= 0 || w.dpWork-from < budget); i++ {
		if stopped() {
			return
		}
		w.iters++
		if tuneStall > 0 && w.stall >= tuneStall && w.lam != nil {
			w.lastClass = 0
			w.perturb()
			w.kicks++
			w.stall = 0
			cur = w.fullObjective()
			continue
		}
		w.credit()
		if w.lpOK && float64(w.lpWork) <= w.lpShare()*float64(w.dpWork) {
			w.lastClass, w.lastObj, w.lastWork = 1, w.fullObjective(), w.dpWork
			work0, ticks0 := w.dpWork, w.ticks
			w.jointMoves++
			if w.rng.Intn(3) > 0 || w.windowOnly {
				w.lpWindowMove(tuneWindowMin+w.rng.Intn(tuneWindowMax-tuneWindowMin+1), stopped)
			} else {
				w.lpMove(min(w.ne, tuneLPMoveK/2+w.rng.Intn(tuneLPMoveK/2+1)), stopped)
			}
			if w.lpCap > 0 && w.ticks-ticks0 >= w.lpCap && !stopped() && w.fullObjective() >= w.lastObj {
				// Cut short without a gain: too slow on this roster, so
				// the row moves only.
				w.lpOK = false
			}
			w.lpWork += w.dpWork - work0
			obj := w.fullObjective()
			if obj < cur {
				w.stall = 0
			} else {
				w.stall++
			}
			cur = obj
			w.noteBest(obj)
			continue
		}
		w.lastClass, w.lastObj, w.lastWork = 2, w.fullObjective(), w.dpWork
		work0 := w.dpWork
		emps, lo, hi := w.pick()
		w.saved = w.saved[:0]
		for _, e := range emps {
			w.saved = append(w.saved, append([]int(nil), w.sol[e]...))
		}
		for _, e := range emps {
			w.remove(e)
		}
		w.rng.Shuffle(len(emps), func(a, b int) {
			emps[a], emps[b] = emps[b], emps[a]
			w.saved[a], w.saved[b] = w.saved[b], w.saved[a]
		})
		alpha := 0
		if w.lam != nil && w.rng.Intn(100) < tuneBlendP {
			alpha = 1 + w.rng.Intn(tuneBlendMax)
		}
		for j, e := range emps {
			w.reoptBlend(e, w.saved[j], lo, hi, alpha)
		}
		if len(emps) > 1 || alpha > 0 {
			for pass := 0; pass < tunePasses; pass++ {
				for _, e := range emps {
					keep := append(w.rowBuf2[:0], w.sol[e]...)
					w.remove(e)
					w.reopt(e, keep, lo, hi)
				}
			}
		}
		obj := w.fullObjective()
		accept := obj <= cur
		if !accept && tuneT0 > 0 {
			cyc := w.iters % tuneCycle
			t := tuneT0 * (1 - float64(cyc)/float64(tuneCycle))
			accept = t > 0 && float64(obj-cur) < -t*math.Log(w.rng.Float64()+1e-12)
		}
		if obj < cur {
			w.stall = 0
		} else {
			w.stall++
		}
		if accept {
			cur = obj
			w.noteBest(obj)
		} else {
			for _, e := range emps {
				w.remove(e)
			}
			for j, e := range emps {
				w.insert(e, w.saved[j])
			}
		}
		w.rowWork += w.dpWork - work0
		w.rowIters++
		// Swap tries get a share of the effort the DP move took, so large
		// instances (slow DP) get many cheap moves and small ones few.
		if tries := min(tuneSwapMax, int(w.dpWork-work0)/tuneSwapDiv); tries > 0 {
			if gain := w.swapSearch(tries); gain != 0 {
				cur = w.fullObjective()
				if gain < 0 {
					w.stall = 0
				}
				w.noteBest(cur)
			}
		}
	}
}

// rowMoveCost is the least effort per row move of the workers in the last
// epoch (0 when none made one).
func rowMoveCost(workers []*worker) int64 {
	var c int64
	for _, w := range workers {
		if w.rowIters > 0 {
			if v := max(1, w.rowWork/int64(w.rowIters)); c == 0 || v < c {
				c = v
			}
		}
	}
	return c
}

// anchoredBlock runs anchored dives from best on every worker at once,
// each a sequence of its own with anchors of its own, pricing alone: a
// worker goes on from the last roster it kept (a dive's roster is kept
// when it is not worse, so that equal rosters are walked) until it has one
// better than bestObj, has spent budget (DP states and simplex pivots, so
// runs repeat), or has run tuneAnchorRounds dives. Workers do not wait for
// each other between dives (in lockstep rounds, one worker idled while the
// other finished a long dive: 1.45 of 2 cores busy on instance 7). The
// best roster kept (the first of equals) becomes every worker's best and
// is loaded on all; without one they load best. It returns that roster
// (nil: none), its objective and the number of dives run.
func anchoredBlock(workers []*worker, best Solution, bestObj, budget, tickCap int64, stopped func() bool) (Solution, int64, int) {
	out := walkEach(workers, func(_ int, w *worker, out *walk) {
		cur, curObj := best, bestObj
		from, ticks0 := w.dpWork, w.ticks
		for {
			sol, obj, ok := w.anchoredDive(cur, nil, w.anchorFree(), curObj, stopped)
			out.dives++
			if ok && obj <= curObj {
				cur, curObj = sol, obj
				out.sol, out.obj = sol, obj
			}
			if curObj < bestObj || stopped() || w.dpWork-from >= budget || (tickCap > 0 && w.ticks-ticks0 >= tickCap) || out.dives >= tuneAnchorRounds {
				return
			}
		}
	})
	pick, dives, _ := bestWalk(out)
	kept := best
	if pick >= 0 {
		kept = out[pick].sol
		for _, w := range workers {
			w.best, w.bestObj = kept.Clone(), out[pick].obj
		}
	}
	for _, w := range workers {
		w.load(kept)
	}
	if pick < 0 {
		return nil, 0, dives
	}
	return kept, out[pick].obj, dives
}

// anchorFree picks the employees an anchored dive re-solves: all but a
// random tuneAnchorPct % (at least one).
func (w *worker) anchorFree() []bool {
	free := make([]bool, w.ne)
	keep := max(1, w.ne*tuneAnchorPct/100)
	for _, e := range w.rng.Perm(w.ne)[keep:] {
		free[e] = true
	}
	return free
}

// anchoredDive re-solves the employees of best marked in free (all but a
// few: anchorFree) by column generation and a cell dive with noise in a
// master of their own, the others keeping their rows, and makes the result
// locally optimal (which may change any row). The master starts with the
// pool's rows (the root then takes a few pricing rounds instead of about
// forty on instance 7) and the dive gives up once the master's value
// exceeds cutoff by a unit (less the anchored rows' request costs, which
// the master leaves out): such a dive cannot end at or below cutoff but by
// a lucky local search, and giving up saves about 40% of the dives' time
// on instance 7. It returns the roster and its objective, ok false when
// the master is too large or the dive did not finish.
func (w *worker) anchoredDive(best Solution, helpers []*worker, free []bool, cutoff int64, stopped func() bool) (Solution, int64, bool) {
	if !cellChoicesFit(w.ns) {
		return nil, 0, false
	}
	cg := w.newColGen(best, helpers, free)
	if cg == nil {
		return nil, 0, false
	}
	var anchored int64
	for e, row := range best {
		if cg.conv[e] < 0 {
			anchored += w.requestCost(e, row)
		}
	}
	cg.cutoff = float64(cutoff-anchored) + 1
	cg.addPool()
	cg.root(stopped)
	w.keepRoot(cg)
	sol := cg.cellDiveFrom(stopped, tuneDiveNoise, false)
	cg.chargeMove()
	if cg.halted || cg.pruned || stopped() {
		return nil, 0, false
	}
	w.load(sol)
	w.descend(stopped)
	return w.sol.Clone(), w.fullObjective(), true
}

// lpDives runs dives from the solved root cg on every worker at once, each
// a sequence of its own: a dive starts from the best roster of its
// thread's sequence (at first best), takes its kind in turn (see lpDive),
// breaks ties between similar values at random and is polished. A thread
// stops when it has spent its part of budget (split evenly), when its
// last dive took more than what is left of it, or after tuneDiveStale
// dives (over all threads) without a gain. Threads do not wait for each
// other between dives (in lockstep rounds the slower dive left the other
// core idle: 1.45 of 2 cores busy on instance 7) and do not see each
// other's rosters, so that the result does not depend on which finishes
// first. It returns the best roster found (the first thread's of equals;
// nil when none beats bestObj), its objective, the number of dives and
// whether one was cut short. improved is called, one call at a time, on
// every new best.
func lpDives(workers []*worker, cg *colGen, best Solution, bestObj, budget int64, dives int, stopped func() bool, improved func(int64)) (Solution, int64, int, bool) {
	staleMax := max(1, tuneDiveStale/len(workers))
	per := max(1, budget/int64(len(workers)))
	var mu sync.Mutex
	shown := bestObj
	out := walkEach(workers, func(i int, w *worker, out *walk) {
		cur, curObj := best, bestObj
		from := w.ticks
		var took int64
		stale := 0
		for dive := 1 + i; dive < dives && stale < staleMax && !stopped(); dive += len(workers) {
			left := per - (w.ticks - from)
			if left <= 0 || took > left {
				return
			}
			c := cg.cloneFor(w, nil)
			for e, row := range cur {
				c.addRow(e, row)
			}
			c.limit, c.hurry = left, true
			out.dives++
			t0 := w.ticks
			if w.lpDive(c, dive%3, tuneDiveNoise, left, stopped) {
				out.halted = true
				return
			}
			took = w.ticks - t0
			obj := w.fullObjective()
			if obj >= curObj {
				stale++
				continue
			}
			cur, curObj, stale = w.sol.Clone(), obj, 0
			out.sol, out.obj = cur, curObj
			mu.Lock()
			if obj < shown {
				shown = obj
				improved(obj)
			}
			mu.Unlock()
		}
	})
	pick, n, halted := bestWalk(out)
	if pick < 0 {
		return nil, 0, n, halted
	}
	return out[pick].sol, out[pick].obj, n, halted
}

// walk is what one worker's sequence of dives (anchoredBlock, lpDives)
// found: its best roster (nil: none kept) and objective, the dives run,
// and whether one was cut short.
type walk struct {
	sol    Solution
	obj    int64
	dives  int
	halted bool
}

// walkEach runs f on every worker at once, each with its own walk, and
// returns the walks when all have ended.
func walkEach(workers []*worker, f func(i int, w *worker, out *walk)) []walk {
	out := make([]walk, len(workers))
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, w, &out[i])
		}()
	}
	wg.Wait()
	return out
}

// bestWalk returns the index of the walk with the best roster (the first
// of equals, so that the result does not depend on which worker finished
// first; -1 when none kept one), the dives of all and whether any was
// cut short.
func bestWalk(out []walk) (pick, dives int, halted bool) {
	pick = -1
	for i, o := range out {
		dives += o.dives
		halted = halted || o.halted
		if o.sol != nil && (pick < 0 || o.obj < out[pick].obj) {
			pick = i
		}
	}
	return pick, dives, halted
}

// lpDive runs one dive from c (a clone of the root for this worker) and
// leaves its roster, locally optimal, on w. The caller makes three kinds
// take turns, each best on some rosters: 0 holds cells with the integral
// ones (fast on large rosters), 1 holds cells alone, 2 fixes whole rows
// (also when cell choices do not fit in a bitmask). With polish > 0, the
// search then polishes the roster for as much effort as the dive took
// (all told at most polish): a dive often ends one move away from a much
// better roster. It reports whether the dive was stopped before its end.
func (w *worker) lpDive(c *colGen, kind int, noise float64, polish int64, stop func() bool) (halted bool) {
	from := w.ticks
	if !c.cellChoices() {
		kind = 2
	}
	var sol Solution
	switch kind {
	case 0:
		sol = c.cellDiveFrom(stop, noise, true)
	case 1:
		sol = c.cellDiveFrom(stop, noise, false)
	default:
		sol = c.diveFrom(stop, noise)
	}
	c.chargeSimplex()
	w.load(sol)
	if len(c.haltFree) > 0 {
		// A stopped dive gave the free employees their largest LP rows,
		// which clash; re-insert them one by one under the root prices
		// instead.
		saved := make([][]int, len(c.haltFree))
		for i, e := range c.haltFree {
			saved[i] = append([]int(nil), w.sol[e]...)
			w.remove(e)
		}
		for i, e := range c.haltFree {
			w.reoptBlend(e, saved[i], 0, w.nd-1, 4)
		}
	}
	w.descend(stop)
	if polish > 0 {
		w.best, w.bestObj = w.sol.Clone(), w.fullObjective()
		spent := w.ticks - from
		budget := min(spent, polish-spent)
		p0 := w.ticks
		for w.ticks-p0 < budget && !stop() {
			before := w.ticks
			w.run(epochIters, 0, stop)
			if w.ticks == before {
				break
			}
		}
		w.load(w.best)
	}
	return c.halted
}

// perturb restarts from the worker's best roster with a share of the
// employees re-inserted under Lagrangian prices (an iterated local search
// kick that keeps the structure the prices suggest).
func (w *worker) perturb() {
	if w.best != nil && w.fullObjective() > w.bestObj {
		w.load(w.best)
	}
	pct := tunePertPct
	if tuneKickEsc > 0 {
		pct = min(100, tunePertPct*(1+w.kicks/tuneKickEsc))
	}
	k := min(w.ne, max(2, w.ne*pct/100))
	emps := w.rng.Perm(w.ne)[:k]
	w.saved = w.saved[:0]
	for _, e := range emps {
		w.saved = append(w.saved, append([]int(nil), w.sol[e]...))
	}
	for _, e := range emps {
		w.remove(e)
	}
	alpha := 4 + w.rng.Intn(5)
	lo, hi := w.window()
	for j, e := range emps {
		w.reoptBlend(e, w.saved[j], lo, hi, alpha)
	}
}

// pick chooses the employees and the day window of the next move.
func (w *worker) pick() (emps []int, lo, hi int) {
	r := w.rng.Intn(100)
	var k int
	lo, hi = 0, w.nd-1
	full := r < tuneRowP
	if full {
		k = 1 + w.rng.Intn(min(3, w.ne))
		lo, hi = w.window()
	} else {
		k = 2 + w.rng.Intn(max(1, min(tuneWinK, w.ne-1)))
		length := 2 + w.rng.Intn(min(w.nd-1, tuneWinL))
		lo = w.rng.Intn(w.nd - length + 1)
		hi = lo + length - 1
	}
	k = min(k, w.ne)
	if w.rng.Intn(100) < tuneTargetP {
		if d, s, ok := w.badSlot(); ok {
			// Employees who could work the slot first, then the others.
			perm := w.rng.Perm(w.ne)
			emps = w.pickBuf[:0]
			for _, e := range perm {
				if w.sol[e][d] != s && w.base[e][d][s+1] < inf {
					emps = append(emps, e)
					if len(emps) == k {
						break
					}
				}
			}
			if len(emps) > 0 {
				w.pickBuf = emps
				if !full {
					length := hi - lo + 1
					lo = max(0, min(d-w.rng.Intn(length), w.nd-length))
					hi = lo + length - 1
				}
				return emps, lo, hi
			}
		}
	}
	perm := w.rng.Perm(w.ne)
	return perm[:k], lo, hi
}

// badSlot returns a random (day, shift) slot whose cover is short.
func (w *worker) badSlot() (d, s int, ok bool) {
	n := 0
	for dd := 0; dd < w.nd; dd++ {
		for ss := 0; ss < w.ns; ss++ {
			if w.cnt[dd][ss] < w.req[dd][ss] && w.under[dd][ss] > 0 {
				n++
				if w.rng.Intn(n) == 0 {
					d, s, ok = dd, ss, true
				}
			}
		}
	}
	return d, s, ok
}

// Search parameters: general settings, the same for every instance.
const (
	tunePasses         = 1     // exact re-optimisation passes over a move's employees
	tuneT0             = 0.0   // simulated-annealing start temperature (0: descent)
	tuneCycle          = 2000  // annealing cycle length in iterations
	tuneWinK           = 6     // window moves: up to 1+tuneWinK employees
	tuneWinL           = 12    // window moves: up to 1+tuneWinL days
	tuneRowP           = 40    // % of moves that re-optimise whole rows of 1-3 employees
	tuneTargetP        = 0     // % of moves aimed at an under-covered slot
	tuneStall          = 4000  // iterations without gain before a kick (0: none)
	tuneEpochCap       = 4     // most moves per epoch, in epochIters, when epochs are measured in effort
	tunePertPct        = 20    // % of employees re-inserted by a kick
	tuneKickEsc        = 2     // kicks without a new best before the kick grows by tunePertPct (0: fixed)
	tuneLag            = 200   // subgradient iterations for the cover prices (when there is no LP)
	tuneLPShare        = 70    // % of the time limit the column-generation dives may take
	tuneLPRoot         = 35    // % of the time limit within which the root LP must be solved
	tuneRootGap        = 0.02  // ... or come this close (bound to value, relative)
	tuneDives          = 1000  // most dives in a run with a time limit
	tuneDiveNoise      = 0.3   // random share added to row values when later dives choose rows to fix
	tuneDiveStale      = 12    // dives in a row without a new best that end the dives (0: never)
	tuneAnchorGap      = 1     // epochs of moves between two anchored dives while stalled
	tuneAnchorRatio    = 8     // anchored dives take at most this many times the effort of the moves between them
	tuneAnchorStall    = 64    // epochs without a new best before an anchored dive (0: none)
	tuneLongWindowDays = 182   // long rosters of at most this many days make joint moves on windows too
	tuneLongWindowCap  = 10    // ... each within 1/10 of the time limit, else (without a gain) none
	tuneAnchorRounds   = 16    // most rounds of anchored dives in a block
	tuneAnchorPct      = 10    // % of the employees an anchored dive keeps on their best rows
	tuneLPShareMin     = 0.1   // share of the effort spent on moves re-solving rows jointly by column
	tuneLPShareMax     = 0.7   // generation: between these, by gain per effort against the other moves
	tuneCreditDecay    = 0.99  // decay of the gain and effort records per move
	tuneWindowMin      = 7     // two thirds of those re-solve every employee on a window of
	tuneWindowMax      = 14    // tuneWindowMin..tuneWindowMax days (one or two weeks)
	tuneLPMoveK        = 8     // such moves free tuneLPMoveK/2 to tuneLPMoveK employees
	tuneBlendP         = 85    // % of moves re-inserting with price-blended costs
	tuneBlendMax       = 6     // largest blend (of 8) given to the prices
	tuneSwapDiv        = 4     // one block-swap try per this many DP states a move expanded
	tuneSwapMax        = 20000 // most block-swap tries after one move
	tuneSwapLen        = 7     // longest block of days swapped
)

// credit books the gain and effort of the move that just ended.
func (w *worker) credit() {
	c := w.lastClass
	if c == 0 {
		return
	}
	w.lastClass = 0
	g := float64(max(0, w.lastObj-w.fullObjective()))
	for k := 1; k <= 2; k++ {
		w.gain[k] *= tuneCreditDecay
		w.effort[k] *= tuneCreditDecay
	}
	w.gain[c] += g
	w.effort[c] += float64(w.dpWork - w.lastWork)
}

// lpShare is the share of effort column-generation moves get: their part
// of the total gain per effort, within [tuneLPShareMin, tuneLPShareMax];
// tuneLPShareMin until both kinds have been tried.
func (w *worker) lpShare() float64 {
	if w.effort[1] == 0 || w.effort[2] == 0 {
		return tuneLPShareMin
	}
	a := (w.gain[1] + 1e-9) / w.effort[1]
	b := (w.gain[2] + 1e-9) / w.effort[2]
	return min(max(a/(a+b), tuneLPShareMin), tuneLPShareMax)
}

// noteBest records the current roster, of objective obj, as the worker's
// best when it is better, which also resets the kick escalation.
func (w *worker) noteBest(obj int64) {
	if obj < w.bestObj {
		w.bestObj = obj
		w.best = w.sol.Clone()
		w.bestAt = time.Since(w.start)
		w.kicks = 0
	}
}
