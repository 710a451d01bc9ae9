#!/usr/bin/env bash
# Tests the browser tests: runs them against fake_shifan.py (a known-good page that follows the DOM
# contract, and the same page broken on purpose), and checks that they pass on the good page and
# fail, saying why, on each fault, and on Chinese text drawn without a CJK font. Not part of ctest:
# run it by hand after changing tests/browser/ or upgrading Chromium.
#
#   tests/browser/sample/selftest.sh [REAL_SHIFAN [WORK_DIR]]
#
# REAL_SHIFAN (default build/bin/shifan) does everything but the HTML and PDF; about 3 minutes.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
real="$(realpath "${1:-$root/build/bin/shifan}")"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
fake="$work/fake-shifan"
printf '#!/bin/sh\nFAKE_SHIFAN_REAL=%q exec python3 %q "$@"\n' "$real" "$here/fake_shifan.py" >"$fake"
chmod +x "$fake"
failures=0
fail() { echo "SELFTEST FAILED: $*" >&2; failures=$((failures + 1)); }

# expect STATUS NAME COMMAND...: runs a test, checks its exit status; its output is in $work/NAME.out.
expect() {
  local status="$1" name="$2"
  shift 2
  local started=$SECONDS
  "$@" >"$work/$name.out" 2>&1
  local got=$?
  echo "$name: exit $got in $((SECONDS - started)) s" >&2
  [ "$got" = "$status" ] || { fail "$name exited with $got, expected $status"; cat "$work/$name.out" >&2; }
}
# said NAME TEXT: the test's output holds TEXT.
said() { grep -qF -- "$2" "$work/$1.out" || fail "$1 does not say: $2"; }

html() { python3 "$here/../html_report_test.py" "$fake" "$root" "$work/$1"; }
notices() { python3 "$here/../notice_test.py" "$fake" "$root" "$work/$1"; }

expect 0 html-good html html-good
expect 0 notices-good notices notices-good

# Each fault at once: every one must be reported.
FAKE_SHIFAN_FAULTS=unescaped,network,rank,precision,order,marks expect 1 html-faults html html-faults
said html-faults "hostile report.html: the file contains '<script'"
said html-faults "JavaScript dialog(s) opened"
said html-faults "<script> element(s) in the page"
said html-faults "<img> element(s) in the page"
said html-faults "name cell's textContent is"
said html-faults "Content-Security-Policy meta: shows None"
said html-faults "not self-contained: <img src='http://example.com/x.png'>"
said html-faults "not self-contained: url(https://example.com/bg.png)"
said html-faults "requested from the network or disk: ['http://example.com/x.png'"
said html-faults "performance.getEntriesByType('resource') lists"
said html-faults "ranking row LS12 rank: shows '0', expected '—'"
said html-faults "ranking row LS01 total: shows '977.4', expected '977.36'"
said html-faults "the ranking table's units are ['LS02', 'LS01'"
said html-faults "chart ranking: 13 marks, expected 14"
said html-faults "chart heatmap: 136 marks, expected 135"

FAKE_SHIFAN_FAULTS=notices expect 1 notices-missing notices notices-missing
said notices-missing "no notice for ['LS12.html']"

# Chinese without a CJK font: fontconfig sees only DejaVu, so 湘 and 县 become the same
# missing-glyph box, and the glyph check (and nothing else) must fail.
mkdir -p "$work/fontconfig"
cat >"$work/fontconfig/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>/usr/share/fonts/truetype/dejavu</dir>
  <cachedir>$work/fontconfig/cache</cachedir>
</fontconfig>
EOF
FONTCONFIG_FILE="$work/fontconfig/fonts.conf" expect 1 html-no-cjk html html-no-cjk
said html-no-cjk "湘 and 县 render identically"
said html-no-cjk "湘 renders like the missing-glyph U+E000"
[ "$(grep -c '^  - ' "$work/html-no-cjk.out")" = 5 ] || fail "html-no-cjk: problems other than the glyphs'"

# The PDF (Chromium prints the fake page): with no reviewed count the test says the count and fails.
expect 1 pdf python3 "$here/../pdf_report_test.py" "$fake" "$root" "$work/pdf" --pages 0
said pdf "then set SHIFAN_BROWSER_PDF_PAGES to"
[ "$(grep -c '^  - ' "$work/pdf.out")" = 1 ] || fail "pdf: problems other than the page count"

if [ "$failures" -gt 0 ]; then
  echo "selftest: $failures failure(s); outputs in $work" >&2
  exit 1
fi
echo "selftest: passed; outputs in $work"
