#!/usr/bin/env bash
# Installs WAMR's `iwasm` for the wamr adapter, from crates.io, on a plain
# machine. Standalone and idempotent: an iwasm already at the pinned version
# is left alone (no download, no rebuild).
#
#   setup/wamr.sh            install (or confirm) iwasm at $IWASM_PREFIX/iwasm
#
# Route: no registry this project reaches ships an iwasm binary (Debian and npm
# have none; PyPI's `wamr-bin` is a different, AOT-only runtime with a `wamr`
# CLI) nor the upstream iwasm CLI source at a current version (crates.io's
# `wamr-sys` 0.1.1 vendors a 2020 tree). crates.io's `wamrx-sys` vendors the
# upstream WAMR runtime sources at a pinned release (core/: loader,
# interpreter, libc-wasi, platform layer, build-scripts/), but not
# product-mini/. So this script:
#   1. fetches the crate with cargo (checksum-verified against the index),
#   2. builds WAMR's own `vmlib` (libiwasm.a) with WAMR's CMake: classic
#      interpreter, libc-wasi, no AOT/JIT, no SIMD (SIMD would download SIMDe),
#   3. links it with the small CLI front end below (the iwasm command line the
#      adapter uses: --version with the proposal list, --env=K=V, --dir=,
#      --map-dir=, --stack-size=, --heap-size=), mirroring upstream
#      product-mini's behaviour: load errors printed as-is and exit 255, a trap
#      printed and exit 1, otherwise the guest's WASI exit code.
# Everything happens under .cache/wamr (git-ignored); only the binary is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pins (WAMR_CRATE, WAMR_CRATE_VERSION, IWASM_VERSION): setup/versions.env.
# shellcheck source=setup/versions.env
source setup/versions.env

IWASM_PREFIX="${IWASM_PREFIX:-${CARGO_HOME:-$HOME/.cargo}/bin}"
bin="$IWASM_PREFIX/iwasm"
work=.cache/wamr
record=.cache/toolchain.txt
mkdir -p .cache

say() { printf 'setup: %s\n' "$*"; }

have=""
if [ -x "$bin" ]; then have=$("$bin" --version 2>/dev/null | head -1 || true); fi
if [ "$have" = "iwasm $IWASM_VERSION" ]; then
  say "iwasm $IWASM_VERSION already installed at $bin"
else
  for tool in cargo cmake make cc; do
    command -v "$tool" >/dev/null || { echo "setup: $tool is required to build iwasm" >&2; exit 2; }
  done
  say "building iwasm $IWASM_VERSION from crates.io $WAMR_CRATE $WAMR_CRATE_VERSION (WAMR sources; ~20 s)"
  rm -rf "$work"
  mkdir -p "$work/fetch/src"

  # 1. Fetch the crate through cargo (a throwaway manifest pinning it exactly).
  cat > "$work/fetch/Cargo.toml" <<EOF
[package]
name = "wamr-source-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$WAMR_CRATE = "=$WAMR_CRATE_VERSION"
EOF
  : > "$work/fetch/src/lib.rs"
  cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"
  crate=$(ls -1 "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$WAMR_CRATE-$WAMR_CRATE_VERSION.crate" 2>/dev/null | head -1)
  [ -n "$crate" ] || { echo "setup: cargo fetched $WAMR_CRATE $WAMR_CRATE_VERSION but its .crate is not in the registry cache" >&2; exit 1; }
  tar -xzf "$crate" -C "$work"
  wamr="$PWD/$work/$WAMR_CRATE-$WAMR_CRATE_VERSION/wasm-micro-runtime"
  vendored=$(sed -n 's/^#define WAMR_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\).*/\2/p' "$wamr/core/version.h" | paste -sd.)
  [ "$vendored" = "$IWASM_VERSION" ] || { echo "setup: $WAMR_CRATE $WAMR_CRATE_VERSION vendors WAMR $vendored, expected $IWASM_VERSION" >&2; exit 1; }

  # 2. WAMR's runtime library with WAMR's own CMake.
  features=(
    -DWAMR_BUILD_PLATFORM=linux
    -DWAMR_BUILD_INTERP=1 -DWAMR_BUILD_FAST_INTERP=0
    -DWAMR_BUILD_AOT=0 -DWAMR_BUILD_JIT=0 -DWAMR_BUILD_FAST_JIT=0
    -DWAMR_BUILD_LIBC_WASI=1 -DWAMR_BUILD_LIBC_BUILTIN=1
    -DWAMR_BUILD_SIMD=0 -DWAMR_BUILD_LIB_SIMDE=0
    -DWAMR_BUILD_BULK_MEMORY=1 -DWAMR_BUILD_REF_TYPES=1
    -DWAMR_BUILD_TAIL_CALL=0 -DWAMR_BUILD_GC=0 -DWAMR_BUILD_SHARED_MEMORY=0
    -DWAMR_BUILD_MULTI_MODULE=0 -DWAMR_BUILD_THREAD_MGR=0 -DWAMR_BUILD_LIB_PTHREAD=0
  )
  cmake -S "$wamr" -B "$work/build" -DCMAKE_BUILD_TYPE=Release "${features[@]}" > "$work/cmake.log" 2>&1 \
    || { tail -30 "$work/cmake.log" >&2; echo "setup: configuring WAMR failed (log: $work/cmake.log)" >&2; exit 1; }
  cmake --build "$work/build" --target vmlib -j "$(nproc 2>/dev/null || echo 2)" > "$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; echo "setup: building WAMR failed (log: $work/build.log)" >&2; exit 1; }

  # 3. The iwasm command line, linked against that library.
  cat > "$work/iwasm.c" <<'EOF'
