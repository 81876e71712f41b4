// The runtimes the suite knows, by the name used on the command line.
import type { Adapter } from './adapter.js';
import { jcoAdapter } from './jco.js';
import { createWasmtimeAdapter, wasmtimeAdapter } from './wasmtime.js';
import { wamrAdapter } from './wamr.js';

export const adapters: Record<string, Adapter> = {
  jco: jcoAdapter,
  // The pinned wasmtime (setup/versions.env WASMTIME_VERSION, a release binary from PyPI).
  wasmtime: wasmtimeAdapter,
  // The newest wasmtime-cli on crates.io (WASMTIME_LATEST_VERSION), built from source by the setup step.
  'wasmtime-latest': createWasmtimeAdapter({
    runtime: 'wasmtime-latest',
    binary: 'wasmtime-latest',
    envVar: 'WASMTIME_LATEST',
    install: 'npm run setup   (or: bash setup/install.sh latest)',
  }),
  wamr: wamrAdapter,
};

export const DEFAULT_RUNTIME = 'jco';
