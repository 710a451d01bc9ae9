#!/usr/bin/env bash
# The libraries the command loads, and from where. The command looks for them beside itself and in
# the system's directories, never in the directory it is run from. libxlsxwriter (with the
# libcrypto it needs) and muparser (with libgomp), 40% of the start-up when they were linked, are
# opened only when a workbook is written or a formula read, and minizip (with zlib) and expat when
# a workbook is read; when one cannot be opened, the command says which file it needs, why, and the
# package to install, and writes nothing.
# The command itself (libshifan_command) is loaded by the executable once it has started; when it
# cannot be, the dynamic linker's reason is printed as for a library the executable needs, exit
# status 127, and nothing is written.
# The dynamic linker lists what it loads (LD_DEBUG=files); LD_LIBRARY_PATH puts a broken library
# in the real one's place.
#   startup_libraries_test.sh SHIFAN SOURCE_DIR
set -uo pipefail
shifan="$1"
source "$(dirname "${BASH_SOURCE[0]}")/script_support.sh"
cd "$2" || exit 1
small=(-i tests/data/small/indicators.json -r tests/data/small/rubric.json -e tests/data/small/evidence.json)

# The libraries the dynamic linker loads for the command given, one a line.
loaded() { LD_DEBUG=files "$shifan" "$@" 2>&1 >/dev/null | grep -o 'file=[^ ]*' | sed 's/^file=//' | sort -u; }

check_not_loaded() {
  local libraries
  libraries="$(loaded "$@")"
  grep -q '^libfmt' <<<"$libraries" || fail "shifan $*: the dynamic linker's list is not as expected: $libraries"
  if grep -E '^lib(xlsxwriter|crypto|muparser|gomp|minizip|z|expat)\.' <<<"$libraries"; then
    fail "shifan $*: loads the libraries above"
  fi
}
check_not_loaded --version
check_not_loaded score "${small[@]}"
check_not_loaded score "${small[@]}" --out "$work/csv"
grep -qx 'libxlsxwriter.so.4' <(loaded score "${small[@]}" --format xlsx --out "$work/xlsx") ||
  fail "shifan score --format xlsx: libxlsxwriter.so.4 was not loaded"
[ -f "$work/xlsx/ranking.xlsx" ] || fail "shifan score --format xlsx: no ranking.xlsx"
# Reading a workbook loads minizip and expat, and nothing that writes one.
hunan=(-i indicators/hunan-2021-2025.json -r rubrics/hunan-2021-2025.json)
workbook=tests/data/workbooks/filled-libreoffice.xlsx
read_libraries="$(loaded score "${hunan[@]}" -e "$workbook")"
for library in libminizip.so.1 libexpat.so.1; do
  grep -qx "$library" <<<"$read_libraries" || fail "shifan score -e $workbook: $library was not loaded"
done
if grep -E '^lib(xlsxwriter|crypto)\.' <<<"$read_libraries"; then fail "shifan score -e $workbook: loads the libraries above"; fi

# A round with formula rules (the synthetic generator's) loads muparser.
"$shifan" gen --units 3 --out "$work/gen" >/dev/null || fail "shifan gen failed"
formulas=(-i "$work/gen/indicators.json" -r "$work/gen/rubric.json" -e "$work/gen/evidence.json")
grep -q '"formula"' "$work/gen/rubric.json" || fail "the generated rubric has no formula rule"
grep -qx 'libmuparser.so.2' <(loaded score "${formulas[@]}") || fail "shifan score with formulas: libmuparser.so.2 was not loaded"

# A directory holding a library of the same name as one the command needs (here an empty file, which
# the dynamic linker refuses with "file too short") is not searched: the command starts.
mkdir "$work/cwd"
: >"$work/cwd/libfmt.so.9"
version="$(cd "$work/cwd" && "$shifan" --version 2>&1)" || fail "shifan --version in a directory with a libfmt.so.9: $version"

# A broken library in the real one's place: an empty file, and zlib under its name (a library
# without its functions). Exit status 2, the reason in both languages, and no file written.
mkdir "$work/empty" "$work/zlib"
: >"$work/empty/libxlsxwriter.so.4"
: >"$work/empty/libmuparser.so.2"
mkdir "$work/no-zip" # the Hunan rubric's formulas need muparser
: >"$work/no-zip/libminizip.so.1"
zlib="$(ldd "$(ldconfig -p | sed -n 's/^\s*libminizip\.so\.1 .* => //p' | head -1)" | sed -n 's/^\s*libz\.so\.1 => \(\S*\) .*/\1/p')"
[ -n "$zlib" ] || fail "cannot find minizip's zlib"
ln -s "$zlib" "$work/zlib/libxlsxwriter.so.4"
ln -s "$zlib" "$work/zlib/libexpat.so.1"

