#!/usr/bin/env bash
# Installs the third-party stdio MCP servers that the portable cases run
# against (test/integration/third-party.test.ts, docs/third-party.md) into
# .cache/third-party/, from npm and PyPI. Idempotent: a server already at its
# pinned version, on its pinned SDK, is left alone.
#
#   .cache/third-party/npm/    @modelcontextprotocol/server-everything
#                              (on @modelcontextprotocol/sdk, pinned by override)
#   .cache/third-party/venv/   mcp-server-time and mcp-server-git
#                              (on the Python SDK `mcp`, pinned)
#
# Versions: setup/versions.env. Installed versions: .cache/third-party/installed.txt.
# Needs node/npm and a Python >= 3.10 with the venv module ($PYTHON, else python3).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=setup/versions.env
source setup/versions.env

dir=.cache/third-party
record=$dir/installed.txt
mkdir -p "$dir"
say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 2; }

# Version of an installed npm package, or nothing.
npm_version() {
  local manifest="$dir/npm/node_modules/$1/package.json"
  [ -f "$manifest" ] && node -e 'process.stdout.write(require(process.argv[1]).version)' "$PWD/$manifest" || true
}

install_npm() {
  if [ "$(npm_version @modelcontextprotocol/server-everything)" = "$SERVER_EVERYTHING_VERSION" ] &&
     [ "$(npm_version @modelcontextprotocol/sdk)" = "$SERVER_EVERYTHING_TS_SDK_VERSION" ]; then
    say "server-everything $SERVER_EVERYTHING_VERSION already installed"
    return
  fi
  command -v npm >/dev/null || fail "npm is required"
  say "installing @modelcontextprotocol/server-everything $SERVER_EVERYTHING_VERSION (sdk $SERVER_EVERYTHING_TS_SDK_VERSION) from npm"
  mkdir -p "$dir/npm"
  # The override pins the SDK the server is built on: its behaviour is what the cases see.
  cat > "$dir/npm/package.json" <<EOF
{
  "name": "wasi-mcp-conformance-third-party",
  "private": true,
  "dependencies": { "@modelcontextprotocol/server-everything": "$SERVER_EVERYTHING_VERSION" },
  "overrides": { "@modelcontextprotocol/sdk": "$SERVER_EVERYTHING_TS_SDK_VERSION" }
}
EOF
  npm install --prefix "$dir/npm" --no-audit --no-fund --ignore-scripts --loglevel=error
}

# Version of a package installed in the virtualenv, or nothing.
pip_version() {
  [ -x "$dir/venv/bin/python" ] && "$dir/venv/bin/python" -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))' "$1" 2>/dev/null || true
}

install_pip() {
  if [ "$(pip_version mcp-server-time)" = "$MCP_SERVER_TIME_VERSION" ] &&
     [ "$(pip_version mcp-server-git)" = "$MCP_SERVER_GIT_VERSION" ] &&
     [ "$(pip_version mcp)" = "$MCP_PYTHON_SDK_VERSION" ]; then
    say "mcp-server-time $MCP_SERVER_TIME_VERSION and mcp-server-git $MCP_SERVER_GIT_VERSION already installed"
    return
  fi
  local python="${PYTHON:-python3}"
  command -v "$python" >/dev/null || fail "a Python >= 3.10 is required (set PYTHON to its path)"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || fail "$python is older than 3.10; the servers need >= 3.10 (set PYTHON)"
  if ! "$dir/venv/bin/python" -c '' 2>/dev/null; then
    say "creating a virtualenv with $python"
    rm -rf "$dir/venv"
    "$python" -m venv "$dir/venv" || fail "$python -m venv failed (Debian: apt-get install python3-venv)"
  fi
  say "installing mcp-server-time $MCP_SERVER_TIME_VERSION, mcp-server-git $MCP_SERVER_GIT_VERSION (mcp $MCP_PYTHON_SDK_VERSION) from PyPI"
  "$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "mcp-server-time==$MCP_SERVER_TIME_VERSION" "mcp-server-git==$MCP_SERVER_GIT_VERSION" "mcp==$MCP_PYTHON_SDK_VERSION"
}

install_npm
install_pip
{
  echo "@modelcontextprotocol/server-everything $(npm_version @modelcontextprotocol/server-everything) (@modelcontextprotocol/sdk $(npm_version @modelcontextprotocol/sdk))"
  echo "mcp-server-time $(pip_version mcp-server-time) (mcp $(pip_version mcp))"
  echo "mcp-server-git $(pip_version mcp-server-git) (mcp $(pip_version mcp))"
} > "$record"
say "installed:"
sed 's/^/  /' "$record"
