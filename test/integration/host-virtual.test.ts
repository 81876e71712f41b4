// The virtual host (hosts/virtual, C) composed with the fixtures, run by the
// real `wasmtime run` and spoken to in raw JSON lines: the wire behaviour of
// docs/targets.md in both eras, its JSON reader, its defects and controls,
// and the same bytes once on jco.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, PreparedFixture, TargetProcess } from '../../adapters/adapter.js';
import { jcoAdapter } from '../../adapters/jco.js';
import { packageRoot } from '../../adapters/paths.js';
import { wasmtimeAdapter } from '../../adapters/wasmtime.js';
import { resolveFixture } from '../../harness/runner/fixtures.js';
import { runCli } from './cli.js';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MODERN = '2026-07-28';
const SUPPORTED = [MODERN, '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];
const meta = (extra: Record<string, unknown> = {}) => ({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'host-virtual-test', version: '1.0.0' },
  ...extra,
});
const SERVER_INFO = {
  name: 'wasi-mcp-reference-fixture',
  version: '0.2.0',
  title: 'Reference fixture',
  description: 'The reference server of wasi-mcp-conformance.',
};

/** A running target and the JSON-RPC messages it wrote, one per stdout line. */
class Wire {
  readonly messages: Msg[] = [];
  readonly lines: string[] = [];
  stderr = '';
  private wake: (() => void)[] = [];

