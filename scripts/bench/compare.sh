#!/usr/bin/env bash
# scripts/bench/compare.sh BEFORE_REF AFTER_REF [ROUNDS] [BENCH ARGS...]
#
# Before/after on a shared, noisy machine: builds a `git archive` copy of each ref under
# $TMPDIR/tandem-compare/ (outside the checkout, so lint, tsc and vitest never see it;
# sharing this checkout's node_modules) and runs `npm run bench` in them
# alternately, ROUNDS times (default 2), printing the load average before each run.
# Compare the rows of one round: they ran minutes apart under similar load.
# Example: scripts/bench/compare.sh main HEAD 2 --rows off,inline
set -euo pipefail
before=$1 after=$2 rounds=${3:-2}
shift $(( $# >= 3 ? 3 : $# ))
root=$(git rev-parse --show-toplevel)
declare -A dirs
for ref in "$before" "$after"; do
  sha=$(git rev-parse --short "$ref")
  dir="${TMPDIR:-/tmp}/tandem-compare/$sha"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    git archive "$sha" | tar -x -C "$dir"
    ln -s "$root/node_modules" "$dir/node_modules"
  fi
  (cd "$dir" && npm run build >/dev/null 2>&1)
  dirs[$ref]=$dir
done
for round in $(seq "$rounds"); do
  for ref in "$before" "$after"; do
    echo "== round $round: $ref ($(git rev-parse --short "$ref")) at $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd "${dirs[$ref]}" && npm run bench -- "$@" 2>&1 | grep '^| [A-Z]')
  done
done
echo "== end at $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
