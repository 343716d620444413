// Command mutate checks that the tests catch what they claim: it applies
// each breakage of its list (list.go) alone, in a scratch copy of the
// repository, runs the package tests that should catch it, and prints a
// table of caught / survived. It exits non-zero when a breakage survived,
// when one no longer applies (its text is not in the file exactly once, or
// it does not compile), or when the tests fail without any breakage.
//
// Run it with `make mutate`; -e2e adds the breakages only the end-to-end
// tests catch (they drive Chromium, minutes each), -only runs the ones whose
// name matches a regular expression, -list prints the list.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// mutation is one deliberate breakage and the tests that must notice it.
type mutation struct {
	// Name says what is broken, in a few words.
	Name string
	// File is relative to the repository's root; Old must occur in it
	// exactly once and is replaced by New.
	File, Old, New string
	// Pkgs are the packages whose tests must fail (go test arguments).
	Pkgs []string
	// Run, when set, limits the tests run (go test -run); only for e2e,
	// where the whole package takes many minutes.
	Run string
	// E2E: only the end-to-end tests catch it; run with -e2e.
	E2E bool
	// Wasm: the tests that catch it run as WebAssembly under Node
	// (GOOS=js GOARCH=wasm), where the browser's own URL parser is.
	Wasm bool
}

type result struct {
	m       mutation
	outcome string // caught, survived, stale, broken
	by      []string
	took    time.Duration
}

