#!/usr/bin/env bash
# Builds Baton and runs the load harness (docs/benchmarks.md) on a JDK 21+.
# Usage: bench/run.sh [--smoke] [--no-floors] [--only w1,w2,command,w3,recovery,w4,cli,embed] [--rounds N]
#                     [--concurrency 32,1] [--out FILE]
# Extra JVM options (e.g. a flight recording) go in BENCH_JVM_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
baton_find_jdk
# the harness is compiled afresh each time: Maven's incremental build can keep classes compiled
# against an older API of the modules it measures, which then fail at run time
rm -rf bench/target/classes
# the CLI too: the command-line scenario (cli) times ./baton
./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -pl bench,baton-cli -am package
exec "$JAVA_HOME/bin/java" -Xms4g -Xmx4g $(baton_jvm_flags) ${BENCH_JVM_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.baton.bench.Harness --dir bench/target/bench-data "$@"
