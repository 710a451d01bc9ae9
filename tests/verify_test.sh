#!/usr/bin/env bash
# `shifan verify --out PATH`: outputs of score, rank, report and composite verified from their audit
# (a directory, JSON, Markdown, CSV with its side file, a workbook); a changed input fails with exit 3
# naming it, a changed output with exit 4 naming it and the place, a missing audit with exit 2.
set -euo pipefail
shifan="$1"
cd "$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "$*" >&2; exit 1; }
# Runs shifan, expecting exit code $1; stdout into $work/out, stderr into $work/err.
expect() {
  local expected="$1"
  shift
  set +e
  "$shifan" "$@" >"$work/out" 2>"$work/err"
  local code=$?
  set -e
  [ "$code" -eq "$expected" ] || { cat "$work/err" >&2; fail "shifan $*: exit code $code, expected $expected"; }
}
# The one line on stderr must be exactly $1.
stderr_is() { [ "$(cat "$work/err")" = "$1" ] || fail "stderr: $(cat "$work/err"), expected: $1"; }
stderr_contains() { grep -qF -- "$1" "$work/err" || fail "stderr: $(cat "$work/err"), expected to contain: $1"; }
stdout_is() { [ "$(cat "$work/out")" = "$1" ] || fail "stdout: $(cat "$work/out"), expected: $1"; }

# Inputs copied, to be changed later; paths relative to the working directory, as recorded.
mkdir -p "$work/in"
cp -r tests/data/small/indicators.json tests/data/small/rubric.json tests/data/small/evidence.json tests/data/small/csv "$work/in/"
cd "$work"
small=(-i in/indicators.json -r in/rubric.json -e in/evidence.json)

# score --out DIR: ranking.csv, result.json and audit.json match.
expect 0 score "${small[@]}" --out score --group level --rank-method dense
expect 0 verify --out score
stdout_is "verified: score: 3 files match a re-run from 3 unchanged input files"
# With --format xlsx, the workbook beside them (the full ranking and the audit) is verified too.
if command -v unzip >/dev/null; then
  expect 0 score "${small[@]}" --out score-xlsx --format xlsx
  [ "$(ls score-xlsx | tr '\n' ' ')" = "audit.json ranking.csv ranking.xlsx result.json " ] || fail "score-xlsx: $(ls score-xlsx)"
  sleep 1
  expect 0 verify --out score-xlsx
  stdout_is "verified: score-xlsx: 4 files match a re-run from 3 unchanged input files"
fi
[ ! -s "$work/err" ] || fail "unexpected stderr: $(cat "$work/err")"

# The language is recorded and reproduced: written in Chinese from the environment, verified in any
# (with --reasons, which gives each ledger line its sentence, recorded and reproduced too).
LANG=zh_CN.UTF-8 LC_ALL= expect 0 score "${small[@]}" --out score-zh --reasons
grep -q '"language": "zh-CN"' score-zh/audit.json || fail "score-zh/audit.json does not record zh-CN"
grep -q '"reasons"' score-zh/audit.json || fail "score-zh/audit.json does not record --reasons"
grep -q '扣 4 分' score-zh/result.json || fail "score-zh/result.json is not in Chinese"
LANG=en_US.UTF-8 expect 0 verify --out score-zh
stdout_is "verified: score-zh: 3 files match a re-run from 3 unchanged input files"
expect 0 score "${small[@]}" --out score-en --lang en
grep -q '"language": "en"' score-en/audit.json || fail "score-en/audit.json does not record en"
LANG=zh_CN.UTF-8 LC_ALL= expect 0 verify --out score-en
# An error of the re-run is told in verify's language, not in the recorded output's: an audit whose
# recorded option was edited by hand (--lang zh, then the environment's language, then --lang en).
expect 0 score "${small[@]}" --out score-en-edited --lang en --rank-method dense
sed -i 's/"rank-method": "dense"/"rank-method": "densest"/' score-en-edited/audit.json
expect 2 verify --out score-en-edited --lang zh
stderr_is "错误：shifan score：--rank-method 应为“competition”、“dense”或“ordinal”，实际为“densest”"
LANG=zh_CN.UTF-8 LC_ALL= expect 2 verify --out score-en-edited
stderr_is "错误：shifan score：--rank-method 应为“competition”、“dense”或“ordinal”，实际为“densest”"
expect 2 verify --out score-en-edited --lang en
stderr_is "error: shifan score: --rank-method must be competition, dense or ordinal, found 'densest'"

# An output changed after it was written: exit 4, the file and the place named.
# Where unit U4 is first written, as line and byte offset of its "4".
place_of_u4() {
  local line
  line=$(grep -n U4 "$1" | head -1 | cut -d: -f1)
  echo "line $line, byte $(($(head -n $((line - 1)) "$1" | wc -c) + $(sed -n "${line}p" "$1" | grep -bo U4 | head -1 | cut -d: -f1) + 1))"
}
cp -r score score-edited
sed -i "$(grep -n U4 score/ranking.csv | head -1 | cut -d: -f1) s/U4/U8/" score-edited/ranking.csv
expect 4 verify --out score-edited
stderr_is "error: score-edited/ranking.csv: differs from a re-run from the recorded inputs at $(place_of_u4 score/ranking.csv)"
# An output deleted: exit 4, named.
rm score-edited/result.json
cp score/ranking.csv score-edited/
expect 4 verify --out score-edited
stderr_is "error: score-edited/result.json: missing (the recorded command writes it)"
# No audit: exit 2.
rm score-edited/audit.json
expect 2 verify --out score-edited
stderr_is "error: score-edited: no audit: the directory has no audit.json (not written by shifan with --out, or written before outputs carried an audit)"

