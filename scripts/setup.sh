#!/usr/bin/env bash
# Sets up everything Kiln needs on a fresh Debian/Ubuntu machine with Python 3.11+:
# system packages (gdb, gcc, node/npm), a virtualenv in .venv with Kiln installed
# in editable mode plus its dev tools, and then runs the flagship demo.
#   scripts/setup.sh            set up, then run the demo
#   scripts/setup.sh --no-demo  set up only (what scripts/test.sh uses)
set -euo pipefail
cd "$(dirname "$0")/.."
demo=1
[ "${1:-}" = "--no-demo" ] && demo=0

need_apt=()
command -v gdb >/dev/null || need_apt+=(gdb)
command -v cc >/dev/null || need_apt+=(gcc libc6-dev)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
python3 -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing system packages: ${need_apt[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.kiln-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi

# Build the parser tables into the installation and byte-compile Kiln, so that
# start-up stays fast even where PYTHONDONTWRITEBYTECODE is set.
.venv/bin/python -c 'from kiln.compiler.syntax.tables import load_tables; load_tables()'
.venv/bin/python -m compileall -q -j 0 kiln compiler lsp debugger profiler >/dev/null || true

if [ "$demo" = 1 ]; then
  echo "setup: done. Running the flagship demo: kiln run examples/demo.kiln"
  .venv/bin/kiln run examples/demo.kiln
fi
