// Command wasmsize says what a Go WebAssembly program's bytes are made of:
// it builds the program for js/wasm with its function names kept
// (-trimpath -ldflags=-w), adds up the function bodies of the code
// section by Go package (matched to the name section), and prints the
// packages sorted by size, the sections, and the size of the stripped
// build (-ldflags="-s -w", what build.sh ships). The data section holds
// no names (the linker writes none for it): it is printed as one figure.
//
//	go run ./tools/wasmsize [-n 40] [-funcs net/url] [./wasm/cmd/core …]
//
// With -table it prints only the stripped sizes, each beside -base's (the
// hello-world Go wasm) as a ratio, and against issue 15's goal 4:
//
//	go run ./tools/wasmsize -table ./wasm/cmd/core ./e2e/testdata/floors/sendpath
//
// `make size` runs the first on the extension's three programs and the
// second on them and on the floors of e2e/testdata/floors.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	top := flag.Int("n", 40, "how many packages to list (0: all)")
	funcs := flag.String("funcs", "", "also list the functions of this package, largest first")
	sizes := flag.Bool("table", false, "print only each program's stripped size, as a ratio to -base's and against the 4,000,000 B goal")
	base := flag.String("base", "./e2e/testdata/hellowasm", "with -table: the baseline program (hello-world Go wasm)")
	noFmt := flag.String("nofmt", "", "with -table: also build each program with this file as the whole of package fmt (go build -overlay; e2e/testdata/floors/nofmt/fmt.go), to show what it would weigh without fmt")
	flag.Parse()
	pkgs := flag.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"./wasm/cmd/core"}
	}
	if *sizes {
		if err := table(os.Stdout, *base, pkgs, *noFmt); err != nil {
			fmt.Fprintln(os.Stderr, "wasmsize:", err)
			os.Exit(1)
		}
		return
	}
	for _, p := range pkgs {
		if err := report(os.Stdout, p, *top, *funcs); err != nil {
			fmt.Fprintln(os.Stderr, "wasmsize:", err)
			os.Exit(1)
		}
	}
}

// build compiles pkg for js/wasm with ldflags (and more go build flags)
// into dir/name.
func build(dir, name, pkg, ldflags string, more ...string) (string, error) {
	out := filepath.Join(dir, name)
	args := append([]string{"build", "-trimpath", "-ldflags=" + ldflags, "-o", out}, more...)
	cmd := exec.Command("go", append(args, pkg)...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build %s: %w", pkg, err)
	}
	return out, nil
}

// deps lists the packages pkg is built from, for js/wasm.
func deps(pkg string) (packages, error) {
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps %s: %w", pkg, err)
	}
	list := strings.Fields(string(out))
	ps := newPackages(list)
	if len(list) > 0 { // the command itself, last, is "main" in symbol names
		ps["main"] = list[len(list)-1]
	}
	return ps, nil
}

func report(w io.Writer, pkg string, top int, funcs string) error {
	dir, err := os.MkdirTemp("", "wasmsize")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	named, err := build(dir, "named.wasm", pkg, "-w")
	if err != nil {
		return err
	}
	stripped, err := build(dir, "stripped.wasm", pkg, "-s -w")
	if err != nil {
		return err
	}
	b, err := os.ReadFile(named)
	if err != nil {
		return err
	}
	m, err := parse(b)
	if err != nil {
		return fmt.Errorf("%s: %w", named, err)
	}
	st, err := os.Stat(stripped)
	if err != nil {
		return err
	}
	list, err := deps(pkg)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d B stripped (%d B with names)\n\n", pkg, st.Size(), len(b))
	printPackages(w, m, list, top)
	printSections(w, m)
	if funcs != "" {
		printFuncs(w, m, list, funcs)
	}
	return nil
}

type row struct {
	name  string
	bytes int
	count int
}

func sorted(byName map[string]*row) []*row {
	rows := make([]*row, 0, len(byName))
	for _, r := range byName {
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b *row) int {
		return cmp.Or(b.bytes-a.bytes, strings.Compare(a.name, b.name))
	})
	return rows
}

func printPackages(w io.Writer, m *module, ps packages, top int) {
	byPkg := map[string]*row{}
	total := 0
	for _, f := range m.funcs {
		p := ps.of(f.name)
		if byPkg[p] == nil {
			byPkg[p] = &row{name: p}
		}
		byPkg[p].bytes += f.size
		byPkg[p].count++
		total += f.size
	}
	rows := sorted(byPkg)
	fmt.Fprintf(w, "%10s %6s %6s  %s\n", "code B", "%", "funcs", "package")
	rest := row{}
	for i, r := range rows {
		if top > 0 && i >= top {
			rest.bytes += r.bytes
			rest.count += r.count
			continue
		}
		fmt.Fprintf(w, "%10d %6.2f %6d  %s\n", r.bytes, pct(r.bytes, total), r.count, r.name)
	}
	if rest.count > 0 {
		fmt.Fprintf(w, "%10d %6.2f %6d  (%d more packages)\n", rest.bytes, pct(rest.bytes, total), rest.count, len(rows)-top)
	}
	fmt.Fprintf(w, "%10d %6.2f %6d  all function bodies\n\n", total, 100.0, len(m.funcs))
}

func printSections(w io.Writer, m *module) {
	byName := map[string]*row{}
	for name, n := range m.sections {
		byName[name] = &row{name: name, bytes: n}
	}
	fmt.Fprintf(w, "%10s  %s\n", "bytes", "section (with names: -s drops custom:name)")
	for _, r := range sorted(byName) {
		extra := ""
		if r.name == "data" {
			extra = fmt.Sprintf(" (%d segments, %d B of contents: rodata, types, pclntab, strings; no names to attribute them)", m.segments, m.data)
		}
		fmt.Fprintf(w, "%10d  %s%s\n", r.bytes, r.name, extra)
	}
	fmt.Fprintln(w)
}

func printFuncs(w io.Writer, m *module, ps packages, pkg string) {
	byName := map[string]*row{}
	for _, f := range m.funcs {
		if ps.of(f.name) == pkg {
			byName[f.name] = &row{name: f.name, bytes: f.size, count: 1}
		}
	}
	fmt.Fprintf(w, "%10s  functions of %s\n", "code B", pkg)
	for _, r := range sorted(byName) {
		fmt.Fprintf(w, "%10d  %s\n", r.bytes, r.name)
	}
	fmt.Fprintln(w)
}

func pct(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}
