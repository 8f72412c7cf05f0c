#!/usr/bin/env bash
# Runs a benchmark harness: bench/run.sh HotPathBench [plans]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$ROOT" && ./mvnw -q -B install -DskipTests -pl bench -am)
exec java -Xmx2g -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" "io.dea.bench.${1:-HotPathBench}" "${@:2}"
