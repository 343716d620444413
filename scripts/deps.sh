#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine may lack, with the
# system's package manager. Go itself is expected on the machine.
set -euo pipefail
need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
go version
node --version
