#!/usr/bin/env bash
# The Debian package as a user gets it (CI, as root, on a fresh Debian 12 machine; the last
# step of scripts/test.sh when RTM_PACKAGE_INSTALL_CHECK=1, which .ci/run sets):
# builds the .deb from an already built tree (scripts/package.sh --from-build, lintian
# included), installs it with apt-get so dependencies resolve, checks the installed
# programs and files, and removes the package again.
#
#   packaging/install-check.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${1:?usage: packaging/install-check.sh BUILD_DIR}"

if [ "$(id -u)" -ne 0 ]; then
  echo "install-check: needs root (it installs the package system-wide)" >&2
  exit 2
fi
if dpkg-query -W -f='${Status}' rtm-console 2>/dev/null | grep -q "install ok installed"; then
  echo "install-check: rtm-console is installed already; not replacing it" >&2
  exit 1
fi

VERSION=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$BUILD_DIR/CMakeCache.txt")
DEB=$(./scripts/package.sh --from-build "$BUILD_DIR")
echo "install-check: installing $DEB"

WORK=$(mktemp -d)
DEVSERVER_PID=""
cleanup() {
  [ -n "$DEVSERVER_PID" ] && kill "$DEVSERVER_PID" 2>/dev/null
  rm -rf "$WORK"
  dpkg -r rtm-console >/dev/null 2>&1 || true
}
trap cleanup EXIT

DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$DEB"

fail() {
  echo "install-check: FAIL: $*" >&2
  exit 1
}

# --version of each program from /usr/bin, without a display.
for program in rtmctl rtm-devserver rtm-console; do
  [ "$(command -v "$program")" = "/usr/bin/$program" ] || fail "$program is not /usr/bin/$program"
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "/usr/bin/$program" --version) \
    || fail "$program --version exited $?"
  [ "$out" = "$program $VERSION" ] || fail "$program --version printed '$out', expected '$program $VERSION'"
done

# The installed programs work together: rtmctl check against rtm-devserver on a free port.
/usr/bin/rtm-devserver --listen 127.0.0.1:0 >"$WORK/devserver.out" 2>"$WORK/devserver.err" &
DEVSERVER_PID=$!
for _ in $(seq 600); do
  grep -q '^listening on ' "$WORK/devserver.out" && break
  kill -0 "$DEVSERVER_PID" 2>/dev/null || fail "rtm-devserver stopped: $(cat "$WORK/devserver.err")"
  sleep 0.1
done
ENDPOINT=$(sed -n 's/^listening on //p' "$WORK/devserver.out")
[ -n "$ENDPOINT" ] || fail "rtm-devserver did not start listening"
RTM_SECRET=sandbox-secret RTM_AUDIT_LOG="$WORK/audit.jsonl" \
  /usr/bin/rtmctl --endpoint "$ENDPOINT" --pid 11000001 check >"$WORK/check.json" \
  || fail "rtmctl check against the installed rtm-devserver: $(cat "$WORK/check.json")"
kill "$DEVSERVER_PID"
wait "$DEVSERVER_PID" || fail "rtm-devserver did not stop cleanly"
DEVSERVER_PID=""

# Desktop entry, metainfo, icons.
desktop-file-validate /usr/share/applications/rtm-console.desktop || fail "desktop entry"
appstreamcli validate --no-net /usr/share/metainfo/rtm-console.metainfo.xml >/dev/null || fail "metainfo"
[ -s /usr/share/icons/hicolor/scalable/apps/rtm-console.svg ] || fail "no SVG icon"
for size in 16 32 48 64 128 256; do
  [ -s "/usr/share/icons/hicolor/${size}x${size}/apps/rtm-console.png" ] || fail "no ${size}x${size} icon"
done

# Man pages: gzipped and rendering without warnings.
for page in rtmctl rtm-devserver rtm-console; do
  gz="/usr/share/man/man1/$page.1.gz"
  [ -s "$gz" ] || fail "no man page $gz"
  warnings=$(zcat "$gz" | groff -man -ww -z -Tutf8 2>&1) || fail "$gz does not render"
  [ -z "$warnings" ] || fail "$gz: $warnings"
done

# Debian's files.
[ -s /usr/share/doc/rtm-console/copyright ] || fail "no copyright file"
gzip -t /usr/share/doc/rtm-console/changelog.Debian.gz || fail "changelog.Debian.gz"

# bash-completion finds the rtmctl completion where it loads completions on demand.
bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  _completion_loader rtmctl
  complete -p rtmctl' | grep -q -- '-F _rtmctl' || fail "bash-completion does not load the rtmctl completion"

echo "install-check: $DEB installs and works; removing it again"
