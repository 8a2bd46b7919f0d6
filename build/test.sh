#!/usr/bin/env bash
# The test command (README, .ci/run):
#
#   bash build/test.sh
#
# 0. set-up: `dotnet tool restore` (csharp-ls for the language-server test) and a throwaway redis-server on
#    127.0.0.1:6390 (build/ensure-redis.sh installs it with apt-get when missing; stopped again at the end)
# 1. dotnet build CachingArchitect.sln -c Release -warnaserror   (the solution must be warning-free), then the
#    benchmark projects and build/perf/BaselineAnalyzer (outside the solution; they must keep compiling)
# 2. dotnet pack  CachingArchitect.sln -c Release -o artifacts -p:VersionSuffix=ci.<epoch>   (unique version,
#    so a consumer never gets a stale copy from the NuGet cache)
# 3. dotnet test  CachingArchitect.sln -c Release --no-build   (analyzer tests + package/consumer tests)
#
# Needs only the .NET 10 SDK (and the NuGet feed for the first restore). Fails on any failure and ends with a
# "Tests: N passed, N failed, N skipped" line.
# Environment: CACHINGARCHITECT_VERSION_SUFFIX overrides the pack suffix; TEST_FILTER is passed to --filter.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: 'dotnet' not found. Install the .NET 10 SDK (https://dot.net) and try again." >&2
  exit 1
fi

# No build servers left behind, no shared compiler server (CI runs in a fresh clone, without stdin).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SOLUTION=CachingArchitect.sln
CONFIG=Release
SUFFIX="${CACHINGARCHITECT_VERSION_SUFFIX:-ci.$(date -u +%s)}"
COMMON=(-nologo -tl:off -nodeReuse:false)

t0=$(date +%s)
step_start=$t0
timings=()
step() { echo; echo "==> $*"; step_start=$(date +%s); }
done_step() { local s=$(( $(date +%s) - step_start )); timings+=("$1: ${s}s"); echo "    ($1 took ${s}s)"; }

step "set-up: dotnet tool restore, redis-server"
dotnet tool restore
REDIS_PORT="${REDIS_PORT:-6390}"
redis_started=0
if [ -z "${REDIS_CONNECTION:-}" ]; then
  # Only a server this script started is stopped again; one that already answered is left alone.
  if ! (command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = "PONG" ]); then
    redis_started=1
  fi
  REDIS_PORT="$REDIS_PORT" bash build/ensure-redis.sh
  export REDIS_CONNECTION="127.0.0.1:$REDIS_PORT"
fi
stop_redis() { if [ "$redis_started" = 1 ]; then REDIS_PORT="$REDIS_PORT" bash build/ensure-redis.sh stop || true; fi; }
trap stop_redis EXIT
done_step setup

step "dotnet build $SOLUTION -c $CONFIG -warnaserror"
dotnet build "$SOLUTION" -c "$CONFIG" -warnaserror -v:m "${COMMON[@]}"
# The benchmarks and the perf baseline analyzer are not in the solution (nothing to test or pack) but must keep compiling.
for tool in tests/CachingArchitect.Benchmarks tests/CachingArchitect.Generators.Benchmarks build/perf/BaselineAnalyzer; do
  dotnet build "$tool" -c "$CONFIG" -warnaserror -v:m "${COMMON[@]}"
done
done_step build

step "dotnet pack $SOLUTION -c $CONFIG -o artifacts -p:VersionSuffix=$SUFFIX"
mkdir -p artifacts
# Old CI packages would only pile up; releases and hand-made packs are left alone.
find artifacts -maxdepth 1 -type f \( -name 'CachingArchitect*-ci.*.nupkg' -o -name 'CachingArchitect*-ci.*.snupkg' \) -delete
# --no-build: the assemblies of step 1 are packed as they are; only the package version carries the suffix.
dotnet pack "$SOLUTION" -c "$CONFIG" --no-build -o artifacts "-p:VersionSuffix=$SUFFIX" -v:m "${COMMON[@]}"
ls -l artifacts/*.nupkg
done_step pack

step "dotnet test $SOLUTION -c $CONFIG --no-build"
TEST_ARGS=(--no-build -c "$CONFIG")
if [ -n "${TEST_FILTER:-}" ]; then
  TEST_ARGS+=(--filter "$TEST_FILTER")
fi
TEST_LOG="$(mktemp "${TMPDIR:-/tmp}/cachingarchitect-test.XXXXXX.log")"
trap 'rm -f "$TEST_LOG"; stop_redis' EXIT
set +e
dotnet test "$SOLUTION" "${TEST_ARGS[@]}" "${COMMON[@]}" 2>&1 | tee "$TEST_LOG"
test_status=${PIPESTATUS[0]}
set -e
done_step test

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, Duration: ...").
passed=0; failed=0; skipped=0; assemblies=0
while read -r f p s; do
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s)); assemblies=$((assemblies + 1))
done < <(sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+),.*/\2 \3 \4/p' "$TEST_LOG")

echo
echo "==> Summary"
grep -E '(Passed|Failed)! +- +Failed:' "$TEST_LOG" | sed 's/^ */  /' || true
echo "  Timings: ${timings[*]}; total $(( $(date +%s) - t0 ))s. Package version suffix: $SUFFIX"
echo "Tests: $passed passed, $failed failed, $skipped skipped"

if [ "$test_status" -ne 0 ]; then
  echo "test.sh: dotnet test FAILED (exit $test_status)." >&2
  exit "$test_status"
fi
if [ "$assemblies" -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "test.sh: no test summary found: no tests ran." >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then
  exit 1
fi
