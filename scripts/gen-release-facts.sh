#!/usr/bin/env bash
# Usage: scripts/gen-release-facts.sh
# Rewrites the release facts `--go 1.N` checks with, from the toolchains
# installed under /usr/lib/go-1.NN (scripts/install-go-toolchains.sh):
# - src/toolchain/builtin_facts.txt: version, the wanted header of every
#   GOOS/GOARCH at default settings, the std package list (entries of
#   releases not installed here are kept);
# - src/toolchain/std/VERSION-linux-amd64.zst: the std stubs of linux/amd64
#   (src/toolchain/stub.rs), from the std `go list -export std` builds at
#   default settings (cgo on: gcc must be installed).
# tests/suites/release_facts.rs compares both with the toolchains on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
unset GOOS GOARCH GOAMD64 GOEXPERIMENT CGO_ENABLED GOFLAGS
[ -f src/toolchain/builtin_facts.txt ] || : > src/toolchain/builtin_facts.txt
rm -rf target/std-stubs
GOSYM_BLESS=1 cargo test --release --quiet --test suites release_facts:: -- --nocapture --test-threads 1
for raw in target/std-stubs/*-linux-amd64; do
  zstd -q -19 --long=25 -f "$raw" -o "src/toolchain/std/$(basename "$raw").zst"
done
wc -c src/toolchain/builtin_facts.txt src/toolchain/std/*.zst
