#!/usr/bin/env bash
# Builds Baton and runs the server soak (docs/benchmarks.md): one `baton serve` on SQLite, thousands
# of runs through its HTTP API (start, follow the SSE journal, show), its RSS and live heap sampled.
# Usage: bench/serve-soak.sh [--runs 5000] [--warmup 500] [--every 500] [--concurrency 8] [--dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
baton_find_jdk
# the harness is compiled afresh each time: Maven's incremental build can keep classes compiled
# against an older API of the modules it measures, which then fail at run time
rm -rf bench/target/classes
./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -pl bench,baton-cli -am package
exec "$JAVA_HOME/bin/java" $(baton_jvm_flags) ${BENCH_JVM_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.baton.bench.ServeSoak "$@"
