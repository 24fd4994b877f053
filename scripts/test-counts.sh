#!/usr/bin/env bash
# The closing line of scripts/test.sh, from what `dotnet test` (Microsoft.Testing.Platform) printed.
# MTP's closing block says total / failed / succeeded / skipped, and total = succeeded + failed +
# skipped: "succeeded" does not include skipped tests (the TRX agrees: skipped ones are notExecuted).
# The benchmark smoke run is a check of its own: it is reported beside the tests, never counted as one.
# usage: test-counts.sh DOTNET_TEST_OUTPUT SMOKE_RESULT   (SMOKE_RESULT: passed | FAILED)
set -euo pipefail
out=$1
smoke=$2

count() { grep -E "^\s*$1: [0-9]+" "$out" | tail -1 | grep -oE '[0-9]+' || echo 0; }
total=$(count total)
failed=$(count failed)
passed=$(count succeeded)
skipped=$(count skipped)

if [ "$total" = 0 ]; then
  echo "no tests ran"
  echo "0 passed, 1 failed, 0 skipped of 0 tests; benchmark smoke run $smoke"
  exit 1
fi
if [ $((passed + failed + skipped)) -ne "$total" ]; then
  echo "warning: dotnet test reported $total tests but $passed passed + $failed failed + $skipped skipped"
fi
echo "$passed passed, $failed failed, $skipped skipped of $total tests; benchmark smoke run $smoke"
