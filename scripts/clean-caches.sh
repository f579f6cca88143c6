#!/usr/bin/env bash
# Usage: scripts/clean-caches.sh
# Removes what gosym and its tests cache: $GOSYM_CACHE (default
# ~/.cache/gosym): the Go build caches of the toolchain-backed tests
# (gocache-1.NN, gopath-1.NN) and gosym's target data (targets/: wanted
# headers and std lists). The next test run rebuilds them (see README).
set -euo pipefail
dir=${GOSYM_CACHE:-$HOME/.cache/gosym}
if [ -d "$dir" ]; then
  du -sh "$dir"
  # Go marks its module cache read-only; make it removable first.
  chmod -R u+w "$dir" 2>/dev/null || true
  rm -rf "$dir"
  echo "removed $dir"
else
  echo "nothing cached at $dir"
fi
