// The TypeScript wasi:mcp host (hosts/jco-native) on the real fixtures, in
// Node with JSPI, spoken to in raw JSON lines over stdio: both eras, the
// contract points of docs/targets.md the cases lean on, the guest sandbox,
// and the defect catalogue (every defect changes what a client sees).
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, cpSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FixtureComponent, TargetProcess } from '../../adapters/adapter.js';
import { jcoAdapter } from '../../adapters/jco.js';
import { resolveFixture } from '../../harness/runner/fixtures.js';
import { checkServerMessage } from '../../harness/client/wire/check.js';
import { HOST_DEFECTS, type HostDefect } from '../../hosts/jco-native/defects.js';

const root = join(import.meta.dirname, '..', '..');
const MODERN = '2026-07-28';
const ALL_VERSIONS = ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
const SERVER_INFO = {
  name: 'wasi-mcp-reference-fixture',
  version: '0.2.0',
  title: 'Reference fixture',
  description: 'The reference server of wasi-mcp-conformance.',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Msg = Record<string, any>;

/** A running host and everything it wrote, in order. */
class Session {
  readonly received: Msg[] = [];
  /** The text of each received line, and when it arrived (performance.now()), index for index with `received`. */
  readonly lines: string[] = [];
  readonly arrivals: number[] = [];
  /** The requests sent, by id: method, era and when. */
  readonly sent = new Map<unknown, { method: string; era: 'legacy' | 'modern'; at: number }>();
  stderr = '';
  exit: { code: number | null; signal: string | null } | undefined;
  private readonly wake = new Set<() => void>();

  constructor(
    readonly target: TargetProcess,
    /** Answers the host's own requests (legacy round trips), when given. */
    private readonly answer?: (request: Msg) => unknown,
  ) {
    let buf = '';
    target.stdout.setEncoding('utf8');
    target.stdout.on('data', (d: string) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i !== -1; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        let m: Msg;
        try {
          m = JSON.parse(line) as Msg;
        } catch {
          m = { unparsable: line };
        }
        this.received.push(m);
        this.lines.push(line);
        this.arrivals.push(performance.now());
        if (this.answer && typeof m.method === 'string' && m.id !== undefined) this.send({ jsonrpc: '2.0', id: m.id, result: this.answer(m) });
        this.notify();
      }
    });
    target.stderr.setEncoding('utf8');
    target.stderr.on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-8192)));
    void target.exited.then((e) => {
      this.exit = e;
      this.notify();
    });
  }

  private notify(): void {
    for (const f of [...this.wake]) f();
  }

  send(m: Msg | string): void {
    if (this.exit) return;
    if (typeof m !== 'string' && typeof m.method === 'string' && m.id !== undefined) {
      const era = m.params?._meta?.['io.modelcontextprotocol/protocolVersion'] === undefined ? 'legacy' : 'modern';
      this.sent.set(m.id, { method: m.method, era, at: performance.now() });
    }
    this.target.stdin.write(`${typeof m === 'string' ? m : JSON.stringify(m)}\n`);
  }

  /** The first message (from the start) that `pred` accepts; undefined if none came within `ms` or the host exited. */
  waitFor(pred: (m: Msg) => boolean, ms = 15_000): Promise<Msg | undefined> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.received.find(pred);
        if (found || this.exit) {
          this.wake.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        this.wake.delete(check);
        resolve(undefined);
      }, ms);
      this.wake.add(check);
      check();
    });
  }

  /** The response with exactly this id (1 and "1" are different ids). */
  response(id: string | number, ms?: number): Promise<Msg | undefined> {
    return this.waitFor((m) => m.id === id && m.method === undefined, ms);
  }

  async request(m: Msg, ms?: number): Promise<Msg> {
    this.send(m);
    const r = await this.response(m.id as string | number, ms);
    if (!r) throw new Error(`no response to ${JSON.stringify(m).slice(0, 200)}; stderr: ${this.stderr}`);
    return r;
  }

  notifications(method: string): Msg[] {
    return this.received.filter((m) => m.method === method && m.id === undefined);
  }

  /** Closes stdin and waits for the exit (undefined if the host is still running after `ms`). */
  async close(ms = 5_000): Promise<Session['exit']> {
    this.target.stdin.end();
    const exited = await Promise.race([this.target.exited, new Promise<undefined>((r) => setTimeout(r, ms))]);
    if (!exited) await this.target.stop();
    return exited;
  }
}

const prepared = new Map<string, Awaited<ReturnType<typeof jcoAdapter.prepare>>>();

async function start(fixture: string | FixtureComponent = 'reference', opts: { defect?: string; answer?: (r: Msg) => unknown } = {}): Promise<Session> {
  const component = typeof fixture === 'string' ? resolveFixture(fixture) : fixture;
  let p = prepared.get(component.name);
  if (!p) prepared.set(component.name, (p = await jcoAdapter.prepare(component, 'native')));
  const target = await jcoAdapter.start(p, 'native', { hostEnv: opts.defect ? { WASI_MCP_HOST_DEFECT: opts.defect } : {} });
  return new Session(target, opts.answer);
}

function modern(id: string | number, method: string, params: Msg = {}, meta: Msg = {}): Msg {
  return {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: {
        'io.modelcontextprotocol/protocolVersion': MODERN,
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'host-native-test', version: '1.0.0' },
        ...meta,
      },
    },
  };
}

function legacy(id: string | number, method: string, params?: Msg): Msg {
  return { jsonrpc: '2.0', id, method, ...(params ? { params } : {}) };
}

