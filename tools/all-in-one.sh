#!/usr/bin/env bash
# Install nova_rocky into ./.venv (first run only) and start nova-all.
# Arguments go to nova-all, e.g. --listen 0.0.0.0:8774 --computes 2, or
# --noauth for noauth2 tokens and no Keystone.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${NOVA_ROCKY_VENV:-.venv}
# Reinstall when the requirements change (keystone joined them for the
# identity service nova-all runs), not only on the first run.
stamp="$VENV/.all-in-one-stamp"
want=$(cat requirements.txt setup.cfg | sha1sum | cut -d' ' -f1)
# System packages first: pip builds libvirt-python against libvirt-dev.
tools/install-system-packages.sh
if [ ! -x "$VENV/bin/nova-all" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    [ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip wheel
    "$VENV/bin/pip" install -q -r requirements.txt
    "$VENV/bin/pip" install -q -e .
    echo "$want" > "$stamp"
fi
exec "$VENV/bin/nova-all" "$@"
