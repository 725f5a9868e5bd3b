# Sourced by ./baton, ./build.sh and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders.

baton_java_major() {
  # prints the major version of the java binary given as $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

baton_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then
      major="$(baton_java_major "$c/bin/java")"
      if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
        export JAVA_HOME="$c"
        return 0
      fi
    fi
  done
  echo "baton: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "baton: install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  return 1
}

# JVM flags that keep a newer JDK quiet about what our libraries do (protobuf's Unsafe, SQLite's
# native library); JDK 21 does not know the first flag, so it is only passed from 23 on.
baton_jvm_flags() {
  local major
  major="$(baton_java_major "$JAVA_HOME/bin/java")"
  printf '%s' "--enable-native-access=ALL-UNNAMED"
  if [ -n "$major" ] && [ "$major" -ge 23 ]; then printf ' %s' "--sun-misc-unsafe-memory-access=allow"; fi
}
