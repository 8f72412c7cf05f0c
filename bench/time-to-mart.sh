#!/usr/bin/env bash
# Time to mart, side by side: the demo goal through every agent on a fresh local stack (approved at once),
# against one `dbt build` of the very models and tests that plan merged, with the same dbt, profile and
# landed data. Prints each step's time and the ratio; BENCHMARKS.md quotes the figures.
# Usage: bench/time-to-mart.sh [runs of the reference, default 3]. Needs jq.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
command -v jq >/dev/null || { echo "time-to-mart: needs jq (apt-get install jq)" >&2; exit 2; }
WORK="$(mktemp -d /tmp/dea-time-to-mart.XXXXXX)"
export DEA_HOME="$WORK/home"
DEA="$ROOT/dea"
cleanup() { "$DEA" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

"$DEA" up >/dev/null
"$DEA" demo --auto-approve > "$WORK/demo.log"
GOAL="$(grep -m1 -E '^g-[0-9]' "$WORK/demo.log")"
"$DEA" status "$GOAL" --json > "$WORK/status.json"
"$DEA" down >/dev/null

# The project: from the first step's start to the last step's end, less the time reviews stood open
# (approved by the CLI as they opened, so this is the agents' own time).
EXACT='def exact: if . == null then null else ((sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) * 1000
       + ((capture("\\.(?<f>[0-9]+)Z$").f // "0") | tonumber)) end;
     def waited: if .review_opened_at != null and .review_decided_at != null
       then (.review_decided_at | exact) - (.review_opened_at | exact) else 0 end;'
read -r PROJECT_MS STEPS <<<"$(jq -r "$EXACT"'
  [.steps[] | select(.started_at != null)] as $s
  | (([$s[].ended_at | exact] | max) - ([$s[].started_at | exact] | min) - ([$s[] | waited] | add // 0)) as $total
  | "\($total) \($s | length)"' "$WORK/status.json")"
echo "project: the demo goal's plan, $STEPS steps, $PROJECT_MS ms from the first step's start to the last one's end,"
echo "less the time reviews stood open; each step's own time (ms, review waits left out):"
jq -r "$EXACT"'.steps[] | select(.started_at != null)
  | "  \(.name): \((.ended_at | exact) - (.started_at | exact) - waited)"' "$WORK/status.json"

# The reference: the data project's main as the plan left it, a copy of the warehouse with the landed
# tables, the platform's own dbt profile, and one dbt build of the same selection into a schema of its own.
git clone -q "$DEA_HOME/project" "$WORK/project"
cp "$DEA_HOME/warehouse.duckdb" "$WORK/warehouse.duckdb"
mkdir -p "$WORK/profiles"
sed -n '/PROFILE = """/,/""";/p' "$ROOT/platform/src/main/java/io/dea/platform/artifact/DataProject.java" \
  | sed '1d;$d' | sed 's/^            //' > "$WORK/profiles/profiles.yml"
MART=daily_revenue   # the demo goal's mart
BEST=""
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/project/target"
  START=$(date +%s%3N)
  DEA_WAREHOUSE="$WORK/warehouse.duckdb" DEA_SCHEMA="reference" DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    "${DEA_VENV:-$ROOT/.venv}/bin/dbt" build --select "+models/$MART" --indirect-selection cautious \
    --profiles-dir "$WORK/profiles" --project-dir "$WORK/project" > "$WORK/dbt-$i.log"
  END=$(date +%s%3N)
  echo "reference: dbt build, run $i: $((END - START)) ms ($(grep -Eo 'PASS=[0-9]+' "$WORK/dbt-$i.log" | tail -1))"
  if [ -z "$BEST" ] || [ $((END - START)) -lt "$BEST" ]; then BEST=$((END - START)); fi
done
echo "ratio: project $PROJECT_MS ms / fastest dbt build $BEST ms = $(awk "BEGIN { printf \"%.1f\", $PROJECT_MS / $BEST }")"
echo "(work files in $WORK)"
