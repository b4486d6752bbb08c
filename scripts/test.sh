#!/usr/bin/env bash
# The whole test suite, as CI runs it (README command 2, .ci/run): prerequisites, typecheck, lint, every Jest
# project. Prints one closing line "N passed, N failed" (typecheck, lint and the production build count as one check each) and exits
# non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-prereqs.sh || { echo "0 passed, 1 failed"; exit 1; }

mkdir -p .test-output
checks_passed=0
checks_failed=0
run_check() { # name, command...
  local name=$1; shift
  echo "==> $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else checks_failed=$((checks_failed + 1)); echo "!! $name failed"; fi
}
run_check typecheck ./node_modules/.bin/tsc -p tsconfig.json --noEmit
run_check lint ./node_modules/.bin/eslint . --max-warnings=0
run_check build bash scripts/build.sh

echo "==> jest"
rm -f .test-output/jest.json
node --experimental-vm-modules --no-warnings node_modules/jest/bin/jest.js --ci --maxWorkers="${JEST_WORKERS:-2}" \
  --json --outputFile=.test-output/jest.json "$@"
jest_status=$?

read -r jest_passed jest_failed jest_skipped < <(node -e '
  const fs = require("fs");
  try {
    const r = JSON.parse(fs.readFileSync(".test-output/jest.json", "utf8"));
    // A suite that failed to run (syntax error, failing hook) counts as a failure even with no test results.
    const brokenSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + brokenSuites, r.numPendingTests + r.numTodoTests);
  } catch { console.log(0, 1, 0); }
')
passed=$((jest_passed + checks_passed))
failed=$((jest_failed + checks_failed))
if [ "$jest_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$jest_skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $jest_skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$failed" -eq 0 ]
