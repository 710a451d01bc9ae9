#!/usr/bin/env bash
# Runs every fuzz target of a sanitizer build for a while, two at a time, each from its seed corpus
# in fuzz/corpus/ (copied: what the run adds stays in the build directory). Fails when a target
# reports anything, printing the end of its log and the input that caused it.
#   bash scripts/fuzz.sh [SECONDS [TARGET...]]    (default: 60 seconds, all six targets)
# The build directory is SHIFAN_SANITIZE_BUILD_DIR (default build-sanitize/, see setup.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SHIFAN_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(indicators rubric evidence_json evidence_csv text_encoding workbook); fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

run() {
  local target="$1" work="$build/fuzz-runs/$1"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/findings"
  cp "$root/fuzz/corpus/$target/"* "$work/corpus/"
  if "$build/bin/fuzz_$target" -dict="$root/fuzz/shifan.dict" -max_total_time="$seconds" -rss_limit_mb=2048 \
       -timeout=10 -print_final_stats=1 -artifact_prefix="$work/findings/" "$work/corpus" >"$work/log.txt" 2>&1; then
    echo "fuzz_$target: $(grep -m1 '^stat::number_of_executed_units' "$work/log.txt" | awk '{print $2}') inputs in ${seconds} s, nothing found" >&2
  else
    echo "fuzz_$target FAILED; the end of $work/log.txt:" >&2
    tail -n 60 "$work/log.txt" >&2
    ls "$work/findings" >&2
    return 1
  fi
}

status=0
pids=()
for target in "${targets[@]}"; do
  run "$target" &
  pids+=($!)
  if [ ${#pids[@]} -eq 2 ]; then
    wait "${pids[0]}" || status=1
    wait "${pids[1]}" || status=1
    pids=()
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
