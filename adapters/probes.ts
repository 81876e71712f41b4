// Tiny probe artifacts that adapters run to learn what a runtime can do,
// rather than trusting version tables. Built from the WAT beside this file
// with jco's bundled wasm-tools, once per content (cached).
import { parse } from '@bytecodealliance/jco';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, packageRoot } from './paths.js';

export type Probe = 'core-module' | 'p2-command' | 'p3-command';

/** What each probe proves when it runs and exits 0. */
export const PROBE_PROVES = {
  'core-module': 'core-wasm',
  'p2-command': 'component-model',
  'p3-command': 'p3-async',
} as const;

export async function probeArtifact(name: Probe): Promise<string> {
  const wat = await readFile(join(packageRoot, 'adapters', 'probes', `${name}.wat`), 'utf8');
  const key = createHash('sha256').update(wat).digest('hex').slice(0, 16);
  const out = join(cacheDir, 'probes', `${name}-${key}.wasm`);
  if (existsSync(out)) return out;
  const bytes = await parse(wat);
  await mkdir(join(cacheDir, 'probes'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, out);
  return out;
}
