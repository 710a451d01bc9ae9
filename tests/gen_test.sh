#!/usr/bin/env bash
# `shifan gen`: the same seed writes identical directories, another seed other evidence; the round
# validates and scores, from JSON and from CSV alike; bad arguments exit 2 with one clear line and
# leave nothing behind.
set -euo pipefail
shifan="$1"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

"$shifan" gen --units 40 --indicators 45 --seed 9 --out "$work/a" >"$work/a.out"
"$shifan" gen -n 40 -m 45 -s 9 -o "$work/b" >/dev/null
diff -r "$work/a" "$work/b"
for f in indicators.json rubric.json evidence.json csv/units.csv csv/entries.csv csv/fields.csv csv/findings.csv \
         csv/ratings.csv csv/events.csv; do
  cmp "$work/a/$f" "$work/b/$f"
done
grep -q "^wrote $work/a: indicators.json (.*), rubric.json (.*), evidence.json (.*), csv/ (6 tables, .*); 40 units x 45 indicators, seed 9$" "$work/a.out" \
  || { echo "unexpected summary:" >&2; cat "$work/a.out" >&2; exit 1; }
[ "$(find "$work/a" -type f | wc -l)" -eq 9 ] || { echo "unexpected files:" >&2; find "$work/a" >&2; exit 1; }

"$shifan" gen --units 40 --indicators 45 --seed 10 --out "$work/c" >/dev/null
if cmp -s "$work/a/evidence.json" "$work/c/evidence.json"; then echo "seed 10 gave the evidence of seed 9" >&2; exit 1; fi

# The round validates and scores; the CSV tables score exactly like the JSON file.
round=(-i "$work/a/indicators.json" -r "$work/a/rubric.json")
"$shifan" validate "${round[@]}" -e "$work/a/evidence.json" >/dev/null
"$shifan" score "${round[@]}" -e "$work/a/evidence.json" --format json >"$work/json.out"
"$shifan" score "${round[@]}" -e "$work/a/csv" --format json >"$work/csv.out"
cmp "$work/json.out" "$work/csv.out"
"$shifan" report "${round[@]}" -e "$work/a/csv" --tables ranking,shortlist,statistics >/dev/null

# Bad arguments: exit 2, one line on stderr, nothing written.
expect_error() {
  local pattern="$1"
  shift
  set +e
  "$shifan" gen "$@" >"$work/out" 2>"$work/err"
  local code=$?
  set -e
  [ "$code" -eq 2 ] || { echo "gen $*: exit code $code, expected 2" >&2; exit 1; }
  [ ! -s "$work/out" ] || { echo "gen $*: unexpected stdout" >&2; exit 1; }
  [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q -- "$pattern" "$work/err" \
    || { echo "gen $*: unexpected stderr:" >&2; cat "$work/err" >&2; exit 1; }
}
expect_error "^error: shifan gen: --units must be between 1 and 1000000, found 0$" --units 0 --out "$work/bad"
expect_error "^error: shifan gen: --units must be between 1 and 1000000, found -3$" --units -3 --out "$work/bad"
expect_error "^error: shifan gen: --indicators must be between 40 and 400, found 12 " --indicators 12 --out "$work/bad"
expect_error "^error: shifan gen: the option '--out' is required" --units 5
expect_error "^error: shifan gen: the argument ('many') for option '--units' is invalid" --units many --out "$work/bad"
[ ! -e "$work/bad" ] || { echo "a bad command line created its output directory" >&2; exit 1; }

# An output directory that cannot be written (as root, /proc/self, where no file can be created).
locked="$work/locked"
mkdir "$locked"
chmod a-w "$locked"
if [ "$(id -u)" -eq 0 ]; then locked=/proc/self; fi
expect_error "^error: $locked" --units 5 --indicators 40 --out "$locked/round"
touch "$work/file"
expect_error "^error: $work/file: the output directory exists and is not a directory$" --units 5 --out "$work/file"
echo "ok"
