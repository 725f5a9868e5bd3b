#!/usr/bin/env bash
# ./build.sh dist: builds dist/baton-VERSION.tar.gz, Baton with a Java runtime of its own (jlink), so
# that a machine without any JDK runs it: unpack, then bin/baton.
#   scripts/dist.sh [--no-build]    (--no-build: package what baton-cli/target already holds)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
baton_find_jdk
if [ "${1:-}" != "--no-build" ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} $(baton_jvm_flags)"
  ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Djacoco.skip=true -pl baton-cli -am package
fi
VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
NAME="baton-$VERSION"
OUT="dist/$NAME"
rm -rf "$OUT" "dist/$NAME.tar.gz"
mkdir -p "$OUT/bin" "$OUT/lib"
cp baton-cli/target/baton-cli.jar baton-cli/target/lib/*.jar "$OUT/lib/"

# the modules the jars use (jdeps), and a few that are reached reflectively or by later features
MODULES="$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps -q --print-module-deps \
  --class-path "$OUT/lib/*" "$OUT/lib/baton-cli.jar")"
for extra in jdk.crypto.ec jdk.charsets jdk.zipfs jdk.httpserver java.management; do
  [ -e "$JAVA_HOME/jmods/$extra.jmod" ] || "$JAVA_HOME/bin/java" --list-modules | grep -q "^$extra@" || continue
  MODULES="$MODULES,$extra"
done
CDS=""
"$JAVA_HOME/bin/jlink" --list-plugins | grep -q -- --generate-cds-archive && CDS="--generate-cds-archive"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 $CDS --output "$OUT/runtime"

FLAGS="--enable-native-access=ALL-UNNAMED"
MAJOR="$(baton_java_major "$OUT/runtime/bin/java")"
[ "$MAJOR" -ge 23 ] && FLAGS="$FLAGS --sun-misc-unsafe-memory-access=allow"
cat > "$OUT/bin/baton" <<LAUNCHER
#!/bin/sh
# The baton command line, on the Java runtime shipped beside it (no JDK needed).
BATON_HOME="\$(cd "\$(dirname "\$(readlink -f "\$0")")/.." && pwd)"
exec "\$BATON_HOME/runtime/bin/java" $FLAGS \${BATON_JAVA_OPTS:-} -XX:+UseSerialGC \\
  -XX:TieredStopAtLevel=1 -Xshare:auto -Dbaton.home="\$BATON_HOME" -cp "\$BATON_HOME/lib/*" \\
  dev.baton.cli.Main "\$@"
LAUNCHER
chmod +x "$OUT/bin/baton"
cp -r examples schema "$OUT/"
cp README.md "$OUT/"
tar -C dist -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1); runtime: Java $MAJOR, modules $MODULES)"
