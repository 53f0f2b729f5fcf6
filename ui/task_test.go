package ui

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Long work runs off the UI goroutine with its progress shown; the cancel
// button stops it and the screen hears context.Canceled.
func TestTaskProgressAndCancel(t *testing.T) {
	test.NewTempApp(t)
	st := &appState{ctx: context.Background()}
	tk := newTask()
	started := make(chan struct{})
	var got error
	st.run(tk, "working", func(ctx context.Context, progress func(int, int)) error {
		progress(3, 10)
		close(started)
		<-ctx.Done()
		return nil
	}, func(err error) { got = err })
	<-started
	if !tk.running() || !tk.box.Visible() || tk.status.Text != "working" {
		t.Fatal("the task does not show while it runs")
	}
	if v := tk.bar.Value; v != 0.3 {
		t.Errorf("progress %v, want 0.3", v)
	}
	test.Tap(tk.stop)
	st.wait()
	if !errors.Is(got, context.Canceled) || tk.running() || tk.box.Visible() {
		t.Errorf("after cancel: err %v, running %v, shown %v", got, tk.running(), tk.box.Visible())
	}
	if errText(got) != T("err.cancelled") {
		t.Errorf("cancel reads %q", errText(got))
	}
}
