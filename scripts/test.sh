#!/usr/bin/env bash
# Runs the default test suite (everything except [Trait("Category","Slow")]) and prints the totals as
# "N passed, N failed" on a line of its own. Extra arguments go to `dotnet test` (e.g. --filter Category=Slow).
set -uo pipefail
cd "$(dirname "$0")/.."
filter="Category!=Slow"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --all) filter="" ;;
    --slow) filter="Category=Slow" ;;
    *) args+=("$1") ;;
  esac
  shift
done
log=$(mktemp)
if [ -n "$filter" ]; then
  dotnet test Adjoint.slnx -c Release --filter "$filter" "${args[@]}" 2>&1 | tee "$log"
else
  dotnet test Adjoint.slnx -c Release "${args[@]}" 2>&1 | tee "$log"
fi
status=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
