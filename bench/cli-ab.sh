#!/usr/bin/env bash
# Before/after for the short commands: two Baton checkouts' ./baton launchers on the same store,
# interleaved (each round runs every command with A, then with B), so a busy spell of the machine
# hits both alike. Wall-clock and CPU (user + system) seconds of whole processes, median of the
# counted rounds; round 0 is not counted (it may build a launcher's class-data archive).
#   bench/cli-ab.sh A_HOME B_HOME DB RUN [ROUNDS]
# A home is a checkout (its ./baton) or an unpacked distribution (its bin/baton).
# DB: a store, e.g. bench/target/bench-data/cli/baton.db after `bench/run.sh --only cli`;
# RUN: the id of one of its runs (for `show`). Needs /usr/bin/time and python3.
set -euo pipefail
A="$(cd "$1" && pwd)"; B="$(cd "$2" && pwd)"; DB="$(readlink -f "$3")"; RUN="$4"; ROUNDS="${5:-11}"
. "$(dirname "$0")/../scripts/find-jdk.sh"
baton_find_jdk
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
commands=("runs --db $DB" "show $RUN --db $DB" "inbox --db $DB" "validate $B/examples/feature.yaml" "--help")
for r in $(seq 0 "$ROUNDS"); do
  /usr/bin/time -f "$r|java -version|floor|%e|%U|%S" -a -o "$OUT" "$JAVA_HOME/bin/java" -version >/dev/null 2>&1
  for c in "${commands[@]}"; do
    for side in A B; do
      home="$A"; [ "$side" = B ] && home="$B"
      launcher="$home/baton"; [ -f "$launcher" ] || launcher="$home/bin/baton"
      # shellcheck disable=SC2086
      /usr/bin/time -f "$r|${c%% *}|$side|%e|%U|%S" -a -o "$OUT" "$launcher" $c >/dev/null 2>&1 || true
    done
  done
done
python3 - "$OUT" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r, c, side, e, u, s = line.strip().split('|')
    if r != '0':
        d[(c, side)].append((float(e), float(u) + float(s)))
print('| command | side | runs | median wall s | min | max | median CPU s |')
print('|---|---|--:|--:|--:|--:|--:|')
for (c, side), v in d.items():
    w = sorted(x[0] for x in v)
    print(f'| `{c}` | {side} | {len(v)} | {statistics.median(w):.2f} | {w[0]:.2f} | {w[-1]:.2f} | '
          f'{statistics.median(x[1] for x in v):.2f} |')
PY
