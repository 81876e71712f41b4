// Both hosts' wire input, fuzzed (fast-check): malformed JSON, odd and huge
// ids, deep nesting, invalid UTF-8, lone surrogates, long lines, garbage
// between valid requests, valid methods with wrong params. After every input
// the host must still answer a request; a request it could read must be
// answered with its id; an unreadable line with -32700; stdout stays JSON.
// FUZZ_RUNS raises the number of inputs (docs/reliability.md has a long run).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, TargetProcess } from '../../adapters/adapter.js';
import { jcoAdapter } from '../../adapters/jco.js';
import { wasmtimeAdapter } from '../../adapters/wasmtime.js';
import { resolveFixture } from '../../harness/runner/fixtures.js';
import { lineSplitter } from '../../harness/client/lines.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

/** One host process, fed raw bytes; answers are collected by id. */
class Wire {
  private buffered: unknown[] = [];
  readonly unreadable: string[] = [];
  private waiters: { accept: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  exited = false;
  private constructor(readonly proc: TargetProcess) {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', lineSplitter((line) => this.onLine(line)));
    proc.stderr.resume();
    proc.stdin.on('error', () => undefined);
    void proc.exited.then(() => (this.exited = true));
  }

  static async start(adapter: Adapter, host: string, defect?: string): Promise<Wire> {
    const prepared = await adapter.prepare(resolveFixture('reference'), host);
    return new Wire(await adapter.start(prepared, host, defect ? { hostEnv: { WASI_MCP_HOST_DEFECT: defect } } : {}));
  }

  private onLine(line: string) {
    let m: unknown;
    try {
      m = JSON.parse(line);
    } catch {
      this.unreadable.push(line.slice(0, 200));
      return;
    }
    const i = this.waiters.findIndex((w) => w.accept(m as Record<string, unknown>));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m as Record<string, unknown>);
    else this.buffered.push(m);
  }

  write(bytes: Uint8Array | string): void {
    if (!this.exited) this.proc.stdin.write(bytes);
  }

  /** The first message `accept` takes, within `ms`, or undefined. */
  wait(accept: (m: Record<string, unknown>) => boolean, ms: number): Promise<Record<string, unknown> | undefined> {
    const i = this.buffered.findIndex((m) => accept(m as Record<string, unknown>));
    if (i >= 0) return Promise.resolve(this.buffered.splice(i, 1)[0] as Record<string, unknown>);
    return new Promise((resolve) => {
      const w = { accept, resolve: (m: Record<string, unknown>) => (clearTimeout(t), resolve(m)) };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        resolve(undefined);
      }, ms);
      this.waiters.push(w);
    });
  }

  drain(): void {
    this.buffered = [];
  }
}

