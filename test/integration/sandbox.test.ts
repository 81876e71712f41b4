// The guest's sandbox (docs/targets.md, "Process") on every target. The
// `sandbox` fixture's probe reports what a guest can reach through WASI 0.2
// and 0.3; the cases of cases/sandbox must pass on each target and fail
// where the sandbox is opened: a defect of the TypeScript host, flags that
// widen wasmtime's, the TCP a jco/virtual command gets when it has peers.
// Each opening fails exactly the cases about what it opens.
import { componentWit } from '@bytecodealliance/jco';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jcoAdapter } from '../../adapters/jco.js';
import { loadCases } from '../../harness/model/load-cases.js';
import { resultName } from '../../harness/reports/results.js';
import { runTarget } from '../../harness/runner/run-target.js';
import { witDigest } from '../../harness/runner/wit-digest.js';
import { root, runCli } from './cli.js';

const dist = join(root, 'guest-fixtures', 'dist');
const CASES = join(root, 'cases', 'sandbox', '*.yaml');
const ALL = ['sandbox-environment', 'sandbox-no-host-files', 'sandbox-no-network', 'sandbox-no-preopens'];
const TARGETS = [
  ['jco', 'native'],
  ['jco', 'virtual'],
  ['wasmtime', 'virtual'],
] as const;

/** Case id → outcomes of its runs, on one target, with env given to the CLI. */
async function outcomes(runtime: string, host: string, env: Record<string, string> = {}, era = 'all'): Promise<Record<string, string[]>> {
  const run = await runCli(['--runtime', runtime, '--host', host, '--cases', CASES, '--reporter', 'json', '--protocol-version', era], env);
  const report = run.report();
  expect(report.infrastructureError, run.stderr.slice(-2000)).toBeUndefined();
  const byId: Record<string, string[]> = {};
  for (const r of report.results) (byId[r.id] ??= []).push(r.outcome);
  return byId;
}

/** Every case ran; those named failed in every run, the others passed in every run. */
function expectFailing(got: Record<string, string[]>, failing: string[]): void {
  expect(Object.keys(got).sort()).toEqual(ALL);
  const want = Object.fromEntries(ALL.map((id) => [id, got[id]!.map(() => (failing.includes(id) ? 'fail' : 'pass'))]));
  expect(got).toEqual(want);
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the sandbox fixture', () => {
  it('imports the WASI 0.2 and 0.3 interfaces it probes, and exports a wasi:mcp server', async () => {
    const { IMPORTS } = (await import(join(root, 'guest-fixtures', 'sandbox', 'build.mjs'))) as { IMPORTS: string[] };
    const wit = await componentWit(readFileSync(join(dist, 'sandbox.wasm')));
    const names = (kind: string) => [...wit.matchAll(new RegExp(`^\\s*${kind} ([^;]+);`, 'gm'))].map((m) => m[1]!.trim()).sort();
    expect(names('import')).toEqual(IMPORTS);
    for (const probed of ['wasi:filesystem/preopens', 'wasi:sockets/ip-name-lookup', 'wasi:cli/environment']) {
      expect(names('import')).toEqual(expect.arrayContaining([`${probed}@0.2.12`, `${probed}@0.3.0`]));
    }
    expect(names('export')).toEqual(['wasi:mcp/server@0.2.0', 'wasi:mcp/streaming@0.2.0']);
  });

  it('is committed as the manifest records it, alone and composed with the virtual host', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
      fixtures: Record<string, { component: string; sha256: string; composed: { component: string; sha256: string } }>;
    };
    const entry = manifest.fixtures.sandbox!;
    expect(entry.component).toBe('sandbox.wasm');
    expect(sha256(join(dist, entry.component))).toBe(entry.sha256);
    expect(entry.composed.component).toBe('sandbox.composed.wasm');
    expect(sha256(join(dist, entry.composed.component))).toBe(entry.composed.sha256);
  });
});

describe('the sandbox cases pass on every target', () => {
  for (const [runtime, host] of TARGETS) {
    it(`${runtime}/${host}`, async () => {
      expectFailing(await outcomes(runtime, host), []);
    });
  }
});

describe('the sandbox cases fail where the sandbox is opened', () => {
  it('jco/native with the host defect keep-preopens (the guest sees /)', async () => {
    expectFailing(await outcomes('jco', 'native', { WASI_MCP_HOST_DEFECT: 'keep-preopens' }, 'modern'), ['sandbox-no-host-files', 'sandbox-no-preopens']);
  });

  it('jco/native with the host defect leak-host-env (the guest sees the host process environment)', async () => {
    expectFailing(await outcomes('jco', 'native', { WASI_MCP_HOST_DEFECT: 'leak-host-env' }, 'modern'), ['sandbox-environment']);
  });

  it('jco/native with the host defect open-network (the guest keeps the shims\' sockets)', async () => {
    expectFailing(await outcomes('jco', 'native', { WASI_MCP_HOST_DEFECT: 'open-network' }, 'modern'), ['sandbox-no-network']);
  });

  it('wasmtime/virtual given the host filesystem (--dir /::/)', async () => {
    expectFailing(await outcomes('wasmtime', 'virtual', { WASI_MCP_WASMTIME_FLAGS: '--dir /::/' }, 'modern'), ['sandbox-no-host-files', 'sandbox-no-preopens']);
  });

  it('wasmtime/virtual given the network (-S inherit-network=y -S allow-ip-name-lookup=y)', async () => {
    expectFailing(
      await outcomes('wasmtime', 'virtual', { WASI_MCP_WASMTIME_FLAGS: '-S inherit-network=y -S allow-ip-name-lookup=y' }, 'modern'),
      ['sandbox-no-network'],
    );
  });

  it('wasmtime/virtual given the host environment (-S inherit-env=y)', async () => {
    expectFailing(await outcomes('wasmtime', 'virtual', { WASI_MCP_WASMTIME_FLAGS: '-S inherit-env=y' }, 'modern'), ['sandbox-environment']);
  });

  it('jco/virtual with the TCP a target with peers gets (WASI_MCP_PEERS)', async () => {
    // The CLI passes WASI_MCP_PEERS only for a case with peers; the runner takes it directly.
    const { cases } = await loadCases({ root: join(root, 'cases'), patterns: [CASES] });
    const report = await runTarget({
      adapter: jcoAdapter,
      host: 'virtual',
      cases,
      timingScale: 1,
      eras: ['modern'],
      versions: { legacy: '2025-11-25', modern: '2026-07-28' },
      strict: true,
      witDigest: witDigest(),
      jobs: 2,
      hostEnv: { WASI_MCP_PEERS: '{}' },
    });
    expect(report.infrastructureError).toBeUndefined();
    const got: Record<string, string[]> = {};
    for (const r of report.results) (got[r.id] ??= []).push(r.outcome);
    expectFailing(got, ['sandbox-no-network']);
    const failed = report.results.find((r) => r.id === 'sandbox-no-network')!;
    expect(resultName(failed)).toBe('sandbox-no-network [modern]');
    // TCP reaches the closed port; UDP and name lookup stay sealed, as on wasmtime with peers.
    expect(failed.message).toMatch(/connection-refused/);
    expect(failed.message).not.toMatch(/udp-bind|ip-name-lookup/);
  });
});
