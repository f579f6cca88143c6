#!/usr/bin/env bash
# Usage: scripts/gate.sh — the checks a commit must pass (format, lints, tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo test --release --quiet 2>&1 | grep -E "^test result|FAILED|panicked" || true
cargo test --release --quiet >/dev/null 2>&1
