# Sourced by ./baton, ./build.sh and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders.
#
# ./baton sources this before every command, so once each java binary has been asked its version,
# finding the JDK starts no program at all: each answer is kept in a file of its own whose
# modification time is set to the binary's, and is used only while the two times are equal (a JDK
# upgraded or replaced in place is asked again). Bash's own tests compare the times; a program
# started from here costs a few milliseconds on a busy machine, and asking a JVM a third of a
# second.

# The folder of the cached answers ($BATON_JDK_CACHE to move it). Deleting it is always safe.
baton_jdk_cache_dir() {
  _baton_cache_dir="${BATON_JDK_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/baton/jdk}"
}

# Sets _baton_major to the major version of the java binary $1 (empty when it does not answer) and
# _baton_home to the folder of the JDK it belongs to, symbolic links resolved.
baton_jdk_ask() {
  local bin="$1" entry real
  baton_jdk_cache_dir
  entry="$_baton_cache_dir/${bin//\//%}"
  _baton_major="" _baton_home=""
  if [ -f "$entry" ] && ! [ "$bin" -nt "$entry" ] && ! [ "$bin" -ot "$entry" ]; then
    IFS=$'\t' read -r _baton_major _baton_home <"$entry" || true
    [ -n "$_baton_major" ] && [ -n "$_baton_home" ] && return 0
  fi
  real="$(readlink -f "$bin" 2>/dev/null || printf '%s' "$bin")"
  _baton_home="$(dirname "$(dirname "$real")")"
  _baton_major="$("$bin" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1)"
  if [ -n "$_baton_major" ] && mkdir -p "$_baton_cache_dir" 2>/dev/null; then
    # written whole, given the binary's time, then renamed: a launcher starting at the same time
    # never reads half an answer
    { printf '%s\t%s\n' "$_baton_major" "$_baton_home" >"$entry.$$" && touch -r "$bin" "$entry.$$" &&
      mv -f "$entry.$$" "$entry"; } 2>/dev/null || rm -f "$entry.$$" 2>/dev/null
  fi
  return 0
}

# Prints the major version of the java binary $1, or nothing.
baton_java_major() {
  baton_jdk_ask "$1"
  printf '%s\n' "$_baton_major"
}

# Exports JAVA_HOME, the first JDK 21 or newer in the order above.
baton_find_jdk() {
  local c java
  if [ -n "${JAVA_HOME:-}" ] && baton_jdk_accepts "$JAVA_HOME"; then return 0; fi
  java="$(command -v java 2>/dev/null || true)"
  if [ -n "$java" ] && [ -x "$java" ]; then
    baton_jdk_ask "$java"
    if [ -n "$_baton_home" ] && baton_jdk_accepts "$_baton_home"; then return 0; fi
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    if [ -d "$c" ] && baton_jdk_accepts "$c"; then return 0; fi
  done
  echo "baton: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
  echo "baton: install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  return 1
}

# Whether the folder $1 is a JDK 21 or newer; if so, exports it as JAVA_HOME.
baton_jdk_accepts() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  baton_jdk_ask "$1/bin/java"
  [ -n "$_baton_major" ] && [ "$_baton_major" -ge 21 ] 2>/dev/null || return 1
  export JAVA_HOME="$1"
  BATON_JAVA_MAJOR="$_baton_major" BATON_JAVA_MAJOR_OF="$1"
}

# JVM flags that keep a newer JDK quiet about what our libraries do (protobuf's Unsafe, SQLite's
# native library), in BATON_JVM_FLAGS; JDK 21 does not know the second flag, so it is only passed
# from 23 on.
baton_set_jvm_flags() {
  local major="${BATON_JAVA_MAJOR:-}"
  if [ "${BATON_JAVA_MAJOR_OF:-}" != "$JAVA_HOME" ]; then
    baton_jdk_ask "$JAVA_HOME/bin/java"
    major="$_baton_major"
  fi
  BATON_JVM_FLAGS="--enable-native-access=ALL-UNNAMED"
  if [ -n "$major" ] && [ "$major" -ge 23 ] 2>/dev/null; then
    BATON_JVM_FLAGS="$BATON_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
  fi
}

# Prints the flags above.
baton_jvm_flags() {
  baton_set_jvm_flags
  printf '%s' "$BATON_JVM_FLAGS"
}
