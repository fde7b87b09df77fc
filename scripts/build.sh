#!/usr/bin/env bash
# Configures and builds RTM Console into ./build (or $RTM_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${RTM_BUILD_DIR:-build}"
JOBS="${RTM_JOBS:-$(nproc 2>/dev/null || echo 2)}"
GENERATOR=()
if command -v ninja >/dev/null 2>&1; then
  GENERATOR=(-G Ninja)
fi
# Warnings are errors here (CI builds with this script); a plain cmake configure leaves
# RTM_WERROR off. Arguments come last, so -DRTM_WERROR=OFF still wins.
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S . -B "$BUILD_DIR" "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE="${RTM_BUILD_TYPE:-RelWithDebInfo}" -DRTM_WERROR=ON "$@"
fi
cmake --build "$BUILD_DIR" -j "$JOBS"
