#!/usr/bin/env bash
# Goals side by side: the demo goal alone, then N copies of it at once (each with sources and a mart of its
# own: orders_3, payments_3, daily_revenue_3, ...), on one fresh local stack, every review approved through
# the review API as it opens. Each figure is the last step's end of the goals
# measured (read from GET /plans/{id}) minus when the last submit returned. Prints both and the ratio.
# Usage: bench/side-by-side.sh [goals, default 10]. Needs curl and jq.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-10}"
for tool in curl jq; do command -v "$tool" >/dev/null || { echo "side-by-side: needs $tool" >&2; exit 2; }; done
WORK="$(mktemp -d /tmp/dea-side-by-side.XXXXXX)"
export DEA_HOME="$WORK/home"
DEA="$ROOT/dea"
APPROVER=""
cleanup() { [ -n "$APPROVER" ] && kill "$APPROVER" 2>/dev/null; "$DEA" down >/dev/null 2>&1 || true; }
trap cleanup EXIT

# The demo goal with every source and the mart renamed by a suffix (file locations made absolute, unchanged).
goal() {
  sed -e "/location:/!s/\b\(orders\|payments\|customers\)\b/\1_$1/g" \
      -e "s#location: data/#location: $ROOT/examples/daily-revenue/data/#" \
      -e "s/name: daily_revenue/name: daily_revenue_$1/" "$ROOT/examples/daily-revenue/goal.yaml" > "$WORK/goal_$1.yaml"
  echo "$WORK/goal_$1.yaml"
}

"$DEA" up >/dev/null
API="$("$DEA" env | sed -n 's/^REVIEW_API=//p')"
TOKEN="$(cat "$DEA_HOME/token")"
call() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }

approve_as_they_open() {
  while :; do
    for id in $(call "$API/reviews?state=PENDING" | jq -r '.[].id'); do
      call -X POST -d '{}' "$API/reviews/$id/approve" >/dev/null || true
    done
    sleep 0.3
  done
}
approve_as_they_open & APPROVER=$!

# Waits until every goal has ended; prints when the last step of them ended (ms since the epoch), then each goal's state.
last_end() {
  local ended
  while :; do
    ended=0
    for g in "$@"; do
      case "$(call "$API/plans/$g" 2>/dev/null | jq -r '.state' || echo UNKNOWN)" in
        COMPLETED|FAILED|REJECTED) ended=$((ended + 1)) ;;
      esac
    done
    [ "$ended" -eq $# ] && break
    sleep 1
  done
  for g in "$@"; do call "$API/plans/$g"; done | jq -s -r '
    def exact: (sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) * 1000 + (capture("\\.(?<f>[0-9]+)Z$").f | tonumber);
    [.[].steps[].ended_at | select(. != null) | exact] | max'
  for g in "$@"; do call "$API/plans/$g" | jq -r '"  \(.goal_id) \(.state)"'; done
}

# Each figure runs from when the (last) submit returned to when the last step of the goals ended.
ONE="$("$DEA" submit "$(goal 0)" | head -1)"
SUBMITTED=$(date +%s%3N)
last_end "$ONE" > "$WORK/alone.txt"
ALONE=$(( $(head -1 "$WORK/alone.txt") - SUBMITTED ))
echo "one goal alone: $ALONE ms"; tail -n +2 "$WORK/alone.txt"

SUBMITS=()
for i in $(seq 1 "$N"); do "$DEA" submit "$(goal "$i")" > "$WORK/id_$i" & SUBMITS+=($!); done
wait "${SUBMITS[@]}"   # not the approver, which runs until the end
SUBMITTED=$(date +%s%3N)
GOALS=()
for i in $(seq 1 "$N"); do GOALS+=("$(head -1 "$WORK/id_$i")"); done
last_end "${GOALS[@]}" > "$WORK/together.txt"
TOGETHER=$(( $(head -1 "$WORK/together.txt") - SUBMITTED ))
echo "$N goals at once (submitted side by side): $TOGETHER ms after the last submit returned"; tail -n +2 "$WORK/together.txt"
echo "ratio: $(awk "BEGIN { printf \"%.1f\", $TOGETHER / $ALONE }") times one goal (target: at most 3; load average $(cut -d' ' -f1-3 /proc/loadavg))"
