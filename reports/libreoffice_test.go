package reports

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestExportsOpenInLibreOffice converts every export, in both languages, to
// PDF with a headless LibreOffice (skipped when it is not installed) and
// loads each with openpyxl when python3 has it.
func TestExportsOpenInLibreOffice(t *testing.T) {
	office := ""
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			office = p
			break
		}
	}
	if office == "" {
		t.Skip("LibreOffice (libreoffice or soffice) is not on PATH; install libreoffice-calc-nogui to run this check")
	}
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow; skipped with -short")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "pdf")
	fx := newFixture()
	var files []string
	for _, lang := range []string{LangZH, LangEN} {
		for name, data := range fx.exports(t, lang) {
			p := filepath.Join(dir, lang+"-"+name+".xlsx")
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", out}, files...)
	cmd := exec.CommandContext(ctx, office, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s failed: %v\n%s", office, err, msg)
	}
	for _, f := range files {
		pdf := filepath.Join(out, filepath.Base(f[:len(f)-len(".xlsx")])+".pdf")
		st, err := os.Stat(pdf)
		if err != nil || st.Size() < 1000 {
			t.Errorf("%s: no PDF (%v)\n%s", filepath.Base(f), err, msg)
		}
	}
	if dst := os.Getenv("SHIFTGUARD_PDF_DIR"); dst != "" { // keep the PDFs to look at
		for _, f := range files {
			name := filepath.Base(f[:len(f)-len(".xlsx")]) + ".pdf"
			if b, err := os.ReadFile(filepath.Join(out, name)); err == nil {
				_ = os.WriteFile(filepath.Join(dst, name), b, 0o644)
			}
		}
	}

	py := ""
	for _, cand := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(cand); err == nil && exec.Command(p, "-c", "import openpyxl").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Log("python3 with openpyxl is not available; openpyxl check skipped")
		return
	}
	script := "import sys, openpyxl\nfor p in sys.argv[1:]:\n    wb = openpyxl.load_workbook(p)\n    assert wb.sheetnames, p\n    for ws in wb.worksheets:\n        ws.calculate_dimension()\n"
	if msg, err := exec.CommandContext(ctx, py, append([]string{"-c", script}, files...)...).CombinedOutput(); err != nil {
		t.Errorf("openpyxl: %v\n%s", err, msg)
	}
}
