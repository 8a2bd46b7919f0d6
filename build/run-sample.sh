#!/usr/bin/env bash
# Main job: build the sample app with the CachingArchitect analyzers and show what they find.
#
#   bash build/run-sample.sh            # build, print the CACHE warnings and a count per rule
#   bash build/run-sample.sh --strict   # also fail when a mistake marked in the sample is not reported
#   bash build/run-sample.sh --fixed    # build the fixed variant (-p:SampleVariant=Fixed): fail on any CACHE diagnostic
#   bash build/run-sample.sh --run      # build, then run the app against redis-server on 127.0.0.1 (build/ensure-redis.sh,
#                                       # port ${REDIS_PORT:-6390}; ConnectionStrings__Redis points at it; Ctrl+C stops it).
#                                       # Combine with --fixed to run the fixed variant. URL: ${SAMPLE_URL:-http://127.0.0.1:5080}
#
# Needs only the .NET 10 SDK. The sample (samples/CachingArchitect.Sample) references the analyzers by
# ProjectReference, so this always shows the analyzers of the current source tree.
# Every intended mistake in the sample is marked with a comment "Mistake (CACHEnnn)"; the summary compares
# those marks with what the build reports.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SAMPLE_DIR="samples/CachingArchitect.Sample"
SAMPLE_PROJECT="$SAMPLE_DIR/CachingArchitect.Sample.csproj"
STRICT="${CACHE_SAMPLE_STRICT:-0}"
FIXED=0
RUN=0
for arg in "$@"; do
  case "$arg" in
    --strict) STRICT=1 ;;
    --fixed) FIXED=1 ;;
    --run) RUN=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run-sample.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run-sample.sh: 'dotnet' not found. Install the .NET 10 SDK (https://dot.net) and try again." >&2
  exit 1
fi

LOG="$(mktemp "${TMPDIR:-/tmp}/cachingarchitect-sample.XXXXXX.log")"
trap 'rm -f "$LOG"' EXIT

# The compiler reports analyzer warnings only when it runs: drop the sample's own intermediate assembly so that
# the sample is always recompiled (cheap), while the analyzer projects still build incrementally.
if [ -d "$SAMPLE_DIR/obj" ]; then
  find "$SAMPLE_DIR/obj" -name 'CachingArchitect.Sample.dll' -type f -delete
fi

VARIANT_ARGS=()
if [ "$FIXED" = "1" ]; then
  VARIANT_ARGS=(-p:SampleVariant=Fixed)
fi

echo "==> dotnet build $SAMPLE_PROJECT ${VARIANT_ARGS[*]:-}"
start=$(date +%s)
set +e
dotnet build "$SAMPLE_PROJECT" "${VARIANT_ARGS[@]}" -nologo -v:q -tl:off -clp:NoSummary >"$LOG" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

if [ $status -ne 0 ]; then
  cat "$LOG"
  echo "run-sample.sh: the sample build FAILED (exit $status) after ${elapsed}s." >&2
  exit $status
fi

# One line per diagnostic: "path(line,col): warning CACHEnnn: message (help link)", without the project suffix.
mapfile -t findings < <(grep -E ': (warning|error) CACHE[0-9]+:' "$LOG" \
  | sed -E -e "s# \[[^]]*\.csproj\]\$##" -e "s#^$ROOT/##" | sort -u -V)

echo
echo "CachingArchitect findings in the sample (${#findings[@]}):"
for line in "${findings[@]}"; do
  echo "  $line"
done

# Other warnings (compiler, NuGet) are shown too, so nothing hides behind the summary.
other=$(grep -E ': warning [A-Z]+[0-9]+' "$LOG" | grep -vE ': warning CACHE[0-9]+:' | sed -E "s#^$ROOT/##" | sort -u || true)
if [ -n "$other" ]; then
  echo
  echo "Other warnings:"
  echo "$other" | sed 's/^/  /'
fi

run_app() {
  echo
  echo "==> redis-server on 127.0.0.1 (build/ensure-redis.sh)"
  local port="${REDIS_PORT:-6390}"
  REDIS_PORT="$port" bash "$ROOT/build/ensure-redis.sh"
  local url="${SAMPLE_URL:-http://127.0.0.1:5080}"
  echo
  echo "==> dotnet run (ConnectionStrings__Redis=127.0.0.1:$port, $url); try:"
  echo "      curl $url/users/42/profile       # Redis key shop:v2:user:42:profile (TTL 15 min +-10%)"
  echo "      curl $url/products/3/price       # Redis key shop:v2:product:3:price (TTL 30 s)"
  echo "      curl $url/catalog                # HybridCache"
  echo "      curl $url/admin/cache/schema     # the key schema as data"
  echo "      redis-cli -p $port --scan --pattern 'shop:v2:*'; redis-cli -p $port ttl shop:v2:user:42:profile"
  rm -f "$LOG"
  ConnectionStrings__Redis="127.0.0.1:$port,abortConnect=false" ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Development \
    exec dotnet run --no-build --project "$SAMPLE_PROJECT" "${VARIANT_ARGS[@]}"
}

if [ "$FIXED" = "1" ]; then
  echo
  if [ ${#findings[@]} -ne 0 ]; then
    echo "run-sample.sh: FAILED (--fixed): the fixed variant must build without CACHE diagnostics; it reported ${#findings[@]} (above)." >&2
    exit 1
  fi
  echo "Fixed variant built in ${elapsed}s with zero CachingArchitect diagnostics."
  if [ "$RUN" = "1" ]; then run_app; fi
  exit 0
fi

# Per-rule summary: marked mistakes vs reported diagnostics.
declare -A reported=() expected=()
for line in "${findings[@]}"; do
  id=$(echo "$line" | grep -oE 'CACHE[0-9]+' | head -1)
  reported[$id]=$(( ${reported[$id]:-0} + 1 ))
done
while read -r id; do
  [ -n "$id" ] && expected[$id]=$(( ${expected[$id]:-0} + 1 ))
done < <(grep -rhoE 'Mistake \(CACHE[0-9]+\)' --include='*.cs' "$SAMPLE_DIR" | grep -oE 'CACHE[0-9]+' || true)

echo
printf '  %-9s %8s %9s  %s\n' "Rule" "Marked" "Reported" ""
missing=()
for id in $(printf '%s\n' "${!reported[@]}" "${!expected[@]}" | sort -u); do
  note=""
  if [ "${reported[$id]:-0}" -eq 0 ]; then
    note="not reported (rule not implemented yet?)"
    missing+=("$id")
  elif [ "${expected[$id]:-0}" -eq 0 ]; then
    note="reported but not marked in the sample"
  fi
  printf '  %-9s %8s %9s  %s\n' "$id" "${expected[$id]:-0}" "${reported[$id]:-0}" "$note"
done
echo
echo "Sample built in ${elapsed}s: ${#findings[@]} CachingArchitect diagnostic(s) across ${#reported[@]} rule(s)."

if [ ${#findings[@]} -eq 0 ]; then
  echo "run-sample.sh: FAILED: the build reported no CACHE diagnostics; the analyzers did not run." >&2
  exit 1
fi
if [ "$STRICT" = "1" ] && [ ${#missing[@]} -gt 0 ]; then
  echo "run-sample.sh: FAILED (--strict): marked mistakes not reported: ${missing[*]}" >&2
  exit 1
fi
if [ "$RUN" = "1" ]; then run_app; fi
