// Where the package lives, independent of whether the code runs from dist/ or source.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'wit'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the wasi-mcp-conformance package root above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
/** Per-package cache of derived artifacts (transpiled code); safe to delete. */
export const cacheDir = join(packageRoot, '.cache');
