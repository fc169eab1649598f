#!/usr/bin/env bash
# Installs what the VS Code extension's checks need, from package registries
# only: node/npm (apt), the extension's npm packages (npm ci, install scripts
# off), and, for the end-to-end test, code-server 4.100.3 and Chromium (through
# ../shared/tools/vscode/install-code-server.sh). Idempotent and cached: a
# second run checks two stamps and returns in well under a second.
#
#   scripts/vscode-test-setup.sh              everything
#   scripts/vscode-test-setup.sh --npm        node/npm and the npm packages only
#   scripts/vscode-test-setup.sh --e2e        code-server and Chromium only
#
# Cache: $KILN_VSCODE_CACHE (default ~/.cache/kiln-vscode-test); code-server
# lives in $KILN_VSCODE_CACHE/code-server. Safe to run concurrently (pytest -n):
# one run installs while the others wait on a lock.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXT="$ROOT/vscode-extension"
CACHE="${KILN_VSCODE_CACHE:-$HOME/.cache/kiln-vscode-test}"
CS_VERSION=4.100.3
CS_PREFIX="$CACHE/code-server"
CS_BIN="$CS_PREFIX/node_modules/.bin/code-server"
SHARED_INSTALL="$ROOT/../shared/tools/vscode/install-code-server.sh"

want_npm=1 want_e2e=1
case "${1:-}" in
  --npm) want_e2e=0 ;;
  --e2e) want_npm=0 ;;
  "") ;;
  *) echo "usage: $0 [--npm|--e2e]" >&2; exit 2 ;;
esac

mkdir -p "$CACHE"
exec 9>"$CACHE/setup.lock"
flock 9

sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
apt_install() {
  echo "vscode-test-setup: apt-get install $*"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

ensure_node() {
  local missing=()
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# npm ci when package-lock.json changed since the last install (or node_modules is gone).
ensure_npm_packages() {
  local stamp="$EXT/node_modules/.kiln-lock-sha256"
  local want; want="$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  echo "vscode-test-setup: npm ci in vscode-extension/"
  # .npmrc there turns install scripts off: nothing is downloaded outside the registry
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}

ensure_code_server() {
  if [ -x "$CS_BIN" ] && [ -f "$CS_PREFIX/.kiln-installed-$CS_VERSION" ]; then
    return
  fi
  if [ ! -f "$SHARED_INSTALL" ]; then
    echo "vscode-test-setup: $SHARED_INSTALL not found (the shared tools sit beside the repository)" >&2
    exit 1
  fi
  echo "vscode-test-setup: installing code-server $CS_VERSION into $CS_PREFIX (about 2 minutes, once)"
  PREFIX="$CS_PREFIX" CS_VERSION="$CS_VERSION" bash "$SHARED_INSTALL" > "$CACHE/install-code-server.log" 2>&1 || {
    tail -30 "$CACHE/install-code-server.log" >&2; exit 1; }
  touch "$CS_PREFIX/.kiln-installed-$CS_VERSION"
}

ensure_chromium() {
  command -v chromium >/dev/null || apt_install chromium
}

if [ "$want_npm" = 1 ]; then
  ensure_node
  ensure_npm_packages
fi
if [ "$want_e2e" = 1 ]; then
  ensure_node
  ensure_code_server
  ensure_chromium
fi
