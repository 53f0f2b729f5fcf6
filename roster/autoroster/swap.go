package autoroster

// Cheap local search between the row-DP moves: two employees exchange
// their cells on a block of days. Such a swap leaves every cover count
// unchanged, so its effect on the objective is the change in the two
// employees' request costs alone, computed in O(block) time; only a swap
// that improves the objective has its two rows checked against the
// hard constraints (O(days) each). This is thousands of times cheaper than
// re-optimising a row by DP, so on large instances the search can explore
// many more rosters per second.

// rowFeasible reports whether row meets every hard constraint of employee
// e: cell costs (days off, locks, shift types not allowed), successions,
// shift-type limits, total minutes, consecutive-day rules (blocks touching
// the ends of the horizon are exempt from the minimums) and weekends.
func (w *worker) rowFeasible(e int, row []int) bool {
	emp := &w.p.Employees[e]
	if len(w.typeCnt) != w.ns {
		w.typeCnt = make([]int, w.ns)
	}
	cnt := w.typeCnt
	for i := range cnt {
		cnt[i] = 0
	}
	minutes, run, weekends := 0, 0, 0
	shift := (int(w.p.StartWeekday) + 6) % 7
	lastWeek := -1
	for d, s := range row {
		if w.base[e][d][s+1] >= inf {
			return false
		}
		if s == Off {
			continue
		}
		if d > 0 && row[d-1] != Off && w.p.Forbidden[row[d-1]][s] {
			return false
		}
		cnt[s]++
		if lim := emp.MaxShifts[s]; lim >= 0 && cnt[s] > lim {
			return false
		}
		minutes += w.p.Shifts[s].Minutes
		if w.p.IsWeekendDay(d) && (d+shift)/7 != lastWeek {
			lastWeek = (d + shift) / 7
			weekends++
		}
	}
	if minutes < emp.MinMinutes || (emp.MaxMinutes > 0 && minutes > emp.MaxMinutes) {
		return false
	}
	if emp.MaxWeekends >= 0 && weekends > emp.MaxWeekends {
		return false
	}
	// Blocks of working days and of days off.
	for d := 0; d < w.nd; d = run {
		working := row[d] != Off
		run = d
		for run < w.nd && (row[run] != Off) == working {
			run++
		}
		n := run - d
		edge := d == 0 || run == w.nd
		if working {
			if emp.MaxConsecutive > 0 && n > emp.MaxConsecutive {
				return false
			}
			if !edge && n < emp.MinConsecutive {
				return false
			}
		} else if !edge && n < emp.MinConsecutiveOff {
			return false
		}
	}
	return true
}

// swapCheckTicks: the ticks of checking both rows of a swap, a day
// (about 90 ns).
const swapCheckTicks = 5

// swapSearch tries n random block swaps between two employees and applies
// each one that improves the objective and keeps both rows
// feasible. It returns the change of w.obj (<= 0).
// Swaps of equal cost are refused: accepting them hurt medium instances
// (instance 7: 1263 against 1163 without swaps, 20 s).
//
// Its ticks are those of the feasibility checks (swapCheckTicks a day),
// which take most of its time on long rosters (a year of 50 employees:
// a third of the moves' time; uncounted, its runs ran out of the clock
// before their effort); the tries before them are cheap and bounded by
// the DP effort that earned them.
func (w *worker) swapSearch(n int) int64 {
	if w.ne < 2 || w.p.FairnessWeight > 0 {
		return 0
	}
	var total int64
	maxLen := min(w.nd, tuneSwapLen)
	for t := 0; t < n; t++ {
		a := w.rng.Intn(w.ne)
		b := w.rng.Intn(w.ne - 1)
		if b >= a {
			b++
		}
		length := 1 + w.rng.Intn(maxLen)
		lo := w.rng.Intn(w.nd - length + 1)
		hi := lo + length
		ra, rb := w.sol[a], w.sol[b]
		var delta int64
		same := true
		for d := lo; d < hi; d++ {
			sa, sb := ra[d], rb[d]
			if sa == sb {
				continue
			}
			same = false
			ca, cb := w.base[a][d][sb+1], w.base[b][d][sa+1]
			if ca >= inf || cb >= inf {
				delta = inf
				break
			}
			delta += ca + cb - w.base[a][d][sa+1] - w.base[b][d][sb+1]
		}
		if same || delta >= 0 {
			continue
		}
		for d := lo; d < hi; d++ {
			ra[d], rb[d] = rb[d], ra[d]
		}
		w.ticks += swapCheckTicks * int64(w.nd)
		if w.rowFeasible(a, ra) && w.rowFeasible(b, rb) {
			w.obj += delta
			total += delta
			continue
		}
		for d := lo; d < hi; d++ {
			ra[d], rb[d] = rb[d], ra[d]
		}
	}
	return total
}
