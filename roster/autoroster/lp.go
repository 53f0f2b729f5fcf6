package autoroster

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// A small revised simplex for the restricted master problem of column
// generation. Every column has coefficients +1 (or -1 for the surplus
// variables) on a few rows, the rows number a few hundred, so a dense basis
// inverse updated by one pivot at a time is simple and fast enough. The
// right-hand side is perturbed slightly to avoid stalling on the heavy
// degeneracy of set-partitioning problems.

// lpCol is a column of the master: coefficient sign on each of rows.
type lpCol struct {
	cost float64
	rows []int32
	sign float64
}

// lpMaster is a standard-form LP min c.x, Ax = b, x >= 0 whose initial
// basis is given by one column per row with coefficient +1 on that row
// alone (or a triangular set the caller makes feasible).
type lpMaster struct {
	m       int
	b       []float64
	cols    []lpCol
	basis   []int   // column at each basis position
	pos     []int32 // basis position of each column, -1 when non-basic
	dead    []bool  // columns that may no longer enter the basis
	binv    []float64
	xb      []float64
	y       []float64 // duals of the last optimal basis
	d       []float64
	pivots  int
	lastInv int
	next    int // where partial pricing resumes
}

// lpInvertEvery*m+200 pivots pass between two inversions of the basis: an
// inversion costs about 2m pivots; rarer ones let the updates drift, which
// on degenerate masters changes the path and often lengthens it.
const lpInvertEvery = 4

const (
	lpPivTol  = 1e-9
	lpCostTol = 1e-7
)

func newLPMaster(b []float64) *lpMaster {
	m := len(b)
	lp := &lpMaster{m: m, b: append([]float64(nil), b...)}
	lp.binv = make([]float64, m*m)
	lp.xb = make([]float64, m)
	lp.y = make([]float64, m)
	lp.d = make([]float64, m)
	lp.basis = make([]int, m)
	for i := range lp.basis {
		lp.basis[i] = -1
	}
	return lp
}

// add appends a column and returns its index.
func (lp *lpMaster) add(c lpCol) int {
	lp.cols = append(lp.cols, c)
	lp.pos = append(lp.pos, -1)
	lp.dead = append(lp.dead, false)
	return len(lp.cols) - 1
}

// setBasis makes cols the basis (one per row, in row order) and computes
// its inverse and the basic solution. It returns false if the basis is
// singular.
func (lp *lpMaster) setBasis(cols []int) bool {
	for _, j := range lp.basis {
		if j >= 0 {
			lp.pos[j] = -1
		}
	}
	copy(lp.basis, cols)
	for i, j := range cols {
		lp.pos[j] = int32(i)
	}
	return lp.invert()
}

// invert recomputes the basis inverse by Gauss-Jordan elimination with
// partial pivoting, and the basic solution from it.
func (lp *lpMaster) invert() bool {
	m := lp.m
	a := make([]float64, m*m)
	for i, j := range lp.basis {
		c := lp.cols[j]
		for _, r := range c.rows {
			a[int(r)*m+i] = c.sign
		}
	}
	inv := lp.binv
	for i := range inv {
		inv[i] = 0
	}
	for i := 0; i < m; i++ {
		inv[i*m+i] = 1
	}
	for col := 0; col < m; col++ {
		p, best := -1, 1e-12
		for r := col; r < m; r++ {
			if v := math.Abs(a[r*m+col]); v > best {
				p, best = r, v
			}
		}
		if p < 0 {
			return false
		}
		if p != col {
			for k := 0; k < m; k++ {
				a[p*m+k], a[col*m+k] = a[col*m+k], a[p*m+k]
				inv[p*m+k], inv[col*m+k] = inv[col*m+k], inv[p*m+k]
			}
		}
		piv := a[col*m+col]
		for k := 0; k < m; k++ {
			a[col*m+k] /= piv
			inv[col*m+k] /= piv
		}
		for r := 0; r < m; r++ {
			if r == col {
				continue
			}
			f := a[r*m+col]
			if f == 0 {
				continue
			}
			axpy(a[r*m:(r+1)*m], a[col*m:(col+1)*m], -f)
			axpy(inv[r*m:(r+1)*m], inv[col*m:(col+1)*m], -f)
		}
	}
	lp.computeX()
	lp.lastInv = lp.pivots
	return true
}

func (lp *lpMaster) computeX() {
	m := lp.m
	for i := 0; i < m; i++ {
		row := lp.binv[i*m : (i+1)*m]
		s := 0.0
		for k, v := range row {
			s += v * lp.b[k]
		}
		lp.xb[i] = s
	}
}