expect_refusal() { # expect_refusal EXPECTED_STDERR OUTPUT LD_LIBRARY_PATH ARGUMENTS...
  local expected="$1" output="$2" path="$3"
  shift 3
  local got code
  got="$(LD_LIBRARY_PATH="$path" "$shifan" "$@" 2>&1 >/dev/null)"
  code=$?
  [ "$code" -eq 2 ] || fail "shifan $*: exit status $code, expected 2"
  [ "$got" = "$expected" ] || fail "shifan $*: printed
$got
expected
$expected"
  # Nothing at all: not a file, nor the --out directory the run made before it failed.
  if [ -e "$output" ]; then fail "shifan $*: left $output behind: $(find "$output")"; fi
}
expect_refusal "错误：$work/r.xlsx：无法写入：无法载入写工作簿所用的库 libxlsxwriter.so.4：“$work/empty/libxlsxwriter.so.4: file too short”；请安装软件包 libxlsxwriter4" \
  "$work/r.xlsx" "$work/empty" report "${small[@]}" --lang zh --format xlsx --out "$work/r.xlsx"
expect_refusal "error: $work/o/ranking.xlsx: cannot write: cannot load libxlsxwriter.so.4, the library that writes workbooks: $work/empty/libxlsxwriter.so.4: file too short; install the package libxlsxwriter4" \
  "$work/o" "$work/empty" score "${small[@]}" --lang en --format xlsx --out "$work/o"
expect_refusal "错误：$work/t.xlsx：无法写入：写工作簿所用的库 libxlsxwriter.so.4 缺少函数 format_set_align：“$work/zlib/libxlsxwriter.so.4: undefined symbol: format_set_align”" \
  "$work/t.xlsx" "$work/zlib" template -i tests/data/small/indicators.json -r tests/data/small/rubric.json --lang zh -o "$work/t.xlsx"
# A workbook given as evidence cannot be read: the file is named, as for one that cannot be opened.
expect_refusal "错误：$workbook：无法读取：无法载入读写工作簿压缩包所用的库 libminizip.so.1：“$work/no-zip/libminizip.so.1: file too short”；请安装软件包 libminizip1" \
  "$work/w1" "$work/no-zip" score "${hunan[@]}" -e "$workbook" --lang zh --out "$work/w1"
expect_refusal "error: $workbook: cannot read: cannot load libminizip.so.1, the library that reads and writes the zip archives of workbooks: $work/no-zip/libminizip.so.1: file too short; install the package libminizip1" \
  "$work/w2" "$work/no-zip" score "${hunan[@]}" -e "$workbook" --lang en --out "$work/w2"
# minizip has loaded zlib by then, so the dynamic linker names zlib by its own path.
expect_refusal "错误：$workbook：无法读取：解析工作簿内容所用的库 libexpat.so.1 缺少函数 XML_ErrorString：“$zlib: undefined symbol: XML_ErrorString”" \
  "$work/w3" "$work/zlib" score "${hunan[@]}" -e "$workbook" --lang zh --out "$work/w3"
# The rubric's formula cannot be checked: the rule is named, as for a formula that does not parse.
formula_place="$(grep -o '"T[0-9]*": *\[ *{ *"type": *"formula"' "$work/gen/rubric.json" | head -1 | grep -o 'T[0-9]*')"
expect_refusal "错误：$work/gen/rubric.json：/rules/$formula_place/0/expression：无法载入计算公式规则所用的库 libmuparser.so.2：“$work/empty/libmuparser.so.2: file too short”；请安装软件包 libmuparser2v5" \
  "$work/never" "$work/empty" score "${formulas[@]}" --lang zh --out "$work/never"
# The command's own library broken: the executable says so as the dynamic linker would.
mkdir "$work/no-command"
: >"$work/no-command/libshifan_command.so.0.1"
got="$(LD_LIBRARY_PATH="$work/no-command" "$shifan" score "${small[@]}" --out "$work/c" 2>&1 >/dev/null)"
code=$?
[ "$code" -eq 127 ] || fail "shifan score with an empty libshifan_command.so.0.1: exit status $code, expected 127"
[ "$got" = "$shifan: error while loading shared libraries: $work/no-command/libshifan_command.so.0.1: file too short" ] ||
  fail "shifan score with an empty libshifan_command.so.0.1 printed: $got"
if [ -e "$work/c" ]; then fail "shifan score with an empty libshifan_command.so.0.1 left $work/c behind"; fi
exit $status
