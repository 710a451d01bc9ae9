#!/usr/bin/env bash
# Kills `shifan score --out` (SIGKILL, no chance to clean up) while it writes a large result.json,
# and checks what a reader of the output directory then finds: the previous outputs exactly as
# they were, or, on a first run, no output at all; never a half-written file under an output's name.
#   kill_test.sh SHIFAN
set -uo pipefail
shifan="$1"
source "$(dirname "${BASH_SOURCE[0]}")/script_support.sh"

"$shifan" gen --units 3200 --out "$work/round" >/dev/null || exit 1
round=(-i "$work/round/indicators.json" -r "$work/round/rubric.json" -e "$work/round/evidence.json")

# Starts a run that writes into DIR and kills it once its temporary result.json holds data.
# Returns 0 when the kill came during the write, 1 when the run ended first.
kill_while_writing() {
  local dir="$1"
  "$shifan" score "${round[@]}" --rank-method dense --reasons --out "$dir" >/dev/null 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -s "$dir/result.json.tmp-$pid" ]; then
      kill -9 "$pid"
      wait "$pid" 2>/dev/null
      return 0
    fi
    sleep 0.002
  done
  wait "$pid" 2>/dev/null
  return 1
}

# Only outputs and temporary files of a killed run may be in the directory.
check_names() {
  local dir="$1"
  shift
  local name
  for name in $(ls -A "$dir"); do
    case " $* " in *" $name "*) continue ;; esac
    case "$name" in *.tmp-[0-9]*) continue ;; esac
    fail "unexpected file after the kill: $name"
  done
}

# 1. Earlier outputs, then a killed run over them: they must be byte for byte what they were.
"$shifan" score "${round[@]}" --out "$work/out" >/dev/null || exit 1
(cd "$work/out" && sha256sum ranking.csv result.json audit.json) >"$work/before"
killed=no
for attempt in 1 2 3 4 5; do
  if kill_while_writing "$work/out"; then
    killed=yes
    break
  fi
  # The run finished before it could be caught: start again from the earlier outputs.
  "$shifan" score "${round[@]}" --out "$work/out" >/dev/null || exit 1
done
[ "$killed" = yes ] || fail "no run was caught while writing"
(cd "$work/out" && sha256sum --quiet -c "$work/before") || fail "the earlier outputs were changed by a killed run"
check_names "$work/out" ranking.csv result.json audit.json

# 2. A killed first run: no output file at all.
mkdir "$work/first"
killed=no
for attempt in 1 2 3 4 5; do
  if kill_while_writing "$work/first"; then
    killed=yes
    break
  fi
  rm -rf "$work/first" && mkdir "$work/first"
done
[ "$killed" = yes ] || fail "no first run was caught while writing"
for name in ranking.csv result.json audit.json; do
  [ -e "$work/first/$name" ] && fail "a killed first run left $name"
done
check_names "$work/first"

# 3. The next complete run replaces the earlier outputs and removes what the killed run left.
ls "$work/out" | grep -q '\.tmp-' || fail "the killed run left no temporary file (was it killed while writing?)"
"$shifan" score "${round[@]}" --rank-method dense --out "$work/out" >/dev/null || exit 1
grep -q '"rank_method": "dense"' "$work/out/result.json" || fail "the complete run did not replace result.json"
left="$(ls -A "$work/out" | grep -v -x -e ranking.csv -e result.json -e audit.json)"
[ -z "$left" ] || fail "left after a complete run: $left"
exit $status
