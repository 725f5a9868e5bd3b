#!/usr/bin/env bash
# Builds Baton and runs the JMH microbenchmarks of the hot paths; arguments go to JMH
# (e.g. bench/jmh.sh -f 1 -wi 3 -i 5 EventCodec).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
baton_find_jdk
# the harness is compiled afresh each time: Maven's incremental build can keep classes compiled
# against an older API of the modules it measures, which then fail at run time
rm -rf bench/target/classes
./mvnw -q -B -DskipTests -pl bench -am package
exec "$JAVA_HOME/bin/java" $(baton_jvm_flags) -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main "$@"