# A round as CSV tables: each table is an input; a table added later is a change.
expect 0 score -i in/indicators.json -r in/rubric.json -e in/csv --out score-csv
expect 0 verify --out score-csv
stdout_is "verified: score-csv: 3 files match a re-run from 7 unchanged input files"
printf 'unit,indicator,field,value\n' >in/csv/fields-extra.csv
expect 3 verify --out score-csv
stderr_is "error: in/csv/fields-extra.csv: a table added to the evidence directory since the output was written"
rm in/csv/fields-extra.csv

# rank and report into single files and directories, every format.
expect 0 rank "${small[@]}" --format json --out ranking.json --rank-method ordinal
expect 0 report "${small[@]}" --format md --out report.md --tables ranking,statistics --pass-line 0.9
expect 0 rank "${small[@]}" --format csv --out ranking.csv --no-bom
[ -f ranking.csv.audit.json ] || fail "no side file for a single CSV table"
expect 0 report "${small[@]}" --format csv --out tables --shortlist 2
expect 0 report "${small[@]}" --format table --out report.txt
expect 0 report "${small[@]}" --format html --out report.html --pass-line 0.7
for out in ranking.json report.md tables report.txt report.html; do
  expect 0 verify --out "$out"
done
expect 0 verify --out ranking.csv
stdout_is "verified: ranking.csv: 2 files match a re-run from 3 unchanged input files"
# A file in the directory that the command did not write is noted, not checked.
touch tables/notes.txt
expect 0 verify --out tables
stderr_is "note: tables/notes.txt: not an output of the recorded command (not checked)"

# A changed page: a unit's name in the ranking table.
sed -i '0,/石门市/s//石门县/' report.html
expect 4 verify --out report.html
stderr_contains "error: report.html: differs from a re-run from the recorded inputs"

# A changed Markdown table: the line is named.
place="$(place_of_u4 report.md)"
sed -i "$(grep -n U4 report.md | head -1 | cut -d: -f1) s/U4/U8/" report.md
expect 4 verify --out report.md
stderr_is "error: report.md: differs from a re-run from the recorded inputs at $place"

# A workbook: compared part by part, its creation time aside (the re-run is a second later).
if command -v unzip >/dev/null; then
  expect 0 report "${small[@]}" --format xlsx --out report.xlsx --group level
  sleep 1
  expect 0 verify --out report.xlsx
  stdout_is "verified: report.xlsx: 1 file matches a re-run from 3 unchanged input files"
fi

# An explanation written as a workbook: verified by re-running explain.
if command -v unzip >/dev/null; then
  expect 0 explain "${small[@]}" --unit U3 --format xlsx --out explain.xlsx
  sleep 1
  expect 0 verify --out explain.xlsx
  stdout_is "verified: explain.xlsx: 1 file matches a re-run from 3 unchanged input files"
fi

# A composite index with the AHP file its rubric names (an input too).
mkdir composite
cp "$2"/examples/composite/*.json composite/
expect 0 composite -i composite/indicators.json -r composite/rubric-ahp.json -e composite/evidence.json --format json --out composite.json
grep -q '"path": "composite/ahp.json"' composite.json || fail "the composite audit does not record the AHP file"
expect 0 verify --out composite.json
stdout_is "verified: composite.json: 1 file matches a re-run from 4 unchanged input files"

# A changed input: exit 3 naming it, with both digests.
old_sha=$(sha256sum in/rubric.json | cut -d' ' -f1)
old_bytes=$(wc -c <in/rubric.json)
cp in/rubric.json rubric-before.json
printf ' ' >>in/rubric.json
new_sha=$(sha256sum in/rubric.json | cut -d' ' -f1)
expect 3 verify --out ranking.json
stderr_is "error: in/rubric.json: the rubric input changed since the output was written (sha256 $new_sha, $((old_bytes + 1)) bytes; recorded $old_sha, $old_bytes bytes)"
cp rubric-before.json in/rubric.json
expect 0 verify --out ranking.json
rm in/evidence.json
expect 3 verify --out score
stderr_is "error: in/evidence.json: the evidence input is missing (recorded with sha256 $(sha256sum "$2/tests/data/small/evidence.json" | cut -d' ' -f1))"

# What has no audit.
echo hello >plain.txt
expect 2 verify --out plain.txt
stderr_is "error: plain.txt: no audit: no plain.txt.audit.json beside it, and it is not a .json, .md, .html or .xlsx output"
expect 2 verify --out score/result.json
stderr_is "error: score/result.json: written by shifan score into a directory; verify the directory"
expect 2 verify --out nowhere
stderr_is "error: nowhere: no such file or directory"
echo "verify tests passed"
