#!/usr/bin/env bash
# Builds the Debian package (CPack DEB) and prints the path of the .deb.
#
#   scripts/package.sh                    Release build in ./build-package (its own tree)
#   scripts/package.sh --from-build DIR   package an already built tree (CI reuses ./build)
#
# Runs lintian on the result when it is installed (overrides: packaging/debian/lintian-overrides).
# Needs dpkg-dev (dpkg-shlibdeps) and librsvg2-bin (icons): scripts/setup-deps.sh has them.
set -euo pipefail
cd "$(dirname "$0")/.."
# Everything but the final path goes to stderr, so DEB=$(scripts/package.sh ...) works.
exec 3>&1 1>&2

BUILD_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from-build) BUILD_DIR="${2:?--from-build needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&3; exit 0 ;;
    *) echo "package.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$BUILD_DIR" ]; then
  BUILD_DIR=build-package
  GENERATOR=()
  if command -v ninja >/dev/null 2>&1; then
    GENERATOR=(-G Ninja)
  fi
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    # Debian's hardening flags (stack protector, _FORTIFY_SOURCE, format checks, RELRO).
    cmake -S . -B "$BUILD_DIR" "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE=Release -DRTM_BUILD_TESTS=OFF \
      -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)" \
      -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)"
  fi
  cmake --build "$BUILD_DIR" -j "${RTM_JOBS:-$(nproc 2>/dev/null || echo 2)}"
elif [ ! -f "$BUILD_DIR/CPackConfig.cmake" ]; then
  echo "package.sh: $BUILD_DIR is not a configured build tree" >&2
  exit 2
else
  # Only what the package holds; a no-op when the tree is up to date.
  cmake --build "$BUILD_DIR" -j "${RTM_JOBS:-$(nproc 2>/dev/null || echo 2)}" \
    --target rtm-console rtmctl rtm-devserver rtm_package_files
fi

OUT_DIR="$(cd "$BUILD_DIR" && pwd)/package"
rm -rf "$OUT_DIR"
(cd "$BUILD_DIR" && cpack -G DEB -B "$OUT_DIR") \
  || { echo "package.sh: cpack failed (see $OUT_DIR/_CPack_Packages)" >&2; exit 1; }
DEB=$(ls "$OUT_DIR"/*.deb)

if command -v lintian >/dev/null 2>&1; then
  echo "package.sh: lintian $DEB" >&2
  lintian --fail-on error,warning --info "$DEB"
else
  echo "package.sh: lintian not installed; package not checked" >&2
fi
echo "$DEB" >&3
