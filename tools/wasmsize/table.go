package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// goal is issue 15's goal 4: every .wasm at most this many bytes stripped.
const goal = 4_000_000

// table prints the stripped size of each program beside base's (the
// hello-world Go wasm), in bytes and as a ratio to it, and whether it is
// within goal 4: the product's programs, and the floors of
// e2e/testdata/floors (what a program that does one job of the worker
// costs), side by side. With noFmt (a file), each is built a second time
// with that file as the whole of package fmt.
func table(w io.Writer, base string, pkgs []string, noFmt string) error {
	dir, err := os.MkdirTemp("", "wasmsize")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var overlay []string
	if noFmt != "" {
		o, err := fmtOverlay(dir, noFmt)
		if err != nil {
			return err
		}
		overlay = []string{"-overlay=" + o}
	}
	built := 0
	size := func(pkg string, more ...string) (int64, error) {
		built++
		out, err := build(dir, fmt.Sprintf("%d.wasm", built), pkg, "-s -w", more...)
		if err != nil {
			return 0, err
		}
		st, err := os.Stat(out)
		if err != nil {
			return 0, err
		}
		return st.Size(), nil
	}
	b, err := size(base)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "stripped (build.sh's -trimpath -ldflags=\"-s -w\"), against %s\n", base)
	fmt.Fprintf(w, "%12s %6s %7s  %-18s %s\n", "bytes", "MB", "ratio", "≤ 4,000,000 B", "program")
	fmt.Fprintf(w, "%12d %6.2f %7.2f  %-18s %s\n", b, float64(b)/1e6, 1.0, "(baseline)", base)
	row := func(p, label string, n int64) {
		verdict := "met"
		if n > goal {
			verdict = fmt.Sprintf("NOT MET (+%d)", n-goal)
		}
		fmt.Fprintf(w, "%12d %6.2f %7.2f  %-18s %s\n", n, float64(n)/1e6, float64(n)/float64(b), verdict, label)
	}
	for _, p := range pkgs {
		n, err := size(p)
		if err != nil {
			return err
		}
		row(p, p, n)
		if overlay == nil {
			continue
		}
		m, err := size(p, overlay...)
		if err != nil {
			return err
		}
		if m != n { // the same: the program links no fmt
			row(p, p+" without fmt (-nofmt "+noFmt+")", m)
		}
	}
	fmt.Fprintln(w)
	return nil
}

// fmtOverlay writes, into dir, a go build -overlay file that puts stub in
// place of the toolchain's package fmt (its other files left out).
func fmtOverlay(dir, stub string) (string, error) {
	stub, err := filepath.Abs(stub)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(stub); err != nil {
		return "", err
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(goroot)), "src", "fmt", "*.go"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("the toolchain's fmt: no files (%v)", err)
	}
	replace := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			replace[f] = ""
		}
	}
	replace[files[0]] = stub
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	o := filepath.Join(dir, "nofmt-overlay.json")
	return o, os.WriteFile(o, b, 0o644)
}
