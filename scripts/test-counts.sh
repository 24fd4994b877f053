#!/usr/bin/env bash
# The closing line of scripts/test.sh, from what `dotnet test` (Microsoft.Testing.Platform) printed.
# MTP's closing block says total / failed / succeeded / skipped, and total = succeeded + failed +
# skipped: "succeeded" does not include skipped tests (the TRX agrees: skipped ones are notExecuted).
# The benchmark smoke run is a check of its own: reported on the line before, never counted as a
# passed test; when it fails it counts as one failure, so the closing line never says "0 failed" on
# a failing run. The last line is the plain "N passed, N failed, N skipped" that CI reads, alone.
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
  echo "no tests ran; benchmark smoke run $smoke"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
if [ $((passed + failed + skipped)) -ne "$total" ]; then
  echo "warning: dotnet test reported $total tests but $passed passed + $failed failed + $skipped skipped"
fi
[ "$smoke" = passed ] || failed=$((failed + 1))
echo "tests: $total run by dotnet test; benchmark smoke run $smoke"
echo "$passed passed, $failed failed, $skipped skipped"
