#!/usr/bin/env bash
# Usage: scripts/bench-check.sh [RUNS]   (GOSYM_BASELINE=path/to/old/gosym adds a baseline line;
#        BUDGETS="16 64" adds a line per budget of resident input pages, GOSYM_RESIDENT_MIB)
# `gosym check` against the real go1.27 link of the same inputs, same run,
# alternating (link, check, link, check, …): the link sets of cmd/go and
# of a program over real third-party packages (testdata/oracle/
# thirdparty-wide, Debian's golang-*-dev in GOPATH mode), each with go
# build's own importcfg (`go list -export -deps`). Prints the median wall
# time and median peak RSS (GNU time) of RUNS runs (default 5) and the
# ratios check/link. The page cache is warmed first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
v=1.27
goroot=/usr/lib/go-$v
[ -x "$goroot/bin/go" ] || { echo "bench-check: go$v not installed (scripts/install-go-toolchains.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-check: GNU time (/usr/bin/time) missing" >&2; exit 1; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
gosym="$root/target/release/gosym"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
export GOCACHE="${GOSYM_CACHE:-$HOME/.cache/gosym}/gocache-$v"

importcfg() { # NAME GOPATH-or-empty PKG
  local gp=$2
  if [ -n "$gp" ]; then
    GO111MODULE=off GOPATH="$gp:/usr/share/gocode" "$goroot/bin/go" list -export -deps \
      -f '{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}' "$3" > "$work/ic-$1"
  else
    "$goroot/bin/go" list -export -deps -f '{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}' "$3" > "$work/ic-$1"
  fi
}

sets=(cmdgo)
importcfg cmdgo "" cmd/go
main_cmdgo=$(grep '^packagefile cmd/go=' "$work/ic-cmdgo" | cut -d= -f2)
if [ -d /usr/share/gocode/src/github.com/andybalholm/brotli ]; then
  mkdir -p "$work/gopath/src/app"
  cp "$root/testdata/oracle/thirdparty-wide/main.go" "$work/gopath/src/app/"
  importcfg wide "$work/gopath" app
  main_wide=$(grep '^packagefile app=' "$work/ic-wide" | cut -d= -f2)
  sets+=(wide)
else
  echo "bench-check: third-party sources missing (scripts/install-go-toolchains.sh): cmd/go only" >&2
fi

# One run: "ms kb" of the command.
one() {
  /usr/bin/time -o "$work/t" -f '%e %M' "$@" > /dev/null 2>&1 || true
  awk '{printf "%d %d\n", $1 * 1000, $2}' "$work/t"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| link set | packages | MiB | check ms | link ms | time ratio | check MiB | link MiB | RSS ratio |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for s in "${sets[@]}"; do
  ic="$work/ic-$s"
  main_var="main_$s"
  main=${!main_var}
  n=$(wc -l < "$ic")
  mib=$(cut -d= -f2 "$ic" | xargs cat | wc -c | awk '{printf "%d", $1 / 1048576}')
  cut -d= -f2 "$ic" | xargs cat > /dev/null
  link=("$goroot/pkg/tool/linux_amd64/link" -importcfg "$ic" -o "$work/a.out" "$main")
  check=("$gosym" check --goroot "$goroot" -importcfg "$ic" "$main")
  "${check[@]}" > /dev/null || { echo "bench-check: gosym check of $s failed" >&2; exit 1; }
  : > "$work/l"; : > "$work/c"
  for b in ${BUDGETS:-}; do : > "$work/b$b"; done
  for _ in $(seq "$runs"); do
    one "${link[@]}" >> "$work/l"
    one env -u GOSYM_RESIDENT_MIB "${check[@]}" >> "$work/c"
    for b in ${BUDGETS:-}; do one env GOSYM_RESIDENT_MIB="$b" "${check[@]}" >> "$work/b$b"; done
  done
  lt=$(cut -d' ' -f1 "$work/l" | median); lm=$(cut -d' ' -f2 "$work/l" | median)
  ct=$(cut -d' ' -f1 "$work/c" | median); cm=$(cut -d' ' -f2 "$work/c" | median)
  awk -v s="$s" -v n="$n" -v mib="$mib" -v ct="$ct" -v lt="$lt" -v cm="$cm" -v lm="$lm" 'BEGIN {
    printf "| %s | %d | %d | %d | %d | %.2f | %d | %d | %.2f |\n", s, n, mib, ct, lt, ct / lt, cm / 1024, lm / 1024, cm / lm }'
  for b in ${BUDGETS:-}; do
    bt=$(cut -d' ' -f1 "$work/b$b" | median); bm=$(cut -d' ' -f2 "$work/b$b" | median)
    awk -v b="$b" -v bt="$bt" -v lt="$lt" -v bm="$bm" -v lm="$lm" 'BEGIN {
      printf "  GOSYM_RESIDENT_MIB=%s: %d ms (%.2f), %d MiB (%.2f)\n", b, bt, bt / lt, bm / 1024, bm / lm }'
  done
  if [ -n "${GOSYM_BASELINE:-}" ]; then
    : > "$work/b"
    for _ in $(seq "$runs"); do one "$GOSYM_BASELINE" check --goroot "$goroot" -importcfg "$ic" "$main" >> "$work/b"; done
    echo "  baseline: $(cut -d' ' -f1 "$work/b" | median) ms, $(( $(cut -d' ' -f2 "$work/b" | median) / 1024 )) MiB"
  fi
done
