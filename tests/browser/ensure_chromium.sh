#!/usr/bin/env bash
# Headless Chromium for the browser tests: Debian's package, installed where it is missing.
# Playwright drives it through executable_path; `playwright install` is never run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "Installing Debian's chromium for the browser tests…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core
/usr/bin/chromium --version
