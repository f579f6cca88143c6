#!/usr/bin/env bash
# Usage: scripts/gen-release-facts.sh
# Rewrites src/toolchain/builtin_facts.txt (the release facts `--go 1.N`
# checks with: version, the wanted header of every GOOS/GOARCH at default
# settings, the std package list) from the toolchains installed under
# /usr/lib/go-1.NN (scripts/install-go-toolchains.sh). Entries of
# releases not installed here are kept. tests/release_facts.rs compares
# the file with the toolchains on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f src/toolchain/builtin_facts.txt ] || : > src/toolchain/builtin_facts.txt
GOSYM_BLESS=1 cargo test --release --quiet --test release_facts -- --nocapture
wc -c src/toolchain/builtin_facts.txt
