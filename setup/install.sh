#!/usr/bin/env bash
# Installs what running and building the suite needs beyond npm, from the
# registries a plain machine reaches (crates.io, Debian). Idempotent: a tool
# already at the pinned version is left alone.
#
#   setup/install.sh [run|build|servers|all]     (default: all)
#     run      the runtimes the suite drives: wasmtime, WAMR's iwasm (setup/wamr.sh)
#     build    what rebuilding the virtual host and composed fixtures needs:
#              clang-19 + wasi-libc (Debian), wit-bindgen, wac (crates.io),
#              and Chromium (Debian) for the matrix page test
#     servers  third-party MCP servers the portable cases are checked against
#              (setup/third-party.sh: npm and PyPI)
#
# Installed versions are printed and written to .cache/toolchain.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=setup/versions.env
source setup/versions.env
what="${1:-all}"
case "$what" in run|build|servers|all) ;; *) echo "usage: setup/install.sh [run|build|servers|all]" >&2; exit 2 ;; esac

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
mkdir -p .cache
record=.cache/toolchain.txt
: > "$record"

say() { printf 'setup: %s\n' "$*"; }

need_cargo() {
  command -v cargo >/dev/null || { echo "setup: cargo is required (https://rustup.rs, or Debian's cargo package)" >&2; exit 2; }
}

# cargo_tool BINARY CRATE VERSION [FEATURES]
cargo_tool() {
  local bin=$1 crate=$2 version=$3 features=${4:-}
  local have=""
  if [ -x "$CARGO_BIN/$bin" ]; then have=$("$CARGO_BIN/$bin" --version 2>/dev/null | head -1 || true); fi
  if [[ "$have" == *" $version"* ]]; then
    say "$bin $version already installed"
  else
    need_cargo
    say "installing $crate $version with cargo (this compiles from source; wasmtime takes 15-30 min on 2 cores)"
    if [ -n "$features" ]; then
      cargo install --locked "$crate@$version" --no-default-features --features "$features"
    else
      cargo install --locked "$crate@$version"
    fi
  fi
  echo "$bin $("$CARGO_BIN/$bin" --version 2>/dev/null | head -1)" >> "$record"
}

debian_packages() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: $*"
  else
    say "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
  for p in "$@"; do echo "$p $(dpkg-query -W -f='${Version}' "$p")" >> "$record"; done
}

if [ "$what" = run ] || [ "$what" = all ]; then
  cargo_tool wasmtime wasmtime-cli "$WASMTIME_VERSION" "$WASMTIME_FEATURES"
  # setup/wamr.sh appends its own line to the record.
  bash setup/wamr.sh
fi
if [ "$what" = build ] || [ "$what" = all ]; then
  # shellcheck disable=SC2086
  debian_packages $DEBIAN_BUILD_PACKAGES $DEBIAN_TEST_PACKAGES
  cargo_tool wit-bindgen wit-bindgen-cli "$WIT_BINDGEN_VERSION"
  cargo_tool wac wac-cli "$WAC_VERSION"
fi
if [ "$what" = servers ] || [ "$what" = all ]; then
  bash setup/third-party.sh
fi
say "installed:"
sed 's/^/  /' "$record"
