#!/usr/bin/env bash
# shifan uncertainty as a long run: Ctrl-C stops it with exit 130, one line on stderr and nothing
# written; the progress bar appears on a terminal and never on a redirected stderr; outputs written
# with --out pass shifan verify.
#   uncertainty_cli_test.sh SHIFAN SOURCE_DIR [REPLICATIONS]
# REPLICATIONS (default 1,000,000) sizes the run that draws the bar: about a second in a release
# build; a sanitizer build, ten times slower, passes fewer.
set -uo pipefail
shifan="$1"
source "$(dirname "${BASH_SOURCE[0]}")/script_support.sh"
cd "$2" || exit 1
replications="${3:-1000000}"
# The bar counts 3 × REPLICATIONS (sensitivity with one input), written with thousands separators.
bar_total="$(echo $((3 * replications)) | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')"
small=(-i tests/data/small/indicators.json -r tests/data/small/rubric.json -e tests/data/small/evidence.json)

# 25 million small replications (5 million base, sensitivity with 3 inputs): many seconds, yet
# little memory. Interrupted after two seconds (interrupts are caught from before loading).
long=(uncertainty "${small[@]}" -w 1:uniform:0.2 --methods arithmetic,geometric --rating-noise --sensitivity
      -n 5000000 --format json)
# --foreground: timeout passes the SIGINT on to the command only (the run below without it checks
# the signal sent twice).
timeout --foreground 120 "$shifan" "${long[@]}" --out "$work/long.json" >"$work/out" 2>"$work/err" &
pid=$!
sleep 2
kill -INT "$pid"
wait "$pid"
code=$?
[ "$code" -eq 130 ] || fail "interrupted run: exit code $code, expected 130"
[ "$(cat "$work/err")" = "interrupted: nothing written" ] || fail "interrupted run: stderr '$(cat "$work/err")'"
[ -s "$work/out" ] && fail "interrupted run: wrote to stdout"
ls "$work" | grep -q long && fail "interrupted run: left $(ls "$work" | grep long)"

# Without --foreground, timeout sends SIGINT to the command and then to its process group: the
# same request twice within microseconds. It is taken as one, so the run still ends with its
# message (a second Ctrl-C later than 100 ms would end it at once).
timeout --preserve-status -s INT 2 "$shifan" "${long[@]}" --out "$work/long.json" >"$work/out" 2>"$work/err"
code=$?
[ "$code" -eq 130 ] || fail "run interrupted by timeout: exit code $code, expected 130"
[ "$(cat "$work/err")" = "interrupted: nothing written" ] || fail "run interrupted by timeout: stderr '$(cat "$work/err")'"
ls "$work" | grep -q long && fail "run interrupted by timeout: left $(ls "$work" | grep long)"

# On a terminal (script(1) gives the run one) the bar is drawn on stderr with '\r'; the run of
# about a second draws it several times.
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "note: no pseudo-terminal here (script(1) failed): the progress bar is not checked" >&2
  exit $status
fi
bar=(uncertainty "${small[@]}" -w 1:uniform:0.2 --sensitivity -n "$replications" --format json --out "$work/bar.json")
TERM=xterm script -qec "$(printf '%q ' "$shifan" "${bar[@]}")" /dev/null >"$work/tty" 2>&1
grep -q $'\r\\[#*-*\\] *[0-9]*%  [0-9,]*/'"$bar_total"' replications' "$work/tty" || fail "no progress bar on a terminal: $(head -c 300 "$work/tty" | cat -v)"
[ -s "$work/bar.json" ] || fail "the run on a terminal wrote no output"
# The same run with stderr redirected draws nothing.
"$shifan" "${bar[@]}" 2>"$work/err2" || fail "redirected run failed"
[ -s "$work/err2" ] && fail "progress drawn on a redirected stderr: $(head -c 200 "$work/err2" | cat -v)"
# --no-progress on a terminal: nothing either.
TERM=xterm script -qec "$(printf '%q ' "$shifan" "${bar[@]}" --no-progress)" /dev/null >"$work/tty2" 2>&1
[ -s "$work/tty2" ] && fail "--no-progress still drew: $(head -c 200 "$work/tty2" | cat -v)"

# verify re-runs the recorded command (its --threads left out: any count gives the same bytes).
"$shifan" uncertainty "${small[@]}" -w 1:uniform:0.2 -w 2:dirichlet:30 --rating-noise -n 500 --seed 4 --threads 2 \
  --format json --out "$work/u.json" || fail "uncertainty --out failed"
"$shifan" verify --out "$work/u.json" >"$work/verified" 2>&1 || fail "verify failed: $(cat "$work/verified")"
grep -q '^verified: ' "$work/verified" || fail "verify said: $(cat "$work/verified")"
"$shifan" uncertainty "${small[@]}" -w 1:dirichlet:30 -n 300 --format xlsx --out "$work/u.xlsx" || fail "xlsx failed"
"$shifan" verify --out "$work/u.xlsx" >"$work/verified" 2>&1 || fail "verify of the workbook failed: $(cat "$work/verified")"
exit $status
