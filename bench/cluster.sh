#!/usr/bin/env bash
# Builds Baton and runs the cluster benchmark (docs/benchmarks.md): baton serve nodes on one
# PostgreSQL (the store tests' embedded server, fsync and synchronous_commit on).
# Usage: bench/cluster.sh [--smoke] [--nodes 1,2,3] [--runs N] [--decisions N] [--kills N] [--lease 6s]
#        [--only throughput,decisions,failover]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
baton_find_jdk
# the harness is compiled afresh each time: Maven's incremental build can keep classes compiled
# against an older API of the modules it measures, which then fail at run time
rm -rf bench/target/classes
./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -pl bench,baton-cli -am package
exec "$JAVA_HOME/bin/java" $(baton_jvm_flags) ${BENCH_JVM_OPTS:-} \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.baton.bench.ClusterBench "$@"
