#!/usr/bin/env bash
# Hash and signature throughput: tinyops (release build) next to Python's hashlib and
# cryptography (OpenSSL) in the same run. Needs a Python with `cryptography`
# (TINYOPS_PYTHON, else the repository's .venv, else python3). Not run by CI.
set -euo pipefail
cd "$(dirname "$0")"
python="${TINYOPS_PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x ../../.venv/bin/python ]; then python=../../.venv/bin/python; else python=python3; fi
fi
swift build -c release --product crypto-bench >&2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
.build/release/crypto-bench "$scratch"
"$python" bench_python.py
