// The digest that pins reports to the WIT they were run against: sha256 over
// the names and contents of wit/*.wit, in name order.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../adapters/paths.js';

export const witDir = join(packageRoot, 'wit');

export function witDigest(dir = witDir): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.wit')).sort()) {
    hash.update(`${name}\0`).update(readFileSync(join(dir, name))).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}