/* iwasm command line for the wasi-mcp conformance suite, over WAMR's runtime
   library (upstream WAMR, vendored by the wamrx-sys crate). Mirrors the subset
   of upstream product-mini/platforms/posix/main.c that the wamr adapter uses. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm_export.h"

#define MAX_LIST 32

static int usage(void) {
    printf("Usage: iwasm [-options] wasm_file [args...]\n"
           "options:\n"
           "  --stack-size=n           Set maximum stack size in bytes, default is 64 KB\n"
           "  --heap-size=n            Set maximum heap size in bytes, default is 0 KB when libc wasi is enabled\n"
           "  --env=<env>              Pass wasi environment variables with \"key=value\"\n"
           "  --dir=<dir>              Grant wasi access to the given host directories\n"
           "  --map-dir=<guest::host>  Grant wasi access to a host directory under a guest path\n"
           "  --version                Show version information\n");
    return 1;
}

static void print_proposals(void) {
    printf("About Wasm Proposals:\n");
    printf("  Always-on:\n");
    printf("    - Multi-value\n");
    printf("    - Non-trapping float-to-int conversions\n");
    printf("    - Sign-extension operators\n");
    printf("    - WebAssembly C and C++ API\n");
    printf("  Compilation Configurable. 0 is OFF. 1 is ON:\n");
    printf("    - Bulk Memory Operation via WASM_ENABLE_BULK_MEMORY: %u\n", WASM_ENABLE_BULK_MEMORY);
    printf("    - Fixed-Width SIMD via WASM_ENABLE_SIMD: %u\n", WASM_ENABLE_SIMD);
    printf("    - Garbage Collection via WASM_ENABLE_GC: %u\n", WASM_ENABLE_GC);
    printf("    - Reference Types via WASM_ENABLE_REF_TYPES: %u\n", WASM_ENABLE_REF_TYPES);
    printf("    - Tail Call via WASM_ENABLE_TAIL_CALL: %u\n", WASM_ENABLE_TAIL_CALL);
    printf("    - Threads via WASM_ENABLE_SHARED_MEMORY: %u\n", WASM_ENABLE_SHARED_MEMORY);
}

static unsigned char *read_file(const char *path, uint32_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { printf("Open file %s failed.\n", path); return NULL; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = n > 0 ? malloc((size_t)n) : NULL;
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        printf("Read file %s failed.\n", path);
        free(buf); fclose(f); return NULL;
    }
    fclose(f);
    *size = (uint32_t)n;
    return buf;
}

int main(int argc, char *argv[]) {
    uint32_t stack_size = 64 * 1024, heap_size = 0;
    const char *env[MAX_LIST], *dirs[MAX_LIST], *map_dirs[MAX_LIST];
    uint32_t n_env = 0, n_dirs = 0, n_map = 0;
    char error_buf[128] = { 0 };

    for (argc--, argv++; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
        const char *a = argv[0];
        if (!strcmp(a, "--version")) {
            uint32_t major, minor, patch;
            wasm_runtime_get_version(&major, &minor, &patch);
            printf("iwasm %" PRIu32 ".%" PRIu32 ".%" PRIu32 "\n", major, minor, patch);
            print_proposals();
            return 0;
        }
        else if (!strncmp(a, "--stack-size=", 13) && a[13]) stack_size = (uint32_t)atoi(a + 13);
        else if (!strncmp(a, "--heap-size=", 12) && a[12]) heap_size = (uint32_t)atoi(a + 12);
        else if (!strncmp(a, "--env=", 6)) {
            const char *eq = strchr(a + 6, '=');
            if (!eq || eq == a + 6) {
                printf("Wasm parse env string failed: expect \"key=value\", got \"%s\"\n", a + 6);
                return usage();
            }
            if (n_env >= MAX_LIST) { printf("Only allow max env number %d\n", MAX_LIST); return 1; }
            env[n_env++] = a + 6;
        }
        else if (!strncmp(a, "--dir=", 6) && a[6]) {
            if (n_dirs >= MAX_LIST) { printf("Only allow max dir number %d\n", MAX_LIST); return 1; }
            dirs[n_dirs++] = a + 6;
        }
        else if (!strncmp(a, "--map-dir=", 10) && a[10]) {
            if (n_map >= MAX_LIST) { printf("Only allow max map dir number %d\n", MAX_LIST); return 1; }
            map_dirs[n_map++] = a + 10;
        }
        else return usage();
    }
    if (argc == 0) return usage();

    RuntimeInitArgs init;
    memset(&init, 0, sizeof(init));
    init.mem_alloc_type = Alloc_With_Allocator;
    init.mem_alloc_option.allocator.malloc_func = malloc;
    init.mem_alloc_option.allocator.realloc_func = realloc;
    init.mem_alloc_option.allocator.free_func = free;
    if (!wasm_runtime_full_init(&init)) { printf("Init runtime environment failed.\n"); return -1; }

    int ret = -1;
    uint32_t size = 0;
    unsigned char *bytes = read_file(argv[0], &size);
    wasm_module_t module = NULL;
    wasm_module_inst_t inst = NULL;
    if (!bytes) goto out;
    if (!(module = wasm_runtime_load(bytes, size, error_buf, sizeof(error_buf)))) {
        printf("%s\n", error_buf);
        goto out;
    }
    wasm_runtime_set_wasi_args(module, dirs, n_dirs, map_dirs, n_map, env, n_env, argv, argc);
    if (!(inst = wasm_runtime_instantiate(module, stack_size, heap_size, error_buf, sizeof(error_buf)))) {
        printf("%s\n", error_buf);
        goto out;
    }
    wasm_application_execute_main(inst, argc, argv);
    const char *exception = wasm_runtime_get_exception(inst);
    if (exception) { printf("%s\n", exception); ret = 1; }
    else ret = (int)wasm_runtime_get_wasi_exit_code(inst);
out:
    if (inst) wasm_runtime_deinstantiate(inst);
    if (module) wasm_runtime_unload(module);
    free(bytes);
    wasm_runtime_destroy();
    return ret;
}
EOF
  defines=(-DBH_MALLOC=wasm_runtime_malloc -DBH_FREE=wasm_runtime_free
    -DWASM_ENABLE_BULK_MEMORY=1 -DWASM_ENABLE_SIMD=0 -DWASM_ENABLE_GC=0 -DWASM_ENABLE_REF_TYPES=1
    -DWASM_ENABLE_TAIL_CALL=0 -DWASM_ENABLE_SHARED_MEMORY=0)
  cc -O2 "${defines[@]}" -I "$wamr/core/iwasm/include" "$work/iwasm.c" "$work/build/libiwasm.a" \
    -lm -ldl -lpthread -o "$work/iwasm"
  got=$("$work/iwasm" --version | head -1)
  [ "$got" = "iwasm $IWASM_VERSION" ] || { echo "setup: the built iwasm reports '$got', expected 'iwasm $IWASM_VERSION'" >&2; exit 1; }
  mkdir -p "$IWASM_PREFIX"
  install -m 0755 "$work/iwasm" "$bin.tmp.$$"
  mv -f "$bin.tmp.$$" "$bin"
  rm -rf "$work/build" "$work/fetch"
  say "installed iwasm $IWASM_VERSION at $bin"
fi
# One line for iwasm in the record, replacing an earlier one.
{ grep -v '^iwasm ' "$record" 2>/dev/null || true; echo "iwasm $("$bin" --version | head -1 | sed 's/^iwasm //'), built from crates.io $WAMR_CRATE $WAMR_CRATE_VERSION"; } > "$record.tmp.$$"
mv -f "$record.tmp.$$" "$record"
