// wasi:mcp/client on a component host: the caller fixture composed with the
// virtual host and the client provider (hosts/virtual/client), run by the
// real `wasmtime run` and spoken to in raw JSON lines, calling real peers over
// loopback TCP (docs/targets.md, "Peers"): the reference fixture on wasmtime
// (a fresh process per connection, or one process shared by every
// connection), and a 2025-11-25-only server written here.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureComponent, PreparedFixture, TargetProcess } from '../../adapters/adapter.js';
import { packageRoot } from '../../adapters/paths.js';
import { jcoAdapter } from '../../adapters/jco.js';
import { peerNetworkFlags, wasmtimeAdapter } from '../../adapters/wasmtime.js';
import { P3_COMPONENT, resolveFixture } from '../../harness/runner/fixtures.js';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MODERN = '2026-07-28';
const meta = () => ({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
});
const REFERENCE_INFO = { name: 'wasi-mcp-reference-fixture', version: '0.2.0' };
const UNAVAILABLE = -31005;

const dist = join(packageRoot, 'guest-fixtures', 'dist');
const caller: FixtureComponent = {
  name: 'caller',
  componentPath: join(dist, 'caller.wasm'),
  composedPath: join(dist, 'caller.composed.wasm'),
  guestEnv: {},
  needs: P3_COMPONENT,
};

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

let callerPrepared: PreparedFixture;
let referencePrepared: PreparedFixture;
beforeAll(async () => {
  await wasmtimeAdapter.detect();
  callerPrepared = await wasmtimeAdapter.prepare(caller, 'virtual');
  referencePrepared = await wasmtimeAdapter.prepare(resolveFixture('reference'), 'virtual');
}, 300_000);

// ---------------------------------------------------------------------------
// The target: stdout lines as JSON-RPC messages.

class Wire {
  readonly messages: Msg[] = [];
  stderr = '';
  private wake: (() => void)[] = [];

