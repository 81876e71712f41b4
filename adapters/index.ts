// The runtimes the suite knows, by the name used on the command line.
import type { Adapter } from './adapter.js';
import { jcoAdapter } from './jco.js';
import { wasmtimeAdapter } from './wasmtime.js';
import { wamrAdapter } from './wamr.js';

export const adapters: Record<string, Adapter> = {
  jco: jcoAdapter,
  wasmtime: wasmtimeAdapter,
  wamr: wamrAdapter,
};

export const DEFAULT_RUNTIME = 'jco';