// duals computes y = c_B B^-1.
func (lp *lpMaster) duals() {
	m := lp.m
	for k := range lp.y {
		lp.y[k] = 0
	}
	for i, j := range lp.basis {
		cb := lp.cols[j].cost
		if cb == 0 {
			continue
		}
		row := lp.binv[i*m : (i+1)*m]
		for k, v := range row {
			lp.y[k] += cb * v
		}
	}
}

// reduced returns the reduced cost of column j under the current duals.
func (lp *lpMaster) reduced(j int) float64 {
	c := &lp.cols[j]
	s := 0.0
	for _, r := range c.rows {
		s += lp.y[r]
	}
	return c.cost - c.sign*s
}

// solve runs primal simplex iterations from the current (feasible) basis
// until optimal or maxPivots; it reports whether optimality was reached.
// The duals of the final basis are in lp.y.
func (lp *lpMaster) solve(maxPivots int) bool {
	m := lp.m
	lp.duals()
	for it := 0; it < maxPivots; it++ {
		// Partial pricing: the most negative reduced cost within a chunk
		// of columns, starting where the last search stopped; the whole
		// set is scanned before optimality is declared.
		q, best := -1, -lpCostTol
		n := len(lp.cols)
		chunk := max(256, n/8)
		for scanned := 0; scanned < n && (q < 0 || scanned < chunk); scanned++ {
			j := lp.next
			if lp.next++; lp.next >= n {
				lp.next = 0
			}
			if lp.pos[j] >= 0 || lp.dead[j] {
				continue
			}
			if rc := lp.reduced(j); rc < best {
				q, best = j, rc
			}
		}
		if q < 0 {
			return true
		}
		lp.ftran(q)
		p, theta := -1, math.Inf(1)
		for i := 0; i < m; i++ {
			if lp.d[i] > lpPivTol {
				t := max(lp.xb[i], 0) / lp.d[i]
				if t < theta-1e-12 || (t < theta+1e-12 && p >= 0 && lp.d[i] > lp.d[p]) {
					p, theta = i, t
				}
			}
		}
		if p < 0 {
			return false // unbounded: cannot happen with non-negative costs
		}
		if !lp.pivot(q, p, theta, best) {
			return false
		}
	}
	lp.duals()
	return false
}

// ftran sets lp.d = B^-1 a_q.
func (lp *lpMaster) ftran(q int) {
	m := lp.m
	c := &lp.cols[q]
	for i := 0; i < m; i++ {
		row := lp.binv[i*m : (i+1)*m]
		s := 0.0
		for _, r := range c.rows {
			s += row[r]
		}
		lp.d[i] = c.sign * s
	}
}

// pivot makes column q (with lp.d = B^-1 a_q and reduced cost rcq) basic
// in place of basis position p, moving the basic solution by theta along
// d; it updates the inverse and the duals (or reinverts every
// lpInvertEvery*m+200 pivots). It reports false when the basis became singular.
func (lp *lpMaster) pivot(q, p int, theta, rcq float64) bool {
	m := lp.m
	for i := 0; i < m; i++ {
		lp.xb[i] -= theta * lp.d[i]
	}
	lp.xb[p] = theta
	prow := lp.binv[p*m : (p+1)*m]
	dp := lp.d[p]
	for k := range prow {
		prow[k] /= dp
	}
	for i := 0; i < m; i++ {
		if i == p || lp.d[i] == 0 {
			continue
		}
		axpy(lp.binv[i*m:(i+1)*m], prow, -lp.d[i])
	}
	lp.pos[lp.basis[p]] = -1
	lp.basis[p] = q
	lp.pos[q] = int32(p)
	lp.pivots++
	if lp.pivots-lp.lastInv >= lpInvertEvery*m+200 {
		if !lp.invert() {
			return false
		}
		lp.duals()
		return true
	}
	// y' = y + rc_q * (row p of the new inverse): q's reduced cost
	// becomes zero and every other basic column's stays zero.
	axpy(lp.y, prow, rcq)
	return true
}

// value returns the value of column j in the current basic solution.
func (lp *lpMaster) value(j int) float64 {
	if p := lp.pos[j]; p >= 0 {
		return lp.xb[p]
	}
	return 0
}

// objective returns c.x of the current basic solution.
func (lp *lpMaster) objective() float64 {
	s := 0.0
	for i, j := range lp.basis {
		s += lp.cols[j].cost * lp.xb[i]
	}
	return s
}

// axpy sets y += a*x (len(y) == len(x)): the inner loop of every pivot
// and of reinversion (65% of the root's time on instance 12). gonum's
// floats.AddScaled runs it in SIMD assembly on amd64, about twice as fast
// as plain Go for rows of 340-624 entries; it multiplies and adds
// separately, as the Go loop did, so the values are the same to the bit.
func axpy(y, x []float64, a float64) {
	floats.AddScaled(y, a, x)
}
