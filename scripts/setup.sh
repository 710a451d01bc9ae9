#!/usr/bin/env bash
# Installs what shifan needs from Debian's packages (only what is missing), then configures and
# builds it in build/ (Release). Sourced by demo.sh and test.sh; the build directory can be changed
# with SHIFAN_BUILD_DIR.
set -euo pipefail

SHIFAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHIFAN_BUILD_DIR="${SHIFAN_BUILD_DIR:-$SHIFAN_ROOT/build}"

shifan_packages=(
  build-essential cmake pkg-config
  libboost-graph-dev libboost-program-options-dev libeigen3-dev nlohmann-json3-dev libsimdjson-dev libfmt-dev
  libutf8proc-dev libcsv-dev libmuparser-dev libxlsxwriter-dev libminizip-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xlsx2csv unzip time
)

shifan_install_missing() {
  local missing=()
  for package in "${shifan_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  echo "Installing missing packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

shifan_build() {
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$SHIFAN_ROOT" -B "$SHIFAN_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DSHIFAN_WERROR=ON "$@" >&2
  cmake --build "$SHIFAN_BUILD_DIR" -j "$jobs" >&2
}
