#!/usr/bin/env bash
# Installs dependencies, builds, and starts the console on the built-in sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-deps.sh
./scripts/build.sh
BUILD_DIR="${RTM_BUILD_DIR:-build}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run.sh: no display found; start one (e.g. 'Xvfb :99 & export DISPLAY=:99') or set QT_QPA_PLATFORM" >&2
fi
exec "$BUILD_DIR/bin/rtm-console" --sandbox "$@"
