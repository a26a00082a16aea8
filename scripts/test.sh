#!/usr/bin/env bash
# `npm test`: the linter and the XSS checker first (seconds), then the test suite with the type
# checker running beside it. The suite's two workers leave part of the two cores idle while they
# wait on databases, browsers and server processes; the type check (half a minute of CPU) fills
# that instead of adding its time before the suite. Its report is printed after the suite's.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run --silent lint || exit 1
npm run --silent xss-scan || exit 1

typecheck_report=$(mktemp)
trap 'rm -f "$typecheck_report"' EXIT
npx tsc --noEmit >"$typecheck_report" 2>&1 &
typecheck=$!

npx vitest run "$@"
tests=$?

wait "$typecheck"
types=$?
if [ "$types" -ne 0 ]; then
  cat "$typecheck_report"
  echo "type check failed (tsc --noEmit)" >&2
else
  echo "type check passed (tsc --noEmit)"
fi
[ "$tests" -eq 0 ] && [ "$types" -eq 0 ]
