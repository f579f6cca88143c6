#!/usr/bin/env bash
# Usage: scripts/bench-scale.sh [RUNS]        (default 3 runs, median)
#        scripts/bench-scale.sh --build-only  (build the tree and stop)
#
# Scale bench: `gosym nm` over a build cache holding std and cmd built by
# all eight toolchains (`go build -a std cmd` per toolchain, one GOCACHE
# each; -a because go1.15 and go1.19 would otherwise use the archives in
# GOROOT/pkg and cache nothing), against, in the same run:
#   - a plain read of the same files (cat > /dev/null),
#   - each toolchain's own `go tool nm` over its own part (the entries
#     that toolchain wrote: other versions' objects it refuses),
# with gosym's peak resident size mapped and with --no-mmap (GNU time),
# the time to the first output line, and `gosym nm TREE | head -1`.
#
# The tree is built once and kept between runs at
#   ${GOSYM_CACHE:-~/.cache/gosym}/scale/gocache-1.NN
# (several GB, ~25 min on 2 cores the first time; scripts/clean-caches.sh
# removes it with the test caches).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3
build_only=0
case "${1:-}" in
  --build-only) build_only=1 ;;
  '') ;;
  *) runs=$1 ;;
esac
cache=${GOSYM_CACHE:-$HOME/.cache/gosym}/scale
versions=(1.15 1.19 1.21 1.22 1.23 1.24 1.26 1.27)
mkdir -p "$cache"

# 1. The tree: std and cmd of every installed toolchain, each in its own
#    GOCACHE. A finished build leaves a stamp, so a rerun costs nothing.
for v in "${versions[@]}"; do
  g=/usr/lib/go-$v
  [ -x "$g/bin/go" ] || { echo "bench-scale: go$v not installed (scripts/install-go-toolchains.sh)" >&2; exit 1; }
  [ -e "$cache/gocache-$v.done" ] && continue
  echo "building std and cmd with go$v into $cache/gocache-$v ..." >&2
  (cd "$cache" && env -u GOROOT -u GOAMD64 -u GOEXPERIMENT GOTOOLCHAIN=local GOFLAGS= \
      GO111MODULE=auto CGO_ENABLED=0 GOCACHE="$cache/gocache-$v" GOPATH="$cache/gopath" \
      "$g/bin/go" build -a std cmd)
  touch "$cache/gocache-$v.done"
done
[ "$build_only" = 1 ] && exit 0

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
gosym="$root/target/release/gosym"
command -v /usr/bin/time > /dev/null || { echo "bench-scale: GNU time (/usr/bin/time) needed" >&2; exit 1; }

# The entries: cache files whose content gosym reads as Go archives or
# objects (the -d suffix; the rest are action records and text).
list=$(mktemp); trap 'rm -f "$list" "$list".*' EXIT
for v in "${versions[@]}"; do
  find "$cache/gocache-$v" -type f -name '*-d' | sort > "$list.$v"
  cat "$list.$v"
done > "$list"
n=$(wc -l < "$list")
bytes=$(xargs cat < "$list" | wc -c)
echo "tree: $n entries, $((bytes / 1024 / 1024)) MiB ($cache)"

ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
trees=()
for v in "${versions[@]}"; do trees+=("$cache/gocache-$v"); done
gosym_nm() { "$gosym" nm "${trees[@]}"; }
gosym_nm_read() { "$gosym" --no-mmap nm "${trees[@]}"; }
plain_read() { xargs cat < "$list"; }
head1() { "$gosym" nm "${trees[@]}" | head -1; }
# Each toolchain's go tool nm over the entries it wrote, 2 processes at a
# time (as many as cores): it refuses other versions' objects, and a
# cache entry that is not an object, so errors are ignored.
# go1.26 and later ship no nm binary in pkg/tool: `go tool -n nm` builds it
# into the test cache once and prints its path.
nm_of() {
  local v=$1 t=/usr/lib/go-$1/pkg/tool/linux_amd64/nm
  if [ -x "$t" ]; then echo "$t"; return; fi
  env -u GOROOT GOTOOLCHAIN=local GOFLAGS= GOCACHE="${GOSYM_CACHE:-$HOME/.cache/gosym}/gocache-$v" \
    /usr/lib/go-"$v"/bin/go tool -n nm
}
go_nm_own() {
  local v=$1
  xargs -P 2 -n 200 "$(nm_of "$v")" < "$list.$v" 2> /dev/null || true
}

