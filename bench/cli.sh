#!/usr/bin/env bash
# The CLI on a running stack: wall time of `./dea submit` and `./dea status GOAL_ID`, each run N times
# against a fresh local stack. The goal submitted names source files that do not exist, so its ingest
# steps fail at once and wait for a person: no agent work loads the machine while the CLI is timed.
# Usage: bench/cli.sh [runs, default 5].
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
WORK="$(mktemp -d /tmp/dea-cli-bench.XXXXXX)"
export DEA_HOME="$WORK/home"
DEA="$ROOT/dea"
trap '"$DEA" down >/dev/null 2>&1 || true' EXIT
sed 's#location: data/#location: '"$WORK"'/missing/#' "$ROOT/examples/daily-revenue/goal.yaml" > "$WORK/goal.yaml"

"$DEA" up >/dev/null
"$DEA" submit "$WORK/goal.yaml" > "$WORK/first"   # the first call also waits for the stack's topics: not timed

timed() {
  local start end
  start=$(date +%s%3N)
  "$@" > "$WORK/out"
  end=$(date +%s%3N)
  echo $((end - start))
}
SUBMITS=(); STATUSES=()
for _ in $(seq 1 "$RUNS"); do SUBMITS+=("$(timed "$DEA" submit "$WORK/goal.yaml")"); done
GOAL="$(head -1 "$WORK/out")"
for _ in $(seq 1 "$RUNS"); do STATUSES+=("$(timed "$DEA" status "$GOAL")"); done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "submit (ms): ${SUBMITS[*]}; median $(median "${SUBMITS[@]}")"
echo "status (ms): ${STATUSES[*]}; median $(median "${STATUSES[@]}")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