  constructor(readonly proc: TargetProcess) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.messages.push(JSON.parse(line) as Msg); // a line that is not JSON fails the test
      for (const w of this.wake.splice(0)) w();
    });
    proc.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
  }

  send(m: Msg | string | Buffer): void {
    if (Buffer.isBuffer(m)) this.proc.stdin.write(Buffer.concat([m, Buffer.from('\n')]));
    else this.proc.stdin.write(`${typeof m === 'string' ? m : JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
  }

  /** The first message (not yet taken) matching pred, within ms. */
  async take(pred: (m: Msg) => boolean, ms = 15_000): Promise<Msg> {
    const until = Date.now() + ms;
    for (;;) {
      const i = this.messages.findIndex(pred);
      if (i >= 0) return this.messages.splice(i, 1)[0]!;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${ms} ms; got ${JSON.stringify(this.messages)}; stderr ${this.stderr}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  response(id: unknown, ms?: number): Promise<Msg> {
    return this.take((m) => 'id' in m && m.id === id && !('method' in m), ms);
  }

  notification(method: string, ms?: number): Promise<Msg> {
    return this.take((m) => m.method === method && !('id' in m), ms);
  }

  /** Sends a request and waits for its response. */
  async call(id: unknown, method: string, params: Msg = {}): Promise<Msg> {
    this.send({ id, method, params });
    return this.response(id);
  }

  /** Messages matching pred that arrive within ms (taken). */
  async within(ms: number, pred: (m: Msg) => boolean): Promise<Msg[]> {
    await new Promise((r) => setTimeout(r, ms));
    const out = this.messages.filter(pred);
    for (const m of out) this.messages.splice(this.messages.indexOf(m), 1);
    return out;
  }

  /** Closes stdin and waits for the process to end on its own. */
  async closeAndExit(ms = 10_000): Promise<{ code: number | null; signal: string | null }> {
    this.proc.stdin.end();
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
    const r = await Promise.race([this.proc.exited, timeout]);
    if (r === 'timeout') throw new Error(`the process did not exit within ${ms} ms after stdin closed`);
    return r;
  }
}

const prepared = new Map<string, PreparedFixture>();
const running: Wire[] = [];

async function start(fixture = 'reference', hostEnv: Record<string, string> = {}, adapter: Adapter = wasmtimeAdapter): Promise<Wire> {
  const key = `${adapter.runtime}:${fixture}`;
  let p = prepared.get(key);
  if (!p) {
    p = await adapter.prepare(resolveFixture(fixture), 'virtual');
    prepared.set(key, p);
  }
  const w = new Wire(await adapter.start(p, 'virtual', { hostEnv }));
  running.push(w);
  return w;
}

async function legacySession(w: Wire, capabilities: Msg = {}, protocolVersion = '2025-11-25'): Promise<Msg> {
  const r = await w.call('harness-init', 'initialize', { protocolVersion, capabilities, clientInfo: { name: 'legacy-client', version: '1' } });
  w.send({ method: 'notifications/initialized' });
  return r;
}

beforeAll(async () => {
  await wasmtimeAdapter.detect();
});

afterEach(async () => {
  for (const w of running.splice(0)) await w.proc.stop();
});

describe('virtual host on wasmtime: modern requests', () => {
  it('serves server/discover and tools/list without initialize, with resultType, serverInfo and cache fields', async () => {
    const w = await start();
    const d = await w.call(1, 'server/discover', { _meta: meta() });
    expect(d.result).toEqual({
      supportedVersions: SUPPORTED,
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      instructions: 'Reference fixture of wasi-mcp-conformance.',
      resultType: 'complete',
      _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
      ttlMs: 60000,
      cacheScope: 'public',
    });
    const list = await w.call(2, 'tools/list', { _meta: meta() });
    expect(list.result.tools.map((t: Msg) => t.name)).toEqual(['echo', 'add', 'fail', 'slow']);
    expect(list.result.tools[0]).toMatchObject({ annotations: { readOnlyHint: true, idempotentHint: true }, _meta: { 'com.example.fixture/tag': 'echo' } });
    expect(list.result).toMatchObject({ nextCursor: 'tools:4', resultType: 'complete', ttlMs: 60000, cacheScope: 'public' });
    expect(list.result._meta['io.modelcontextprotocol/serverInfo']).toEqual(SERVER_INFO);
    const page2 = await w.call(3, 'tools/list', { cursor: 'tools:4', _meta: meta() });
    expect(page2.result.tools[0].name).toBe('observations');
    // removed methods are not served to modern requests
    expect((await w.call(4, 'ping', { _meta: meta() })).error.code).toBe(-32601);
    expect((await w.call(5, 'logging/setLevel', { level: 'info', _meta: meta() })).error.code).toBe(-32601);
  });

  it('answers -32022 with the supported versions, and -32602 for a request without its _meta', async () => {
    const w = await start();
    const v = await w.call(1, 'tools/list', { _meta: meta({ 'io.modelcontextprotocol/protocolVersion': '2025-11-25' }) });
    expect(v.error).toMatchObject({ code: -32022, data: { supported: SUPPORTED, requested: '2025-11-25' } });
    expect((await w.call(2, 'tools/list', {})).error.code).toBe(-32602);
    expect((await w.call(3, 'tools/list')).error.code).toBe(-32602);
    const noCaps = { 'io.modelcontextprotocol/protocolVersion': MODERN };
    expect((await w.call(4, 'tools/list', { _meta: noCaps })).error.code).toBe(-32602);
    expect((await w.call(5, 'tools/list', { _meta: meta({ 'io.modelcontextprotocol/logLevel': 'loud' }) })).error.code).toBe(-32602);
    expect((await w.call(6, 'tools/list', { _meta: meta({ 'io.modelcontextprotocol/clientInfo': { name: 'x' } }) })).error.code).toBe(-32602);
    // ping is the one request a legacy client may send before initialize
    expect((await w.call(7, 'ping')).result).toEqual({});
  });

  it('passes the request context and converts every content kind', async () => {
    const w = await start();
    const ctx = await w.call(1, 'tools/call', {
      name: 'context',
      _meta: meta({ 'io.modelcontextprotocol/logLevel': 'notice', traceparent: '00-abc-def-01', 'com.example/x': [1], progressToken: 'p' }),
    });
    expect(ctx.result.structuredContent).toEqual({
      protocolVersion: MODERN,
      clientInfo: { name: 'host-virtual-test', version: '1.0.0', title: null, description: null, websiteUrl: null },
      clientCapabilities: {},
      logLevel: 'notice',
      trace: { traceparent: '00-abc-def-01', tracestate: null, baggage: null },
      meta: { 'com.example/x': [1] },
    });
    const g = await w.call(2, 'tools/call', { name: 'gallery', _meta: meta() });
    expect(g.result.content.map((c: Msg) => c.type)).toEqual(['text', 'image', 'audio', 'resource_link', 'resource', 'resource']);
    expect(g.result.content[0]).toEqual({ type: 'text', text: 'A gallery of content.', annotations: { audience: ['user'], priority: 0.9 } });
    expect(g.result.content[2]).toEqual({ type: 'audio', data: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=', mimeType: 'audio/wav' });
    expect(g.result.content[3]).toMatchObject({ uri: 'fixture://text/hello.txt', size: 31, annotations: { lastModified: '2026-01-01T00:00:00Z' } });
    expect(g.result.content[5]).toEqual({
      type: 'resource',
      resource: { uri: 'fixture://binary/bytes.bin', mimeType: 'application/octet-stream', blob: 'AAECAwQFBgcICQoLDA0ODw==' },
      annotations: { audience: ['assistant'] },
    });
    expect(g.result._meta).toEqual({ 'io.modelcontextprotocol/serverInfo': SERVER_INFO, 'com.example.fixture/kind': 'gallery' });
    const u = await w.call(3, 'resources/read', { uri: 'fixture://text/unicode.txt', _meta: meta() });
    expect(u.result.contents).toEqual([{ uri: 'fixture://text/unicode.txt', mimeType: 'text/plain; charset=utf-8', text: 'Grüße, 世界! 🌍\n' }]);
    expect(u.result).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
    const nf = await w.call(4, 'resources/read', { uri: 'fixture://missing', _meta: meta() });
    expect(nf.error).toMatchObject({ code: -32602, data: { uri: 'fixture://missing' } });
    const failing = await w.call(5, 'resources/read', { uri: 'fixture://text/failing.txt', _meta: meta() });
    expect(failing.error).toMatchObject({ code: -32603, message: 'the read failed after 7 bytes' });
    // body-kind decides text or blob, not the MIME type
    const json = await w.call(6, 'resources/read', { uri: 'fixture://text/config.json', _meta: meta() });
    expect(json.result.contents).toEqual([{ uri: 'fixture://text/config.json', mimeType: 'application/json', text: '{"ok":true}\n' }]);
  });

  it('answers input_required and passes the retry back', async () => {
    const w = await start();
    const caps = { 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } };
    const first = await w.call(1, 'tools/call', { name: 'confirm', _meta: meta(caps) });
    expect(first.result).toMatchObject({
      resultType: 'input_required',
      requestState: 'confirm:v1:7f3a',
      inputRequests: { confirm: { method: 'elicitation/create', params: { mode: 'form', message: 'Proceed with the action?' } } },
    });
    expect(first.result).not.toHaveProperty('ttlMs');
    const retry = await w.call(2, 'tools/call', {
      name: 'confirm',
      inputResponses: { confirm: { action: 'accept', content: { ok: true } } },
      requestState: 'confirm:v1:7f3a',
      _meta: meta(caps),
    });
    expect(retry.result.content).toEqual([{ type: 'text', text: 'confirmed' }]);
    const missing = await w.call(3, 'tools/call', { name: 'confirm', _meta: meta() });
    expect(missing.error).toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: {} } } });
    // a modern request never makes the host send a request of its own
    expect(w.lines.map((l) => JSON.parse(l) as Msg).filter((m) => 'method' in m && 'id' in m)).toEqual([]);
  });

  it('opens a subscription: acknowledgement first, then only the acknowledged kinds, tagged with its id', async () => {
    const w = await start();
    w.send({ id: 'sub-1', method: 'subscriptions/listen', params: { _meta: meta(), notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://counter'] } } });
    const ack = await w.notification('notifications/subscriptions/acknowledged');
    expect(ack.params).toEqual({
      _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' },
      notifications: { toolsListChanged: true, resourceSubscriptions: ['fixture://counter'] },
    });
    for (const [i, args] of [{ what: 'prompts' }, { what: 'resource', uri: 'fixture://text/hello.txt' }, { what: 'tools' }, { what: 'resource', uri: 'fixture://counter' }].entries()) {
      await w.call(10 + i, 'tools/call', { name: 'change', arguments: args, _meta: meta() });
    }
    const tools = await w.notification('notifications/tools/list_changed');
    expect(tools.params).toEqual({ _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' } });
    const updated = await w.notification('notifications/resources/updated');
    expect(updated.params).toEqual({ _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' }, uri: 'fixture://counter' });
    expect(await w.within(300, (m) => typeof m.method === 'string' && m.method.startsWith('notifications/'))).toEqual([]);
    // cancelling the subscription ends it without a response; later changes are not sent
    w.send({ method: 'notifications/cancelled', params: { requestId: 'sub-1' } });
    await w.call(20, 'tools/call', { name: 'change', arguments: { what: 'tools' }, _meta: meta() });
    expect(await w.within(300, (m) => m.method === 'notifications/tools/list_changed' || m.id === 'sub-1')).toEqual([]);
  });

  it('ends an open subscription when stdin ends (notifications/cancelled, then its result), and exits', async () => {
    const w = await start();
    w.send({ id: 7, method: 'subscriptions/listen', params: { _meta: meta(), notifications: { promptsListChanged: true } } });
    await w.notification('notifications/subscriptions/acknowledged');
    const exit = await w.closeAndExit();
    expect(exit).toEqual({ code: 0, signal: null });
    const cancelled = w.lines.findIndex((l) => (JSON.parse(l) as Msg).method === 'notifications/cancelled');
    const answered = w.lines.findIndex((l) => (JSON.parse(l) as Msg).id === 7);
    expect(cancelled).toBeGreaterThanOrEqual(0);
    expect(cancelled).toBeLessThan(answered);
    expect((await w.notification('notifications/cancelled', 0)).params).toEqual({ requestId: 7 });
    expect(await w.response(7)).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: { resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO, 'io.modelcontextprotocol/subscriptionId': 7 } },
    });
  });

  it('forwards log messages at or above the request level only', async () => {
    const w = await start();
    const messages = [
      { level: 'debug', data: 'd' },
      { level: 'warning', data: { w: 1 }, logger: 'L' },
      { level: 'emergency', data: 'e' },
    ];
    w.send({ id: 1, method: 'tools/call', params: { name: 'log', arguments: { messages }, _meta: meta({ 'io.modelcontextprotocol/logLevel': 'warning' }) } });
    await w.response(1);
    const logs = await w.within(0, (m) => m.method === 'notifications/message');
    expect(logs.map((m) => m.params)).toEqual([
      { level: 'warning', logger: 'L', data: { w: 1 } },
      { level: 'emergency', data: 'e' },
    ]);
    await w.call(2, 'tools/call', { name: 'log', arguments: { messages }, _meta: meta() });
    expect(await w.within(100, (m) => m.method === 'notifications/message')).toEqual([]);
  });

  it('cancels a call: cancel future written with the reason, no response; ids are matched exactly', async () => {
    const w = await start();
    w.send({ id: 5, method: 'tools/call', params: { name: 'slow', arguments: { steps: 100, step_ms: 50, label: 'c' }, _meta: meta({ progressToken: 0 }) } });
    const p = await w.notification('notifications/progress');
    expect(p.params).toEqual({ progressToken: 0, progress: 1, total: 100, message: 'step 1 of 100' });
    // the string "5" is not the request 5
    w.send({ method: 'notifications/cancelled', params: { requestId: '5', reason: 'wrong id' } });
    await w.notification('notifications/progress');
    await w.notification('notifications/progress');
    w.send({ method: 'notifications/cancelled', params: { requestId: 5, reason: 'enough' } });
    // other requests keep being served
    expect((await w.call(6, 'server/discover', { _meta: meta() })).result.resultType).toBe('complete');
    expect(await w.within(500, (m) => m.id === 5)).toEqual([]);
    const seen = await w.call(7, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: 'c' }, _meta: meta() });
    expect(seen.result.structuredContent).toMatchObject({ found: true, observed: true, via: 'cancel-future', completed: false, reason: 'enough' });
  });

  it('cancels by dropping the events stream, and cancels a resource read', async () => {
    const w = await start();
    w.send({ id: 1, method: 'tools/call', params: { name: 'slow', arguments: { steps: 100, step_ms: 50, label: 's', watch: 'stream' }, _meta: meta({ progressToken: 1 }) } });
    await w.notification('notifications/progress');
    w.send({ method: 'notifications/cancelled', params: { requestId: 1 } });
    w.send({ id: 2, method: 'resources/read', params: { uri: 'fixture://slow/r', _meta: meta() } });
    await new Promise((r) => setTimeout(r, 300));
    w.send({ method: 'notifications/cancelled', params: { requestId: 2, reason: 'read no more' } });
    expect(await w.within(500, (m) => m.id === 1 || m.id === 2)).toEqual([]);
    const stream = await w.call(3, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: 's' }, _meta: meta() });
    expect(stream.result.structuredContent).toMatchObject({ observed: true, via: 'stream-dropped', completed: false });
    const read = await w.call(4, 'tools/call', { name: 'observations', arguments: { kind: 'cancellation', key: 'r' }, _meta: meta() });
    expect(read.result.structuredContent).toMatchObject({ observed: true, completed: false, reason: 'read no more' });
  });
});

describe('virtual host on wasmtime: legacy sessions', () => {
  it('negotiates the version on initialize and serves tools/call without modern members', async () => {
    const w = await start();
    const init = await legacySession(w, {}, '2025-06-18');
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
    const echo = await w.call(1, 'tools/call', { name: 'echo', arguments: { text: 'hello' } });
    expect(echo.result).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    const list = await w.call(2, 'tools/list');
    expect(list.result).not.toHaveProperty('ttlMs');
    expect(list.result).not.toHaveProperty('resultType');
    expect((await w.call(3, 'resources/read', { uri: 'fixture://missing' })).error.code).toBe(-32002);
    expect((await w.call(4, 'server/discover')).error.code).toBe(-32601);
    // modern requests keep being served beside the session
    expect((await w.call(5, 'tools/list', { _meta: meta() })).result.resultType).toBe('complete');
    const other = await start();
    expect((await legacySession(other, {}, '2023-01-01')).result.protocolVersion).toBe('2025-11-25');
  });

  it('drives a multi round-trip request with its own requests to the client', async () => {
    const w = await start();
    await legacySession(w, { elicitation: {}, roots: {} });
    w.send({ id: 1, method: 'tools/call', params: { name: 'confirm' } });
    const ask = await w.take((m) => m.method === 'elicitation/create');
    expect(ask.id).toMatch(/^wasi-mcp-/);
    expect(ask.params).toMatchObject({ mode: 'form', message: 'Proceed with the action?' });
    w.send({ id: ask.id, result: { action: 'accept', content: { ok: true } } });
    expect((await w.response(1)).result).toEqual({ content: [{ type: 'text', text: 'confirmed' }] });
    // state only: retried at once
    expect((await w.call(2, 'tools/call', { name: 'retry-later' })).result.content[0].text).toBe('done after a retry');
    // an error from the client answers the request with -32603
    w.send({ id: 3, method: 'tools/call', params: { name: 'roots' } });
    const roots = await w.take((m) => m.method === 'roots/list');
    w.send({ id: roots.id, error: { code: -1, message: 'no' } });
    expect((await w.response(3)).error.code).toBe(-32603);
  });

  it('filters log messages by logging/setLevel and delivers changes the session subscribed to', async () => {
    const w = await start();
    await legacySession(w);
    const messages = [{ level: 'info', data: 'i' }, { level: 'error', data: 'e' }];
    await w.call(1, 'tools/call', { name: 'log', arguments: { messages } });
    expect(await w.within(0, (m) => m.method === 'notifications/message')).toEqual([]);
    expect((await w.call(2, 'logging/setLevel', { level: 'error' })).result).toEqual({});
    await w.call(3, 'tools/call', { name: 'log', arguments: { messages } });
    expect((await w.within(0, (m) => m.method === 'notifications/message')).map((m) => m.params.data)).toEqual(['e']);
    expect((await w.call(4, 'resources/subscribe', { uri: 'fixture://counter' })).result).toEqual({});
    await w.call(5, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://text/hello.txt' } });
    await w.call(6, 'tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://counter' } });
    await w.call(7, 'tools/call', { name: 'change', arguments: { what: 'tools' } });
    expect((await w.notification('notifications/resources/updated')).params).toEqual({ uri: 'fixture://counter' });
    await w.notification('notifications/tools/list_changed');
    expect(await w.within(200, (m) => m.method === 'notifications/resources/updated')).toEqual([]);
  });

  it('answers "ping\\u0000x" as an unknown method, not as ping', async () => {
    const w = await start();
    await legacySession(w);
    expect((await w.call(1, 'ping\u0000x')).error.code).toBe(-32601);
    expect((await w.call(2, 'ping')).result).toEqual({});
    w.send('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo\\u0000","arguments":{"text":"x"}}}');
    expect((await w.response(3)).error.code).toBe(-32602); // the tool "echo\0" does not exist
  });
});

describe('virtual host on wasmtime: input it must refuse', () => {
  it('rejects unreadable input and keeps serving', async () => {
    const w = await start();
    w.send('not json');
    expect((await w.take((m) => m.error?.code === -32700)).id).toBeUndefined();
    w.send(Buffer.from([0x22, 0xff, 0x22])); // invalid UTF-8 in a string
    expect((await w.take((m) => m.error?.code === -32700)).error.data.detail).toBe('invalid UTF-8');
    w.send('"\\ud800"'); // a lone surrogate
    expect((await w.take((m) => m.error?.code === -32700)).error.data.detail).toBe('lone high surrogate');
    w.send('['.repeat(200) + ']'.repeat(200));
    expect((await w.take((m) => m.error?.code === -32700)).error.data.detail).toBe('nesting too deep');
    w.send('{"jsonrpc":"2.0","id":null,"method":"ping"}');
    expect((await w.take((m) => m.error?.code === -32600)).id).toBeUndefined();
    w.send('{"jsonrpc":"1.0","id":9,"method":"ping"}');
    expect((await w.response(9)).error.code).toBe(-32600);
    w.send({ method: 'notifications/unknown' });
    expect((await w.call(10, 'server/discover', { _meta: meta() })).result.resultType).toBe('complete');
    expect(w.messages).toEqual([]);
  });

  it('gates methods by the capabilities the component declares (minimal fixture)', async () => {
    const w = await start('minimal');
    const d = await w.call(0, 'server/discover', { _meta: meta() });
    expect(d.result).toMatchObject({ capabilities: { tools: { listChanged: false } }, ttlMs: 0, cacheScope: 'private' });
    expect(Object.keys(d.result.capabilities)).toEqual(['tools']);
    expect(d.result).not.toHaveProperty('instructions');
    expect((await w.call(1, 'resources/list', { _meta: meta() })).error.code).toBe(-32601);
    expect((await w.call(2, 'completion/complete', { ref: { type: 'ref/prompt', name: 'p' }, argument: { name: 'a', value: '' }, _meta: meta() })).error.code).toBe(-32601);
    w.send({ id: 3, method: 'subscriptions/listen', params: { _meta: meta(), notifications: { toolsListChanged: true, promptsListChanged: true } } });
    expect((await w.notification('notifications/subscriptions/acknowledged')).params.notifications).toEqual({});
    await w.call(4, 'tools/call', { name: 'change', arguments: { what: 'tools' }, _meta: meta() });
    w.send({ id: 5, method: 'tools/call', params: { name: 'log', arguments: { messages: [{ level: 'error', data: 1 }] }, _meta: meta({ 'io.modelcontextprotocol/logLevel': 'debug' }) } });
    await w.response(5);
    expect(await w.within(200, (m) => m.method === 'notifications/tools/list_changed' || m.method === 'notifications/message')).toEqual([]);
    await legacySession(w);
    expect((await w.call(6, 'logging/setLevel', { level: 'debug' })).error.code).toBe(-32601);
    expect((await w.call(7, 'resources/subscribe', { uri: 'fixture://counter' })).error.code).toBe(-32601);
  });

  it('answers the requests in flight after stdin ends, then exits', async () => {
    const w = await start();
    w.send({ id: 1, method: 'tools/call', params: { name: 'slow', arguments: { steps: 5, step_ms: 50 }, _meta: meta() } });
    const exit = await w.closeAndExit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect((await w.response(1, 0)).result.content[0].text).toBe('completed 5 steps');
  });
});

describe('virtual host defects', () => {
  it('WASI_MCP_HOST_DEFECT changes what the host does', async () => {
    const good = await start();
    expect((await good.call(1, 'tools/list', { _meta: meta() })).result).toHaveProperty('resultType', 'complete');
    const bad = await start('reference', { WASI_MCP_HOST_DEFECT: 'no-result-type' });
    expect((await bad.call(1, 'tools/list', { _meta: meta() })).result).not.toHaveProperty('resultType');
    const loose = await start('reference', { WASI_MCP_HOST_DEFECT: 'loose-id-match' });
    loose.send({ id: 5, method: 'tools/call', params: { name: 'slow', arguments: { steps: 50, step_ms: 50 }, _meta: meta() } });
    await new Promise((r) => setTimeout(r, 200));
    loose.send({ method: 'notifications/cancelled', params: { requestId: '5' } });
    expect(await loose.within(3500, (m) => m.id === 5)).toEqual([]);
  });

  it('refuses an unknown defect name', async () => {
    const w = await start('reference', { WASI_MCP_HOST_DEFECT: 'no-such-defect' });
    const exit = await w.closeAndExit();
    expect(exit.code).not.toBe(0);
    expect(w.stderr).toContain('unknown WASI_MCP_HOST_DEFECT: no-such-defect');
  });

  it('lists its defects in defects.json, as src/defects.c has them', () => {
    const list = JSON.parse(readFileSync(join(packageRoot, 'hosts', 'virtual', 'defects.json'), 'utf8')) as { name: string; description: string }[];
    const src = readFileSync(join(packageRoot, 'hosts', 'virtual', 'src', 'defects.c'), 'utf8');
    expect(list.length).toBeGreaterThanOrEqual(30);
    expect(new Set(list.map((d) => d.name)).size).toBe(list.length);
    for (const d of list) {
      expect(d.description.length).toBeGreaterThan(10);
      expect(src).toContain(`"${d.name}"`);
    }
    expect([...src.matchAll(/\{D_[A-Z0-9_]+, "/g)].length).toBe(list.length);
  });
});

describe('virtual host on jco', () => {
  it('runs the same composed bytes', async () => {
    const w = await start('reference', {}, jcoAdapter);
    const d = await w.call(1, 'server/discover', { _meta: meta() });
    expect(d.result.supportedVersions).toEqual(SUPPORTED);
    // concurrent calls, one of them return-then-continue
    w.send({ id: 2, method: 'tools/call', params: { name: 'slow', arguments: { steps: 3, step_ms: 20 }, _meta: meta({ progressToken: 't' }) } });
    w.send({ id: 3, method: 'tools/list', params: { _meta: meta() } });
    w.send({ id: 4, method: 'tools/call', params: { name: 'echo', arguments: { text: 'jco' }, _meta: meta() } });
    expect((await w.response(3)).result.tools).toHaveLength(4);
    expect((await w.response(4)).result.content).toEqual([{ type: 'text', text: 'jco' }]);
    expect((await w.response(2)).result.content[0].text).toBe('completed 3 steps');
    expect((await w.within(0, (m) => m.method === 'notifications/progress')).map((m) => m.params.progress)).toEqual([1, 2, 3]);
    await legacySession(w);
    expect((await w.call(5, 'tools/call', { name: 'echo', arguments: { text: 'legacy' } })).result).toEqual({ content: [{ type: 'text', text: 'legacy' }] });
    expect(await w.closeAndExit(20_000)).toEqual({ code: 0, signal: null });
  });
});

describe('virtual host controls (legal variations a case must not fail on)', () => {
  /** The same JSON value with every object's keys in reverse order. */
  const reversed = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reversed);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  };
  const EXTRA = 'com.example.control/extra';

  it('control-extra-meta and control-extra-members extend results (and, for _meta, notifications), never errors', async () => {
    const w = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-extra-meta' });
    const d = await w.call(1, 'server/discover', { _meta: meta() });
    expect(d.result._meta).toEqual({ 'io.modelcontextprotocol/serverInfo': SERVER_INFO, [EXTRA]: true });
    w.send({ id: 2, method: 'tools/call', params: { name: 'slow', arguments: { steps: 1, step_ms: 1 }, _meta: meta({ progressToken: 'p' }) } });
    expect((await w.response(2)).result._meta[EXTRA]).toBe(true);
    expect((await w.notification('notifications/progress', 0)).params).toEqual({ progressToken: 'p', progress: 1, total: 1, message: 'step 1 of 1', _meta: { [EXTRA]: true } });
    expect(await w.call(3, 'tools/list')).not.toHaveProperty('error._meta');
    const m = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-extra-members' });
    expect((await m.call(1, 'tools/list', { _meta: meta() })).result).toMatchObject({ xControl: 1, resultType: 'complete' });
    expect((await m.call(2, 'tools/list')).error).not.toHaveProperty('xControl');
  });

  it('control-reordered-keys writes the same messages with the keys of every object reversed', async () => {
    const plain = await start();
    const varied = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-reordered-keys' });
    for (const w of [plain, varied]) {
      await w.call(1, 'server/discover', { _meta: meta() });
      await w.call(2, 'tools/call', { name: 'gallery', _meta: meta() });
    }
    expect(varied.lines).toHaveLength(2);
    expect(varied.lines[0]!.startsWith('{"result":')).toBe(true);
    expect(varied.lines).toEqual(plain.lines.map((l) => JSON.stringify(reversed(JSON.parse(l)))));
  });

  it('control-delay writes every message 50 ms late, in order', async () => {
    const w = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-delay' });
    await w.call(1, 'server/discover', { _meta: meta() });
    const sent = performance.now();
    await w.call(2, 'tools/list', { _meta: meta() });
    expect(performance.now() - sent).toBeGreaterThanOrEqual(49);
    await w.call(3, 'tools/call', { name: 'slow', arguments: { steps: 4, step_ms: 5 }, _meta: meta({ progressToken: 't' }) });
    const progress = w.lines.map((l) => JSON.parse(l) as Msg).filter((m) => m.method === 'notifications/progress' || m.id === 3);
    expect(progress.map((m) => m.params?.progress ?? 'response')).toEqual([1, 2, 3, 4, 'response']);
    expect(await w.closeAndExit()).toEqual({ code: 0, signal: null });
  });

  it('control-small-reads still delivers a 1 MiB body whole', async () => {
    const w = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-small-reads' });
    const r = await w.call(1, 'resources/read', { uri: 'fixture://large/1mib.bin', _meta: meta() });
    const bytes = Buffer.from(r.result.contents[0].blob as string, 'base64');
    expect(bytes.length).toBe(1 << 20);
    expect(bytes.every((b, i) => b === i % 251)).toBe(true);
  });

  it('control-unrelated-notifications, control-null-id-errors and control-rephrased-errors', async () => {
    const u = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-unrelated-notifications' });
    await legacySession(u);
    await u.notification('notifications/tools/list_changed');
    for (let i = 1; i <= 5; i++) await u.call(i, 'ping');
    await u.notification('notifications/tools/list_changed');
    await u.call(6, 'tools/list', { _meta: meta() }); // modern requests are not counted
    expect(await u.within(100, (m) => m.method === 'notifications/tools/list_changed')).toEqual([]);

    const n = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-null-id-errors' });
    n.send('not json');
    expect(await n.take((m) => m.error?.code === -32700)).toHaveProperty('id', null);

    const r = await start('reference', { WASI_MCP_HOST_DEFECT: 'control-rephrased-errors' });
    expect((await r.call(1, 'tools/list')).error.message).toMatch(/^Sorry: /);
    const unknown = await r.call(2, 'tools/call', { name: 'nope', _meta: meta() });
    expect(unknown.error).toMatchObject({ code: -32602, message: 'unknown tool: nope' }); // the component's own message
  });

  it('under every control a few cases of both eras pass the harness\'s wire checks', async () => {
    const controls = (JSON.parse(readFileSync(join(packageRoot, 'hosts', 'virtual', 'defects.json'), 'utf8')) as { name: string }[])
      .map((d) => d.name)
      .filter((n) => n.startsWith('control-'));
    expect(controls).toHaveLength(8);
    const cases = ['progress-token-string', 'logging-at-or-above-level', 'protocol-survives-parse-error', 'errors-invalid-params', 'mrtr-confirm-accept', 'subscriptions-teardown-cancelled', 'streaming-large-resource'];
    for (const control of controls) {
      const run = await runCli(['--runtime', 'wasmtime', '--reporter', 'json', '--strict', ...cases.flatMap((c) => ['--filter', c])], { WASI_MCP_HOST_DEFECT: control });
      const results = run.report('wasmtime-virtual').results;
      expect(results.length, control).toBeGreaterThanOrEqual(cases.length);
      expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${control}: ${r.id} [${r.era}] ${r.message ?? r.outcome}`)).toEqual([]);
    }
  });
});
