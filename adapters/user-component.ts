// `--component`: a user's own wasi:mcp server component in place of the
// suite's fixtures. It must be a component exporting the server world.
import { componentWit } from '@bytecodealliance/jco';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { P3_COMPONENT, type FixtureComponent } from './adapter.js';

export class ComponentError extends Error {
  override name = 'ComponentError';
}

const REQUIRED_EXPORTS = ['wasi:mcp/server@0.2.0', 'wasi:mcp/streaming@0.2.0'];

/** Checks the file and returns it as a fixture; the composed command is made per target when needed. */
export async function userComponent(path: string): Promise<FixtureComponent> {
  const file = resolve(path);
  if (!existsSync(file)) throw new ComponentError(`--component ${path}: no such file`);
  if (!statSync(file).isFile()) throw new ComponentError(`--component ${path}: not a file (give the .wasm component itself)`);
  const bytes = readFileSync(file);
  const header = bytes.subarray(0, 8);
  if (header.length < 8 || header.readUInt32BE(0) !== 0x0061736d) throw new ComponentError(`--component ${path}: not a WebAssembly file (no \\0asm header)`);
  if (header.readUInt32LE(4) === 1) throw new ComponentError(`--component ${path}: a core WebAssembly module, not a component; make a component of it (e.g. wasm-tools component new, or your language's componentize tool)`);
  let wit: string;
  try {
    wit = await componentWit(bytes);
  } catch (e) {
    throw new ComponentError(`--component ${path}: not a valid component: ${(e as Error).message.split('\n')[0]}`);
  }
  const missing = REQUIRED_EXPORTS.filter((name) => !new RegExp(`^\\s*export ${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')};`, 'm').test(wit));
  if (missing.length) {
    throw new ComponentError(`--component ${path}: does not export the wasi:mcp server world; missing export${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  return { name: `component:${basename(file)}`, componentPath: file, guestEnv: {}, needs: P3_COMPONENT };
}
