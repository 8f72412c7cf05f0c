#!/usr/bin/env bash
# Runs a benchmark harness: bench/run.sh HotPathBench [plans] | bench/run.sh LargeLoadBench [5GB] [dir] [rounds]
# LargeLoadBench runs with -Xmx512m (the point is loading a file far larger than the heap; the catalog
# update after the load holds its embedding model, about 90 MB, in the heap);
# BENCH_JAVA_OPTS overrides the JVM options of any harness.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl bench -am)
HARNESS="${1:-HotPathBench}"
case "$HARNESS" in
  LargeLoadBench) HEAP="-Xmx512m" ;;
  *) HEAP="-Xmx2g" ;;
esac
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec java ${BENCH_JAVA_OPTS:-$HEAP} -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" "io.dea.bench.${HARNESS}" "${@:2}"