let probes = 0;
/** The host still serves: a modern discover gets its answer. */
async function stillServes(w: Wire): Promise<boolean> {
  const id = `probe-${++probes}`;
  w.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'server/discover', params: { _meta: META } })}\n`);
  const r = await w.wait((m) => m.id === id, 10_000);
  return r !== undefined && typeof r.result === 'object';
}

const idArb = fc.oneof(
  fc.integer(), fc.string({ maxLength: 20 }), fc.constant(0), fc.constant(''), fc.constant(Number.MAX_SAFE_INTEGER), fc.constant(-1),
  fc.constant(null), fc.double(), fc.constant(1e300), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }),
);
const methodArb = fc.oneof(
  fc.constantFrom('initialize', 'ping', 'server/discover', 'tools/list', 'tools/call', 'resources/read', 'resources/list', 'prompts/get', 'completion/complete', 'subscriptions/listen', 'logging/setLevel', 'notifications/cancelled', 'ping\u0000x', 'tools/call\u0000', ''),
  fc.string({ maxLength: 30 }),
);
const paramsArb = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.record({ _meta: fc.oneof(fc.constant(META), fc.jsonValue({ maxDepth: 2 })), name: fc.jsonValue({ maxDepth: 1 }), uri: fc.jsonValue({ maxDepth: 1 }), cursor: fc.jsonValue({ maxDepth: 1 }), arguments: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }));

/** An input line and what it is owed: a response with that id, a -32700, or nothing known. */
type Input = { bytes: Uint8Array | string; owed: { id: string | number } | 'parse-error' | 'unknown' };

const inputArb: fc.Arbitrary<Input> = fc.oneof(
  // A request-shaped object: a valid id and method are owed a response.
  fc.record({ id: idArb, method: methodArb, params: paramsArb, jsonrpc: fc.constantFrom('2.0', '2.0', '1.0', undefined) }, { requiredKeys: ['method'] }).map((m): Input => {
    const readable = m.jsonrpc === '2.0' && (typeof m.id === 'string' || (typeof m.id === 'number' && Number.isInteger(m.id) && Number.isSafeInteger(m.id)));
    return { bytes: `${JSON.stringify(m)}\n`, owed: readable && 'id' in m ? { id: m.id as string | number } : 'unknown' };
  }),
  // Any JSON value on a line.
  fc.jsonValue({ maxDepth: 4 }).map((v): Input => ({ bytes: `${JSON.stringify(v)}\n`, owed: 'unknown' })),
  // Text that is not JSON.
  fc.string({ minLength: 1, maxLength: 80 }).filter((s) => !s.includes('\n') && s.trim() !== '' && (() => { try { JSON.parse(s); return false; } catch { return true; } })()).map((s): Input => ({ bytes: `${s}\n`, owed: 'parse-error' })),
  // Bytes that are not UTF-8, and lone surrogates escaped in JSON.
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b): Input => ({ bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.filter((x) => x !== 10)), Buffer.from('\n')]), owed: 'unknown' })),
  fc.constantFrom('"\\ud800"', '{"jsonrpc":"2.0","id":"\\udfff","method":"ping"}', '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"\\ud83d"}}').map((s): Input => ({ bytes: `${s}\n`, owed: 'unknown' })),
  // Deep nesting.
  fc.integer({ min: 100, max: 20_000 }).map((n): Input => ({ bytes: `${'['.repeat(n)}${']'.repeat(n)}\n`, owed: 'unknown' })),
);

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

/** The property: after any input the host answers what it owes and still serves. */
function answersWhatItOwes(w: Wire) {
  return fc.asyncProperty(inputArb, async (input) => {
    w.drain();
    w.write(input.bytes);
    if (input.owed === 'parse-error') {
      const e = await w.wait((m) => (m.id === null || !('id' in m)) && (m.error as { code?: number } | undefined)?.code === -32700, 10_000);
      expect(e, `no -32700 for ${String(input.bytes).slice(0, 80)}`).toBeDefined();
    } else if (typeof input.owed === 'object') {
      const owed = input.owed;
      const r = await w.wait((m) => JSON.stringify(m.id) === JSON.stringify(owed.id) && ('result' in m || 'error' in m), 10_000);
      expect(r, `no response for id ${JSON.stringify(owed.id)} to ${String(input.bytes).slice(0, 120)}`).toBeDefined();
    }
    expect(await stillServes(w), `stopped serving after ${String(input.bytes).slice(0, 120)}`).toBe(true);
    expect(w.unreadable).toEqual([]);
  });
}

const TARGETS: [string, Adapter, string][] = [['jco/native', jcoAdapter, 'native'], ['wasmtime/virtual', wasmtimeAdapter, 'virtual']];

describe.each(TARGETS)('fuzzing the wire input of %s', (_name, adapter, host) => {
  let w: Wire;
  beforeAll(async () => {
    w = await Wire.start(adapter, host);
  });
  afterAll(async () => w?.proc.stop());

  it(`survives ${RUNS} generated inputs, answering what it owes`, async () => {
    await fc.assert(answersWhatItOwes(w), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  }, 600_000);


  it('survives a 10 MB line and garbage between valid requests; a NUL in a method name is kept', async () => {
    w.drain();
    w.write(`{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"echo","arguments":{"text":"${'x'.repeat(10 * 1024 * 1024)}"}}}\n`);
    const big = await w.wait((m) => m.id === 'big', 60_000);
    expect(big).toBeDefined();
    w.write('garbage\n{"jsonrpc":"2.0","id":"a","method":"server/discover","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}\n\u0000\u0001\n');
    expect(await w.wait((m) => m.id === 'a', 10_000)).toMatchObject({ result: { resultType: 'complete' } });
    // A NUL inside a method name is part of the name: "ping\u0000x" is no method.
    w.write(`${JSON.stringify({ jsonrpc: '2.0', id: 'nul', method: 'ping\u0000x', params: { _meta: META } })}\n`);
    expect(await w.wait((m) => m.id === 'nul', 10_000)).toMatchObject({ error: { code: -32601 } });
    expect(await stillServes(w)).toBe(true);
    expect(w.unreadable).toEqual([]);
  }, 120_000);

  // The property can fail: a host that stops reading after a parse error is found within the runs.
  it('finds a host that stops reading after a parse error', async () => {
    const broken = await Wire.start(adapter, host, 'stop-after-parse-error');
    try {
      const failure = await fc.assert(answersWhatItOwes(broken), { numRuns: RUNS, seed: SEED, endOnFailure: true }).then(() => undefined, (e: Error) => e);
      expect(String(failure?.message) + String((failure?.cause as Error | undefined)?.message)).toMatch(/stopped serving|no -32700/);
    } finally {
      await broken.proc.stop();
    }
  }, 600_000);
});
