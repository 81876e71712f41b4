// Transpiles a component with jco once per content: the cache key is the
// component's bytes plus the jco version and options, so an unchanged
// fixture is never transpiled twice, across cases and across runs.
import { transpile } from '@bytecodealliance/jco';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, packageRoot } from './paths.js';

/** The installed version of a package whose exports hide its package.json. */
export function installedVersion(pkg: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(pkg));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(pkg.split('/').pop() ?? pkg)) {
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export const jcoVersion = installedVersion('@bytecodealliance/jco');

const OPTIONS = {
  name: 'component',
  noTypescript: true,
  quiet: true,
  // ComponentError with .payload, the shape hosts map to JSON-RPC errors.
  noComponentErrorWrapping: false,
  // A component that imports wasi:mcp/client gets the native host's (docs/targets.md, "Peers").
  map: { 'wasi:mcp/client@0.2.0': pathToFileURL(join(packageRoot, 'dist', 'hosts', 'jco-native', 'client', 'session.js')).href },
} as const;

const inFlight = new Map<string, Promise<string>>();

/** Returns the path of the transpiled entry module for the component. */
export async function transpileCached(componentPath: string): Promise<string> {
  const bytes = await readFile(componentPath);
  const key = createHash('sha256').update(bytes).update(jcoVersion).update(JSON.stringify(OPTIONS)).digest('hex').slice(0, 24);
  const dir = join(cacheDir, 'jco', key);
  const entry = join(dir, `${OPTIONS.name}.js`);
  if (existsSync(entry)) return entry;
  let job = inFlight.get(key);
  if (!job) {
    job = (async () => {
      const { files } = await transpile(bytes, OPTIONS);
      // Write to a private folder, then rename: concurrent runs never see half a cache entry.
      const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
      for (const [name, data] of Object.entries(files)) {
        await mkdir(dirname(join(tmp, name)), { recursive: true });
        await writeFile(join(tmp, name), data);
      }
      await mkdir(dirname(dir), { recursive: true });
      try {
        await rename(tmp, dir);
      } catch (e) {
        await rm(tmp, { recursive: true, force: true });
        if (!existsSync(entry)) throw e;
      }
      return entry;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, job);
  }
  return job;
}
