#!/usr/bin/env bash
# Usage: scripts/bench-toolexec.sh [RUNS] [1.NN]
# The overhead of the guard in go build: `go build -a` of a real program
# (cobra/pflag/x-sys from Debian's golang-*-dev, GOPATH mode) with and
# without `-toolexec 'gosym toolexec'`, alternating, same GOCACHE (a build
# cache of its own, so -a rebuilds every package each time). Prints the
# median wall time of each and the ratio (goal: at most 1.05).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
v=${2:-1.27}
go=/usr/lib/go-$v/bin/go
[ -x "$go" ] || { echo "bench-toolexec: go$v not installed (scripts/install-go-toolchains.sh)" >&2; exit 1; }
[ -d /usr/share/gocode/src/github.com/spf13/cobra ] || { echo "bench-toolexec: golang-github-spf13-cobra-dev missing" >&2; exit 1; }
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
gosym="$root/target/release/gosym"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/gopath/src/app"
sed -n '/^pub const APP: &str = r#"/,/^"#;/p' "$root/tests/common/mod.rs" | sed '1s/^pub const APP: &str = r#"//; $d' > "$work/gopath/src/app/main.go"
export GOTOOLCHAIN=local GOFLAGS= GO111MODULE=off CGO_ENABLED=0 GOCACHE="$work/cache" GOPATH="$work/gopath:/usr/share/gocode"
ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain() { (cd "$work" && "$go" build -a -o app.plain app); }
guarded() { (cd "$work" && "$go" build -a -toolexec "$gosym toolexec" -o app.guarded app); }
plain; guarded # warm: both builds work, caches and page cache filled
"$work/app.guarded" -n 1 > /dev/null
: > "$work/p"; : > "$work/g"
for _ in $(seq "$runs"); do
  ms plain >> "$work/p"
  ms guarded >> "$work/g"
done
tp=$(median < "$work/p"); tg=$(median < "$work/g")
echo "go$v build -a (cobra/pflag/x-sys program), median of $runs, alternating:"
echo "  plain:                      ${tp} ms"
echo "  -toolexec 'gosym toolexec': ${tg} ms"
awk -v p="$tp" -v g="$tg" 'BEGIN { printf "  ratio: %.3f (goal <= 1.05)\n", g / p }'
