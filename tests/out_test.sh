#!/usr/bin/env bash
# `shifan score --out DIR`: writes ranking.csv, result.json and audit.json (the result JSON carries the
# audit too); on bad input it leaves an existing DIR exactly as it was (no half-written or temporary
# files); an unwritable DIR is a clear error.
set -euo pipefail
shifan="$1"
cd "$2"
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
small=(-i tests/data/small/indicators.json -r tests/data/small/rubric.json)

"$shifan" score "${small[@]}" -e tests/data/small/evidence.json --out "$work/out" >/dev/null
diff -u tests/cli/small-csv.out "$work/out/ranking.csv"
# --format csv with --out prints the ranking.csv it wrote (composed once), the reviewed CSV.
"$shifan" score "${small[@]}" -e tests/data/small/evidence.json --out "$work/out-csv" --format csv >"$work/printed.csv"
diff -u tests/cli/small-csv.out "$work/printed.csv"
diff -u tests/cli/small-csv.out "$work/out-csv/ranking.csv"
rm -r "$work/out-csv"
# The audit: the inputs as given with sha256sum's digests, the options by long name (sorted; no
# --out), the ids and the version; in audit.json and as the last member of result.json.
sha() { sha256sum "$1" | cut -d' ' -f1; }
bytes() { wc -c <"$1" | tr -d ' '; }
version="$("$shifan" --version | cut -d' ' -f2)"
cat >"$work/audit.json" <<JSON
{
  "format": "shifan.audit/1",
  "shifan": "$version",
  "command": "score",
  "language": "en",
  "options": {
    "evidence": "tests/data/small/evidence.json",
    "indicators": "tests/data/small/indicators.json",
    "rubric": "tests/data/small/rubric.json"
  },
  "indicator_system": "small",
  "rubric": "small-rubric",
  "round": "small-2025",
  "inputs": [
    {
      "role": "indicators",
      "path": "tests/data/small/indicators.json",
      "bytes": $(bytes tests/data/small/indicators.json),
      "sha256": "$(sha tests/data/small/indicators.json)"
    },
    {
      "role": "rubric",
      "path": "tests/data/small/rubric.json",
      "bytes": $(bytes tests/data/small/rubric.json),
      "sha256": "$(sha tests/data/small/rubric.json)"
    },
    {
      "role": "evidence",
      "path": "tests/data/small/evidence.json",
      "bytes": $(bytes tests/data/small/evidence.json),
      "sha256": "$(sha tests/data/small/evidence.json)"
    }
  ]
}
JSON
diff -u "$work/audit.json" "$work/out/audit.json"
# result.json: what --format json prints, then the audit, indented one level, as its last member.
{ head -n -2 tests/cli/small-json.out; echo '  ],'; printf '  "audit": '; sed '2,$ s/^/  /' "$work/audit.json"; echo '}'; } >"$work/result.json"
diff -u "$work/result.json" "$work/out/result.json"
# Options by long name whatever the spelling; the thread count changes nothing and is left out.
"$shifan" score "${small[@]}" -e tests/data/small/evidence.json --out "$work/out2" -g level --rank-method=dense --threads 2 --no-bom >/dev/null
sed -n '/"options"/,/}/p' "$work/out2/audit.json" >"$work/options"
cat >"$work/options-expected" <<'JSON'
  "options": {
    "evidence": "tests/data/small/evidence.json",
    "group": "level",
    "indicators": "tests/data/small/indicators.json",
    "no-bom": true,
    "rank-method": "dense",
    "rubric": "tests/data/small/rubric.json"
  },
JSON
diff -u "$work/options-expected" "$work/options"
[ "$(ls "$work/out" | tr '\n' ' ')" = "audit.json ranking.csv result.json " ] || { echo "unexpected files in the output directory" >&2; ls "$work/out" >&2; exit 1; }

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
