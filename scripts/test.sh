#!/usr/bin/env bash
# The README's second command: install what is missing, build everything (library, command,
# tests, benchmarks) with warnings as errors, and run every test through ctest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
shifan_install_missing
shifan_build -DSHIFAN_BUILD_TESTS=ON -DSHIFAN_BUILD_BENCHMARKS=ON
cd "$SHIFAN_BUILD_DIR"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
