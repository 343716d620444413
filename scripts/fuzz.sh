#!/usr/bin/env bash
# Runs every fuzz target for the given time each (default 60s), in the given
# packages (default all), and prints a table: target, time, executions, new
# inputs kept in the cache, and what it found. A failure is kept by go test
# in the package's testdata/fuzz/<target>/ (commit it: it becomes a seed
# that every `go test` runs); the script goes on with the other targets and
# exits non-zero at the end.
#   scripts/fuzz.sh 60s               every target, a minute each (make fuzz)
#   scripts/fuzz.sh 5s ./protocol/    the answer parsers, as CI runs them
set -uo pipefail
t=${1:-60s}
shift || true
cd "$(dirname "$0")/.."
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && pkgs=(./...)
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
failed=0
for pkg in $(go list "${pkgs[@]}"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "== $pkg $target ($t)"
    out=$(go test -run '^$' -fuzz "^${target}\$" -fuzztime "$t" "$pkg" 2>&1)
    rc=$?
    echo "$out" | tail -n 30
    # The last progress line: "fuzz: elapsed: 1m0s, execs: 123 (2/sec), new interesting: 4 (total: 11)".
    last=$(echo "$out" | grep -E '^fuzz: elapsed:' | tail -n 1)
    execs=$(echo "$last" | sed -nE 's/.*execs: ([0-9]+).*/\1/p')
    newi=$(echo "$last" | sed -nE 's/.*new interesting: ([0-9]+).*/\1/p')
    if [ $rc -eq 0 ]; then
      found="nothing"
    else
      failed=1
      found="FAILED: $(echo "$out" | grep -m1 -E 'Failing input written to|--- FAIL|panic:' | sed 's/^ *//')"
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "${pkg#github.com/wxdrop/wxdrop/}.$target" "$t" "${execs:-?}" "${newi:-?}" "$found" >>"$summary"
  done
done
echo
table() { printf 'target\ttime\texecs\tnew inputs\tfound\n'; cat "$summary"; }
if command -v column >/dev/null; then table | column -t -s $'\t'; else table; fi
exit $failed
