# Sourced by the test scripts that check several things and report every failure: a temporary
# working directory ($work, removed on exit), and fail MESSAGE, which prints the message and makes
# the script end with status 1 ("exit $status" at its end).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
fail() {
  echo "$*" >&2
  status=1
}
