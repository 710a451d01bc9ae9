#!/usr/bin/env bash
# The example round as WPS and Excel write it (tests/data/messy-lanshan/csv: GB18030, UTF-16, a BOM,
# tabs and semicolons, CRLF, Chinese headers, TRUE and 是, 96%, full-width digits, 2025/3/1, per-county
# and wide fields tables, empty rows and columns) scores exactly as the clean round
# (examples/lanshan-2025/csv): the same bytes from score, explain, report and result.json.
#   messy_round_test.sh SHIFAN SOURCE_DIR
set -uo pipefail
shifan="$1"
cd "$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
system=(-i indicators/hunan-2021-2025.json -r rubrics/hunan-2021-2025.json)
clean=examples/lanshan-2025/csv
messy=tests/data/messy-lanshan/csv

status=0
fail() {
  echo "$*" >&2
  status=1
}
# Runs one command on both rounds (the round's path appended to the arguments) and compares stdout.
same_output() {
  local name="$1"
  shift
  "$shifan" "$@" -e "$clean" >"$work/$name.clean" 2>"$work/$name.clean.err" || fail "$name: the clean round failed: $(head -c 2000 "$work/$name.clean.err")"
  "$shifan" "$@" -e "$messy" >"$work/$name.messy" 2>"$work/$name.messy.err" || fail "$name: the messy round failed: $(head -c 2000 "$work/$name.messy.err")"
  [ -s "$work/$name.clean" ] || fail "$name: no output"
  diff -u "$work/$name.clean" "$work/$name.messy" >&2 || fail "$name: the outputs differ"
  # Neither round has a field no rule reads, so neither warns.
  diff -u "$work/$name.clean.err" "$work/$name.messy.err" >&2 || fail "$name: the warnings differ"
}

same_output score score "${system[@]}"
same_output score-csv score "${system[@]}" --format csv --no-bom
same_output score-region score "${system[@]}" --group region
# Units written long (LS01, LS02, LS07, LS13), wide (LS04, LS10, LS15), with a veto (LS09: 是/否,
# 2022/10/31 and a .tsv file; LS12: wide, excluded) and with missing evidence (LS13).
for unit in LS01 LS02 LS04 LS07 LS09 LS10 LS12 LS13 LS15; do
  same_output "explain-$unit" explain --unit "$unit" "${system[@]}"
done
same_output explain-csv explain --unit LS06 "${system[@]}" --format csv --no-bom
same_output report report "${system[@]}" --format md

# report --format csv and score --out: every table file alike. The audit differs where it names the
# round's files, and only there: the option "evidence" (the directory given) and the evidence
# entries of "inputs" (6 tables in the clean round, 20 files in the messy one, with their own paths,
# sizes and digests). Those lines are removed before comparing; everything else of the audit (the
# command, version, language, other options, the ids of the indicator system, rubric and round, and
# the indicator system's and rubric's files and digests) must be the same.
without_round_files() {
  # The audit is a file of its own (audit.json) or the last member of another ("audit": {).
  awk -v audit="$2" '
    /^  "audit": \{/ { audit = 1 }
    audit && /^ *"evidence": "/ { next }
    audit && /^ *"inputs": \[/ { inputs = 1; print; next }
    inputs && /^ *\]/ { inputs = 0 }
    inputs && /^ *\{/ { object = $0 "\n"; inside = 1; next }
    inside { object = object $0 "\n"; if ($0 ~ /"role": "evidence"/) evidence = 1
             if ($0 ~ /^ *\},?$/) { if (!evidence) printf "%s", object; inside = 0; evidence = 0 }
             next }
    { print }' "$1"
}
compare_directories() {
  local name="$1" a="$2" b="$3"
  local files_a files_b
  files_a="$(cd "$a" && ls)"
  files_b="$(cd "$b" && ls)"
  [ "$files_a" = "$files_b" ] || fail "$name: different files: $files_a / $files_b"
  for file in $files_a; do
    case "$file" in
      *.json)
        local whole=0
        [ "$file" = audit.json ] && whole=1
        without_round_files "$a/$file" "$whole" >"$work/a.json"
        without_round_files "$b/$file" "$whole" >"$work/b.json"
        grep -q '"role": "evidence"' "$work/a.json" "$work/b.json" && fail "$name/$file: the round's files were not all removed"
        diff -u "$work/a.json" "$work/b.json" >&2 || fail "$name/$file differs beyond the round's files" ;;
      *) cmp -s "$a/$file" "$b/$file" || { diff -u "$a/$file" "$b/$file" >&2; fail "$name/$file differs"; } ;;
    esac
  done
}
for round in clean messy; do
  dir="$clean"
  [ "$round" = messy ] && dir="$messy"
  "$shifan" score "${system[@]}" -e "$dir" --out "$work/score-$round" >/dev/null || fail "score --out ($round) failed"
  "$shifan" report "${system[@]}" -e "$dir" --format csv --out "$work/report-$round" >/dev/null ||
    fail "report --format csv ($round) failed"
  # The audit names every file read, so verify holds the messy round to its 20 files.
  "$shifan" verify --out "$work/score-$round" >/dev/null 2>"$work/verify.err" ||
    fail "verify ($round) failed: $(cat "$work/verify.err")"
done
compare_directories score "$work/score-clean" "$work/score-messy"
compare_directories report "$work/report-clean" "$work/report-messy"
# The messy round's audit lists its 20 files, by name.
listed="$(grep -c '"path": "tests/data/messy-lanshan/csv/' "$work/score-messy/audit.json")"
[ "$listed" -eq 20 ] || fail "the audit lists $listed files of the messy round, expected 20"
exit $status
