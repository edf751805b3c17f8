#!/usr/bin/env bash
# ical.js (the calendar library of Thunderbird and Nextcloud) for the feed tests, from npm into
# tests/feeds/node_modules (ignored by git), at the version package-lock.json pins.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "The feed tests need Node and npm (apt-get install nodejs npm)." >&2
    exit 1
fi
if [ -f node_modules/ical.js/package.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    exit 0
fi
echo "Installing ical.js for the feed tests…"
npm ci --no-audit --no-fund --loglevel=error
