#!/usr/bin/env bash
# Run the whole test suite (unit, functional, integration) with stestr.
#
# Creates ./.venv on first use and keeps it in step with the requirement
# files. Integration tests use the RabbitMQ, MariaDB and PostgreSQL of this
# machine (NOVA_ROCKY_TEST_TRANSPORT_URL, NOVA_ROCKY_TEST_DB_URL,
# NOVA_ROCKY_TEST_PG_URL override them); with CI=true a missing service
# fails the run instead of skipping. Extra arguments are passed to
# "stestr run" (for example a test filter regex).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${NOVA_ROCKY_VENV:-.venv}
PYTHON=${PYTHON:-python3}

# System packages first: pip builds libvirt-python against libvirt-dev.
tools/install-system-packages.sh

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.requirements-stamp"
want=$(cat requirements.txt test-requirements.txt setup.cfg | sha1sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$VENV/bin/pip" install -q --upgrade pip wheel
    "$VENV/bin/pip" install -q -r requirements.txt -r test-requirements.txt
    "$VENV/bin/pip" install -q -e .
    echo "$want" > "$stamp"
fi

export PATH="$PWD/$VENV/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1

# The suites run as separate stestr runs: each holds process-wide state of
# its own (the unit tests' shared SQLite schema, the functional tests'
# in-process cloud, the integration tests' daemons).
# "stestr list" (the filter check below) needs the repository to exist.
[ -d .stestr ] || "$VENV/bin/stestr" init >/dev/null
total_passed=0
total_failed=0
status=0
for suite in unit functional integration; do
    [ -d "nova_rocky/tests/$suite" ] || continue
    concurrency=${NOVA_ROCKY_TEST_CONCURRENCY:-2}
    [ "$suite" = integration ] && concurrency=1
    if [ $# -gt 0 ] && [ -z "$("$VENV/bin/stestr" --test-path "./nova_rocky/tests/$suite" list "$@" 2>/dev/null)" ]; then
        continue
    fi
    echo "=== $suite tests ==="
    "$VENV/bin/stestr" --test-path "./nova_rocky/tests/$suite" run \
        --concurrency "$concurrency" "$@" || status=1
    # -a: captured logs can make stestr's output look binary to grep.
    summary=$("$VENV/bin/stestr" last 2>/dev/null | grep -aE '^ - (Passed|Failed):' || true)
    passed=$(echo "$summary" | awk '/Passed:/ {print $3}')
    failed=$(echo "$summary" | awk '/Failed:/ {print $3}')
    total_passed=$((total_passed + ${passed:-0}))
    total_failed=$((total_failed + ${failed:-0}))
done
echo "${total_passed} passed, ${total_failed} failed"
exit $status
