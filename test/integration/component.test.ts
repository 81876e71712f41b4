// --component: an author's own wasi:mcp server component, checked by the
// cases that assume nothing about it (here the reference fixture stands in
// for the author's component).
import { parse } from '@bytecodealliance/jco';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './cli.js';

const component = join(root, 'guest-fixtures', 'dist', 'reference.wasm');

describe('--component', () => {
  for (const runtime of ['jco', 'wasmtime']) {
    it(`runs the portable cases on ${runtime} and names the cases that need the suite's fixtures`, async () => {
      const run = await runCli(['--runtime', runtime, '--component', component]);
      const results = run.report().results;
      const ran = results.filter((r) => r.outcome !== 'unsupported');
      expect(ran.length).toBeGreaterThanOrEqual(8);
      expect(ran.filter((r) => r.outcome !== 'pass')).toEqual([]);
      const skipped = results.filter((r) => r.outcome === 'unsupported');
      expect(skipped.length).toBeGreaterThan(0);
      expect(skipped.every((r) => /needs the suite's fixtures/.test(r.message ?? ''))).toBe(true);
      expect(run.exitCode).toBe(0);
    });
  }

  it('rejects a core module, a non-server component and a missing file with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-component-'));
    writeFileSync(join(dir, 'core.wasm'), await parse('(module)'));
    writeFileSync(join(dir, 'other.wasm'), await parse('(component)'));
    const core = await runCli(['--component', join(dir, 'core.wasm')]);
    expect(core.stderr).toMatch(/a core WebAssembly module, not a component/);
    expect(core.exitCode).toBe(2);
    const other = await runCli(['--component', join(dir, 'other.wasm')]);
    expect(other.stderr).toMatch(/does not export the wasi:mcp server world; missing exports wasi:mcp\/server@0\.2\.0, wasi:mcp\/streaming@0\.2\.0/);
    expect(other.exitCode).toBe(2);
    const missing = await runCli(['--component', join(dir, 'nope.wasm')]);
    expect(missing.stderr).toMatch(/no such file/);
    expect(missing.exitCode).toBe(2);
  });
});
