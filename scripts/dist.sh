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
# the CLI and every jar it uses, in one (as ./baton runs it: a look-up that misses, of a service or
# a class, then opens one jar instead of ~140)
cp baton-cli/target/baton-all.jar "$OUT/lib/"

# the modules the jars use (jdeps), and a few that are reached reflectively or by later features
MODULES="$("$JAVA_HOME/bin/jdeps" --multi-release 21 --ignore-missing-deps -q --print-module-deps \
  "$OUT/lib/baton-all.jar")"
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
cp -r examples schema README.md "$OUT/"
# Ahead-of-time caches (JDK 25 on), made here once with the runtime shipped, so that the first
# command on a machine, or in a fresh container, starts as fast as the thousandth: one for the
# commands people and scripts run most (READS, which also use native reflection as in ./baton)
# each, one for the rest, trained on a scratch store as ./baton trains its own
# (dev.baton.cli.CdsTraining). Before JDK 25, the runtime's own class-data archive (jlink) serves
# alone.
READS="runs show events inbox status"
AOT=""
if [ "$MAJOR" -ge 25 ]; then
  mkdir -p "$OUT/lib/aot"
  HOME_OUT="$(cd "$OUT" && pwd)"
  for KIND in all $READS; do
    ONLY="$KIND" SHORT="-Djdk.reflect.useNativeAccessorOnly=true"
    [ "$KIND" = all ] && ONLY="" SHORT=""
    if "$OUT/runtime/bin/java" $FLAGS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 $SHORT \
      -XX:AOTCacheOutput="$HOME_OUT/lib/aot/$KIND.aot" -Xlog:disable -Dbaton.home="$HOME_OUT" \
      -cp "$HOME_OUT/lib/baton-all.jar" dev.baton.cli.CdsTraining $ONLY </dev/null >/dev/null 2>&1; then
      AOT="$AOT $KIND"
    else
      echo "dist: no ahead-of-time cache for '$KIND' (its commands start without one)" >&2
      rm -f "$OUT/lib/aot/$KIND.aot"
    fi
  done
  rm -f "$OUT"/lib/aot/*.config
fi
cat > "$OUT/bin/baton" <<LAUNCHER
#!/bin/sh
# The baton command line, on the Java runtime shipped beside it (no JDK needed).
BATON_HOME="\$(cd "\$(dirname "\$(readlink -f "\$0")")/.." && pwd)"
# the ahead-of-time cache of the command, or of all the others; BATON_CDS=0 turns it off. The short
# commands that only read call constructors and methods through native accessors (as ./baton does)
CACHE="\$BATON_HOME/lib/aot/all.aot" SHORT=""
case "\${1:-}" in
  ${READS// / | })
    CACHE="\$BATON_HOME/lib/aot/\$1.aot" SHORT=-Djdk.reflect.useNativeAccessorOnly=true ;;
esac
SHARE="-XX:AOTCache=\$CACHE"
if [ "\${BATON_CDS:-1}" = 0 ] || [ ! -f "\$CACHE" ]; then SHARE=-Xshare:auto; fi
# JVM warnings go to stderr, never into output that scripts read; the caches' own notes stay silent
exec "\$BATON_HOME/runtime/bin/java" $FLAGS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "\$SHARE" \${SHORT:+"\$SHORT"} \\
  -Xlog:disable -Xlog:all=warning:stderr -Xlog:cds*=off:stderr -Xlog:aot*=off:stderr \\
  \${BATON_JAVA_OPTS:-} -Dbaton.home="\$BATON_HOME" -cp "\$BATON_HOME/lib/baton-all.jar" \\
  dev.baton.cli.Main "\$@"
LAUNCHER
chmod +x "$OUT/bin/baton"
tar -C dist -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1); runtime: Java $MAJOR, modules $MODULES; ahead-of-time caches:${AOT:- none})"
