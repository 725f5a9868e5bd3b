#!/usr/bin/env bash
# Builds Baton and runs the load harness (docs/benchmarks.md) on a JDK 21+.
# Usage: bench/run.sh [--smoke] [--no-floors] [--only w1,w2,command,w3,recovery,w4] [--out FILE]
# Extra JVM options (e.g. a flight recording) go in BENCH_JVM_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
baton_find_jdk
./mvnw -q -B -DskipTests -pl bench -am package
exec "$JAVA_HOME/bin/java" -Xms4g -Xmx4g ${BENCH_JVM_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.baton.bench.Harness --dir bench/target/bench-data "$@"