const initialize = (version = '2025-11-25', capabilities: Msg = {}) =>
  legacy('init', 'initialize', { protocolVersion: version, capabilities, clientInfo: { name: 'host-native-test', version: '1.0.0' } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a legacy client answers to the host's input requests. */
function clientAnswers(r: Msg): unknown {
  if (r.method === 'elicitation/create') return { action: 'accept', content: { ok: true, topic: 'cats' } };
  if (r.method === 'roots/list') return { roots: [{ uri: 'file:///tmp' }] };
  return { role: 'assistant', content: { type: 'text', text: '7' }, model: 'test' };
}

beforeAll(() => {
  // The adapter runs the compiled host: make sure it is not older than its sources.
  const main = join(root, 'dist', 'hosts', 'jco-native', 'main.js');
  if (!existsSync(main)) throw new Error('build first: npx tsc -p tsconfig.json (npm test does it)');
  const built = statSync(main).mtimeMs;
  const src = join(root, 'hosts', 'jco-native');
  const stale = readdirSync(src).filter((f) => f.endsWith('.ts') && statSync(join(src, f)).mtimeMs > built);
  if (stale.length > 0) throw new Error(`dist/hosts/jco-native is older than ${stale.join(', ')}: run npx tsc -p tsconfig.json`);
});

describe('jco/native host, modern era (2026-07-28)', () => {
  it('answers server/discover, tools/list and tools/call without any initialize', async () => {
    const s = await start();
    const discover = await s.request(modern(1, 'server/discover'));
    expect(discover.result).toEqual({
      resultType: 'complete',
      supportedVersions: ALL_VERSIONS,
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: 'Reference fixture of wasi-mcp-conformance.',
      ttlMs: 60000,
      cacheScope: 'public',
      _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
    });
    const list = await s.request(modern(2, 'tools/list'));
    expect(list.result.tools.map((t: Msg) => t.name)).toEqual(['echo', 'add', 'fail', 'slow']);
    expect(list.result).toMatchObject({ resultType: 'complete', nextCursor: 'tools:4', ttlMs: 60000, cacheScope: 'public' });
    expect(list.result.tools[0]).toMatchObject({ annotations: { readOnlyHint: true, idempotentHint: true }, _meta: { 'com.example.fixture/tag': 'echo' } });
    const call = await s.request(modern(3, 'tools/call', { name: 'echo', arguments: { text: 'hello' } }));
    expect(call.result).toEqual({ resultType: 'complete', content: [{ type: 'text', text: 'hello' }], _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO } });
    expect(await s.close()).toEqual({ code: 0, signal: null });
  });

  it('answers -32022 with the supported versions, and -32602 for a request without the _meta envelope', async () => {
    const s = await start();
    const unsupported = await s.request(modern(1, 'tools/list', {}, { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }));
    expect(unsupported.error).toMatchObject({ code: -32022, data: { supported: ALL_VERSIONS, requested: '2099-01-01' } });
    const bare = await s.request(legacy(2, 'tools/list', {}));
    expect(bare.error.code).toBe(-32602);
    const noCapabilities = await s.request({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN } } });
    expect(noCapabilities.error.code).toBe(-32602);
    const removed = await s.request(modern(4, 'ping'));
    expect(removed.error.code).toBe(-32601);
    expect((await s.request(legacy(5, 'ping'))).result).toEqual({});
    await s.close();
  });

  it('answers input_required and completes the retry that carries the responses and the state', async () => {
    const s = await start();
    const caps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const first = await s.request(modern(1, 'tools/call', { name: 'confirm' }, caps));
    expect(first.result).toMatchObject({
      resultType: 'input_required',
      inputRequests: { confirm: { method: 'elicitation/create', params: { mode: 'form', message: 'Proceed with the action?' } } },
      requestState: 'confirm:v1:7f3a',
    });
    expect(first.result).not.toHaveProperty('ttlMs');
    const retry = await s.request(
      modern(2, 'tools/call', { name: 'confirm', inputResponses: { confirm: { action: 'accept', content: { ok: true } } }, requestState: first.result.requestState }, caps),
    );
    expect(retry.result.content).toEqual([{ type: 'text', text: 'confirmed' }]);
    await s.close();
    expect(s.received.filter((m) => m.method !== undefined && m.id !== undefined)).toEqual([]);
  });

  it('acknowledges a subscription first and tags every change with its id, only for the kinds it asked for', async () => {
    const s = await start();
    s.send(modern('sub', 'subscriptions/listen', { notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://counter'] } }));
    const ack = await s.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged');
    expect(ack?.params).toEqual({
      _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub' },
      notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://counter'] },
    });
    await s.request(modern(1, 'tools/call', { name: 'change', arguments: { what: 'tools' } }));
    await s.request(modern(2, 'tools/call', { name: 'change', arguments: { what: 'prompts' } }));
    await s.request(modern(3, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://counter' } }));
    await s.waitFor((m) => m.method === 'notifications/resources/updated', 3000);
    expect(s.notifications('notifications/tools/list_changed')).toEqual([
      { jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub' } } },
    ]);
    expect(s.notifications('notifications/resources/updated')).toEqual([
      { jsonrpc: '2.0', method: 'notifications/resources/updated', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub' }, uri: 'fixture://counter' } },
    ]);
    expect(s.notifications('notifications/prompts/list_changed')).toEqual([]);
    expect(s.received.indexOf(ack!)).toBeLessThan(s.received.indexOf(s.notifications('notifications/tools/list_changed')[0]!));
    expect(await s.response('sub', 0)).toBeUndefined();
    // At shutdown the host tears the subscription down: notifications/cancelled for its id, then the graceful result.
    expect(await s.close()).toMatchObject({ code: 0 });
    const response = await s.response('sub', 0);
    expect(response?.result).toEqual({
      resultType: 'complete',
      _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub', 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
    });
    const cancelled = s.notifications('notifications/cancelled');
    expect(cancelled.map((m) => m.params.requestId)).toEqual(['sub']);
    expect(s.received.indexOf(cancelled[0]!)).toBeLessThan(s.received.indexOf(response!));
  });

  it('forwards log messages at or above the request level only, and progress with the token unchanged (0 too)', async () => {
    const s = await start();
    const messages = [
      { level: 'debug', data: 'd' },
      { level: 'warning', data: { w: 1 } },
      { level: 'error', data: 'e', logger: 'x' },
    ];
    await s.request(modern(1, 'tools/call', { name: 'log', arguments: { messages } }, { 'io.modelcontextprotocol/logLevel': 'warning' }));
    expect(s.notifications('notifications/message').map((m) => m.params)).toEqual([
      { level: 'warning', data: { w: 1 } },
      { level: 'error', logger: 'x', data: 'e' },
    ]);
    await s.request(modern(2, 'tools/call', { name: 'log', arguments: { messages } }));
    expect(s.notifications('notifications/message')).toHaveLength(2);
    await s.request(modern(3, 'tools/call', { name: 'slow', arguments: { steps: 3, step_ms: 10 } }, { progressToken: 0 }));
    expect(s.notifications('notifications/progress').map((m) => m.params)).toEqual([1, 2, 3].map((n) => ({ progressToken: 0, progress: n, total: 3, message: `step ${n} of 3` })));
    await s.close();
  });

  it('cancels by exact id: the guest sees the cancel future, nothing is answered, other requests go on', async () => {
    const s = await start();
    s.send(modern(7, 'tools/call', { name: 'slow', arguments: { steps: 40, step_ms: 50, label: 'exact-id' } }));
    await sleep(300);
    // "7" is not 7: this one names no request in flight.
    s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: '7', reason: 'wrong id' } });
    await sleep(100);
    s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, reason: 'right id' } });
    const echo = await s.request(modern(8, 'tools/call', { name: 'echo', arguments: { text: 'still here' } }));
    expect(echo.result.content[0].text).toBe('still here');
    await sleep(300);
    const seen = await s.request(modern(9, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: 'exact-id' } }));
    expect(seen.result.structuredContent).toMatchObject({ found: true, observed: true, via: 'cancel-future', reason: 'right id', completed: false });
    expect(await s.response(7, 500)).toBeUndefined();
    await s.close();
  });

  it('exits once stdin has ended and the request in flight is answered', async () => {
    const s = await start();
    s.send(modern(1, 'tools/call', { name: 'slow', arguments: { steps: 4, step_ms: 100 } }));
    const exit = await s.close();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(s.received.at(-1)).toMatchObject({ id: 1, result: { content: [{ type: 'text', text: 'completed 4 steps' }] } });
  });
});

