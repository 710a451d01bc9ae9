#!/usr/bin/env bash
# A large output is handed to the disk as it is written (sync_file_range, a piece every 8 MiB and
# the rest when the file is done), so that the sync after all files are written waits for little;
# a small one only when it is done; all are done before the first is synced. Traced by strace; the
# files are whole either way.
#   write_back_test.sh SHIFAN
set -uo pipefail
shifan="$1"
source "$(dirname "${BASH_SOURCE[0]}")/script_support.sh"
command -v strace >/dev/null || { echo "strace is missing (scripts/setup.sh installs it)" >&2; exit 1; }
export LC_ALL=C

"$shifan" gen --units 1300 --out "$work/round" >/dev/null || exit 1 # a result.json of about 10 MB
inputs=(-i "$work/round/indicators.json" -r "$work/round/rubric.json" -e "$work/round/evidence.json")

# LeakSanitizer cannot run under ptrace: a sanitizer build is traced without it.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -e trace=sync_file_range,fsync \
  -o "$work/trace" "$shifan" score "${inputs[@]}" --out "$work/out" >/dev/null 2>&1 ||
  fail "shifan score under strace failed"
"$shifan" score "${inputs[@]}" --out "$work/plain" >/dev/null 2>&1 || fail "shifan score failed"

size=$(stat -c %s "$work/out/result.json")
[ "$size" -gt $((8 << 20)) ] || fail "result.json is $size bytes: too small for this test"
# The ranges handed to the disk, "offset length" a line, in the order of the calls (a call another
# thread's call interrupts is traced "<unfinished ...>", its end on a later line).
ranges="$(sed -n 's/.*sync_file_range([0-9]*, \([0-9]*\), \([0-9]*\), SYNC_FILE_RANGE_WRITE.*/\1 \2/p' "$work/trace")"
# result.json's ranges: from 0, each beginning where the last ended, the first one 8 MiB at least,
# and ending at its size.
python3 - "$size" "$ranges" <<'PY' || fail "result.json was not handed to the disk as it was written: $ranges"
import sys
size, lines = int(sys.argv[1]), [tuple(map(int, l.split())) for l in sys.argv[2].splitlines() if l]
end, pieces = 0, 0
for offset, length in lines:
    if offset == end and (end > 0 or length >= 8 << 20):
        end, pieces = offset + length, pieces + 1
sys.exit(0 if end == size and pieces >= 2 else 1)
PY
# ranking.csv and audit.json, small, each handed on whole when done: one range from 0 to its size.
for file in ranking.csv audit.json; do
  grep -qx "0 $(stat -c %s "$work/out/$file")" <<<"$ranges" || fail "$file was not handed to the disk whole: $ranges"
done
# Nothing synced before the first range was handed on.
first_sync=$(grep -n 'fsync(' "$work/trace" | head -1 | cut -d: -f1)
first_range=$(grep -n 'sync_file_range(' "$work/trace" | head -1 | cut -d: -f1)
[ -n "$first_sync" ] && [ -n "$first_range" ] && [ "$first_range" -lt "$first_sync" ] ||
  fail "the files were synced before any was handed to the disk"
# Every file written whole and handed on before the first is synced, so that one commit of the file
# system takes them all (result.json was finished after ranking.csv was synced, and waited for a
# commit of its own).
last_range=$(grep -n 'sync_file_range(' "$work/trace" | tail -1 | cut -d: -f1)
[ "$last_range" -lt "$first_sync" ] || fail "a file was still being written after the first was synced"
for file in ranking.csv result.json; do
  cmp -s "$work/out/$file" "$work/plain/$file" || fail "$file differs traced and not"
done
exit "$status"
