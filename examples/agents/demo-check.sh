#!/bin/sh
# A demo success check: "measures" an optimization before and after, and exits 0 when it improved.
# Exits 1 (a degradation: Baton rolls the step back) when BATON_DEMO_DEGRADE names the optimization.
set -eu
name="${1:-change}"
before=$(( $(printf '%s' "$name" | wc -c) * 7 + 120 ))
if [ "${BATON_DEMO_DEGRADE:-}" = "$name" ]; then
  echo "check $name: ${before}ms before, $(( before + 35 ))ms after: slower, roll it back" >&2
  exit 1
fi
echo "check $name: ${before}ms before, $(( before * 3 / 5 ))ms after: 40% faster"