describe('jco/native host, legacy era (initialize)', () => {
  it('negotiates the version, answers without resultType, and falls back to the latest legacy version', async () => {
    const s = await start();
    const init = await s.request(initialize('2025-06-18'));
    expect(init.result).toEqual({
      protocolVersion: '2025-06-18',
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      serverInfo: SERVER_INFO,
      instructions: 'Reference fixture of wasi-mcp-conformance.',
    });
    s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const call = await s.request(legacy(1, 'tools/call', { name: 'echo', arguments: { text: 'legacy' } }));
    expect(call.result).toEqual({ content: [{ type: 'text', text: 'legacy' }] });
    const context = await s.request(legacy(2, 'tools/call', { name: 'context' }));
    expect(context.result.structuredContent).toMatchObject({ protocolVersion: '2025-06-18', clientInfo: { name: 'host-native-test' }, logLevel: null });
    const notFound = await s.request(legacy(3, 'resources/read', { uri: 'fixture://missing' }));
    expect(notFound.error).toMatchObject({ code: -32002, data: { uri: 'fixture://missing' } });
    // A modern request is still served alongside the session.
    expect((await s.request(modern(4, 'resources/read', { uri: 'fixture://missing' }))).error.code).toBe(-32602);
    await s.close();

    const fallback = await start();
    expect((await fallback.request(initialize('1999-01-01'))).result.protocolVersion).toBe('2025-11-25');
    await fallback.close();
  });

  it('drives a multi round-trip itself: elicitation/create to the client, then the retry', async () => {
    const s = await start();
    await s.request(initialize('2025-11-25', { elicitation: {} }));
    s.send(legacy(1, 'tools/call', { name: 'confirm' }));
    const ask = await s.waitFor((m) => m.method === 'elicitation/create');
    expect(ask).toMatchObject({ id: expect.stringMatching(/^wasi-mcp-\d+$/), params: { mode: 'form', message: 'Proceed with the action?' } });
    s.send({ jsonrpc: '2.0', id: ask!.id, result: { action: 'accept', content: { ok: true } } });
    expect((await s.response(1))?.result).toEqual({ content: [{ type: 'text', text: 'confirmed' }] });
    // A client that answers with an error fails the original request.
    s.send(legacy(2, 'tools/call', { name: 'confirm' }));
    const again = await s.waitFor((m) => m.method === 'elicitation/create' && m.id !== ask!.id);
    s.send({ jsonrpc: '2.0', id: again!.id, error: { code: -1, message: 'declined by the test' } });
    expect((await s.response(2))?.error.code).toBe(-32603);
    await s.close();
  });

  it('filters log messages by logging/setLevel, none before it; notifies subscribed resource updates', async () => {
    const s = await start();
    await s.request(initialize());
    const messages = [{ level: 'info', data: 'i' }, { level: 'error', data: 'e' }];
    await s.request(legacy(1, 'tools/call', { name: 'log', arguments: { messages } }));
    expect(s.notifications('notifications/message')).toEqual([]);
    await s.request(legacy(2, 'logging/setLevel', { level: 'error' }));
    await s.request(legacy(3, 'tools/call', { name: 'log', arguments: { messages } }));
    expect(s.notifications('notifications/message').map((m) => m.params)).toEqual([{ level: 'error', data: 'e' }]);
    await s.request(legacy(4, 'resources/subscribe', { uri: 'fixture://counter' }));
    await s.request(legacy(5, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://text/hello.txt' } }));
    await s.request(legacy(6, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://counter' } }));
    await s.waitFor((m) => m.method === 'notifications/resources/updated', 3000);
    await sleep(200);
    expect(s.notifications('notifications/resources/updated').map((m) => m.params)).toEqual([{ uri: 'fixture://counter' }]);
    await s.close();
  });
});

describe('jco/native host, capability gating and sandbox', () => {
  it('answers -32601 for the features the component does not offer', async () => {
    const s = await start('minimal');
    for (const [id, method] of [[1, 'resources/list'], [2, 'prompts/get'], [3, 'completion/complete']] as const) {
      expect((await s.request(modern(id, method, { name: 'x' }))).error.code).toBe(-32601);
    }
    await s.request(initialize());
    expect((await s.request(legacy(4, 'logging/setLevel', { level: 'info' }))).error.code).toBe(-32601);
    await s.close();
  });

  it('gives the guest no preopened directory, only its own environment, and its stdout (p2 and p3) on stderr', async () => {
    const probe = await buildSandboxProbe();
    const s = await start(probe);
    const discover = await s.request(modern(1, 'server/discover'));
    expect(JSON.parse(discover.result.instructions as string)).toEqual({ preopens: [], env: [['PROBE', 'yes']] });
    await s.close();
    expect(s.received.filter((m) => m.unparsable !== undefined)).toEqual([]);
    expect(s.stderr).toContain('probe stdout line');
    expect(s.stderr).toContain('probe p3 stdout line');
  });

  it('survives a guest trap: -32603 for that request and for every later call into the dead instance', async () => {
    const s = await start();
    expect((await s.request(modern(1, 'tools/call', { name: 'crash' }))).error.code).toBe(-32603);
    expect((await s.request(modern(2, 'tools/call', { name: 'echo', arguments: { text: 'x' } }))).error.code).toBe(-32603);
    expect(await s.close()).toMatchObject({ code: 0 });
  });

  it('WASI_MCP_HOST_DEFECT changes what the host does (modern-not-found-32002)', async () => {
    const read = async (defect?: string) => {
      const s = await start('reference', { defect });
      const r = await s.request(modern(1, 'resources/read', { uri: 'fixture://missing' }));
      await s.close();
      return r.error.code as number;
    };
    expect(await read()).toBe(-32602);
    expect(await read('modern-not-found-32002')).toBe(-32002);
  });

  it('refuses a defect name it does not know', async () => {
    const s = await start('reference', { defect: 'no-such-defect' });
    expect(await s.close()).toMatchObject({ code: 2 });
    expect(s.stderr).toContain('unknown WASI_MCP_HOST_DEFECT: no-such-defect');
  });
});

let sandboxProbe: Promise<FixtureComponent> | undefined;
/** Built once per run: jco builds are not byte-reproducible, and each new build is transpiled anew. */
const buildSandboxProbe = () => (sandboxProbe ??= buildProbe());

/** A small component that reports its preopens and environment in `describe` and writes to its stdout (p2 and p3). */
async function buildProbe(): Promise<FixtureComponent> {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-mcp-probe-'));
  const wit = join(dir, 'wit');
  mkdirSync(join(wit, 'deps', 'mcp'), { recursive: true });
  for (const f of readdirSync(join(root, 'wit')).filter((f) => f.endsWith('.wit'))) cpSync(join(root, 'wit', f), join(wit, 'deps', 'mcp', f));
  const builtin = join(root, 'node_modules', '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin', '0.2.12');
  for (const p of ['filesystem', 'io', 'clocks', 'cli', 'random', 'sockets']) cpSync(join(builtin, `wasi-${p}`), join(wit, 'deps', p), { recursive: true });
  const builtin3 = join(builtin, '..', '0.3.0');
  for (const p of ['filesystem', 'clocks', 'cli', 'random', 'sockets']) cpSync(join(builtin3, `wasi-${p}`), join(wit, 'deps', `${p}-0.3.0`), { recursive: true });
  writeFileSync(
    join(wit, 'probe.wit'),
    `package probe:sandbox;
world probe {
    import wasi:filesystem/preopens@0.2.12;
    import wasi:cli/environment@0.2.12;
    import wasi:cli/stdout@0.2.12;
    import wasi:cli/stdout@0.3.0;
    include wasi:mcp/mcp-server@0.2.0;
}
`,
  );
  writeFileSync(
    join(dir, 'probe.js'),
    `import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { writeViaStream } from 'wasi:cli/stdout@0.3.0';
const bytes = (text) => { const out = []; for (const c of text) out.push(c.charCodeAt(0)); return new Uint8Array(out); };
const none = { code: 'method-not-found', message: 'not offered', data: null };
async function fail() { throw none; }
export const server = {
  async describe() {
    getStdout().blockingWriteAndFlush(bytes('probe stdout line\\n'));
    const p3 = wit.Stream(wit.Stream.U8);
    const written = writeViaStream(p3.readable);
    await p3.writable.write(bytes('probe p3 stdout line\\n'));
    p3.writable.drop();
    await written.read();
    const preopens = getDirectories().map((entry) => entry[1]);
    return {
      info: { name: 'sandbox-probe', version: '0', title: null, description: null, websiteUrl: null },
      capabilities: { tools: null, resources: null, prompts: null, logging: false, completions: false, extensions: null },
      instructions: JSON.stringify({ preopens, env: getEnvironment() }),
      cache: null,
    };
  },
  listTools: fail, listResources: fail, listResourceTemplates: fail, listPrompts: fail, getPrompt: fail, complete: fail, changes: fail,
};
export const streaming = { callTool: fail, readResource: fail };
`,
  );
  const out = join(dir, 'probe.wasm');
  await execa(process.execPath, [join(root, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js'), 'componentize', join(dir, 'probe.js'), '--backend', 'qjs', '-w', wit, '-n', 'probe', '-o', out]);
  return { name: `sandbox-probe-${dir}`, componentPath: out, guestEnv: { PROBE: 'yes' } };
}

// ---------------------------------------------------------------- defects

/**
 * Request patterns, each run on a fresh host; a defect is reachable when its
 * pattern's transcript differs from the same pattern on the correct host.
 * Timing-dependent members are left out of the comparison, and patterns
 * whose notifications race their responses compare messages per request.
 */
interface Pattern {
  fixture?: string | (() => Promise<FixtureComponent>);
  /** Compare the messages that arrived after each request as a set, not a sequence. */
  unordered?: boolean;
  answer?: (r: Msg) => unknown;
  run: (s: Session, mark: () => void) => Promise<void>;
}

const slowCancelled = async (s: Session, id: number, label: string, extra: Msg = {}) => {
  s.send(modern(id, 'tools/call', { name: 'slow', arguments: { steps: 8, step_ms: 100, label, ...extra } }));
  await sleep(300);
  s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: `cancel ${label}` } });
  await sleep(900);
  await s.request(modern(id + 100, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: label } }));
};

/** Sends a request and waits a while for its answer, without failing when a defect leaves it unanswered. */
const ask = async (s: Session, m: Msg, ms = 3000) => {
  s.send(m);
  await s.response(m.id as string | number, ms);
};

const PATTERNS: Record<string, Pattern> = {
  wire: {
    run: async (s) => {
      s.send('{not json');
      s.send('{"jsonrpc":"2.0","id":"w1","method":5}');
      s.send('{"jsonrpc":"2.0","id":null,"method":"ping"}');
      s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      await ask(s, modern('w2', 'no/such/method'));
      await ask(s, modern('w3', 'server/discover'));
    },
  },
  ids: {
    run: async (s) => {
      for (const id of [0, -7, 2 ** 53 - 1, '1', 1, '', 'ид-1 ✓']) await ask(s, modern(id, 'server/discover'), 1000);
    },
  },
  envelope: {
    run: async (s) => {
      await s.request(legacy('e1', 'tools/list', {}));
      await s.request(legacy('e2', 'ping'));
      await s.request(modern('e3', 'tools/list', {}, { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }));
      await s.request(modern('e4', 'tools/list', {}, { 'io.modelcontextprotocol/protocolVersion': '2025-11-25' }));
      await s.request({ jsonrpc: '2.0', id: 'e5', method: 'tools/list', params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN } } });
      await s.request(modern('e6', 'ping'));
      await s.request(modern('e7', 'server/discover'));
      await s.request(modern('e8', 'tools/call', { name: 'context' }, { 'com.example/n': 1 }));
      await s.request(modern('e9', 'tools/call', { name: 'context' }, { 'com.example/n': 2 }));
      await s.request(modern('e10', 'tools/list', { 'com.example/extension': true }));
      await s.request(modern('e11', 'server/discover', {}, { 'io.modelcontextprotocol/future-key': 1 }));
      await s.request(modern('e12', 'server/discover', {}, { 'io.modelcontextprotocol/clientCapabilities': 'elicitation' }));
      await s.request(modern('e13', 'server/discover', {}, { 'io.modelcontextprotocol/clientInfo': { name: 'no-version' } }));
      await s.request(modern('e14', 'server/discover', {}, { 'io.modelcontextprotocol/logLevel': 'verbose' }));
    },
  },
  results: {
    run: async (s) => {
      await s.request(modern(1, 'tools/list'));
      await s.request(modern(2, 'resources/list', { cursor: 'resources:2' }));
      await s.request(modern(3, 'resources/templates/list', { cursor: 'templates:1' }));
      await s.request(modern(4, 'prompts/list', { cursor: 'prompts:2' }));
      await s.request(modern(5, 'tools/call', { name: 'gallery' }));
      await s.request(modern(6, 'tools/call', { name: 'add', arguments: { a: 1, b: 2 } }));
      await s.request(modern(7, 'completion/complete', { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'style', value: 'f' } }));
      for (const [id, uri] of [[8, 'text/unicode.txt'], [9, 'text/config.json'], [10, 'large/1mib.bin'], [11, 'text/failing.txt'], [12, 'missing']] as const) {
        await s.request(modern(id, 'resources/read', { uri: `fixture://${uri}` }));
      }
      await s.request(modern(13, 'tools/call', { name: 'raise', arguments: { code: 'unauthorized' } }));
      await s.request(modern(14, 'tools/call', { name: 'confirm' }));
      await s.request(modern(15, 'completion/complete', { ref: { type: 'ref/resource', uri: 'fixture://greeting/{name}' }, argument: { name: 'name', value: 'A' } }));
      await s.request(modern(16, 'completion/complete', { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'style', value: 'p' }, context: { arguments: { name: 'Ada' } } }));
    },
  },
  legacy: {
    unordered: true,
    answer: clientAnswers,
    run: async (s, mark) => {
      await s.request(initialize('2025-06-18', { elicitation: {}, roots: {} }));
      s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      const log = { name: 'log', arguments: { messages: [{ level: 'debug', data: 'd' }, { level: 'error', data: { e: 1 } }] } };
      for (const [id, method, params] of [
        [1, 'ping', undefined],
        [2, 'tools/call', log],
        [3, 'logging/setLevel', { level: 'warning' }],
        [4, 'tools/call', log],
        [5, 'resources/read', { uri: 'fixture://missing' }],
        [6, 'tools/call', { name: 'confirm' }],
        [7, 'resources/subscribe', { uri: 'fixture://counter' }],
        [8, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://counter' } }],
        [9, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://text/hello.txt' } }],
        [10, 'tools/call', { name: 'context' }],
        [11, 'tools/call', { name: 'gallery' }],
      ] as const) {
        mark();
        await s.request(legacy(id, method, params));
        if (method === 'tools/call') await sleep(200);
      }
    },
  },
  versions: {
    run: async (s) => {
      await s.request(initialize('1999-01-01'));
    },
  },
  progress: {
    run: async (s) => {
      const meta = { progressToken: 0, 'io.modelcontextprotocol/logLevel': 'info' };
      await s.request(modern(1, 'tools/call', { name: 'slow', arguments: { steps: 3, step_ms: 30, log: true } }, meta));
      await s.request(modern(2, 'tools/call', { name: 'slow', arguments: { steps: 2, step_ms: 10 } }));
      await s.request(modern(3, 'tools/call', { name: 'slow', arguments: { steps: 2, step_ms: 10 } }, { progressToken: 'p:Grüße/α' }));
    },
  },
  cancel: {
    run: async (s) => {
      s.send(modern(1, 'tools/call', { name: 'slow', arguments: { steps: 8, step_ms: 100, label: 'by-id' } }));
      await sleep(300);
      s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: '1', reason: 'string id' } });
      await sleep(100);
      s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1, reason: 'number id' } });
      await sleep(900);
      await s.request(modern(101, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: 'by-id' } }));
      await slowCancelled(s, 2, 'future-only', { watch: 'future' });
      await slowCancelled(s, 3, 'stream-only', { watch: 'stream' });
      s.send(modern(4, 'resources/read', { uri: 'fixture://slow/read' }));
      await sleep(300);
      s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 4 } });
      await sleep(300);
      await s.request(modern(104, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: 'read' } }));
    },
  },
  subscriptions: {
    unordered: true,
    run: async (s, mark) => {
      s.send(modern('s1', 'subscriptions/listen', { notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://counter'] } }));
      s.send(modern('s2', 'subscriptions/listen', { notifications: { promptsListChanged: true } }));
      for (const [id, what] of [[1, 'tools'], [2, 'resource'], [3, 'prompts']] as const) {
        mark();
        if (id === 3) s.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 's2' } });
        await s.request(modern(id, 'tools/call', { name: 'change', arguments: { what, uri: 'fixture://counter' } }));
        await sleep(300);
      }
      mark();
      await s.request(modern(4, 'tools/call', { name: 'observations', arguments: { kind: 'changes', key: 'streams' } }));
      mark();
      // Request-scoped notifications while s1 is open: they carry no subscription id.
      await s.request(modern(5, 'tools/call', { name: 'slow', arguments: { steps: 2, step_ms: 10, log: true } }, { progressToken: 'sp', 'io.modelcontextprotocol/logLevel': 'info' }));
    },
  },
  minimal: {
    fixture: 'minimal',
    unordered: true,
    run: async (s, mark) => {
      await s.request(modern(1, 'server/discover'));
      await s.request(modern(2, 'resources/list'));
      await s.request(initialize());
      mark();
      s.send(modern('s', 'subscriptions/listen', { notifications: { toolsListChanged: true, promptsListChanged: true } }));
      await sleep(200);
      mark();
      await s.request(modern(3, 'tools/call', { name: 'change', arguments: { what: 'tools' } }));
      await sleep(300);
      mark();
      // The minimal component declares no logging: nothing is forwarded, whatever the level.
      await s.request(modern(4, 'tools/call', { name: 'log', arguments: { messages: [{ level: 'error', data: 'e' }] } }, { 'io.modelcontextprotocol/logLevel': 'debug' }));
    },
  },
  'client-requests': {
    answer: clientAnswers,
    run: async (s) => {
      await s.request(initialize('2025-11-25', { elicitation: {} }));
      await ask(s, legacy(1, 'tools/call', { name: 'confirm' }));
      await ask(s, legacy(2, 'tools/call', { name: 'confirm' }));
    },
  },
  'multi-round-trip': {
    answer: clientAnswers,
    run: async (s) => {
      const caps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
      await s.request(modern(1, 'tools/call', { name: 'confirm' }, caps));
      await s.request(modern(2, 'tools/call', { name: 'confirm', inputResponses: { confirm: { action: 'accept', content: { ok: true } } }, requestState: 'confirm:v1:7f3a' }, caps));
      await s.request(modern(3, 'resources/read', { uri: 'fixture://gated/door', requestState: 'gated:door' }));
    },
  },
  concurrency: {
    run: async (s) => {
      s.send(modern(1, 'tools/call', { name: 'slow', arguments: { steps: 4, step_ms: 100 } }));
      s.send(modern(2, 'tools/call', { name: 'echo', arguments: { text: 'quick' } }));
      await s.response(1);
      await s.response(2);
    },
  },
  exit: {
    run: async (s) => {
      s.send(modern(1, 'tools/call', { name: 'slow', arguments: { steps: 3, step_ms: 50 } }));
    },
  },
  trap: {
    run: async (s) => {
      s.send(modern(1, 'tools/call', { name: 'crash' }));
      await s.response(1, 5000);
      s.send(modern(2, 'tools/call', { name: 'echo', arguments: { text: 'after' } }));
      await s.response(2, 3000);
    },
  },
  sandbox: {
    fixture: buildSandboxProbe,
    run: async (s) => {
      await s.request(modern(1, 'server/discover'));
    },
  },
  // The sandbox fixture (docs/fixtures.md) reports what its sockets and name lookups get.
  network: {
    fixture: 'sandbox',
    run: async (s) => {
      await s.request(modern(1, 'tools/call', { name: 'probe', arguments: {} }));
    },
  },
};

