#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (offscreen). Non-zero exit on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
./scripts/build.sh
BUILD_DIR="${RTM_BUILD_DIR:-build}"
export QT_QPA_PLATFORM=offscreen
cd "$BUILD_DIR"
ctest --output-on-failure -j "${RTM_TEST_JOBS:-2}" "$@"