func main() {
	e2e := flag.Bool("e2e", false, "also run the breakages only the end-to-end tests catch")
	only := flag.String("only", "", "run only the breakages whose name matches this regular expression")
	list := flag.Bool("list", false, "print the list and exit")
	keep := flag.Bool("keep", false, "keep the scratch copy")
	timeout := flag.Duration("timeout", 5*time.Minute, "go test -timeout for one package run")
	flag.Parse()
	err := run(*e2e, *only, *list, *keep, *timeout)
	switch {
	case errors.Is(err, errSurvived):
		os.Exit(1)
	case err != nil:
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
}

// errSurvived: the table is printed, and not every breakage was caught.
var errSurvived = errors.New("not every breakage was caught")

func run(e2e bool, only string, list, keep bool, timeout time.Duration) error {
	sel, err := selected(e2e, only)
	if err != nil {
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if list {
		w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "breakage\tfile\tmust fail\tapplies")
		for _, m := range sel {
			n, _ := count(filepath.Join(root, m.File), m.Old)
			fmt.Fprintf(w, "%s\t%s\t%s\t%v\n", m.Name, m.File, pkgsOf(m), n == 1)
		}
		return w.Flush()
	}
	scratch, err := os.MkdirTemp("", "wxdrop-mutate-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("scratch copy:", scratch)
	} else {
		defer os.RemoveAll(scratch)
	}
	if err := copyTree(root, scratch); err != nil {
		return fmt.Errorf("copying the repository: %w", err)
	}
	// Every breakage must apply before anything runs: a stale entry is a
	// list to mend, not a result.
	var stale []string
	for _, m := range sel {
		if n, err := count(filepath.Join(scratch, m.File), m.Old); err != nil || n != 1 {
			stale = append(stale, fmt.Sprintf("%s: %s holds its text %d times (%v)", m.Name, m.File, n, err))
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("breakages that no longer apply:\n  %s", strings.Join(stale, "\n  "))
	}
	// Without a breakage every command must pass, or "caught" means nothing.
	seen := map[string]bool{}
	for _, m := range sel {
		key := pkgsOf(m) + " " + m.Run
		if m.Wasm {
			key += " (GOOS=js GOARCH=wasm)"
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		fmt.Printf("baseline: go test %s\n", key)
		if out, err := goTest(scratch, m, timeout); err != nil {
			os.Stdout.Write(tail(out, 40))
			return fmt.Errorf("the tests fail without any breakage (%s): %w", key, err)
		}
	}
	var results []result
	for i, m := range sel {
		fmt.Printf("[%d/%d] %s\n", i+1, len(sel), m.Name)
		results = append(results, apply(scratch, m, timeout))
	}
	return report(results)
}

func selected(e2e bool, only string) ([]mutation, error) {
	var re *regexp.Regexp
	if only != "" {
		var err error
		if re, err = regexp.Compile(only); err != nil {
			return nil, fmt.Errorf("-only: %w", err)
		}
	}
	names := map[string]bool{}
	var out []mutation
	for _, m := range mutations {
		if names[m.Name] {
			return nil, fmt.Errorf("two breakages named %q", m.Name)
		}
		names[m.Name] = true
		if m.E2E && !e2e || re != nil && !re.MatchString(m.Name) {
			continue
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, errors.New("no breakage selected")
	}
	return out, nil
}

func pkgsOf(m mutation) string { return strings.Join(m.Pkgs, " ") }

// apply breaks one thing, runs its tests and puts the file back.
func apply(dir string, m mutation, timeout time.Duration) result {
	res := result{m: m}
	path := filepath.Join(dir, m.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		res.outcome = "stale"
		return res
	}
	defer os.WriteFile(path, orig, 0o644)
	if err := os.WriteFile(path, bytes.Replace(orig, []byte(m.Old), []byte(m.New), 1), 0o644); err != nil {
		res.outcome = "stale"
		return res
	}
	start := time.Now()
	out, err := goTest(dir, m, timeout)
	res.took = time.Since(start).Round(100 * time.Millisecond)
	switch {
	case err == nil:
		res.outcome = "survived"
	case buildFailed.Match(out):
		// A breakage that does not compile proves nothing about the tests.
		res.outcome = "broken"
		os.Stdout.Write(tail(out, 20))
	default:
		res.outcome = "caught"
		res.by = failedTests(out)
	}
	return res
}

var (
	buildFailed = regexp.MustCompile(`\[(build|setup) failed\]`)
	failLine    = regexp.MustCompile(`(?m)^\s*--- FAIL: (\S+)`)
	panicLine   = regexp.MustCompile(`(?m)^panic: `)
)

// failedTests names the top-level tests that failed (or "panic").
func failedTests(out []byte) []string {
	var names []string
	for _, m := range failLine.FindAllSubmatch(out, -1) {
		n := strings.SplitN(string(m[1]), "/", 2)[0]
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 && panicLine.Match(out) {
		names = append(names, "panic")
	}
	return names
}

func goTest(dir string, m mutation, timeout time.Duration) ([]byte, error) {
	args := []string{"test", "-count=1", "-timeout", timeout.String()}
	var env []string
	if m.Wasm {
		root, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return nil, err
		}
		args = append(args, "-exec="+filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "go_js_wasm_exec"))
		env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	}
	if m.Run != "" {
		args = append(args, "-run", m.Run)
	}
	args = append(args, m.Pkgs...)
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = env // nil: the process's own
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	return buf.Bytes(), err
}

func report(results []result) error {
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "\nbreakage\tpackages\tresult\ttime\tcaught by")
	bad := 0
	for _, r := range results {
		if r.outcome != "caught" {
			bad++
		}
		by := strings.Join(r.by, ", ")
		if len(by) > 70 {
			by = by[:67] + "..."
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.m.Name, pkgsOf(r.m), r.outcome, r.took, by)
	}
	w.Flush()
	fmt.Printf("\n%d breakages, %d caught, %d not\n", len(results), len(results)-bad, bad)
	if bad > 0 {
		return errSurvived
	}
	return nil
}

func repoRoot() (string, error) {
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", fmt.Errorf("not in a git repository: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// copyTree copies the files git knows of or would add (tracked, and
// untracked but not ignored), so that uncommitted work is judged too.
func copyTree(root, dst string) error {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return err
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, rel)
		fi, err := os.Lstat(src)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the work tree
		}
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		if err := copyFile(src, filepath.Join(dst, rel), fi.Mode()); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string, mode os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode.Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func count(path, s string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return bytes.Count(b, []byte(s)), nil
}

func tail(b []byte, lines int) []byte {
	parts := bytes.Split(b, []byte("\n"))
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return append(bytes.Join(parts, []byte("\n")), '\n')
}