/**
 * The defects proper; `control-*` entries are legal variations with tests of
 * their own (below), and `peer-*` ones need peers (host-native-client.test.ts).
 */
type Defect = Exclude<HostDefect, `control-${string}` | `peer-${string}`>;
const isControl = (name: string) => name.startsWith('control-');
const isPeerDefect = (name: string) => name.startsWith('peer-');

const PATTERN_OF: Record<Defect, keyof typeof PATTERNS> = {
  'no-parse-error': 'wire',
  'null-id-as-notification': 'wire',
  'falsy-id-absent': 'ids',
  'id-uint32': 'ids',
  'string-ids-as-numbers': 'ids',
  'stop-after-parse-error': 'wire',
  'banner-before-initialize': 'wire',
  'answer-notifications': 'wire',
  'stdout-passthrough': 'sandbox',
  'keep-preopens': 'sandbox',
  'leak-host-env': 'sandbox',
  'open-network': 'network',
  'no-exit-on-eof': 'exit',
  'exit-on-eof-at-once': 'exit',
  serial: 'concurrency',
  'trap-kills-host': 'trap',
  'trap-unanswered': 'trap',
  'trapped-instance-hangs': 'trap',
  'crash-on-call': 'trap',
  'unknown-method-internal-error': 'wire',
  'wrong-error-codes': 'wire',
  'error-data-string': 'results',
  'error-data-null': 'results',
  'modern-not-found-32002': 'results',
  'legacy-not-found-32602': 'legacy',
  'old-extension-codes': 'results',
  'missing-capability-internal': 'results',
  'echo-protocol-version': 'versions',
  'oldest-version-fallback': 'versions',
  'fixed-protocol-version': 'legacy',
  'serve-before-initialize': 'envelope',
  'lax-envelope': 'envelope',
  'unsupported-version-no-data': 'envelope',
  'legacy-version-served-modern': 'envelope',
  'no-ping': 'envelope',
  'removed-methods-served': 'envelope',
  'discover-no-versions': 'envelope',
  'stale-request-context': 'envelope',
  'strict-params': 'envelope',
  'reserved-meta-rejected': 'envelope',
  'capabilities-type-unchecked': 'envelope',
  'client-info-unchecked': 'envelope',
  'log-level-unchecked': 'envelope',
  'legacy-client-info-dropped': 'legacy',
  'legacy-context-capabilities-empty': 'legacy',
  'no-result-type': 'envelope',
  'result-type-on-legacy': 'legacy',
  'no-server-info': 'envelope',
  'no-cache-on-templates': 'results',
  'cache-default-public': 'results',
  'cache-hint-ignored': 'results',
  'no-cache-fields': 'results',
  'legacy-result-meta-dropped': 'legacy',
  'input-required-cache-fields': 'multi-round-trip',
  'capabilities-always-true': 'minimal',
  'no-capability-gating': 'minimal',
  'ignore-cursor': 'results',
  'drop-item-details': 'results',
  'name-from-title': 'results',
  'first-content-only': 'results',
  'hex-media': 'results',
  'audio-as-image': 'results',
  'resource-link-misspelled': 'results',
  'flatten-embedded-resource': 'results',
  'drop-annotations': 'results',
  'drop-item-meta': 'results',
  'drop-completion-extras': 'results',
  'completion-value-dropped': 'results',
  'completion-ref-as-prompt': 'results',
  'completion-context-dropped': 'results',
  'tools-order-rotates': 'results',
  'not-found-empty-contents': 'results',
  'structured-content-string': 'results',
  'latin1-text': 'results',
  'mime-decides-text': 'results',
  'progress-token-stringified': 'progress',
  'zero-token-ignored': 'progress',
  'progress-message-dropped': 'progress',
  'logs-after-progress': 'progress',
  'drop-progress': 'progress',
  'progress-without-token': 'progress',
  'progress-after-response': 'progress',
  'progress-token-latin1': 'progress',
  'reuse-chunk-buffer': 'results',
  'truncate-read': 'results',
  'ignore-end-error': 'results',
  'cancel-future-unwritten': 'cancel',
  'stream-not-dropped': 'cancel',
  'ignore-cancel': 'cancel',
  'respond-after-cancel': 'cancel',
  'loose-id-match': 'cancel',
  'read-cancel-not-forwarded': 'cancel',
  'log-unfiltered': 'legacy',
  'log-without-level': 'legacy',
  'log-data-string': 'legacy',
  'log-capability-ungated': 'minimal',
  'subscription-no-id': 'subscriptions',
  'deliver-unacknowledged': 'minimal',
  'ack-undeclared': 'minimal',
  'legacy-list-changed-undeclared': 'minimal',
  'updated-without-subscribe': 'legacy',
  'changes-per-subscription': 'subscriptions',
  'teardown-without-cancelled': 'subscriptions',
  'request-notifications-tagged': 'subscriptions',
  'input-required-as-error': 'multi-round-trip',
  'request-state-altered': 'multi-round-trip',
  'modern-client-requests': 'multi-round-trip',
  'legacy-input-required-result': 'legacy',
  'retry-without-responses': 'legacy',
  'client-request-id-reused': 'client-requests',
  'client-request-id-null': 'client-requests',
};

