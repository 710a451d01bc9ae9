#!/usr/bin/env bash
# The command starts itself again with glibc's huge pages when its inputs are large (1 MB or
# more), and only then: seen in the environment of its second start, traced by strace. The outputs
# are the same either way. The first start opens no library but the C library: the command's own
# (libshifan_command, with libshifan and the C++ runtime) is loaded once, after the decision.
#   huge_pages_test.sh SHIFAN
set -uo pipefail
shifan="$1"
source "$(dirname "${BASH_SOURCE[0]}")/script_support.sh"
if ! grep -qE '\[(madvise|always)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  echo "no transparent huge pages on this system: nothing to test"
  exit 0
fi
command -v strace >/dev/null || { echo "strace is missing (scripts/setup.sh installs it)" >&2; exit 1; }

"$shifan" gen --units 200 --out "$work/large" >/dev/null || exit 1 # about 2.6 MB of evidence
"$shifan" gen --units 40 --out "$work/small" >/dev/null || exit 1  # about 0.5 MB
inputs() { echo -i "$work/$1/indicators.json" -r "$work/$1/rubric.json" -e "$work/$1/evidence.json"; }

# Runs shifan score on round $1 into $2 with GLIBC_TUNABLES=$3 ("-": unset) under strace, and
# prints the GLIBC_TUNABLES of each start of the command after the first, one a line (and what
# went wrong, in brackets, so that the caller's comparison fails).
tunables_seen() {
  local round="$1" out="$2" given="$3"
  # LeakSanitizer cannot run under ptrace: a sanitizer build is traced without it.
  local -a environment=(env -u GLIBC_TUNABLES "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
  [ "$given" = "-" ] || environment=(env "GLIBC_TUNABLES=$given" "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
  "${environment[@]}" strace -f -v -s 4096 -e trace=execve,openat -o "$work/trace" \
    "$shifan" score $(inputs "$round") --out "$out" >/dev/null 2>&1 || echo "(shifan score of $round failed)"
  grep -F 'execve("/proc/self/exe"' "$work/trace" | grep -o '"GLIBC_TUNABLES=[^"]*"' | sed 's/^"GLIBC_TUNABLES=//; s/"$//'
  [ "$(grep -c 'execve(' "$work/trace")" -le 2 ] || echo "(started more than twice)" # the output says why it fails
  # Before the last start, no library is opened but those the executable itself needs (and the
  # dynamic linker's cache); after it, the command's library once.
  local before after
  before="$(awk '/execve\(/ { starts++ } { print starts " " $0 }' "$work/trace" |
    awk -v last="$(grep -c 'execve(' "$work/trace")" '$1 < last' | grep -o 'openat([^"]*"[^"]*\.so[^"]*"' |
    sed 's/.*\///; s/"$//' | grep -v -x -F -e ld.so.cache $(printf -- '-e %s ' $needed) | sort -u)"
  [ -z "$before" ] || echo "(opened before the last start:" $before")"
  after="$(grep -c 'openat(.*/libshifan_command\.so\.[0-9.]*", .*= [0-9]' "$work/trace")"
  [ "$after" = 1 ] || echo "(libshifan_command opened $after times)"
}

# The libraries the executable needs: the C library, and under the sanitizers their runtime's
# C++ libraries; none of the command's.
needed="$(readelf -d "$shifan" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')"
grep -q -x libc.so.6 <<<"$needed" || fail "the executable's needed libraries are not as expected: $needed"
if grep -E '^lib(shifan|fmt|boost|simdjson|utf8proc|nettle)' <<<"$needed"; then
  fail "the executable needs the libraries above: it should load them only once it has started"
fi

added="glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=4194304:glibc.malloc.arena_max=1"
seen="$(tunables_seen large "$work/out-huge" -)"
[ "$seen" = "$added" ] || fail "large inputs: GLIBC_TUNABLES seen '$seen', expected $added"
seen="$(tunables_seen large "$work/out-other" glibc.malloc.tcache_count=16)"
[ "$seen" = "glibc.malloc.tcache_count=16:$added" ] ||
  fail "large inputs with other tunables: seen '$seen', expected them kept and the huge pages' added"
# A threshold or an arena count the user set stands; the others are added.
seen="$(tunables_seen large "$work/out-threshold" glibc.malloc.mmap_threshold=65536)"
[ "$seen" = "glibc.malloc.mmap_threshold=65536:glibc.malloc.hugetlb=1:glibc.malloc.top_pad=4194304:glibc.malloc.arena_max=1" ] ||
  fail "large inputs with a threshold set: seen '$seen', expected it kept and the others added"
seen="$(tunables_seen large "$work/out-arenas" glibc.malloc.arena_max=8)"
[ "$seen" = "glibc.malloc.arena_max=8:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=4194304" ] ||
  fail "large inputs with an arena count set: seen '$seen', expected it kept and the others added"
seen="$(tunables_seen large "$work/out-plain" glibc.malloc.hugetlb=0)"
[ -z "$seen" ] || fail "hugetlb said already: started again with '$seen', expected no second start"
seen="$(tunables_seen small "$work/out-small" -)"
[ -z "$seen" ] || fail "small inputs: seen '$seen', expected no second start"

for file in ranking.csv result.json; do
  cmp -s "$work/out-huge/$file" "$work/out-plain/$file" || fail "$file differs with and without huge pages"
  cmp -s "$work/out-huge/$file" "$work/out-other/$file" || fail "$file differs with other tunables"
  cmp -s "$work/out-huge/$file" "$work/out-threshold/$file" || fail "$file differs with a threshold set"
  cmp -s "$work/out-huge/$file" "$work/out-arenas/$file" || fail "$file differs with an arena count set"
done
exit "$status"