  constructor(readonly proc: TargetProcess) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      this.messages.push(JSON.parse(line) as Msg);
      for (const w of this.wake.splice(0)) w();
    });
    proc.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
  }

  send(m: Msg): void {
    this.proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
  }

  async response(id: unknown, ms = 30_000): Promise<Msg> {
    const until = Date.now() + ms;
    for (;;) {
      const i = this.messages.findIndex((m) => m.id === id && !('method' in m));
      if (i >= 0) return this.messages.splice(i, 1)[0]!;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no response ${JSON.stringify(id)} within ${ms} ms; got ${JSON.stringify(this.messages)}; stderr ${this.stderr}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** tools/call of the caller's tool NAME; resolves with the response. */
  async tool(id: number, name: string, args: Msg): Promise<Msg> {
    this.send({ id, method: 'tools/call', params: { name, arguments: args, _meta: meta() } });
    return this.response(id);
  }
}

async function startCaller(peers: Record<string, string>, env: Record<string, string> = {}): Promise<Wire> {
  const proc = await wasmtimeAdapter.start(callerPrepared, 'virtual', { hostEnv: { WASI_MCP_PEERS: JSON.stringify(peers), ...env } });
  cleanup.push(() => proc.stop());
  return new Wire(proc);
}

// ---------------------------------------------------------------------------
// Peers: TCP servers on loopback; what each connection sent is recorded.

interface Peer {
  address: string;
  /** Every message the provider sent, in order, over every connection. */
  seen: Msg[];
  connections: number;
}

async function listen(peer: Omit<Peer, 'address'>, onConnection: (sock: Socket, lines: (fn: (m: Msg, line: string) => void) => void) => void): Promise<Peer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    peer.connections++;
    sock.on('error', () => {});
    sock.on('close', () => sockets.delete(sock));
    onConnection(sock, (fn) => {
      createInterface({ input: sock }).on('line', (line) => {
        const m = JSON.parse(line) as Msg;
        peer.seen.push(m);
        fn(m, line);
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const { port } = server.address() as { port: number };
  return Object.assign(peer, { address: `127.0.0.1:${port}` });
}

async function startReference(): Promise<TargetProcess> {
  const proc = await wasmtimeAdapter.start(referencePrepared, 'virtual');
  cleanup.push(() => proc.stop());
  return proc;
}

/** The reference fixture on wasmtime, a fresh process for each connection (its end closes the connection). */
function referencePeer(): Promise<Peer> {
  return listen({ seen: [], connections: 0 }, (sock, lines) => {
    void startReference().then((proc) => {
      lines((_, line) => proc.stdin.write(`${line}\n`));
      proc.stdout.pipe(sock);
      sock.on('end', () => proc.stdin.end());
      void proc.exited.then(() => sock.end());
    });
  });
}

/**
 * The reference fixture on wasmtime, one process for every connection, so
 * that a later session sees what an earlier one left (observations).
 * Requests are routed back by id: the provider's ids are unique in its process.
 */
async function sharedReferencePeer(): Promise<Peer> {
  const proc = await startReference();
  const owner = new Map<unknown, Socket>();
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const m = JSON.parse(line) as Msg;
    const sock = owner.get(m.id);
    if (sock && !('method' in m)) {
      owner.delete(m.id);
      sock.write(`${line}\n`);
    }
  });
  return listen({ seen: [], connections: 0 }, (sock, lines) => {
    lines((m, line) => {
      if ('id' in m && 'method' in m) owner.set(m.id, sock);
      proc.stdin.write(`${line}\n`);
    });
  });
}

/**
 * A server of 2025-11-25 only, written here: server/discover is an unknown
 * method (-32601), or, `silent`, never answered; initialize, tools/list in
 * two pages (a, then b), tools/call answers with its arguments.
 */
function legacyPeer(silent = false): Promise<Peer> {
  return listen({ seen: [], connections: 0 }, (sock, lines) => {
    const send = (m: Msg) => sock.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    lines((m) => {
      if (!('id' in m)) return;
      if (m.method === 'server/discover') {
        if (!silent) send({ id: m.id, error: { code: -32601, message: 'Method not found' } });
      } else if (m.method === 'initialize') {
        send({ id: m.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'legacy-peer', version: '1.2.3' } } });
      } else if (m.method === 'tools/list') {
        const tool = (name: string) => ({ name, inputSchema: { type: 'object' } });
        send({ id: m.id, result: m.params?.cursor === 'page-2' ? { tools: [tool('b')] } : { tools: [tool('a')], nextCursor: 'page-2' } });
      } else if (m.method === 'tools/call' && m.params.name === 'odd') {
        send({ id: m.id, error: { code: -32099, message: 'an error code of its own', data: { why: 'odd' } } });
      } else if (m.method === 'tools/call') {
        send({ id: m.id, result: { content: [{ type: 'text', text: `legacy ${m.params.name} ${JSON.stringify(m.params.arguments)}` }] } });
      } else {
        send({ id: m.id, error: { code: -32601, message: 'Method not found' } });
      }
    });
  });
}

