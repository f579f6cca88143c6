#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Runs each fuzz target of fuzz/ (cargo-fuzz, nightly) for the given time,
# seeded with the real fixtures, and copies every crash found into
# testdata/fuzz-regressions/<target>-<sha1>, which `cargo test` replays
# (tests/suites/fuzz_regressions.rs). Prints the executions each target ran.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(input goobj pkgdef elf importcfg check)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
corpus=$root/fuzz/corpus
seed() { mkdir -p "$corpus/$1"; shift; for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$corpus/${t}/$(sha1sum "$f" | cut -c1-16)" 2>/dev/null || true; done; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# check inputs are pairs: a little-endian u32 length of the first, then both.
le32() { local n=$1 b; for b in 0 8 16 24; do printf "\\$(printf %03o $(((n >> b) & 255)))"; done; }
pair() { { le32 "$(stat -c %s "$1")"; cat "$1" "$2"; } > "$3"; }
for v in 1.15 1.19 1.22 1.27; do
  (cd "$tmp" && mkdir -p "$v" && cd "$v" && ar x "$root/testdata/go$v/asmpkg.a" 2>/dev/null || true)
done
for t in "${targets[@]}"; do
  case $t in
    input) seed "$t" "$root"/testdata/go1.*/*.a "$root"/testdata/go1.*/*.o "$root"/testdata/elf/*.o ;;
    check)
      for v in 1.15 1.19 1.22 1.27; do
        d=$root/testdata/go$v
        pair "$d/mainpkg.a" "$d/plain.a" "$tmp/pair-main-$v"
        pair "$d/linkname.a" "$d/asmpkg.a" "$tmp/pair-ln-$v"
      done
      pair "$root/testdata/go1.22/mainpkg.a" "$root/testdata/go1.27/plain.a" "$tmp/pair-mixed"
      seed "$t" "$tmp"/pair-* ;;
    goobj) seed "$t" "$tmp"/*/_go_.o "$tmp"/*/double_with_a_l "$root"/testdata/go1.*/double.o ;;
    pkgdef) seed "$t" "$tmp"/*/__.PKGDEF ;;
    elf) seed "$t" "$root"/testdata/elf/*.o "$root"/testdata/elf/hello1.15 ;;
    importcfg) mkdir -p "$corpus/importcfg"; printf 'packagefile fmt=/x/fmt.a\npackageshlib a=/l.so\nmodinfo "x"\n# c\n' > "$corpus/importcfg/seed" ;;
  esac
  log=$tmp/$t.log
  (cd "$root/fuzz" && cargo +nightly fuzz run "$t" "$corpus/$t" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=4194304) > "$log" 2>&1 || true
  execs=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
  echo "$t: ${execs:-0} executions in ${secs}s"
  for c in "$root"/fuzz/artifacts/"$t"/crash-* "$root"/fuzz/artifacts/"$t"/oom-* "$root"/fuzz/artifacts/"$t"/timeout-*; do
    [ -f "$c" ] || continue
    dst=$root/testdata/fuzz-regressions/$t-$(sha1sum "$c" | cut -c1-16)
    cp "$c" "$dst"; echo "  found: $dst"
  done
done
