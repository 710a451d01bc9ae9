#!/usr/bin/env bash
# The README's first command: install what is missing, build, and score the bundled example round
# (15 counties and districts of the fictional 岚山市 against the Hunan 2021-2025 indicator system),
# printing its ranking table.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
shifan_install_missing
shifan_build -DSHIFAN_BUILD_TESTS=OFF -DSHIFAN_BUILD_BENCHMARKS=OFF
cd "$SHIFAN_ROOT"
exec "$SHIFAN_BUILD_DIR/bin/shifan" score \
  --indicators indicators/hunan-2021-2025.json \
  --rubric rubrics/hunan-2021-2025.json \
  --evidence examples/lanshan-2025/evidence.json "$@"
