#!/bin/sh
# The end-to-end tests' agent. It leaves marker files in $MARKERS so tests can prove from the outside
# what ran, when, and with which idempotency key:
#   STEP.ATTEMPT.start / .end   "NANOS KEY PID" (the .end only when the attempt succeeds)
#   STEP.ATTEMPT.handoff.json   a copy of $BATON_HANDOFF;  STEP.ATTEMPT.stdin.json: the handoff from stdin
#   STEP.ATTEMPT.task           $BATON_TASK
#   STEP.compensate.task/.args  $BATON_TASK and the arguments of its latest compensation
#   log                         one line per event: "start|end|fail|compensate STEP ATTEMPT KEY NANOS AGENT"
# What it does is read from words of its task ($BATON_TASK), so each step of a test workflow says it:
#   sleep=SECONDS      work that long          fail=N       fail attempts 1..N (exit 1)
#   exit=CODE          always exit with CODE   child=1      start a child process (pid in STEP.ATTEMPT.child)
#   out=KEY:VALUE      a field of the output   finding=TAG  report a finding with that tag
#   notes=1            handoff notes           malformed=1  print malformed @baton lines
#   secret=VAR         print $VAR on stdout and stderr, and keep it in STEP.ATTEMPT.secret
#   compfail=N         as a compensation (BATON_COMPENSATE=1): fail its first N runs
#   wait=NAME          work until the test creates $MARKERS/NAME (no race against a clock)
set -eu
M="${MARKERS:-${BATON_TEST_MARKERS:?MARKERS or BATON_TEST_MARKERS must name the markers folder}}"
step="$BATON_STEP"
attempt="$BATON_ATTEMPT"
key="$BATON_IDEMPOTENCY_KEY"
id="$step.$attempt"
now() { date +%s%N; }
log() { echo "$1 $step $attempt $key $(now) $BATON_AGENT" >> "$M/log"; }

sleep_s=0; fail=0; code=0; child=0; out=""; finding=""; notes=0; malformed=0; secret=""; compfail=0; wait=""
for word in $BATON_TASK; do
  case "$word" in
    sleep=*) sleep_s="${word#sleep=}" ;;
    fail=*) fail="${word#fail=}" ;;
    exit=*) code="${word#exit=}" ;;
    child=*) child="${word#child=}" ;;
    out=*) kv="${word#out=}"; out="$out, \"${kv%%:*}\": \"${kv#*:}\"" ;;
    finding=*) finding="${word#finding=}" ;;
    notes=*) notes="${word#notes=}" ;;
    malformed=*) malformed="${word#malformed=}" ;;
    secret=*) secret="${word#secret=}" ;;
    compfail=*) compfail="${word#compfail=}" ;;
    wait=*) wait="${word#wait=}" ;;
  esac
done

if [ "${BATON_COMPENSATE:-0}" = "1" ]; then
  log compensate
  printf '%s' "$BATON_TASK" > "$M/$step.compensate.task"
  printf '%s' "$*" > "$M/$step.compensate.args"
  n=$(grep -c "^compensate $step " "$M/log" || true)
  if [ "$n" -le "$compfail" ]; then echo "compensation $n of $step refused" >&2; exit 1; fi
  exit 0
fi

echo "$(now) $key $$" > "$M/$id.start"
log start
printf '%s' "$BATON_TASK" > "$M/$id.task"
cp "$BATON_HANDOFF" "$M/$id.handoff.json"
cat > "$M/$id.stdin.json"
echo "@baton status {\"progress\": 50, \"message\": \"working on $step\", \"blockers\": [\"none really\"]}"
if [ "$finding" != "" ]; then echo "@baton finding {\"tags\": [\"$finding\"], \"summary\": \"found $finding in $step\"}"; fi
if [ "$malformed" = "1" ]; then
  echo '@baton status {"progress": 60'
  echo '@baton nonsense {"a": 1}'
fi
if [ "$secret" != "" ]; then
  value=$(printenv "$secret" || true)
  printf '%s' "$value" > "$M/$id.secret"
  echo "the secret is $value"
  echo "stderr knows $value too" >&2
fi
if [ "$child" = "1" ]; then
  sleep 300 &
  echo "$!" > "$M/$id.child"
fi
if [ "$sleep_s" != "0" ]; then sleep "$sleep_s"; fi
if [ "$wait" != "" ]; then while [ ! -e "$M/$wait" ]; do sleep 0.05; done; fi
if [ "$attempt" -le "$fail" ]; then log fail; echo "$step failed on purpose (attempt $attempt)" >&2; exit 1; fi
if [ "$code" != "0" ]; then log fail; echo "$step exits $code on purpose" >&2; exit "$code"; fi
if [ "$notes" = "1" ]; then
  echo "@baton handoff {\"completedWork\": \"$step laid the groundwork\", \"remainingWork\": \"polish\", \"constraints\": [\"keep $step intact\"]}"
fi
echo "@baton output {\"step\": \"$step\", \"attempt\": $attempt, \"key\": \"$key\"$out}"
echo "$(now) $key $$" > "$M/$id.end"
log end
