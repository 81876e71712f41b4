// The committed fixtures (and their compositions with the virtual host) are
// what their sources build: rebuild them from
// source into a temporary folder and require the same behaviour, case by
// case (QuickJS builds are not byte-reproducible, so bytes are not compared).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './cli.js';

describe('guest-fixtures rebuilt from source', () => {
  it('behave as the committed ones on every case and on a defect', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wmc-fixtures-'));
    const { buildFixtures } = (await import(join(root, 'guest-fixtures', 'build.mjs'))) as { buildFixtures: (dir: string) => Promise<unknown> };
    await buildFixtures(out);

    const outcomes = async (args: string[], env: Record<string, string> = {}, stem = 'jco-native') =>
      Object.fromEntries((await runCli(['--reporter', 'json', ...args], env)).report(stem).results.map((r) => [r.id, r.outcome]));
    const rebuilt = { WASI_MCP_FIXTURES_DIR: out };

    // Every case passes on the rebuilt composed commands (fast on wasmtime) and, in the modern era, on
    // jco's native host, as on the committed ones (test/integration/suite.test.ts runs those).
    const failing = (o: Record<string, string>) => Object.entries(o).filter(([, v]) => v !== 'pass');
    const composed = await outcomes(['--runtime', 'wasmtime'], rebuilt, 'wasmtime-virtual');
    expect(Object.keys(composed).length).toBeGreaterThan(200);
    expect(failing(composed)).toEqual([]);
    const native = await outcomes(['--protocol-version', 'modern'], rebuilt);
    expect(Object.keys(native).length).toBeGreaterThan(200);
    expect(failing(native)).toEqual([]);

    const mutantArgs = ['--runtime', 'wasmtime', '--fixture', 'mutant:ignore-cancel', '--filter', 'cancellation-*'];
    const mutantCommitted = await outcomes(mutantArgs, {}, 'wasmtime-virtual');
    expect(mutantCommitted['cancellation-observed-by-guest']).toBe('fail');
    expect(await outcomes(mutantArgs, rebuilt, 'wasmtime-virtual')).toEqual(mutantCommitted);
  }, 600_000);
});