plain_read > /dev/null # warm the page cache
t_rd=$(for _ in $(seq "$runs"); do ms plain_read; done | median)
t_gs=$(for _ in $(seq "$runs"); do ms gosym_nm; done | median)
t_gr=$(for _ in $(seq "$runs"); do ms gosym_nm_read; done | median)
t_h1=$(for _ in $(seq "$runs"); do ms head1; done | median)
lines=$(gosym_nm 2> /dev/null | wc -l)
rss() { /usr/bin/time -f %M "$@" > /dev/null 2> "$list.rss" || true; tail -1 "$list.rss"; }
rss_map=$(rss "$gosym" nm "${trees[@]}")
rss_read=$(rss "$gosym" --no-mmap nm "${trees[@]}")
# Time to the first line: a reader that stops the clock at the first newline.
first_line() {
  python3 - "$gosym" "${trees[@]}" << 'EOF'
import subprocess, sys, time
t = time.monotonic()
p = subprocess.Popen([sys.argv[1], "nm", *sys.argv[2:]], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdout.readline()
print(int((time.monotonic() - t) * 1000))
p.kill(); p.wait()
EOF
}
t_first=$(for _ in $(seq "$runs"); do first_line; done | median)

echo "gosym nm, whole tree:           ${t_gs} ms  ($lines lines)"
echo "gosym --no-mmap nm, whole tree: ${t_gr} ms"
echo "plain read (cat > /dev/null):   ${t_rd} ms"
awk -v s="$t_gs" -v r="$t_rd" -v gr="$t_gr" 'BEGIN {
  printf "gosym / plain read:             %.2fx (--no-mmap %.2fx)\n", s / (r > 0 ? r : 1), gr / (r > 0 ? r : 1) }'
echo "peak resident size:             $((rss_map / 1024)) MiB mapped, $((rss_read / 1024)) MiB --no-mmap"
echo "first output line after:        ${t_first} ms"
echo "gosym nm TREE | head -1:        ${t_h1} ms"
# gosym audit of the same tree (issue 12: within 2x of the read, memory
# under a quarter of the bytes read).
audit() { "$gosym" audit --goroot /usr/lib/go-1.22 "${trees[@]}"; }
t_au=$(for _ in $(seq "$runs"); do ms audit; done | median)
rss_au=$(rss "$gosym" audit --goroot /usr/lib/go-1.22 "${trees[@]}")
awk -v a="$t_au" -v r="$t_rd" -v m="$rss_au" -v b="$bytes" 'BEGIN {
  printf "gosym audit, whole tree:        %d ms (%.2fx the read), peak %d MiB (%.4f of the bytes read)\n", a, a / (r > 0 ? r : 1), m / 1024, m * 1024 / b }'
echo "each toolchain's go tool nm on its own part, against gosym nm on the same part:"
for v in "${versions[@]}"; do
  own() { go_nm_own "$v"; }
  part() { xargs "$gosym" nm < "$list.$v"; }
  t_go=$(for _ in $(seq "$runs"); do ms own; done | median)
  t_p=$(for _ in $(seq "$runs"); do ms part; done | median)
  awk -v v="$v" -v n="$(wc -l < "$list.$v")" -v g="$t_go" -v s="$t_p" 'BEGIN {
    printf "  go%-5s %5d entries: go tool nm %6d ms, gosym nm %5d ms: %.1fx faster\n", v, n, g, s, g / (s > 0 ? s : 1) }'
done
