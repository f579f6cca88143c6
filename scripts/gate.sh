#!/usr/bin/env bash
# Usage: scripts/gate.sh — the checks a commit must pass (format, lints, tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
python3 scripts/check-module-graph.py >/dev/null
cargo clippy --all-targets -- -D warnings
cargo test --release --quiet > /tmp/gosym-gate.log 2>&1 || { grep -E "FAILED|panicked" /tmp/gosym-gate.log; exit 1; }
grep -E "^test result" /tmp/gosym-gate.log | awk '{p+=$4; f+=$6} END {print p " passed, " f " failed"}'