const until = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the client provider on wasmtime', () => {
  it('calls a modern peer: echo, add with structured content, an unknown tool, an unknown peer', async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address });
    // sent together: the calls run side by side, each on a session of its own
    w.send({ id: 1, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'ref', tool: 'echo', arguments: { text: 'over TCP' } }, _meta: meta() } });
    w.send({ id: 2, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'ref', tool: 'add', arguments: { a: 2, b: 3.5 } }, _meta: meta() } });
    w.send({ id: 3, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'ref', tool: 'no-such-tool' }, _meta: meta() } });
    w.send({ id: 4, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'nobody', tool: 'echo' }, _meta: meta() } });
    expect((await w.response(1)).result.content).toEqual([{ type: 'text', text: 'over TCP' }]);
    const add = (await w.response(2)).result;
    expect(add.structuredContent).toEqual({ sum: 5.5 });
    expect(add.content).toEqual([{ type: 'text', text: '{"sum":5.5}' }]);
    expect(add.isError).toBeUndefined();
    // the peer's error comes back as it is: -32602, its message and data
    const unknown = (await w.response(3)).error;
    expect(unknown.code).toBe(-32602);
    expect(unknown.message).toContain('no-such-tool');
    expect(unknown.data).toEqual({ name: 'no-such-tool' });
    const nobody = (await w.response(4)).error;
    expect(nobody.code).toBe(-32602);
    expect(nobody.data).toEqual({ peer: 'nobody' });
    // one connection per session, each probed with server/discover and the 2026-07-28 envelope
    expect(ref.connections).toBe(3);
    const discover = ref.seen.filter((m) => m.method === 'server/discover');
    expect(discover).toHaveLength(3);
    expect(discover[0]!.params._meta).toEqual({
      'io.modelcontextprotocol/protocolVersion': MODERN,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'wasi-mcp-client-provider', version: '0.2.0' },
    });
    const call = ref.seen.find((m) => m.method === 'tools/call' && m.params.name === 'add')!;
    expect(call.params._meta['io.modelcontextprotocol/protocolVersion']).toBe(MODERN);
    expect(ref.seen.some((m) => m.method === 'initialize')).toBe(false);
  }, 120_000);

  it('reads peer errors back through the table, keeps codes it does not have in data, and passes isError on', async () => {
    const ref = await referencePeer();
    const legacy = await legacyPeer();
    const w = await startCaller({ ref: ref.address, legacy: legacy.address });
    const raised = (await w.tool(1, 'peer-call', { peer: 'ref', tool: 'raise', arguments: { code: 'rate-limited', message: 'slow down', data: { retry: 3 } } })).error;
    expect(raised).toEqual({ code: -31004, message: 'slow down', data: { retry: 3 } });
    const odd = (await w.tool(2, 'peer-call', { peer: 'legacy', tool: 'odd' })).error;
    expect(odd).toEqual({ code: -32603, message: 'an error code of its own', data: { code: -32099, data: { why: 'odd' } } });
    const failed = (await w.tool(3, 'peer-call', { peer: 'ref', tool: 'fail' })).result;
    expect(failed.isError).toBe(true);
    expect(failed.content).toEqual([{ type: 'text', text: 'the tool failed on purpose' }]);
  }, 120_000);

  it('passes the peer content through item for item, with annotations and _meta', async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address });
    const direct = await startReference();
    const d = new Wire(direct);
    d.send({ id: 'g', method: 'tools/call', params: { name: 'gallery', arguments: {}, _meta: meta() } });
    const expected = (await d.response('g')).result;
    const got = (await w.tool(1, 'peer-call', { peer: 'ref', tool: 'gallery' })).result;
    expect(got.content).toEqual(expected.content);
    expect(got.content).toHaveLength(6);
    // the peer's own _meta member, not its serverInfo (the caller's host adds the caller's)
    expect(got._meta['com.example.fixture/kind']).toBe('gallery');
    expect(got._meta['io.modelcontextprotocol/serverInfo'].name).toBe('wasi-mcp-caller-fixture');
  }, 120_000);

  it('tells the eras apart: a modern peer, a legacy-only peer, and one that never answers server/discover', async () => {
    const ref = await referencePeer();
    const legacy = await legacyPeer();
    const silent = await legacyPeer(true);
    const w = await startCaller({ ref: ref.address, legacy: legacy.address, silent: silent.address });
    const modern = (await w.tool(1, 'peer-info', { peer: 'ref' })).result.structuredContent;
    expect(modern).toEqual({ protocolVersion: MODERN, serverInfo: REFERENCE_INFO });
    const old = (await w.tool(2, 'peer-info', { peer: 'legacy' })).result.structuredContent;
    expect(old).toEqual({ protocolVersion: '2025-11-25', serverInfo: { name: 'legacy-peer', version: '1.2.3' } });
    expect(legacy.seen.map((m) => m.method)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(legacy.seen[1]!.params).toEqual({
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'wasi-mcp-client-provider', version: '0.2.0' },
    });
    // legacy requests carry no envelope; list-tools follows nextCursor
    expect((await w.tool(3, 'peer-tools', { peer: 'legacy' })).result.structuredContent).toEqual({ tools: ['a', 'b'] });
    const lists = legacy.seen.filter((m) => m.method === 'tools/list');
    expect(lists.map((m) => m.params)).toEqual([{}, { cursor: 'page-2' }]);
    expect((await w.tool(4, 'peer-call', { peer: 'legacy', tool: 'x', arguments: { k: 1 } })).result.content).toEqual([
      { type: 'text', text: 'legacy x {"k":1}' },
    ]);
    // no answer to server/discover: legacy after 2 s
    const t0 = Date.now();
    const late = (await w.tool(5, 'peer-info', { peer: 'silent' })).result.structuredContent;
    expect(late.protocolVersion).toBe('2025-11-25');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(silent.seen.map((m) => m.method)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
  }, 120_000);

  it('lists every page of a modern peer', async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address });
    const tools = (await w.tool(1, 'peer-tools', { peer: 'ref' })).result.structuredContent.tools as string[];
    expect(tools.slice(0, 6)).toEqual(['echo', 'add', 'fail', 'slow', 'observations', 'context']);
    expect(tools.length).toBeGreaterThan(8);
    expect(ref.seen.filter((m) => m.method === 'tools/list').length).toBe(Math.ceil(tools.length / 4));
  }, 120_000);

  it('passes a cancellation on to the peer (notifications/cancelled), which observes it', async () => {
    const shared = await sharedReferencePeer();
    const w = await startCaller({ shared: shared.address });
    w.send({ id: 1, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'shared', tool: 'slow', arguments: { label: 'peer-cancel', steps: 100, step_ms: 50 } }, _meta: meta() } });
    await until(() => shared.seen.some((m) => m.method === 'tools/call'));
    await new Promise((r) => setTimeout(r, 300));
    w.send({ method: 'notifications/cancelled', params: { requestId: 1, reason: 'enough' } });
    await until(() => shared.seen.some((m) => m.method === 'notifications/cancelled'));
    const slow = shared.seen.find((m) => m.method === 'tools/call')!;
    const cancelled = shared.seen.find((m) => m.method === 'notifications/cancelled')!;
    expect(cancelled.params).toEqual({ requestId: slow.id, reason: 'enough' });
    const seen = (await w.tool(2, 'peer-call', { peer: 'shared', tool: 'observations', arguments: { kind: 'cancellation', key: 'peer-cancel' } })).result.structuredContent;
    expect(seen).toMatchObject({ found: true, observed: true, via: 'cancel-future', completed: false, reason: 'enough' });
    expect(seen.steps_completed).toBeLessThan(100);
    // the cancelled request itself is not answered
    expect(w.messages.filter((m) => m.id === 1)).toEqual([]);
  }, 120_000);

  it('fails the calls in flight with unavailable when the peer exits, and keeps other sessions going', async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address });
    w.send({ id: 1, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'ref', tool: 'slow', arguments: { steps: 30, step_ms: 100 } }, _meta: meta() } });
    w.send({ id: 2, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'ref', tool: 'crash' }, _meta: meta() } });
    // a slow peer delays only its own call
    w.send({ id: 3, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'ref', tool: 'echo', arguments: { text: 'quick' } }, _meta: meta() } });
    const crashed = (await w.response(2)).error;
    expect(crashed.code).toBe(UNAVAILABLE);
    const quick = await w.response(3);
    expect(quick.result.content).toEqual([{ type: 'text', text: 'quick' }]);
    expect(w.messages.some((m) => m.id === 1)).toBe(false);
    expect((await w.response(1)).result.content).toEqual([{ type: 'text', text: 'completed 30 steps' }]);
  }, 120_000);

  it('gives wasmtime network access only to targets with peers', async () => {
    expect(peerNetworkFlags({})).toEqual([]);
    expect(peerNetworkFlags({ WASI_MCP_HOST_DEFECT: 'x' })).toEqual([]);
    expect(peerNetworkFlags({ WASI_MCP_PEERS: '{}' })).toEqual(['-S', 'inherit-network=y', '-S', 'udp=n']);
    // the same command without those flags cannot reach the peer
    const legacy = await legacyPeer();
    const info = await wasmtimeAdapter.detect();
    const r = await execa(info.binary, ['run', '--env', `WASI_MCP_PEERS={"legacy":"${legacy.address}"}`, '--allow-precompiled', callerPrepared.artifact], {
      input: `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'peer-info', arguments: { peer: 'legacy' }, _meta: meta() } })}\n`,
      reject: false,
      timeout: 60_000,
    });
    const answer = JSON.parse(r.stdout.trim().split('\n')[0]!) as Msg;
    expect(answer.error.code).toBe(UNAVAILABLE);
    expect(legacy.connections).toBe(0);
  }, 120_000);
});

