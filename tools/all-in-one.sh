#!/usr/bin/env bash
# Install nova_rocky into ./.venv (first run only) and start nova-all.
# Arguments go to nova-all, e.g. --listen 0.0.0.0:8774 --computes 2.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${NOVA_ROCKY_VENV:-.venv}
if [ ! -x "$VENV/bin/nova-all" ]; then
    "${PYTHON:-python3}" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip wheel
    "$VENV/bin/pip" install -q -r requirements.txt
    "$VENV/bin/pip" install -q -e .
fi
exec "$VENV/bin/nova-all" "$@"
