#!/usr/bin/env bash
# The test command: installs the Python test oracles into .venv (numpy, tflite-micro, cryptography) when
# pip can reach them, then runs the Swift test suite. Without the oracles the interop tests
# are skipped with a visible reason; with TINYOPS_REQUIRE_ORACLES=1 (set by .ci/run) those
# skips become failures.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TINYOPS_PYTHON:-}" ]; then
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv || echo "scripts/test.sh: warning: could not create .venv; oracle tests will be skipped" >&2
    fi
    if [ -x .venv/bin/python ]; then
        if ! .venv/bin/python -c 'import numpy, tflite_micro, cryptography' 2>/dev/null; then
            .venv/bin/pip install --quiet -r Tests/Oracles/requirements.txt \
                || echo "scripts/test.sh: warning: pip could not install the oracles; oracle tests will be skipped" >&2
        fi
        export TINYOPS_PYTHON="$PWD/.venv/bin/python"
    fi
fi

exec swift test "$@"
