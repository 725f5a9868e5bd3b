#!/bin/sh
# A demo agent for Baton's examples: does plausible, visible work for the role given as $1.
#
# Reads what Baton hands every command agent (docs/agent-protocols.md): BATON_TASK, BATON_AGENT, BATON_STEP,
# BATON_ATTEMPT and BATON_HANDOFF (a file holding the handoff JSON). Prints `@baton status` lines
# while it works, `@baton finding` lines when the task mentions something worth reporting, a
# `@baton handoff` note for the next agent and a final `@baton output` JSON object.
#
# Fails on purpose (exit 1) on its first attempt when the workflow input `fail` names its step or
# its agent (`baton run examples/feature.yaml -i fail=api`); BATON_DEMO_FAIL does the same without
# an input. BATON_DEMO_SPEED multiplies every pause (0: no pauses, 2: twice as slow).
# With BATON_COMPENSATE=1 it undoes its work instead (a rollback).
set -eu

role="${1:-agent}"
agent="${BATON_AGENT:-$role}"
step="${BATON_STEP:-step}"
attempt="${BATON_ATTEMPT:-1}"
task="${BATON_TASK:-}"
speed="${BATON_DEMO_SPEED:-1}"

# Reads a string field of the handoff JSON without jq: the first "KEY": "value" pair.
handoff_field() {
  [ -n "${BATON_HANDOFF:-}" ] && [ -f "$BATON_HANDOFF" ] || return 0
  tr '\n' ' ' < "$BATON_HANDOFF" | sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p"
}

pause() {
  awk -v s="$1" -v k="$speed" 'BEGIN { d = s * k; if (d > 0) system("sleep " d) }'
}

status() {
  printf '@baton status {"progress": %s, "currentTask": "%s"}\n' "$1" "$2"
  pause "$3"
}

lower_task=$(printf '%s' "$task" | tr '[:upper:]' '[:lower:]')
short_task=$(printf '%s' "$task" | tr '\n"\\' '   ' | cut -c1-80)

if [ "${BATON_COMPENSATE:-0}" = "1" ]; then
  status 30 "Undoing $step" 0.3
  echo "[$agent] reverting the changes of $step"
  status 100 "Undone $step" 0.2
  printf '@baton output {"compensated": "%s", "by": "%s"}\n' "$step" "$agent"
  exit 0
fi

echo "[$agent] attempt $attempt of $step: $short_task"
status 10 "Reading the handoff for $step" 0.4

case "$role" in
  security) work="threat model, auth checks, OWASP review" ;;
  database) work="schema, RLS policies, migrations, query plans" ;;
  api) work="WebSocket endpoints, handlers, rate limits" ;;
  frontend) work="collaboration UI, presence indicators, render profile" ;;
  testing) work="scenarios, fixtures, integration and E2E suites" ;;
  devops) work="pipeline, staging, production rollout, dashboards" ;;
  planner) work="proposals ranked by impact" ;;
  *) work="$role work" ;;
esac
status 35 "Working on $work" 0.7

case "$lower_task" in
  *xss* | *token* | *injection* | *csrf*)
    echo '@baton finding {"tags": ["security"], "summary": "The report points at an injection path in user input"}' ;;
esac
case "$lower_task" in
  *corrupt*)
    echo '@baton finding {"tags": ["data-corruption"], "summary": "Writes can leave rows half-updated"}' ;;
esac
status 70 "Checking $work" 0.6

fail="${BATON_DEMO_FAIL:-$(handoff_field fail)}"
for target in $(printf '%s' "$fail" | tr ',' ' '); do
  if [ "$attempt" = "1" ] && { [ "$target" = "$step" ] || [ "$target" = "$agent" ]; }; then
    echo "[$agent] $step failed: asked to fail by the 'fail' input ($target)" >&2
    exit 1
  fi
done

status 90 "Writing notes for the next agent" 0.3
printf '@baton handoff {"completedWork": "%s: %s done by %s", "remainingWork": "", "constraints": []}\n' "$step" "$work" "$agent"

if [ "$role" = "planner" ]; then
  cat <<'JSON' | tr -d '\n'
@baton output {"optimizations": [
 {"name": "index-inspection-lookups", "area": "database", "impact": "high", "metric": "p95 query time", "rollback": "drop the new index"},
 {"name": "memoize-inspection-list", "area": "frontend", "impact": "medium", "metric": "render time", "rollback": "remove the memoization"},
 {"name": "cache-report-endpoint", "area": "api", "impact": "high", "metric": "p95 latency", "rollback": "disable the cache"},
 {"name": "right-size-workers", "area": "devops", "impact": "low", "metric": "CPU headroom", "rollback": "restore the previous sizes"}]}
JSON
  echo
else
  printf '@baton output {"agent": "%s", "step": "%s", "summary": "%s complete", "work": "%s"}\n' "$agent" "$step" "$step" "$work"
fi
status 100 "Done: $step" 0
