#!/usr/bin/env bash
# Set up and run every test on a fresh machine with Python 3.11:
# installs the pinned packages, Debian's chromium for the browser tests, then pytest.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
python3 -m pytest -n 2 "$@"
