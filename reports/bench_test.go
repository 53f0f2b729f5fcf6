package reports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shiftguard/roster"
)

// yearOfAttendance returns a year of attendance for n employees: one row
// per employee per day (365n rows), with lates, early departures, absences
// and leave sprinkled in.
func yearOfAttendance(n int) ([]roster.Employee, []AttendanceDay) {
	emps := manyEmployees(n)
	shifts := []roster.ShiftType{
		{Code: "D", Start: 8 * 60, End: 17 * 60, MealBreakMin: 60},
		{Code: "E", Start: 14 * 60, End: 23 * 60, MealBreakMin: 30},
		{Code: "N", Start: 22 * 60, End: 7 * 60},
	}
	first := roster.NewDate(2025, 1, 1)
	days := make([]AttendanceDay, 0, 365*n)
	for i := range emps {
		for k := 0; k < 365; k++ {
			date := first.AddDays(k)
			st := &shifts[(i+k/7)%3]
			start, end := st.Bounds(date, shanghai)
			day := AttendanceDay{Employee: emps[i].Code, Date: date, Shift: st.Code, Start: start, End: end, ScheduledMin: st.Minutes() - st.MealBreakMin}
			switch h := (i*31 + k*17) % 97; {
			case h == 0:
				day.Absent = true
			case h == 1:
				day.Leave = roster.LeaveAnnual
			case h < 6:
				day.ClockIn, day.ClockOut, day.LateMin = start.Add(time.Duration(h)*time.Minute), end.Add(5*time.Minute), h
			case h < 9:
				day.ClockIn, day.ClockOut, day.EarlyMin = start.Add(-10*time.Minute), end.Add(-time.Duration(h)*time.Minute), h
			default:
				day.ClockIn, day.ClockOut = start.Add(-12*time.Minute), end.Add(3*time.Minute)
			}
			days = append(days, day)
		}
	}
	return emps, days
}

// manyEmployees returns n employees E0000, E0001, ... in eight teams.
func manyEmployees(n int) []roster.Employee {
	emps := make([]roster.Employee, n)
	for i := range emps {
		emps[i] = roster.Employee{Code: fmt.Sprintf("E%04d", i), Name: "员工" + strconv.Itoa(i), Team: fmt.Sprintf("%c组", 'A'+i%8), Active: true}
	}
	return emps
}

// peakSampler samples live heap and total Go memory every 5 ms.
type peakSampler struct {
	cpu0        time.Duration
	stop        chan struct{}
	wg          sync.WaitGroup
	heap, total uint64
	samples     []metrics.Sample
}

func startPeak() *peakSampler {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // Linux: reset the peak RSS (VmHWM)
	p := &peakSampler{stop: make(chan struct{}), cpu0: cpuTime(), samples: []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(p.samples)
			p.heap = max(p.heap, p.samples[0].Value.Uint64())
			p.total = max(p.total, p.samples[1].Value.Uint64())
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// cpuTime returns the process's user and system CPU time; it compares runs
// on a busy machine better than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (p *peakSampler) report(b *testing.B) {
	close(p.stop)
	p.wg.Wait()
	b.ReportMetric((cpuTime()-p.cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(p.heap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(p.total)/(1<<20), "peak-go-MB")
	if st, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(st), "\n") {
			if f := strings.Fields(line); len(f) == 3 && f[0] == "VmHWM:" {
				kb, _ := strconv.Atoi(f[1])
				b.ReportMetric(float64(kb)/1024, "peak-rss-MB")
			}
		}
	}
}

// countWriter counts the bytes of the workbook.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func benchEmployees(b *testing.B) int {
	if testing.Short() {
		return 20
	}
	return 1000
}

// BenchmarkAttendanceYear writes a year of attendance for 1,000 employees
// (365,000 rows × 12 columns) with WriteAttendanceDetail.
func BenchmarkAttendanceYear(b *testing.B) {
	emps, days := yearOfAttendance(benchEmployees(b))
	in := &AttendanceInput{From: roster.NewDate(2025, 1, 1), To: roster.NewDate(2025, 12, 31), Lang: LangZH, Employees: emps, Days: days}
	runtime.GC()
	p := startPeak()
	b.ResetTimer()
	var w countWriter
	for i := 0; i < b.N; i++ {
		w.n = 0
		if err := WriteAttendanceDetail(&w, in); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	p.report(b)
	b.ReportMetric(float64(w.n)/(1<<20), "xlsx-MB")
	b.ReportMetric(float64(len(days)), "rows")
}

// BenchmarkBareStreamWriter writes the same cells with a bare excelize
// StreamWriter: no styles, widths, panes or title, the baseline of
// BenchmarkAttendanceYear.
func BenchmarkBareStreamWriter(b *testing.B) {
	emps, days := yearOfAttendance(benchEmployees(b))
	runtime.GC()
	p := startPeak()
	b.ResetTimer()
	var w countWriter
	for i := 0; i < b.N; i++ {
		w.n = 0
		if err := bareStream(&w, emps, days); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	p.report(b)
	b.ReportMetric(float64(w.n)/(1<<20), "xlsx-MB")
}

func bareStream(w io.Writer, emps []roster.Employee, days []AttendanceDay) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	hdr := make([]any, len(detailColumns))
	for i, c := range detailColumns {
		hdr[i] = T(LangZH, c.key)
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return err
	}
	emp := employeeIndex(emps)
	names := statusNames(LangZH)
	for i := range days {
		d := &days[i]
		e := emp[d.Employee]
		row := []any{dateSerial(d.Date), d.Employee, e.Name, e.Team, d.Shift, serialOrNil(d.Start), serialOrNil(d.End),
			serialOrNil(d.ClockIn), serialOrNil(d.ClockOut), d.LateMin, d.EarlyMin, names[statusOf(d)]}
		ref, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// punchCSV returns n punches of 1,000 employees as a time clock's CSV.
func punchCSV(n int) []byte {
	var buf bytes.Buffer
	buf.Grow(n * 40)
	buf.WriteString("工号,姓名,打卡时间,打卡类型\n")
	start := time.Date(2025, 1, 1, 7, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		emp := i % 1000
		t := start.Add(time.Duration(i/1000) * 6 * time.Hour).Add(time.Duration(emp) * time.Second)
		kind := "上班"
		if (i/1000)%2 == 1 {
			kind = "下班"
		}
		fmt.Fprintf(&buf, "E%04d,员工%d,%s,%s\n", emp, emp, t.Format("2006-01-02 15:04:05"), kind)
	}
	return buf.Bytes()
}

// BenchmarkImportPunchesCSV parses 1,000,000 punches from CSV (the target
// is under 15 s including the store's bulk insert).
func BenchmarkImportPunchesCSV(b *testing.B) {
	n := 1_000_000
	if testing.Short() {
		n = 10_000
	}
	data := punchCSV(n)
	emps := manyEmployees(1000)
	m := PunchMapping{EmployeeCol: 0, TimeCol: 2, KindCol: 3, Header: true}
	opt := PunchImportOptions{Location: shanghai, Employees: emps, RecordedBy: "hr1"}
	runtime.GC()
	p := startPeak()
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		evs, err := ImportPunches("punches.csv", bytes.NewReader(data), m, opt)
		if err != nil || len(evs) != n {
			b.Fatalf("%d events, %v", len(evs), err)
		}
	}
	b.StopTimer()
	p.report(b)
	b.ReportMetric(float64(n), "punches")
}