describe('the client provider on jco', () => {
  // jco 1.35.0 cannot pass the session handle of a successful open to the guest
  // (expectations/jco.yaml); what an open that fails before connecting says shows
  // that the command got WASI_MCP_PEERS.
  it('gets WASI_MCP_PEERS from the process: a listed peer with a bad address is unavailable, not unknown', async () => {
    await jcoAdapter.detect();
    const prepared = await jcoAdapter.prepare(caller, 'virtual');
    const proc = await jcoAdapter.start(prepared, 'virtual', { hostEnv: { WASI_MCP_PEERS: JSON.stringify({ far: 'nowhere' }) } });
    cleanup.push(() => proc.stop());
    const w = new Wire(proc);
    const bad = (await w.tool(1, 'peer-info', { peer: 'far' })).error;
    expect(bad.code).toBe(UNAVAILABLE);
    expect(bad.message).toContain('not IP:PORT');
    expect((await w.tool(2, 'peer-info', { peer: 'nobody' })).error.code).toBe(-32602);
  }, 300_000);
});

// ---------------------------------------------------------------------------
// The peer defects of hosts/virtual/defects.json: each changes what a client sees.

const DEFECTS: Record<string, () => Promise<void>> = {
  'peer-legacy-only': async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address }, { WASI_MCP_HOST_DEFECT: 'peer-legacy-only' });
    expect((await w.tool(1, 'peer-info', { peer: 'ref' })).result.structuredContent.protocolVersion).toBe('2025-11-25');
    expect(ref.seen.some((m) => m.method === 'server/discover')).toBe(false);
  },
  'peer-errors-rewritten': async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address }, { WASI_MCP_HOST_DEFECT: 'peer-errors-rewritten' });
    const e = (await w.tool(1, 'peer-call', { peer: 'ref', tool: 'no-such-tool' })).error;
    expect(e.code).toBe(-32603);
    expect(e.data).toEqual({ name: 'no-such-tool' });
  },
  'peer-first-page-only': async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address }, { WASI_MCP_HOST_DEFECT: 'peer-first-page-only' });
    expect((await w.tool(1, 'peer-tools', { peer: 'legacy' })).result.structuredContent).toEqual({ tools: ['a'] });
  },
  'peer-cancel-not-forwarded': async () => {
    const shared = await sharedReferencePeer();
    const w = await startCaller({ shared: shared.address }, { WASI_MCP_HOST_DEFECT: 'peer-cancel-not-forwarded' });
    w.send({ id: 1, method: 'tools/call', params: { name: 'peer-call', arguments: { peer: 'shared', tool: 'slow', arguments: { label: 'kept', steps: 10, step_ms: 50 } }, _meta: meta() } });
    await until(() => shared.seen.some((m) => m.method === 'tools/call'));
    w.send({ method: 'notifications/cancelled', params: { requestId: 1, reason: 'enough' } });
    await new Promise((r) => setTimeout(r, 1000));
    expect(shared.seen.some((m) => m.method === 'notifications/cancelled')).toBe(false);
    const seen = (await w.tool(2, 'peer-call', { peer: 'shared', tool: 'observations', arguments: { kind: 'cancellation', key: 'kept' } })).result.structuredContent;
    expect(seen).toMatchObject({ found: true, observed: false, completed: true });
  },
  'peer-closed-internal-error': async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address }, { WASI_MCP_HOST_DEFECT: 'peer-closed-internal-error' });
    expect((await w.tool(1, 'peer-call', { peer: 'ref', tool: 'crash' })).error.code).toBe(-32603);
  },
  'peer-no-legacy-fallback': async () => {
    const legacy = await legacyPeer();
    const silent = await legacyPeer(true);
    const w = await startCaller({ legacy: legacy.address, silent: silent.address }, { WASI_MCP_HOST_DEFECT: 'peer-no-legacy-fallback' });
    // the peer's -32601 to server/discover fails the open as it is, and initialize never follows
    expect((await w.tool(1, 'peer-info', { peer: 'legacy' })).error.code).toBe(-32601);
    expect(legacy.seen.map((m) => m.method)).toEqual(['server/discover']);
    // no answer within 2 s: unavailable instead of legacy
    expect((await w.tool(2, 'peer-info', { peer: 'silent' })).error.code).toBe(UNAVAILABLE);
    expect(silent.seen.map((m) => m.method)).toEqual(['server/discover']);
  },
  'peer-unknown-unavailable': async () => {
    const w = await startCaller({}, { WASI_MCP_HOST_DEFECT: 'peer-unknown-unavailable' });
    const e = (await w.tool(1, 'peer-info', { peer: 'nobody' })).error;
    expect(e.code).toBe(UNAVAILABLE);
    expect(e.data).toEqual({ peer: 'nobody' });
  },
  'peer-arguments-dropped': async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address }, { WASI_MCP_HOST_DEFECT: 'peer-arguments-dropped' });
    expect((await w.tool(1, 'peer-call', { peer: 'legacy', tool: 'x', arguments: { k: 1 } })).result.content).toEqual([{ type: 'text', text: 'legacy x {}' }]);
    expect(legacy.seen.find((m) => m.method === 'tools/call')!.params.arguments).toEqual({});
  },
  'peer-first-content-only': async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address }, { WASI_MCP_HOST_DEFECT: 'peer-first-content-only' });
    const content = (await w.tool(1, 'peer-call', { peer: 'ref', tool: 'gallery' })).result.content as Msg[];
    expect(content).toEqual([{ type: 'text', text: 'A gallery of content.', annotations: { audience: ['user'], priority: 0.9 } }]);
  },
  'peer-request-timeout': async () => {
    const ref = await referencePeer();
    const w = await startCaller({ ref: ref.address }, { WASI_MCP_HOST_DEFECT: 'peer-request-timeout' });
    // a quick call is unchanged; one that takes 3 s fails with timeout after 2 s
    expect((await w.tool(1, 'peer-call', { peer: 'ref', tool: 'echo', arguments: { text: 'quick' } })).result.content).toEqual([{ type: 'text', text: 'quick' }]);
    const t0 = Date.now();
    const e = (await w.tool(2, 'peer-call', { peer: 'ref', tool: 'slow', arguments: { steps: 30, step_ms: 100 } })).error;
    expect(e.code).toBe(-31003);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
  },
};

describe('the client provider\'s defects', () => {
  it('has a test for every peer defect of the virtual host', () => {
    const list = JSON.parse(readFileSync(join(packageRoot, 'hosts', 'virtual', 'defects.json'), 'utf8')) as { name: string }[];
    expect(Object.keys(DEFECTS).sort()).toEqual(list.map((d) => d.name).filter((n) => n.startsWith('peer-')).sort());
  });

  for (const [name, run] of Object.entries(DEFECTS)) {
    it(name, run, 120_000);
  }
});
