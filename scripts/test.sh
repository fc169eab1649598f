#!/usr/bin/env bash
# Runs the whole Kiln test suite (setting things up first if needed).
# Extra arguments go to pytest, e.g. scripts/test.sh -k parser --run-slow
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-demo
exec .venv/bin/python -m pytest -n auto -q "$@"
