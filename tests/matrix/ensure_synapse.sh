#!/bin/sh
# Install Synapse (the homeserver the Matrix tests and bench run against) into its own venv, so
# its dependencies never mix with ours. Idempotent: does nothing when it is already there.
set -eu
cd "$(dirname "$0")/../.."
VENV=.venv-synapse
PYTHON="${PYTHON:-python3}"
if "$VENV/bin/python" -c 'import synapse.app.homeserver' >/dev/null 2>&1; then
    exit 0
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install -q 'matrix-synapse>=1.160,<2'
"$VENV/bin/python" -c 'import synapse; print("synapse", synapse.__version__, "in", "'"$VENV"'")'