/** Drops what depends on timing: elapsed times and how far a cancelled call got. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out: Msg = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'elapsed_ms' || k === 'steps_completed') continue;
      // Text that embeds the same JSON (the observations tool) is compared as that JSON.
      out[k] = k === 'text' && typeof v === 'string' && v.startsWith('{"found"') ? stable(JSON.parse(v)) : stable(v);
    }
    return out;
  }
  return value;
}

async function transcript(name: keyof typeof PATTERNS, defect?: string): Promise<string[]> {
  const p = PATTERNS[name]!;
  const fixture = typeof p.fixture === 'function' ? await p.fixture() : (p.fixture ?? 'reference');
  const s = await start(fixture, { defect, answer: p.answer });
  const marks: number[] = [];
  await p.run(s, () => marks.push(s.received.length));
  const exit = await s.close(3000);
  const phases: unknown[][] = [];
  let from = 0;
  for (const at of [...marks, s.received.length]) {
    const phase = s.received.slice(from, at).map((m) => JSON.stringify(stable(m)));
    phases.push(p.unordered ? phase.sort() : phase);
    from = at;
  }
  return [...phases.map((ph) => JSON.stringify(ph)), `exit ${JSON.stringify(exit ?? 'still running after stdin closed')}`];
}

describe('the defect catalogue (hosts/jco-native/defects.ts)', () => {
  const baselines = new Map<string, Promise<string[]>>();
  const baseline = (name: keyof typeof PATTERNS) => {
    let b = baselines.get(name);
    if (!b) baselines.set(name, (b = transcript(name)));
    return b;
  };

  it('maps every defect to a request pattern', () => {
    expect(Object.keys(PATTERN_OF).sort()).toEqual(Object.keys(HOST_DEFECTS).filter((n) => !isControl(n) && !isPeerDefect(n)).sort());
    expect(Object.keys(HOST_DEFECTS).length).toBeGreaterThanOrEqual(35);
  });

  // A pattern whose transcript varies on the correct host would make every defect look reachable.
  for (const name of Object.keys(PATTERNS)) {
    it(`the ${name} pattern gives the same transcript twice on the correct host`, async () => {
      expect(await transcript(name)).toEqual(await baseline(name));
    });
  }

  for (const [defect, pattern] of Object.entries(PATTERN_OF)) {
    it(`${defect}: ${HOST_DEFECTS[defect as HostDefect]}`, async () => {
      const [expected, actual] = [await baseline(pattern), await transcript(pattern, defect)];
      expect(actual, `the ${pattern} pattern shows no difference`).not.toEqual(expected);
    });
  }
});

// ---------------------------------------------------------------- controls

/**
 * A tour of one era: host-made errors (unreadable input, envelope, method,
 * params), component errors, results with and without `_meta`, progress and
 * log notifications, and change notifications. Run on the correct host and
 * under a control, the two transcripts differ exactly as the control says.
 */
