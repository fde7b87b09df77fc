#!/usr/bin/env bash
# Installs every Debian package needed to build, run and test RTM Console.
# Idempotent: packages already present are skipped; apt-get update runs at most once.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-l10n-tools qt6-tools-dev-tools
  qt6-tools-dev qt6-translations-l10n   # Qt6LinguistTools (lupdate/lrelease in CMake), qtbase_zh_CN.qm
  libgl1-mesa-dev
  libmsgpack-cxx-dev libboost-dev
  libssl-dev
  qtkeychain-qt6-dev
  fonts-wqy-microhei fonts-noto-color-emoji
  xvfb xauth imagemagick
  # packaging: icons, the .deb (CPack needs dpkg-shlibdeps and file) and its checks
  librsvg2-bin dpkg-dev file lintian desktop-file-utils appstream groff-base bash-completion
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-deps: all packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
