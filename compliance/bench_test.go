package compliance

import (
	"testing"
	"time"

	"shiftguard/roster"
)

func benchmarkEvaluate(b *testing.B, agents int) {
	in := Synth(agents, roster.Month{Year: 2026, Month: time.November}, 1)
	b.ReportAllocs()
	var n int
	cpu0 := cpuTime()
	for b.Loop() {
		vs, err := Evaluate(in)
		if err != nil {
			b.Fatal(err)
		}
		n = len(vs)
	}
	b.ReportMetric(float64(len(in.Events))*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		// Throughput per CPU second (run with -cpu 1): robust on a shared machine.
		b.ReportMetric(float64(len(in.Events))*float64(b.N)/cpu.Seconds(), "events/cpu-s")
	}
	b.ReportMetric(float64(len(in.Assignments)), "instances")
	b.ReportMetric(float64(len(in.Events)), "events")
	b.ReportMetric(float64(n), "violations")
}

// BenchmarkEvaluateMonth1000 evaluates a month of 1,000 agents (issue 2:
// at least 1,000,000 events per second on one core).
func BenchmarkEvaluateMonth1000(b *testing.B) { benchmarkEvaluate(b, 1000) }

// BenchmarkEvaluateMonth10000 evaluates a month of 10,000 agents (issue 2:
// linear in the number of agents).
func BenchmarkEvaluateMonth10000(b *testing.B) { benchmarkEvaluate(b, 10000) }
