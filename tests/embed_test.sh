#!/usr/bin/env bash
# Installs shifan into a temporary prefix, builds examples/embed against the installed CMake package
# (find_package(shifan CONFIG)), runs it on the example round and compares its output. Arguments
# after the two directories go to the program's cmake (the compiler and sanitizer flags of the build).
set -euo pipefail
build_dir="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/examples/embed" -B "$work/embed" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release "${@:3}" >/dev/null
cmake --build "$work/embed" >/dev/null
cd "$source_dir"
"$work/embed/top3" indicators/hunan-2021-2025.json rubrics/hunan-2021-2025.json examples/lanshan-2025/evidence.json >"$work/out.txt"
diff -u tests/expected/embed-top3.txt "$work/out.txt"
