#!/usr/bin/env bash
# The README's second command: install what is missing, build everything (library, command,
# tests, benchmarks) with warnings as errors, run every test through ctest, and check that no stage
# has become grossly slower (bench/regression.py, about 10 seconds: benchmarks of the 300-unit
# synthetic round as multiples of a fixed calibration workload, failing beyond twice the ratios
# recorded in bench/regression-baseline.json); then build the library, the command, the tests and
# the fuzzers with clang under AddressSanitizer and UndefinedBehaviorSanitizer, run every test again
# there (except the browser tests, which test what people see, and the whole-process tests at scale
# labelled "scale" in tests/CMakeLists.txt, and the tests of the sources and the package labelled
# "release-only": none is changed by the sanitizers, and those at scale take minutes under them), and
# each fuzzer for 12 seconds (SHIFAN_FUZZ_SECONDS). In both builds the unit
# tests of a program run as four processes, not one a test (SHIFAN_UNIT_TEST_SHARDS).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
shifan_install_missing "${shifan_test_packages[@]}"
jobs="$(nproc 2>/dev/null || echo 2)"
shifan_build -DSHIFAN_BUILD_TESTS=ON -DSHIFAN_BUILD_BENCHMARKS=ON -DSHIFAN_BROWSER_TESTS=ON -DSHIFAN_UNIT_TEST_SHARDS=4
(cd "$SHIFAN_BUILD_DIR" && ctest --output-on-failure -j "$jobs" "$@")
python3 "$SHIFAN_ROOT/bench/regression.py" --build "$SHIFAN_BUILD_DIR"
shifan_build_sanitized
(cd "$SHIFAN_SANITIZE_BUILD_DIR" && ctest --output-on-failure -j "$jobs" -LE "scale|release-only" "$@")
bash "$SHIFAN_ROOT/scripts/fuzz.sh" "${SHIFAN_FUZZ_SECONDS:-12}"
