#!/usr/bin/env bash
# Runs the shifan command once and compares its exit code, stdout and stderr with expectations:
#   cli_case.sh SHIFAN SOURCE_DIR NAME EXPECTED_EXIT [ARGS...]
# Expected output lives in tests/cli/NAME.out and tests/cli/NAME.err (a missing file means
# "must be empty"). The command runs in SOURCE_DIR so that file names in messages are relative.
set -uo pipefail
shifan="$1"
source_dir="$2"
name="$3"
expected_exit="$4"
shift 4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$source_dir"
"$shifan" "$@" >"$work/out" 2>"$work/err"
code=$?
status=0
if [ "$code" -ne "$expected_exit" ]; then
  echo "exit code $code, expected $expected_exit" >&2
  status=1
fi
for stream in out err; do
  expected="tests/cli/$name.$stream"
  if [ -f "$expected" ]; then
    diff -u "$expected" "$work/$stream" >&2 || status=1
  elif [ -s "$work/$stream" ]; then
    echo "unexpected std$stream:" >&2
    cat "$work/$stream" >&2
    status=1
  fi
done
exit $status
