# Sourced by ./baton, ./build.sh and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders.

baton_java_major() {
  # prints the major version of the java binary given as $1, or nothing. Asking a JVM costs a third
  # of a second, so answers are cached per binary, keyed by its real path and modification time
  # (a JDK upgraded in place has a new mtime and is asked again).
  local real mtime cache m v p major
  real="$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")"
  mtime="$(stat -c %Y "$real" 2>/dev/null || stat -f %m "$real" 2>/dev/null || true)"
  cache="$(baton_jdk_cache)"
  if [ -n "$mtime" ] && [ -f "$cache" ]; then
    while IFS=$'\t' read -r m v p; do
      if [ "$p" = "$real" ] && [ "$m" = "$mtime" ]; then
        printf '%s\n' "$v"
        return 0
      fi
    done <"$cache"
  fi
  major="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)"
  if [ -n "$mtime" ] && [ -n "$major" ]; then
    # rewritten whole and renamed, so concurrent launchers never read half a file
    if mkdir -p "$(dirname "$cache")" 2>/dev/null; then
      {
        [ -f "$cache" ] && awk -F'\t' -v p="$real" '$3 != p' "$cache" 2>/dev/null
        printf '%s\t%s\t%s\n' "$mtime" "$major" "$real"
      } >"$cache.$$" 2>/dev/null && mv -f "$cache.$$" "$cache" 2>/dev/null || rm -f "$cache.$$" 2>/dev/null
    fi
  fi
  printf '%s\n' "$major"
}

# Where the versions of the java binaries already asked are kept ($BATON_JDK_CACHE to move it).
baton_jdk_cache() {
  printf '%s' "${BATON_JDK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/baton/jdk-versions}"
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
