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

# CI (.ci/run sets RTM_PACKAGE_INSTALL_CHECK=1; root on a fresh machine): package this build
# tree, install the .deb, check the installed files and programs, remove it again.
if [ "${RTM_PACKAGE_INSTALL_CHECK:-0}" = 1 ]; then
  cd - >/dev/null   # back to the repository root
  ./packaging/install-check.sh "$BUILD_DIR"
fi
