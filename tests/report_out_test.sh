#!/usr/bin/env bash
# `shifan report --out`: CSV tables into a directory (BOM on and off), a workbook read back with
# xlsx2csv, Markdown and JSON into files; bad input leaves earlier outputs exactly as they were.
set -euo pipefail
shifan="$1"
cd "$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
small=(-i tests/data/small/indicators.json -r tests/data/small/rubric.json -e tests/data/small/evidence.json)
fail() { echo "$*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
bytes() { wc -c <"$1" | tr -d ' '; }

# CSV: one file per table, in a directory; every file starts with the BOM unless --no-bom.
"$shifan" report "${small[@]}" --format csv --out "$work/csv" --shortlist 2
expected="adjustments.csv audit.json departments.csv first_level_rates.csv indicator_losses.csv indicator_scores.csv lost_points.csv ranking.csv rectification.csv score_bands.csv shortlist.csv statistics.csv weak_spots.csv"
[ "$(cd "$work/csv" && ls | tr '\n' ' ' | sed 's/ $//')" = "$expected" ] || fail "unexpected files: $(ls "$work/csv")"
for f in "$work"/csv/*.csv; do
  [ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "$f: no byte-order mark"
done
# The ranking file is the ranking table's CSV (tests/cli/small-rank-csv.out is the same without the BOM).
diff <(tail -c +4 "$work/csv/ranking.csv") tests/cli/small-rank-csv.out
"$shifan" report "${small[@]}" --format csv --no-bom --out "$work/csv-plain" --tables ranking,statistics
[ "$(cd "$work/csv-plain" && ls | tr '\n' ' ')" = "audit.json ranking.csv statistics.csv " ] || fail "--tables not respected"
# The tables' audit: the command and options as given (no --out), each input with sha256sum's digest.
grep -A7 '"options"' "$work/csv-plain/audit.json" >"$work/options"
cat >"$work/options-expected" <<'JSON'
  "options": {
    "evidence": "tests/data/small/evidence.json",
    "format": "csv",
    "indicators": "tests/data/small/indicators.json",
    "no-bom": true,
    "rubric": "tests/data/small/rubric.json",
    "tables": "ranking,statistics"
  },
JSON
diff -u "$work/options-expected" "$work/options"
grep -q '^  "command": "report",$' "$work/csv-plain/audit.json" || fail "the audit does not name the command"
for input in indicators rubric evidence; do
  f="tests/data/small/$input.json"
  grep -A3 "\"role\": \"$input\"" "$work/csv-plain/audit.json" | tr -d ' \n' |
    grep -qx "\"role\":\"$input\",\"path\":\"$f\",\"bytes\":$(bytes "$f"),\"sha256\":\"$(sha "$f")\"" ||
    fail "the audit does not record $f with its sha256"
done
diff "$work/csv-plain/ranking.csv" tests/cli/small-rank-csv.out
# The first row of each CSV file: the column titles in the chosen language, or the stable keys
# (the same in every language) with --headers keys; the rows below are the same.
"$shifan" report "${small[@]}" --format csv --no-bom --out "$work/csv-zh" --tables ranking,statistics --lang zh
"$shifan" report "${small[@]}" --format csv --no-bom --out "$work/csv-keys" --tables ranking,statistics --lang zh \
  --headers keys
[ "$(head -1 "$work/csv-plain/ranking.csv" | tr -d '\r')" = "Rank,ID,Unit,Total,Score rate,A score,A score rate,A rank,B score,B score rate,B rank" ] ||
  fail "English titles: $(head -1 "$work/csv-plain/ranking.csv")"
[ "$(head -1 "$work/csv-zh/ranking.csv" | tr -d '\r')" = "排名,编号,单位,总分,得分率,A得分,A得分率,A排名,B得分,B得分率,B排名" ] ||
  fail "Chinese titles: $(head -1 "$work/csv-zh/ranking.csv")"
[ "$(head -1 "$work/csv-keys/ranking.csv" | tr -d '\r')" = "rank,id,name,total,score_rate,A_score,A_score_rate,A_rank,B_score,B_score_rate,B_rank" ] ||
  fail "keys: $(head -1 "$work/csv-keys/ranking.csv")"
[ "$(head -1 "$work/csv-keys/statistics.csv" | tr -d '\r')" = "group,count,excluded,mean,median,sd,max,min,range,passed,pass_rate,mean_rate" ] ||
  fail "statistics keys: $(head -1 "$work/csv-keys/statistics.csv")"
for f in ranking statistics; do
  diff <(tail -n +2 "$work/csv-zh/$f.csv") <(tail -n +2 "$work/csv-keys/$f.csv") || fail "$f: rows differ by header"
done
"$shifan" report "${small[@]}" --format csv --headers names 2>"$work/err" && fail "--headers names accepted"
grep -qx "error: shifan report: --headers must be titles or keys, found 'names'" "$work/err" || fail "$(cat "$work/err")"

# Markdown and JSON into files: the same bytes as on stdout, then the audit (a closing HTML comment;
# the last member "audit").
"$shifan" report "${small[@]}" --format md --out "$work/report.md" --group level --shortlist 1 --tables ranking,shortlist,statistics
diff tests/cli/small-report-md.out <(sed '/^<!-- shifan audit$/,$d' "$work/report.md" | head -n -1)
[ "$(sed -n '/^<!-- shifan audit$/,$p' "$work/report.md" | sed -n '2p;$p' | tr '\n' ' ')" = "{ --> " ] || fail "no audit comment closing the Markdown"
grep -q '^    "shortlist": "1",$' "$work/report.md" || fail "the Markdown audit does not record --shortlist"
"$shifan" rank "${small[@]}" --format json --out "$work/ranking.json"
diff <(head -n -2 tests/cli/small-rank-json.out) <(head -n "$(($(wc -l <tests/cli/small-rank-json.out) - 2))" "$work/ranking.json")
sed -n "$(($(wc -l <tests/cli/small-rank-json.out) - 1)),\$p" "$work/ranking.json" | head -3 >"$work/json-audit-start"
printf '  ],\n  "audit": {\n    "format": "shifan.audit/1",\n' | diff - "$work/json-audit-start"

# XLSX: every table a sheet; numbers stored as numbers; read back with xlsx2csv.
if command -v xlsx2csv >/dev/null && command -v unzip >/dev/null; then
  "$shifan" report "${small[@]}" --format xlsx --out "$work/report.xlsx" --shortlist 2 --lang zh
  sheets="$(unzip -p "$work/report.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' | tr '\n' ' ')"
  [ "$sheets" = "排名 拟命名名单 加分与一票否决 总分统计 得分率分段 一级指标得分率 末级指标失分 弱项与强项 责任单位失分 整改清单 指标得分 失分明细 审计信息 " ] || fail "sheets: $sheets"
  # Row 1 the title, row 2 the headers, then the data (xlsx2csv shows a share as stored: 0.92).
  xlsx2csv -n 排名 "$work/report.xlsx" >"$work/ranking-sheet.csv"
  cat >"$work/ranking-expected.csv" <<'CSV'
小系统测试轮次 — 小系统（4 个单位，满分 100 分）,,,,,,,,,,
排名,编号,单位,总分,得分率,A得分,A得分率,A排名,B得分,B得分率,B排名
1,U4,石门市,100.00,1,40.00,1,1,60.00,1,1
2,U1,青溪区,92.00,0.92,36.00,0.9,3,56.00,0.9333,2
2,U2,云台县,92.00,0.92,40.00,1,1,52.00,0.8667,3
4,U3,白沙县,48.00,0.48,8.00,0.2,4,40.00,0.6667,4
CSV
  head -6 "$work/ranking-sheet.csv" | tr -d '\r' | diff "$work/ranking-expected.csv" - || fail "ranking sheet differs"
  # Numbers are numeric cells (no t="s"), e.g. U4's total 100 in D3.
  unzip -p "$work/report.xlsx" xl/worksheets/sheet1.xml | grep -q '<c r="D3" s="[0-9]*"><v>100</v></c>' || fail "D3 is not the number 100"
  unzip -p "$work/report.xlsx" docProps/custom.xml | grep -q 'small-rubric' || fail "the workbook does not record the rubric"
  # The audit in the properties (for programs) and in the last sheet (for people).
  unzip -p "$work/report.xlsx" docProps/custom.xml | grep -q "name=\"input:3:sha256\"><vt:lpwstr>$(sha tests/data/small/evidence.json)</vt:lpwstr>" ||
    fail "the workbook properties do not record the evidence's sha256"
  xlsx2csv -n 审计信息 "$work/report.xlsx" | tr -d '\r' >"$work/audit-sheet.csv"
  cat >"$work/audit-sheet-expected.csv" <<CSV
审计信息：输入文件、选项与版本,,,
项目,内容,字节数,SHA-256
shifan 版本,$("$shifan" --version | cut -d' ' -f2),,
命令,report,,
语言,zh-CN,,
选项 evidence,tests/data/small/evidence.json,,
选项 format,xlsx,,
选项 indicators,tests/data/small/indicators.json,,
选项 rubric,tests/data/small/rubric.json,,
选项 shortlist,2,,
指标体系,small,,
评分细则,small-rubric,,
评估轮次,small-2025,,
输入文件：指标体系,tests/data/small/indicators.json,$(bytes tests/data/small/indicators.json),$(sha tests/data/small/indicators.json)
输入文件：评分细则,tests/data/small/rubric.json,$(bytes tests/data/small/rubric.json),$(sha tests/data/small/rubric.json)
输入文件：佐证材料,tests/data/small/evidence.json,$(bytes tests/data/small/evidence.json),$(sha tests/data/small/evidence.json)
CSV
  head -16 "$work/audit-sheet.csv" | diff "$work/audit-sheet-expected.csv" - || fail "audit sheet differs"
else
  echo "xlsx2csv or unzip missing: workbook read-back skipped" >&2
fi

# Bad input: exit 2, earlier outputs untouched, no temporary files.
cp -r "$work/csv" "$work/csv-before"
cp "$work/report.md" "$work/report-before.md"
set +e
"$shifan" report -i tests/data/small/indicators.json -r tests/data/small/rubric.json -e tests/data/bad/wrong-type.json \
  --format csv --out "$work/csv" >/dev/null 2>&1
code1=$?
"$shifan" report -i tests/data/small/indicators.json -r tests/data/small/rubric.json -e tests/data/bad/wrong-type.json \
  --format md --out "$work/report.md" >/dev/null 2>&1
code2=$?
set -e
[ "$code1" -eq 2 ] && [ "$code2" -eq 2 ] || fail "exit codes $code1 $code2, expected 2"
diff -r "$work/csv-before" "$work/csv"
diff "$work/report-before.md" "$work/report.md"
if ls "$work" "$work/csv" | grep -q 'tmp-'; then fail "temporary files left behind"; fi
echo "report output tests passed"
