#!/usr/bin/env bash
# `shifan score --out DIR`: writes ranking.csv and result.json; on bad input it leaves an existing
# DIR exactly as it was (no half-written or temporary files); an unwritable DIR is a clear error.
set -euo pipefail
shifan="$1"
cd "$2"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
small=(-i tests/data/small/indicators.json -r tests/data/small/rubric.json)

"$shifan" score "${small[@]}" -e tests/data/small/evidence.json --out "$work/out" >/dev/null
diff -u tests/cli/small-csv.out "$work/out/ranking.csv"
diff -u tests/cli/small-json.out "$work/out/result.json"
[ "$(ls "$work/out" | wc -l)" -eq 2 ] || { echo "unexpected files in the output directory" >&2; ls "$work/out" >&2; exit 1; }

# Bad input: exit 2, previous outputs untouched.
cp -r "$work/out" "$work/before"
set +e
"$shifan" score "${small[@]}" -e tests/data/bad/wrong-type.json --out "$work/out" >/dev/null 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "exit code $code, expected 2" >&2; exit 1; }
diff -r "$work/before" "$work/out"

# An output directory that cannot be written (as root, /proc/self, where no file can be created):
# exit 2, one line naming the file, nothing left behind.
locked="$work/locked"
mkdir "$locked"
chmod a-w "$locked"
if [ "$(id -u)" -eq 0 ]; then locked=/proc/self; fi
set +e
"$shifan" score "${small[@]}" -e tests/data/small/evidence.json --out "$locked" >/dev/null 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "exit code $code, expected 2" >&2; exit 1; }
grep -Eq "^error: $locked/ranking.csv: cannot write: (Permission denied|No such file or directory)$" "$work/err" || { cat "$work/err" >&2; exit 1; }
[ "$(wc -l <"$work/err")" -eq 1 ] || { echo "more than one line on stderr" >&2; exit 1; }
if ls "$locked" | grep -q 'tmp-'; then echo "temporary files left behind" >&2; exit 1; fi
# A file where the directory should be.
touch "$work/file"
set +e
"$shifan" score "${small[@]}" -e tests/data/small/evidence.json --out "$work/file" >/dev/null 2>"$work/err"
code=$?
set -e
[ "$code" -eq 2 ] || { echo "exit code $code, expected 2" >&2; exit 1; }
grep -q "^error: $work/file: the output directory exists and is not a directory$" "$work/err" || { cat "$work/err" >&2; exit 1; }
echo "output tests passed"
