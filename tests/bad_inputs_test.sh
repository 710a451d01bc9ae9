#!/usr/bin/env bash
# Runs one case of the bad-input corpus (tests/bad-inputs/cases.txt):
#   bad_inputs_test.sh SHIFAN SOURCE_DIR CASE [MAX_MEMORY_MIB]
# The command must exit with the case's code, print nothing on stdout and exactly the case's lines
# on stderr (one line, several joined by " ⏎ ", or "@FILE": the lines of tests/bad-inputs/FILE),
# finish within two minutes, stay under MAX_MEMORY_MIB of memory (1536 unless given; a sanitizer
# build needs more), and leave the earlier outputs in its --out directory as they were (nothing
# added, nothing half-written).
# It starts few processes besides the command's (it runs 174 times in each build): files are read
# and lines counted by bash itself.
set -uo pipefail
shifan="$1"
source_dir="$2"
name="$3"
max_rss_kb=$((${4:-1536} * 1024))

# The helpers below take texts of hundreds of lines, and match them byte by byte (LC_ALL=C, in them
# only): in a UTF-8 locale bash's patterns take time that grows with the square of the length.
# The text in the variable named $1 without its trailing newlines, as $(cat FILE) drops them.
drop_final_newlines() {
  local LC_ALL=C
  local -n text_of="$1"
  while [[ "$text_of" == *$'\n' ]]; do text_of="${text_of%$'\n'}"; done
}
# The text of file $1 in the variable named $2, as $(cat FILE) gives it.
read_text() {
  IFS= read -r -d '' "$2" <"$1"
  drop_final_newlines "$2"
}
# How many lines `wc -l` counts in text $1 (its newlines), in the variable named $2.
count_lines() {
  local LC_ALL=C
  local only="${1//[^$'\n']/}"
  printf -v "$2" '%s' "${#only}"
}

line=""
while IFS= read -r candidate; do
  if [[ "$candidate" == "$name | "* ]]; then
    line="$candidate"
    break
  fi
done <"$source_dir/tests/bad-inputs/cases.txt"
if [ -z "$line" ]; then
  echo "no case '$name' in tests/bad-inputs/cases.txt" >&2
  exit 1
fi
rest="${line#* | }"
expected_exit="${rest%% | *}"
rest="${rest#* | }"
arguments="${rest%% | *}"
expected_err="${rest#* | }"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gen="$work/gen"
out="$work/out"
mkdir -p "$gen" "$out"

# Large and deep inputs are made here rather than kept in the repository.
repeat() { head -c "$2" /dev/zero | tr '\0' "$1"; }
case "$name" in
  generated-deep-nesting)
    { printf '{"format": "shifan.indicators/1", "id": "deep", "name": "deep", "indicators": '
      repeat '[' 100000; } >"$gen/deep.json" ;;
  generated-deep-tree)
    { printf '{"format": "shifan.indicators/1", "id": "chain", "name": "chain", "indicators": [\n'
      printf '  {"code": "R", "name": "r", "points": 1}'
      parent=R
      for i in $(seq 1 99); do
        printf ',\n  {"code": "N%d", "parent": "%s", "name": "n", "points": 1}' "$i" "$parent"
        parent="N$i"
      done
      printf '\n]}\n'; } >"$gen/chain.json" ;;
  generated-100mb-name)
    { printf '{"format": "shifan.evidence/1", "round": {"id": "r", "name": "r", "indicators": "small"},\n'
      printf ' "units": [{"id": "U1", "name": "'
      repeat A 104857600
      printf '", "evidence": {}}]}\n'; } >"$gen/huge-name.json" ;;
  generated-100mb-cell)
    cp -r "$source_dir/tests/data/small/csv" "$gen/huge-cell"
    units="$source_dir/tests/data/small/csv/units.csv"
    { head -n 4 "$units"
      printf 'U1,'
      repeat A 104857600
      printf ',区\n'
      tail -n +6 "$units"; } >"$gen/huge-cell/units.csv" ;;
  generated-million-units)
    { printf '{"format": "shifan.evidence/1", "round": {"id": "r", "name": "r", "indicators": "small"},\n"units": [\n'
      seq 1 1000001 | awk '{ printf "%s{\"id\": \"U%d\", \"name\": \"n\", \"evidence\": {}}\n", (NR > 1 ? "," : ""), $1 }'
      printf ']}\n'; } >"$gen/million-units.json" ;;
esac

# Earlier outputs that a failed run must leave alone.
printf 'earlier ranking\n' >"$out/ranking.csv"
printf 'earlier result\n' >"$out/result.json"

read -r -a args <<<"${arguments//\{gen\}/$gen}"
if [ "${args[0]}" = score ]; then args+=(--out "$out"); fi
cd "$source_dir"
/usr/bin/time -f '%M' -o "$work/rss" timeout 120 "$shifan" "${args[@]}" >"$work/stdout" 2>"$work/stderr"
code=$?

status=0
fail() {
  echo "$name: $*" >&2
  status=1
}
[ "$code" -eq 124 ] && fail "did not finish within 120 s"
[ "$code" -eq "$expected_exit" ] || fail "exit code $code, expected $expected_exit"
[ -s "$work/stdout" ] && fail "printed on stdout: $(head -c 300 "$work/stdout")"
if [ "${expected_err:0:1}" = @ ]; then
  read_text "$source_dir/tests/bad-inputs/${expected_err:1}" expected_err
else
  expected_err="${expected_err// ⏎ /$'\n'}"
fi
expected_err="${expected_err//\{gen\}/$gen}"
count_lines "$expected_err"$'\n' expected_lines
actual_err=""
IFS= read -r -d '' actual_err <"$work/stderr"
count_lines "$actual_err" actual_lines
drop_final_newlines actual_err
[ "$actual_lines" -eq "$expected_lines" ] || fail "stderr has $actual_lines lines, expected $expected_lines"
if [ "$actual_err" != "$expected_err" ]; then
  fail "stderr differs"
  if [ "$expected_lines" -eq 1 ]; then
    printf 'expected: %s\nactual:   %s\n' "${expected_err:0:2000}" "${actual_err:0:2000}" >&2
  else
    printf '%s\n' "$expected_err" | diff -u - "$work/stderr" | head -c 20000 >&2
  fi
fi
rss_lines=()
mapfile -t rss_lines <"$work/rss"
rss_kb="${rss_lines[*]: -1}"
if [ -n "$rss_kb" ] && [ "$rss_kb" -gt "$max_rss_kb" ]; then fail "peak memory $rss_kb kB, above $max_rss_kb kB"; fi
read_text "$out/ranking.csv" earlier_ranking
[ "$earlier_ranking" = "earlier ranking" ] || fail "ranking.csv was changed"
read_text "$out/result.json" earlier_result
[ "$earlier_result" = "earlier result" ] || fail "result.json was changed"
shopt -s dotglob nullglob
left=()
for file in "$out"/*; do
  [[ "${file##*/}" == ranking.csv || "${file##*/}" == result.json ]] || left+=("${file##*/}")
done
[ ${#left[@]} -eq 0 ] || fail "left behind in the output directory: ${left[*]}"
exit $status
