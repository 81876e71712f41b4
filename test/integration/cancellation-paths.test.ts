// Each cancellation path of wit/README.md reaches the fixture on its own:
// the host writing the cancel future, and the host dropping the stream.
import { execa } from 'execa';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transpileCached } from '../../adapters/jco-transpile.js';
import { findJspiNode } from '../../adapters/jspi-node.js';
import { resolveFixture } from '../../harness/fixtures.js';

async function observe(path: 'future' | 'drop') {
  const node = await findJspiNode();
  const entry = await transpileCached(resolveFixture('reference').componentPath);
  const r = await execa(node.path, [join(import.meta.dirname, 'scripts', 'cancel-paths.mjs'), pathToFileURL(entry).href, path], { timeout: 60_000 });
  return JSON.parse(String(r.stdout)) as { observed: boolean; via: string | null; steps_completed: number; completed: boolean };
}

describe('cancellation paths on the reference fixture', () => {
  it('writing the cancel future stops the call', async () => {
    const seen = await observe('future');
    expect(seen).toMatchObject({ observed: true, via: 'cancel-future', completed: false });
    expect(seen.steps_completed).toBeLessThan(100);
  });

  it('dropping the progress stream stops the call', async () => {
    const seen = await observe('drop');
    expect(seen).toMatchObject({ observed: true, via: 'stream-dropped', completed: false });
    expect(seen.steps_completed).toBeLessThan(100);
  });
});
