// The fixtures written in C (guest-fixtures/c, committed as guest-fixtures/dist/c)
// serve the same contract as the JavaScript ones: composed with the virtual
// host, they pass every case on wasmtime. Nothing is built from the C sources
// here; the committed components are what is tested.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './cli.js';

const cDist = join(root, 'guest-fixtures', 'dist', 'c');
const jsDist = join(root, 'guest-fixtures', 'dist');

/** wac from PATH or ~/.cargo/bin (the virtual host's build needs it too). */
function wac(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), join(homedir(), '.cargo', 'bin')];
  const found = dirs.map((d) => join(d, 'wac')).find((p) => existsSync(p));
  if (!found) throw new Error('wac not found on PATH or in ~/.cargo/bin: cargo install --locked wac-cli');
  return found;
}

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

  it('pass every case on wasmtime/virtual', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-c-fixtures-'));
    const hostDir = mkdtempSync(join(tmpdir(), 'wmc-c-host-'));
    for (const name of ['reference', 'minimal']) copyFileSync(join(cDist, `${name}.wasm`), join(dir, `${name}.wasm`));
    // Cases on mutant:* need the JavaScript mutant, composed as committed.
    for (const f of readdirSync(jsDist).filter((f) => /^mutant.*\.wasm$/.test(f))) copyFileSync(join(jsDist, f), join(dir, f));

    // The virtual host as its build makes it. Its compositions plug a stdout redirect into the
    // fixture first, which fails for a component that imports no stdout (wac: "no matching
    // imports"); a C fixture has none, so it is plugged into the host directly.
    const { buildVirtualHost } = (await import(join(root, 'hosts', 'virtual', 'build.mjs'))) as {
      buildVirtualHost: (o: { fixturesDir: string; outDir: string; composedDir: string; fixtures: string[] }) => string[];
    };
    buildVirtualHost({ fixturesDir: dir, outDir: hostDir, composedDir: dir, fixtures: [] });
    for (const name of ['reference', 'minimal']) {
      execFileSync(wac(), ['plug', join(hostDir, 'virtual-host.wasm'), '--plug', join(dir, `${name}.wasm`), '-o', join(dir, `${name}.composed.wasm`)]);
    }

    const run = await runCli(['--runtime', 'wasmtime', '--reporter', 'json'], { WASI_MCP_FIXTURES_DIR: dir });
    const report = run.report('wasmtime-virtual');
    expect(report.infrastructureError).toBeUndefined();
    const notPassing = report.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id} [${r.era}] ${r.outcome}: ${r.message ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(report.results.length).toBeGreaterThan(400);
    // The compositions that ran hold the C fixtures: only the JavaScript guest imports WASI 0.2.
    expect(importsOf(join(dir, 'reference.composed.wasm')).some((i) => i.endsWith('@0.2.12'))).toBe(false);
  });
});
