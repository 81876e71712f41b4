// The fixtures written in C (guest-fixtures/c, committed as guest-fixtures/dist/c)
// serve the same contract as the JavaScript ones: composed with the virtual
// host, they pass every case on wasmtime. Nothing is built from the C sources
// here (test/integration/fixtures-rebuild.test.ts does); the committed
// components are what is tested.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './cli.js';

const cDist = join(root, 'guest-fixtures', 'dist', 'c');

/** The interfaces a component imports (jco wit). */
function importsOf(file: string): string[] {
  const jco = join(root, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
  const wit = execFileSync(process.execPath, [jco, 'wit', file], { encoding: 'utf8' });
  return [...wit.matchAll(/^\s*import ([^;]+);/gm)].map((m) => m[1]!.trim()).sort();
}

describe('fixtures written in C', () => {
  it('import only the monotonic clock (and the types they use)', () => {
    for (const name of ['reference', 'minimal']) {
      expect(importsOf(join(cDist, `${name}.wasm`))).toEqual([
        'wasi:clocks/monotonic-clock@0.3.0',
        'wasi:clocks/types@0.3.0',
        'wasi:mcp/types@0.2.0',
      ]);
    }
  });

  it('pass every case on wasmtime/virtual (--guest c)', async () => {
    // The committed compositions (test/unit/compositions.test.ts checks they hold these
    // components and the committed virtual host). Cases on a fixture the C guest lacks
    // (mutant, caller, sandbox, aspects) are unsupported for it.
    const run = await runCli(['--runtime', 'wasmtime', '--guest', 'c', '--reporter', 'json']);
    const report = run.report('wasmtime-virtual-c');
    expect(report.infrastructureError).toBeUndefined();
    const ran = report.results.filter((r) => r.outcome !== 'unsupported' || !/the c guest has no /.test(r.message ?? ''));
    const notPassing = ran.filter((r) => r.outcome !== 'pass').map((r) => `${r.id} [${r.era}] ${r.outcome}: ${r.message ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(ran.length).toBeGreaterThan(350);
    // The compositions that ran hold the C fixtures: only the JavaScript guest imports WASI 0.2.
    expect(importsOf(join(cDist, 'reference.composed.wasm')).some((i) => i.endsWith('@0.2.12'))).toBe(false);
  });
});