interface Tour {
  era: 'legacy' | 'modern';
  fixture?: string;
  /** Request ids whose error comes from the component (its message is kept under control-rephrased-errors). */
  componentErrors: (string | number)[];
  run: (s: Session) => Promise<void>;
}

const unreadable = async (s: Session) => {
  s.send('{not json');
  await s.waitFor((m) => m.error?.code === -32700);
  s.send('{"jsonrpc":"2.0","id":"bad","method":5}');
  await s.response('bad');
};

const TOURS: Record<'modern' | 'legacy', Tour> = {
  modern: {
    era: 'modern',
    componentErrors: [3, 6, 7],
    run: async (s) => {
      await unreadable(s);
      await s.request(modern(1, 'server/discover'));
      await s.request(modern(2, 'tools/call', { name: 'slow', arguments: { steps: 2, step_ms: 10, log: true } }, { progressToken: 'p', 'io.modelcontextprotocol/logLevel': 'info' }));
      await s.request(modern(3, 'resources/read', { uri: 'fixture://missing' }));
      await s.request(modern(4, 'tools/list', {}, { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' }));
      await s.request(modern(5, 'no/such/method'));
      await s.request(modern(6, 'tools/call', { name: 'raise', arguments: { code: 'unauthorized', data: { why: 'control' } } }));
      await s.request(modern(7, 'tools/call', { name: 'no-such-tool' }));
      await s.request(modern(8, 'tools/call', {}));
      await s.request(modern(9, 'tools/call', { name: 'gallery' }));
      await s.request(modern(10, 'resources/read', { uri: 'fixture://text/hello.txt' }));
      s.send(modern('sub', 'subscriptions/listen', { notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://counter'] } }));
      await s.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged');
      await s.request(modern(11, 'tools/call', { name: 'change', arguments: { what: 'tools' } }));
      await s.request(modern(12, 'tools/call', { name: 'change', arguments: { what: 'tools' } }));
      await s.waitFor((m) => m.method === 'notifications/tools/list_changed' && s.notifications(m.method).length === 2, 3000);
    },
  },
  legacy: {
    era: 'legacy',
    componentErrors: [5, 7],
    run: async (s) => {
      await unreadable(s);
      await s.request(legacy(0, 'tools/list'));
      await s.request(initialize('2025-11-25', { elicitation: {} }));
      s.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      await s.request(legacy(1, 'ping'));
      await s.request(legacy(2, 'tools/call', { name: 'echo', arguments: { text: 'legacy' } }));
      await s.request(legacy(3, 'logging/setLevel', { level: 'info' }));
      await s.request(legacy(4, 'tools/call', { name: 'slow', arguments: { steps: 2, step_ms: 10, log: true }, _meta: { progressToken: 4 } }));
      await s.request(legacy(5, 'resources/read', { uri: 'fixture://missing' }));
      await s.request(legacy(6, 'tools/call', { name: 'confirm' }));
      await s.request(legacy(7, 'prompts/get', { name: 'greet' }));
      await s.request(legacy(8, 'resources/subscribe', { uri: 'fixture://counter' }));
      await s.request(legacy(9, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://counter' } }));
      await s.waitFor((m) => m.method === 'notifications/resources/updated', 3000);
      await s.request(legacy(10, 'logging/setLevel', { level: 'nonsense' }));
      await s.request(legacy(11, 'tools/call', { name: 'gallery' }));
      await s.request(legacy(12, 'no/such/method'));
    },
  },
};

interface Transcript {
  session: Session;
  /** Every message, timing-dependent members dropped, in arrival order. */
  messages: Msg[];
}

async function tour(which: 'modern' | 'legacy', control?: HostDefect): Promise<Transcript> {
  const t = TOURS[which];
  const s = await start(t.fixture ?? 'reference', { defect: control, answer: clientAnswers });
  await t.run(s);
  expect(await s.close()).toMatchObject({ code: 0 });
  return { session: s, messages: s.received.map((m) => stable(m) as Msg) };
}

/** Every message a session received is a valid MCP message of the tour's era (the harness's own wire checks). */
function expectValidMcp(t: Transcript, era: 'legacy' | 'modern'): void {
  const problems = t.session.received.flatMap((m, i) => {
    const problem = checkServerMessage(m, { era, requestOf: (id) => t.session.sent.get(id) });
    return problem ? [`${t.session.lines[i]}: ${problem}`] : [];
  });
  expect(problems).toEqual([]);
}

/** JSON text with every object's keys sorted: the same text for the same value. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Msg)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Messages whose order is not fixed (change notifications race the response of the call that caused them) compare as a sorted list. */
const sorted = (messages: Msg[]) => messages.map(canonical).sort();

const isNotification = (m: Msg) => typeof m.method === 'string' && m.id === undefined;
const isResult = (m: Msg) => m.result !== undefined;

/** Every object's keys in the order the JSON text gave them, objects visited depth first in sorted-key order. */
function keyOrders(value: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(value)) for (const v of value) keyOrders(v, out);
  else if (value && typeof value === 'object') {
    out.push(Object.keys(value));
    for (const k of Object.keys(value).sort()) keyOrders((value as Msg)[k], out);
  }
  return out;
}

describe('legal-behaviour controls (control-* in hosts/jco-native/defects.ts)', () => {
  const baselines = new Map<string, Promise<Transcript>>();
  const baseline = (which: 'modern' | 'legacy') => {
    let b = baselines.get(which);
    if (!b) baselines.set(which, (b = tour(which)));
    return b;
  };

  it('every control is named control-* and has a test here', () => {
    const controls = Object.keys(HOST_DEFECTS).filter(isControl).sort();
    expect(controls).toEqual(
      [
        'control-delay',
        'control-extra-meta',
        'control-extra-members',
        'control-null-id-errors',
        'control-rephrased-errors',
        'control-reordered-keys',
        'control-small-reads',
        'control-unrelated-notifications',
      ].sort(),
    );
  });

  for (const era of ['modern', 'legacy'] as const) {
    it(`the ${era} tour is valid MCP and gives the same transcript twice on the correct host`, async () => {
      const [a, b] = [await baseline(era), await tour(era)];
      expectValidMcp(a, era);
      expect(sorted(b.messages)).toEqual(sorted(a.messages));
    });

    it(`control-extra-meta (${era}): results and notifications gain the extra _meta member, merged; nothing else changes`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-extra-meta')];
      expectValidMcp(ctl, era);
      const extra = (holder: Msg | undefined) => ({ ...holder, _meta: { ...holder?._meta, 'com.example.control/extra': true } });
      const expected = base.messages.map((m) => (isResult(m) ? { ...m, result: extra(m.result) } : isNotification(m) ? { ...m, params: extra(m.params) } : m));
      expect(sorted(ctl.messages)).toEqual(sorted(expected));
      // serverInfo and the component's own _meta are kept.
      if (era === 'modern') {
        expect(ctl.session.received.find((m) => m.id === 9)?.result._meta).toEqual({
          'com.example.fixture/kind': 'gallery',
          'io.modelcontextprotocol/serverInfo': SERVER_INFO,
          'com.example.control/extra': true,
        });
      }
    });

    it(`control-extra-members (${era}): every result gains xControl: 1; nothing else changes`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-extra-members')];
      expectValidMcp(ctl, era);
      const expected = base.messages.map((m) => (isResult(m) ? { ...m, result: { ...m.result, xControl: 1 } } : m));
      expect(sorted(ctl.messages)).toEqual(sorted(expected));
    });

    it(`control-reordered-keys (${era}): the same JSON values, every object's keys in reverse order`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-reordered-keys')];
      expectValidMcp(ctl, era);
      expect(sorted(ctl.messages)).toEqual(sorted(base.messages));
      expect(ctl.session.lines).not.toEqual(base.session.lines);
      // Compare the key order of each message with the same message on the correct host.
      const baseText = new Map(base.session.received.map((m, i) => [canonical(stable(m)), base.session.lines[i]!]));
      for (const [i, m] of ctl.session.received.entries()) {
        const original = baseText.get(canonical(stable(m)));
        if (original === undefined) continue; // a message with timing-dependent members
        expect(keyOrders(JSON.parse(ctl.session.lines[i]!))).toEqual(keyOrders(JSON.parse(original)).map((keys) => [...keys].reverse()));
      }
    });

    it(`control-null-id-errors (${era}): errors about unreadable input carry id: null; nothing else changes`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-null-id-errors')];
      expectValidMcp(ctl, era);
      expect(base.session.received.find((m) => m.error?.code === -32700)).not.toHaveProperty('id');
      const expected = base.messages.map((m) => (m.error && !('id' in m) ? { jsonrpc: m.jsonrpc, id: null, error: m.error } : m));
      expect(sorted(ctl.messages)).toEqual(sorted(expected));
      expect(ctl.session.received.find((m) => m.error?.code === -32700)).toMatchObject({ id: null });
      expect(ctl.session.received.find((m) => m.id === 'bad')?.error.code).toBe(-32600);
    });

    it(`control-rephrased-errors (${era}): the host's own error messages are rephrased; codes, data and the component's messages are not`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-rephrased-errors')];
      expectValidMcp(ctl, era);
      const fromComponent = new Set<unknown>(TOURS[era].componentErrors);
      const expected = base.messages.map((m) => (m.error && !fromComponent.has(m.id) ? { ...m, error: { ...m.error, message: `Sorry: ${m.error.message}` } } : m));
      expect(sorted(ctl.messages)).toEqual(sorted(expected));
      // The tour has errors of both kinds.
      const errors = ctl.session.received.filter((m) => m.error);
      expect(errors.filter((m) => fromComponent.has(m.id))).toHaveLength(TOURS[era].componentErrors.length);
      expect(errors.filter((m) => !fromComponent.has(m.id)).length).toBeGreaterThanOrEqual(3);
    });

    it(`control-delay (${era}): every message comes at least 50 ms after its request, in the same order`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-delay')];
      expectValidMcp(ctl, era);
      // The tour sends one request at a time: the order is fixed but for change notifications, which race the call that caused them.
      const racing = (m: Msg) => m.method === 'notifications/tools/list_changed' || m.method === 'notifications/resources/updated';
      expect(ctl.messages.filter((m) => !racing(m))).toEqual(base.messages.filter((m) => !racing(m)));
      expect(sorted(ctl.messages)).toEqual(sorted(base.messages));
      const latencies = (t: Transcript) =>
        t.session.received.flatMap((m, i) => {
          const sent = m.method === undefined ? t.session.sent.get(m.id) : undefined;
          return sent ? [t.session.arrivals[i]! - sent.at] : [];
        });
      // (On the correct host the fastest answers take a few ms; how many depends on the machine's load, so only the control's bound is checked.)
      expect(Math.min(...latencies(ctl))).toBeGreaterThanOrEqual(50);
    });

    it(`control-small-reads (${era}): the same messages`, async () => {
      const [base, ctl] = [await baseline(era), await tour(era, 'control-small-reads')];
      expectValidMcp(ctl, era);
      expect(sorted(ctl.messages)).toEqual(sorted(base.messages));
    });
  }

  it('control-small-reads: a body is taken 1 KiB at a time (the fixture sees partial writes), and arrives whole', async () => {
    // 100-byte pieces: a 64 KiB read takes each whole; a 1 KiB read fills up in the middle of one.
    const uri = 'fixture://sized/4096/100';
    const read = async (control?: HostDefect) => {
      const s = await start('reference', { defect: control });
      const body = await s.request(modern(1, 'resources/read', { uri }));
      const seen = await s.request(modern(2, 'tools/call', { name: 'observations', arguments: { kind: 'stream', key: uri } }));
      await s.close();
      const { writes, requested } = seen.result.structuredContent as { writes: number[]; requested: number[] };
      return { blob: body.result.contents[0].blob as string, partial: writes.filter((w, i) => w < requested[i]!).length };
    };
    const [base, ctl] = [await read(), await read('control-small-reads')];
    expect(ctl.blob).toBe(base.blob);
    expect(Buffer.from(ctl.blob, 'base64')).toHaveLength(4096);
    expect(base.partial).toBe(0);
    expect(ctl.partial).toBeGreaterThan(0);
  });

  it('control-unrelated-notifications: a legacy session gets tools/list_changed after initialize and every 5th response; nothing else changes', async () => {
    const [base, ctl] = [await baseline('legacy'), await tour('legacy', 'control-unrelated-notifications')];
    expectValidMcp(ctl, 'legacy');
    const listChanged = (m: Msg) => m.method === 'notifications/tools/list_changed';
    expect(base.messages.filter(listChanged)).toEqual([]);
    expect(sorted(ctl.messages.filter((m) => !listChanged(m)))).toEqual(sorted(base.messages));
    // Each comes right after a response: initialize's, then the 5th and 10th after it.
    const before = ctl.session.received.flatMap((m, i) => (listChanged(m) ? [ctl.session.received[i - 1]!.id] : []));
    expect(before).toEqual(['init', 5, 10]);
    expect(ctl.session.received.filter(listChanged)).toEqual(Array(3).fill({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }));
  });

  it('control-unrelated-notifications: none in the modern era, none for a component without tools.listChanged', async () => {
    const [base, ctl] = [await baseline('modern'), await tour('modern', 'control-unrelated-notifications')];
    expectValidMcp(ctl, 'modern');
    expect(sorted(ctl.messages)).toEqual(sorted(base.messages));
    const s = await start('minimal', { defect: 'control-unrelated-notifications' });
    expect((await s.request(initialize())).result.capabilities).toEqual({ tools: { listChanged: false } });
    for (let id = 1; id <= 6; id++) await s.request(legacy(id, 'tools/call', { name: 'echo', arguments: { text: `${id}` } }));
    await s.close();
    expect(s.received.filter((m) => m.method !== undefined)).toEqual([]);
  });
});
