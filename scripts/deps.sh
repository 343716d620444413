#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine may lack, with the
# system's package manager. Go itself is expected on the machine.
#   nodejs            the Go tests compiled to WebAssembly run under Node, and wasm/search runs the popup's search.js under it
#   chromium          the end-to-end tests (e2e/) drive /usr/bin/chromium;
#                     no test tool ever downloads a browser of its own
#   firefox-esr       the Firefox end-to-end tests (e2e/firefox) drive
#                     /usr/bin/firefox-esr over WebDriver BiDi
#   fonts-wqy-zenhei  a CJK font, so Chinese names render in screenshots
set -euo pipefail
need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/firefox-esr ] || need+=(firefox-esr)
font_installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' fonts-wqy-zenhei 2>/dev/null | grep -q "install ok installed"
  else
    command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "wenquanyi zen hei"
  fi
}
font_installed || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps.sh: no apt-get here; install these packages by hand: ${need[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
go version
node --version
# Debian's chromium wrapper may print a harmless shell warning on stderr.
/usr/bin/chromium --version 2>/dev/null
/usr/bin/firefox-esr --version 2>/dev/null
