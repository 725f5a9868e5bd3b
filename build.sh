#!/usr/bin/env bash
# Builds and tests Baton with the Maven wrapper on a JDK 21+ found automatically.
# Usage: ./build.sh verify     (= ./mvnw -B verify: what CI runs; also the default without arguments)
#        ./build.sh dist       (dist/baton-VERSION.tar.gz with its own Java runtime: scripts/dist.sh)
#        ./build.sh ARGS...    (any other Maven arguments, passed to ./mvnw -B)
set -euo pipefail
cd "$(dirname "$0")"
if [ "${1:-}" = "dist" ]; then shift; exec scripts/dist.sh "$@"; fi
. scripts/find-jdk.sh
baton_find_jdk
export MAVEN_OPTS="${MAVEN_OPTS:-} $(baton_jvm_flags)"
if [ "$#" -eq 0 ]; then set -- verify; fi
exec ./mvnw -B "$@"
