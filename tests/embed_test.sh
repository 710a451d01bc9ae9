#!/usr/bin/env bash
# Installs shifan into a temporary prefix (and starts the installed command), builds examples/embed
# against the installed CMake package (find_package(shifan CONFIG)), runs it on the example round and
# compares its output. Arguments after the two directories go to the program's cmake (the compiler
# and sanitizer flags of the build).
# The program loads the round through the front door, prints its top three and writes the report
# as a workbook, whose sheets are read back.
set -euo pipefail
build_dir="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
# The installed command finds the installed library beside it ($ORIGIN/../lib), from any directory,
# without the system's library cache knowing the prefix.
version="$(cd / && "$work/prefix/bin/shifan" --version)"
[[ "$version" == "shifan "* ]] || { echo "the installed command does not start: $version" >&2; exit 1; }
cmake -S "$source_dir/examples/embed" -B "$work/embed" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release "${@:3}" >/dev/null
cmake --build "$work/embed" >/dev/null
cd "$source_dir"
"$work/embed/top3" indicators/hunan-2021-2025.json rubrics/hunan-2021-2025.json examples/lanshan-2025/evidence.json \
  "$work/report.xlsx" >"$work/out.txt"
diff -u tests/expected/embed-top3.txt "$work/out.txt"
# The workbook holds the twelve tables of the report in the command's order, named in the rubric's
# language (no audit sheet: the program passes no audit).
sheets="$(unzip -p "$work/report.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' | tr '\n' ' ')"
expected="排名 拟命名名单 加分与一票否决 总分统计 得分率分段 一级指标得分率 末级指标失分 弱项与强项 责任单位失分 整改清单 指标得分 失分明细 "
[[ "$sheets" == "$expected" ]] || { echo "sheets: '$sheets', expected '$expected'" >&2; exit 1; }
