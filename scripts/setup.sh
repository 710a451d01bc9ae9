#!/usr/bin/env bash
# Installs what shifan needs from Debian's packages (only what is missing), then configures and
# builds it in build/ (Release). Sourced by demo.sh and test.sh; the build directory can be changed
# with SHIFAN_BUILD_DIR, and that of the sanitizer and fuzzer build (clang) with
# SHIFAN_SANITIZE_BUILD_DIR.
set -euo pipefail

SHIFAN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHIFAN_BUILD_DIR="${SHIFAN_BUILD_DIR:-$SHIFAN_ROOT/build}"
SHIFAN_SANITIZE_BUILD_DIR="${SHIFAN_SANITIZE_BUILD_DIR:-$SHIFAN_ROOT/build-sanitize}"

shifan_packages=(
  build-essential cmake ninja-build pkg-config
  libboost-graph-dev libboost-program-options-dev libeigen3-dev nlohmann-json3-dev libsimdjson-dev libfmt-dev
  libutf8proc-dev libcsv-dev libmuparser-dev libxlsxwriter-dev libminizip-dev libexpat1-dev nettle-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xlsx2csv unzip time
)
# For the tests only: clang with its sanitizer and libFuzzer runtimes, and llvm-symbolizer for
# readable reports; and for the browser tests (tests/browser/), Chromium and its WebDriver, the CJK
# fonts the reports are read in, poppler's pdfinfo and pdftotext, and Python; and strace, which
# shows the command starting itself again with huge pages (tests/huge_pages_test.sh).
shifan_test_packages=(clang-14 libclang-rt-14-dev llvm-14 chromium chromium-driver fonts-noto-cjk poppler-utils python3 strace)

# Installs the packages above that are missing, and those given as arguments.
shifan_install_missing() {
  local missing=()
  for package in "${shifan_packages[@]}" "$@"; do
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

# Ninja rather than make: it compiles a target's files as soon as what they include exists, not
# once every library it links has been built, so both cores stay busy to the end of the build (the
# Release build from scratch 277 → 249 s; docs/performance.md, "The CI run"). A build directory
# keeps the generator it was first configured with.
shifan_generator() {
  if [ ! -f "$1/CMakeCache.txt" ]; then
    echo "-GNinja"
  fi
}

shifan_build() {
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$SHIFAN_ROOT" -B "$SHIFAN_BUILD_DIR" $(shifan_generator "$SHIFAN_BUILD_DIR") -DCMAKE_BUILD_TYPE=Release \
    -DSHIFAN_WERROR=ON "$@" >&2
  cmake --build "$SHIFAN_BUILD_DIR" -j "$jobs" >&2
}

# The library, the command, the tests and the fuzzers built with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer at -O1 (assertions kept), without the benchmarks. The library is
# static here, so that each program carries one instrumented copy of it, as the fuzzers need.
shifan_build_sanitized() {
  local jobs
  jobs="$(nproc 2>/dev/null || echo 2)"
  cmake -S "$SHIFAN_ROOT" -B "$SHIFAN_SANITIZE_BUILD_DIR" $(shifan_generator "$SHIFAN_SANITIZE_BUILD_DIR") \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" -DSHIFAN_SANITIZE=ON -DSHIFAN_BUILD_FUZZERS=ON \
    -DSHIFAN_BUILD_TESTS=ON -DSHIFAN_BUILD_BENCHMARKS=OFF -DSHIFAN_WERROR=ON -DBUILD_SHARED_LIBS=OFF "$@" >&2
  cmake --build "$SHIFAN_SANITIZE_BUILD_DIR" -j "$jobs" >&2
}
