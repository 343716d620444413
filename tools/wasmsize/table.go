package main

import (
	"fmt"
	"io"
	"os"
)

// goal is issue 15's goal 4: every .wasm at most this many bytes stripped.
const goal = 4_000_000

// table prints the stripped size of each program beside base's (the
// hello-world Go wasm), in bytes and as a ratio to it, and whether it is
// within goal 4: the product's programs, and the floors of
// e2e/testdata/floors (what a program that does one job of the worker
// costs), side by side.
func table(w io.Writer, base string, pkgs []string) error {
	dir, err := os.MkdirTemp("", "wasmsize")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	size := func(i int, pkg string) (int64, error) {
		out, err := build(dir, fmt.Sprintf("%d.wasm", i), pkg, "-s -w")
		if err != nil {
			return 0, err
		}
		st, err := os.Stat(out)
		if err != nil {
			return 0, err
		}
		return st.Size(), nil
	}
	b, err := size(0, base)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "stripped (build.sh's -trimpath -ldflags=\"-s -w\"), against %s\n", base)
	fmt.Fprintf(w, "%12s %6s %7s  %-18s %s\n", "bytes", "MB", "ratio", "≤ 4,000,000 B", "program")
	fmt.Fprintf(w, "%12d %6.2f %7.2f  %-18s %s\n", b, float64(b)/1e6, 1.0, "(baseline)", base)
	for i, p := range pkgs {
		n, err := size(i+1, p)
		if err != nil {
			return err
		}
		verdict := "met"
		if n > goal {
			verdict = fmt.Sprintf("NOT MET (+%d)", n-goal)
		}
		fmt.Fprintf(w, "%12d %6.2f %7.2f  %-18s %s\n", n, float64(n)/1e6, float64(n)/float64(b), verdict, p)
	}
	fmt.Fprintln(w)
	return nil
}
