#!/usr/bin/env bash
# The one test command (README and .ci/run both call it). On a fresh machine it first
# installs what the tests need — Debian's chromium for the browser tests, wrk for the hook
# benchmark, the real Claude Code CLI (pinned) for the end-to-end tests and the Aspire dashboard
# (an OTLP receiver) for the OpenTelemetry export tests — then runs every
# test project, then every benchmark program once in smoke mode (it asserts no timings, only
# that each still runs and finds nothing broken: bytes identical, no record lost), and ends
# with a plain "N passed, N failed, N skipped" line from the real counts (see
# scripts/test-counts.sh; the smoke run is reported beside it, not counted as a test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quiet() { "$@" >/tmp/cc-tracer-setup.log 2>&1 || { cat /tmp/cc-tracer-setup.log; return 1; }; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium (Debian package) for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  quiet $SUDO apt-get update -qq
  quiet $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "setup: installing wrk (Debian package) for the hook-sink benchmark's smoke run"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  quiet $SUDO apt-get update -qq
  quiet $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

# The Claude Code CLI the end-to-end tests run: the pinned release in .tools/ (docs/claude-code.md says
# what changed between releases). CC_TRACER_CLAUDE_VERSION=latest (or a release, e.g. 2.1.197, the one
# pinned before) runs them on that one instead, installed into its own .tools/claude-<version>/.
CLAUDE_PINNED=2.1.332
CLAUDE_VERSION=${CC_TRACER_CLAUDE_VERSION:-$CLAUDE_PINNED}
if [ "$CLAUDE_VERSION" = latest ]; then
  CLAUDE_VERSION=$(npm view @anthropic-ai/claude-code version 2>/dev/null) \
    || { echo "setup: could not resolve the latest Claude Code release (npm view failed)"; exit 1; }
fi
claude_dir=.tools
[ "$CLAUDE_VERSION" = "$CLAUDE_PINNED" ] || claude_dir=".tools/claude-$CLAUDE_VERSION"
if [ ! -x "$claude_dir/node_modules/.bin/claude" ] || ! grep -q "\"version\": \"$CLAUDE_VERSION\"" "$claude_dir/node_modules/@anthropic-ai/claude-code/package.json" 2>/dev/null; then
  echo "setup: installing the Claude Code CLI $CLAUDE_VERSION into $claude_dir/"
  mkdir -p "$claude_dir"
  quiet npm install --prefix "$claude_dir" --no-audit --no-fund --silent "@anthropic-ai/claude-code@$CLAUDE_VERSION"
fi
export CC_TRACER_CLAUDE_BIN="$root/$claude_dir/node_modules/.bin/claude"
echo "setup: end-to-end tests run Claude Code $CLAUDE_VERSION"
# The HAR export's tests check it with a validator the project did not write: the npm package
# har-validator (HAR 1.2's JSON Schema), pinned, in .tools/har/.
HAR_VALIDATOR_VERSION=5.1.5
if ! grep -q "\"version\": \"$HAR_VALIDATOR_VERSION\"" .tools/har/node_modules/har-validator/package.json 2>/dev/null; then
  echo "setup: installing har-validator $HAR_VALIDATOR_VERSION into .tools/har/"
  mkdir -p .tools/har
  quiet npm install --prefix .tools/har --no-audit --no-fund --silent "har-validator@$HAR_VALIDATOR_VERSION"
fi
export CC_TRACER_HAR_VALIDATOR="$root/.tools/har/node_modules/har-validator"
export CC_TRACER_CHROMIUM="${CC_TRACER_CHROMIUM:-$(command -v chromium)}"

# The Aspire dashboard: the real OTLP receiver the OpenTelemetry export tests send to and then query
# (docs/opentelemetry.md). NuGet ships it as a package of tools; a throwaway project outside the
# repository (so the repository's central package versions do not apply) restores it into .tools/nuget/.
ASPIRE_DASHBOARD_VERSION=13.6.5
aspire_dir="$root/.tools/nuget/aspire.dashboard.sdk.linux-x64/$ASPIRE_DASHBOARD_VERSION/tools"
if [ ! -x "$aspire_dir/Aspire.Dashboard" ]; then
  echo "setup: installing the Aspire dashboard $ASPIRE_DASHBOARD_VERSION into .tools/nuget/"
  restore_dir=$(mktemp -d)
  cat >"$restore_dir/restore.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Aspire.Dashboard.Sdk.linux-x64" Version="[$ASPIRE_DASHBOARD_VERSION]" /></ItemGroup>
</Project>
EOF
  quiet dotnet restore "$restore_dir/restore.csproj" --packages "$root/.tools/nuget"
  rm -rf "$restore_dir"
fi
export CC_TRACER_ASPIRE_DASHBOARD="$aspire_dir/Aspire.Dashboard"

echo "build: dotnet build"
quiet dotnet build CcTracer.sln -c Debug -warnaserror

# The packages once, as a CI machine makes them (Release, CI=true: deterministic /_/ paths);
# the packaging tests read them from CC_TRACER_PACKAGES instead of packing inside a test.
echo "pack: dotnet pack CcTracer.Packages.slnf"
rm -rf "$root/artifacts/test-packages"
quiet env CI=true dotnet pack CcTracer.Packages.slnf -c Release -warnaserror -o "$root/artifacts/test-packages"
export CC_TRACER_PACKAGES="$root/artifacts/test-packages"

out=$(mktemp)
set +e
dotnet test --solution CcTracer.sln -c Debug --no-build --results-directory "$root/TestResults" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e

# The benchmark programs, once each in smoke mode (mitmdump's paths only if it is installed).
echo "benchmarks: all --smoke"
smoke_results=$(mktemp)
if dotnet run --no-build -c Debug --project benchmarks/CcTracer.Benchmarks -- all --smoke --results "$smoke_results" >/tmp/cc-tracer-bench-smoke.log 2>&1; then
  echo "benchmarks: smoke run fine"
  smoke=passed
else
  cat /tmp/cc-tracer-bench-smoke.log
  echo "benchmarks: smoke run FAILED"
  smoke=FAILED
  status=1
fi
rm -f "$smoke_results"

scripts/test-counts.sh "$out" "$smoke" || status=1
rm -f "$out"
exit "$status"
