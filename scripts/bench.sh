#!/usr/bin/env bash
# Usage: scripts/bench.sh [RUNS]    (GOSYM_BASELINE=path/to/old/gosym to compare builds)
# Whole-tool bench, same data, same run: `gosym nm -size` over all archives
# of go1.19's pkg/linux_amd64 in one process, against go1.19's `go tool nm
# -size` over the same files (two processes, half the files each), and
# against a plain read of the same bytes (cat > /dev/null); gosym also
# with --no-mmap (files read instead of mapped). Prints the median
# of RUNS runs (default 5) and the ratios. Then runs the in-process bench
# (benches/nm_std.rs) for where the time goes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
pkg=/usr/lib/go-1.19/pkg/linux_amd64
nm=/usr/lib/go-1.19/pkg/tool/linux_amd64/nm
[ -d "$pkg" ] || { echo "bench: go1.19 not installed (scripts/install-go-toolchains.sh)" >&2; exit 1; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
gosym="$root/target/release/gosym"
mapfile -t files < <(find "$pkg" -name '*.a' | sort)
n=${#files[@]}; half=$((n / 2))
bytes=$(cat "${files[@]}" | wc -c)
echo "inputs: $n archives, $((bytes / 1024 / 1024)) MiB"

ms() { local s e; s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
go_nm() { "$nm" -size "${files[@]:0:$half}"; "$nm" -size "${files[@]:$half}"; }
gosym_nm() { "$gosym" nm -size "${files[@]}"; }
gosym_nm1() { taskset -c 0 "$gosym" nm -size "${files[@]}"; }
gosym_nm_read() { "$gosym" --no-mmap nm -size "${files[@]}"; }
plain_read() { cat "${files[@]}"; }

# Same output first: the comparison is only meaningful if both agree.
cmp <(go_nm) <(gosym_nm) && echo "outputs identical"
plain_read > /dev/null # warm the page cache
t_go=$(for _ in $(seq "$runs"); do ms go_nm; done | median)
t_gs=$(for _ in $(seq "$runs"); do ms gosym_nm; done | median)
t_gs1=$(for _ in $(seq "$runs"); do ms gosym_nm1; done | median)
t_gr=$(for _ in $(seq "$runs"); do ms gosym_nm_read; done | median)
t_rd=$(for _ in $(seq "$runs"); do ms plain_read; done | median)
echo "go tool nm -size (2 processes):   ${t_go} ms"
echo "gosym nm -size (all cores):       ${t_gs} ms"
echo "gosym nm -size (1 thread):        ${t_gs1} ms"
echo "gosym --no-mmap nm -size:         ${t_gr} ms"
echo "plain read (cat > /dev/null):     ${t_rd} ms"
awk -v g="$t_go" -v s="$t_gs" -v s1="$t_gs1" -v gr="$t_gr" -v r="$t_rd" 'BEGIN {
  printf "speed-up vs go tool nm: %.1fx (1 thread: %.1fx, --no-mmap: %.1fx)\n", g / s, g / s1, g / gr;
  printf "gosym / plain read:     %.1fx\n", s / (r > 0 ? r : 1) }'

# check: the same 453 go1.19 archives as a library set against go1.22 and
# go1.27 (std lists cached after the first run), as ratios to go tool nm
# of the same files; with GOSYM_BASELINE, an older build beside it.
for t in 1.22 1.27; do
  g=/usr/lib/go-$t
  [ -x "$g/bin/go" ] || continue
  chk() { "$1" check -q --goroot "$g" "$pkg" || true; }
  chk "$gosym" # warm the std list cache
  t_c=$(for _ in $(seq "$runs"); do ms chk "$gosym"; done | median)
  line="gosym check vs go$t:  ${t_c} ms ($(awk -v c="$t_c" -v g="$t_go" 'BEGIN {printf "%.2f", c / g}') of go tool nm)"
  if [ -n "${GOSYM_BASELINE:-}" ]; then
    chk "$GOSYM_BASELINE"
    t_b=$(for _ in $(seq "$runs"); do ms chk "$GOSYM_BASELINE"; done | median)
    line="$line; baseline ${t_b} ms ($(awk -v c="$t_c" -v b="$t_b" 'BEGIN {printf "%.2f", c / (b > 0 ? b : 1)}')x of it)"
  fi
  echo "$line"
done
cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench nm_std
