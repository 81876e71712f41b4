// The `aspects` fixture (guest-fixtures/aspects): the reference server built
// as three components, tools <- resources <- prompts, composed into one. It
// must pass every case written for the reference fixture, on jco/native and
// on wasmtime/virtual, and the committed component must really hold the
// three aspects, each of its world (wit/README.md, "Composing a server from
// aspects"). Nothing is built here; the committed components are tested.
import { componentWit } from '@bytecodealliance/jco';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/model/load-cases.js';
import { bin, root, type ReportJson } from './cli.js';

const dist = join(root, 'guest-fixtures', 'dist');
const SERVER = 'wasi:mcp/server@0.2.0';
const STREAMING = 'wasi:mcp/streaming@0.2.0';

/** The ids of the cases whose fixture is `reference`, and how many runs (case × era) they make. */
async function referenceCases(): Promise<{ ids: string[]; runs: number }> {
  const { cases } = await loadCases({ root: join(root, 'cases') });
  const ref = cases.filter((c) => c.fixture === 'reference');
  return { ids: ref.map((c) => c.id).sort(), runs: ref.reduce((n, c) => n + c.eras.length, 0) };
}

/** Runs the CLI on the aspects fixture for the given case ids; the report of the runtime's default host. */
async function runOnAspects(runtime: string, host: string, ids: string[]): Promise<ReportJson> {
  const out = mkdtempSync(join(tmpdir(), `wmc-aspects-${runtime}-`));
  const path = [join(homedir(), '.cargo', 'bin'), process.env.PATH ?? ''].join(delimiter);
  const r = await execa(
    process.execPath,
    [bin, '--runtime', runtime, '--fixture', 'aspects', '--reporter', 'json', '--out', out, ...ids.flatMap((id) => ['--filter', id])],
    { cwd: root, reject: false, env: { CI: 'true', PATH: path }, timeout: 840_000 },
  );
  expect(r.exitCode, `${r.stderr}`.slice(-2000)).not.toBe(2);
  return JSON.parse(readFileSync(join(out, `results-${runtime}-${host}.json`), 'utf8')) as ReportJson;
}

function expectAllPass(report: ReportJson, ids: string[], runs: number): void {
  expect(report.infrastructureError).toBeUndefined();
  const notPassing = report.results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id} [${r.era}] ${r.outcome}: ${r.message ?? ''}`);
  expect(notPassing).toEqual([]);
  expect([...new Set(report.results.map((r) => r.id))].sort()).toEqual(ids);
  expect(report.results.length).toBe(runs);
}

// ---------------------------------------------------------------------------
// The component binary: a component's sections, its nested components.

function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++]!;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
    shift += 7;
  }
}

const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
const CORE_MODULE = 1;
const NESTED_COMPONENT = 4;

/** The top-level sections of a component binary. */
function sections(bytes: Uint8Array): { id: number; body: Uint8Array }[] {
  expect([...bytes.subarray(0, 8)]).toEqual(COMPONENT_HEADER);
  const out: { id: number; body: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at]!;
    const [size, start] = leb(bytes, at + 1);
    out.push({ id, body: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return out;
}

/**
 * The components inside a composition that hold code: those with core modules of their own (a
 * component made by wit-component also nests small components of types only, which do not count).
 */
function codeComponents(bytes: Uint8Array): Uint8Array[] {
  const s = sections(bytes);
  const own = s.some((x) => x.id === CORE_MODULE) ? [bytes] : [];
  return [...own, ...s.filter((x) => x.id === NESTED_COMPONENT).flatMap((x) => codeComponents(x.body))];
}

function interfaces(wit: string, kind: 'import' | 'export'): string[] {
  return [...wit.matchAll(new RegExp(`^\\s*${kind} ([^;]+);`, 'gm'))].map((m) => m[1]!.trim()).sort();
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the aspects fixture', () => {
  const fixture = readFileSync(join(dist, 'aspects.wasm'));

  it('is three components: the tools and resources aspects (mcp-aspect) in front of the prompts aspect (mcp-server)', async () => {
    const aspects = codeComponents(fixture);
    expect(aspects).toHaveLength(3);
    // Each aspect is recognised by the data only it holds.
    const holding = (marker: string) => aspects.filter((l) => text(l).includes(marker));
    const [tools] = holding('Returns its text.');
    const [resources] = holding('1 MiB, byte i is i % 251');
    const [prompts] = holding('Who to greet.');
    expect(new Set([tools, resources, prompts]).size).toBe(3);
    for (const aspect of [tools!, resources!]) {
      const wit = await componentWit(aspect);
      expect(interfaces(wit, 'import')).toEqual(expect.arrayContaining([SERVER, STREAMING]));
      expect(interfaces(wit, 'export')).toEqual([SERVER, STREAMING]);
    }
    const inner = await componentWit(prompts!);
    expect(interfaces(inner, 'import')).not.toContain(SERVER);
    expect(interfaces(inner, 'import')).not.toContain(STREAMING);
    expect(interfaces(inner, 'export')).toEqual([SERVER, STREAMING]);
    // Only the innermost aspect says who the server is; the tools are only the tools aspect's.
    expect(holding('Reference fixture of wasi-mcp-conformance.')).toEqual([prompts]);
    expect(holding('Returns its text.')).toEqual([tools]);
  });

  it('is one server to its host: it imports no wasi:mcp interface but types, and exports server and streaming', async () => {
    const wit = await componentWit(fixture);
    expect(interfaces(wit, 'import').filter((i) => i.startsWith('wasi:mcp/'))).toEqual(['wasi:mcp/types@0.2.0']);
    expect(interfaces(wit, 'export')).toEqual([SERVER, STREAMING]);
  });

  it('is the component its composition with the virtual host holds, as the manifest records them', () => {
    const composed = readFileSync(join(dist, 'aspects.composed.wasm'));
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const inComposed = codeComponents(composed).map(digest);
    // The virtual host and the three aspects, byte for byte those of aspects.wasm.
    expect(inComposed).toHaveLength(4);
    expect(inComposed).toEqual(expect.arrayContaining(codeComponents(fixture).map(digest)));
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as {
      fixtures: Record<string, { component: string; sha256: string; composed?: { component: string; sha256: string } }>;
    };
    expect(manifest.fixtures.aspects).toEqual({
      component: 'aspects.wasm',
      sha256: sha256(join(dist, 'aspects.wasm')),
      composed: { component: 'aspects.composed.wasm', sha256: sha256(join(dist, 'aspects.composed.wasm')) },
    });
  });
});

describe('the aspects fixture passes every case of the reference fixture', () => {
  let selected: { ids: string[]; runs: number };
  beforeAll(async () => {
    selected = await referenceCases();
  });

  it('on wasmtime/virtual', async () => {
    expect(selected.ids.length).toBeGreaterThan(200);
    expectAllPass(await runOnAspects('wasmtime', 'virtual', selected.ids), selected.ids, selected.runs);
  }, 900_000);

  it('on jco/native', async () => {
    expectAllPass(await runOnAspects('jco', 'native', selected.ids), selected.ids, selected.runs);
  }, 900_000);
});
