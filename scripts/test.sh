#!/usr/bin/env bash
# `npm test`: the linter first (two seconds), then the test suite with the type checker and the
# XSS checker running beside it. The suite's two workers leave part of the two cores idle while
# they wait on databases, browsers and server processes; the checks (about 50 s of CPU) fill that
# instead of adding their time before the suite. Their reports are printed after the suite's.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run --silent lint || exit 1

typecheck_report=$(mktemp)
xss_report=$(mktemp)
trap 'rm -f "$typecheck_report" "$xss_report"' EXIT
npx tsc --noEmit >"$typecheck_report" 2>&1 &
typecheck=$!
npx xss-scan >"$xss_report" 2>&1 &
xss=$!

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
wait "$xss"
templates=$?
cat "$xss_report"
[ "$templates" -eq 0 ] || echo "XSS check failed (xss-scan)" >&2
[ "$tests" -eq 0 ] && [ "$types" -eq 0 ] && [ "$templates" -eq 0 ]
