// wasi:mcp/client on the native host (hosts/jco-native/client): the caller
// fixture transpiled by jco, served by the TypeScript host in a Node with
// JSPI and spoken to in raw JSON lines, calling real peers over loopback TCP
// (docs/targets.md, "Peers"). Fixture peers are served as the harness serves
// them (harness/runner/peers.ts: a fresh reference fixture on jco/native per
// connection); a few peers are written here to reach what the reference
// fixture cannot show (a 2025-11-25-only server, one that never answers
// server/discover, one process shared by every session, odd errors). Every
// peer defect of the host's catalogue is shown to change what a client sees.
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureComponent, PreparedFixture, TargetProcess } from '../../adapters/adapter.js';
import { jcoAdapter } from '../../adapters/jco.js';
import { packageRoot } from '../../adapters/paths.js';
import { P3_COMPONENT, resolveFixture } from '../../harness/runner/fixtures.js';
import { startPeers, type RunningPeers } from '../../harness/runner/peers.js';
import { HOST_DEFECTS } from '../../hosts/jco-native/defects.js';

type Msg = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MODERN = '2026-07-28';
const meta = () => ({
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
});
const HOST_INFO = { name: 'wasi-mcp-native-host', version: '0.2.0' };
const REFERENCE_INFO = { name: 'wasi-mcp-reference-fixture', version: '0.2.0' };
const UNAVAILABLE = -31005;

const caller: FixtureComponent = {
  name: 'caller',
  componentPath: join(packageRoot, 'guest-fixtures', 'dist', 'caller.wasm'),
  composedPath: join(packageRoot, 'guest-fixtures', 'dist', 'caller.composed.wasm'),
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
  await jcoAdapter.detect();
  callerPrepared = await jcoAdapter.prepare(caller, 'native');
  referencePrepared = await jcoAdapter.prepare(resolveFixture('reference'), 'native');
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

  /** Sends tools/call of the caller's tool NAME (modern), without waiting. */
  call(id: number, name: string, args: Msg): void {
    this.send({ id, method: 'tools/call', params: { name, arguments: args, _meta: meta() } });
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
    this.call(id, name, args);
    return this.response(id);
  }
}

async function startCaller(peers: Record<string, string>, env: Record<string, string> = {}): Promise<Wire> {
  const proc = await jcoAdapter.start(callerPrepared, 'native', { hostEnv: { WASI_MCP_PEERS: JSON.stringify(peers), ...env } });
  cleanup.push(() => proc.stop());
  return new Wire(proc);
}

// ---------------------------------------------------------------------------
// Peers.

/** Fixture and script peers as the harness serves them: a fresh process per connection. */
async function harnessPeers(specs: Parameters<typeof startPeers>[0]): Promise<RunningPeers & { address(name: string): string; methods(name: string): string[] }> {
  const started = performance.now();
  const peers = await startPeers(specs, {
    fixture: async () => jcoAdapter.start(referencePrepared, 'native', {}),
    now: () => performance.now() - started,
  });
  cleanup.push(() => peers.close());
  const table = JSON.parse(peers.env.WASI_MCP_PEERS!) as Record<string, string>;
  return Object.assign(peers, {
    address: (name: string) => table[name]!,
    methods: (name: string) => peers.sent(name).map((m) => String(m.message.method)),
  });
}

interface Peer {
  address: string;
  /** Every message the host sent, in order, over every connection. */
  seen: Msg[];
  connections: number;
}

async function listen(onConnection: (sock: Socket, lines: (fn: (m: Msg, line: string) => void) => void) => void): Promise<Peer> {
  const peer: Peer = { address: '', seen: [], connections: 0 };
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
  peer.address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return peer;
}

async function startReference(): Promise<TargetProcess> {
  const proc = await jcoAdapter.start(referencePrepared, 'native', {});
  cleanup.push(() => proc.stop());
  return proc;
}

/**
 * The reference fixture, one process for every connection, so that a later
 * session sees what an earlier one left (observations). Responses are routed
 * back by id: the host's request ids are unique in its process.
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
  return listen((sock, lines) => {
    lines((m, line) => {
      if ('id' in m && 'method' in m) owner.set(m.id, sock);
      proc.stdin.write(`${line}\n`);
    });
  });
}

interface LegacyOptions {
  /** What server/discover gets: an error object, or nothing at all ('silent'). Default -32601. */
  discover?: Msg | 'silent';
}

/**
 * A server of 2025-11-25 only, written here. After initialize it asks the
 * client two things (ping, and a method no client offers); tools/list comes
 * in two pages (a, then b); tools/call answers with its name and arguments,
 * except `odd` (an error whose code the table does not have) and `wait`
 * (never answered).
 */
function legacyPeer(o: LegacyOptions = {}): Promise<Peer> {
  return listen((sock, lines) => {
    const send = (...ms: Msg[]) => sock.write(ms.map((m) => `${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`).join(''));
    lines((m) => {
      if (!('id' in m) || !('method' in m)) return;
      if (m.method === 'server/discover') {
        if (o.discover !== 'silent') send({ id: m.id, error: o.discover ?? { code: -32601, message: 'Method not found' } });
      } else if (m.method === 'initialize') {
        // In one write: the host may end the session as soon as it has the result, and
        // requests arriving after that would go unanswered (under load, they did).
        send(
          { id: m.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'legacy-peer', version: '1.2.3' } } },
          { id: 'peer-ping', method: 'ping' },
          { id: 'peer-sampling', method: 'sampling/createMessage', params: { messages: [], maxTokens: 1 } },
        );
      } else if (m.method === 'tools/list') {
        const tool = (name: string) => ({ name, inputSchema: { type: 'object' } });
        send({ id: m.id, result: m.params?.cursor === 'page-2' ? { tools: [tool('b')] } : { tools: [tool('a')], nextCursor: 'page-2' } });
      } else if (m.method === 'tools/call' && m.params.name === 'odd') {
        send({ id: m.id, error: { code: -32000, message: 'odd', data: { x: 1 } } });
      } else if (m.method === 'tools/call' && m.params.name !== 'wait') {
        send({ id: m.id, result: { content: [{ type: 'text', text: `legacy ${m.params.name} ${JSON.stringify(m.params.arguments)}` }] } });
      } else if (m.method !== 'tools/call') {
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

// ---------------------------------------------------------------------------

describe('wasi:mcp/client on the native host', () => {
  it('calls a modern peer: echo, add with structured content, an unknown tool, an unknown peer', async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') });
    // sent together: the calls run side by side, each on a session of its own
    w.call(1, 'peer-call', { peer: 'ref', tool: 'echo', arguments: { text: 'over TCP' } });
    w.call(2, 'peer-call', { peer: 'ref', tool: 'add', arguments: { a: 2, b: 3.5 } });
    w.call(3, 'peer-call', { peer: 'ref', tool: 'no-such-tool' });
    w.call(4, 'peer-call', { peer: 'nobody', tool: 'echo' });
    expect((await w.response(1)).result.content).toEqual([{ type: 'text', text: 'over TCP' }]);
    const add = (await w.response(2)).result;
    expect(add.structuredContent).toEqual({ sum: 5.5 });
    expect(add.content).toEqual([{ type: 'text', text: '{"sum":5.5}' }]);
    expect(add.isError).toBeUndefined();
    // the peer's error comes back as it is: -32602, its message and data
    const unknown = (await w.response(3)).error;
    expect(unknown).toMatchObject({ code: -32602, data: { name: 'no-such-tool' } });
    expect(unknown.message).toContain('no-such-tool');
    expect((await w.response(4)).error).toMatchObject({ code: -32602, data: { peer: 'nobody' } });
    // one connection per session, each probed with server/discover and the 2026-07-28 envelope
    const sent = peers.sent('ref');
    expect(new Set(sent.map((m) => m.connection)).size).toBe(3);
    const discover = sent.filter((m) => m.message.method === 'server/discover');
    expect(discover).toHaveLength(3);
    for (const d of discover) expect(sent.find((m) => m.connection === d.connection)).toBe(d); // before any other request
    expect((discover[0]!.message.params as Msg)._meta).toEqual({ ...meta(), 'io.modelcontextprotocol/clientInfo': HOST_INFO });
    const call = sent.find((m) => m.message.method === 'tools/call' && (m.message.params as Msg).name === 'add')!.message as Msg;
    expect(call.params).toEqual({ name: 'add', arguments: { a: 2, b: 3.5 }, _meta: { ...meta(), 'io.modelcontextprotocol/clientInfo': HOST_INFO } });
    expect(peers.methods('ref')).not.toContain('initialize');
  });

  it('passes the peer content through item for item, with annotations and _meta', async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') });
    const d = new Wire(await startReference());
    d.send({ id: 'g', method: 'tools/call', params: { name: 'gallery', arguments: {}, _meta: meta() } });
    const expected = (await d.response('g')).result;
    const got = (await w.tool(1, 'peer-call', { peer: 'ref', tool: 'gallery' })).result;
    expect(got.content).toEqual(expected.content);
    expect(got.content).toHaveLength(6);
    // the peer's own _meta member, not its serverInfo (the caller's host adds the caller's)
    expect(got._meta['com.example.fixture/kind']).toBe('gallery');
    expect(got._meta['io.modelcontextprotocol/serverInfo'].name).toBe('wasi-mcp-caller-fixture');
    // a tool execution error is a result
    expect((await w.tool(2, 'peer-call', { peer: 'ref', tool: 'fail' })).result).toMatchObject({ isError: true });
  });

  it('tells the eras apart: a modern peer, a legacy-only peer, one that never answers server/discover, one that answers -32022', async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const legacy = await legacyPeer();
    const silent = await legacyPeer({ discover: 'silent' });
    const rejecting = await legacyPeer({ discover: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2025-11-25'], requested: MODERN } } });
    const w = await startCaller({ ref: peers.address('ref'), legacy: legacy.address, silent: silent.address, rejecting: rejecting.address });
    const modern = (await w.tool(1, 'peer-info', { peer: 'ref' })).result.structuredContent;
    expect(modern).toEqual({ protocolVersion: MODERN, serverInfo: REFERENCE_INFO });
    const old = (await w.tool(2, 'peer-info', { peer: 'legacy' })).result.structuredContent;
    expect(old).toEqual({ protocolVersion: '2025-11-25', serverInfo: { name: 'legacy-peer', version: '1.2.3' } });
    const requests = (p: Peer) => p.seen.filter((m) => 'method' in m).map((m) => m.method);
    await until(() => legacy.seen.length >= 5);
    expect(requests(legacy)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
    expect(legacy.seen[1]!.params).toEqual({ protocolVersion: '2025-11-25', capabilities: {}, clientInfo: HOST_INFO });
    // the peer's own requests: ping is answered, what a client does not offer is -32601
    expect(legacy.seen.find((m) => m.id === 'peer-ping')).toEqual({ jsonrpc: '2.0', id: 'peer-ping', result: {} });
    expect(legacy.seen.find((m) => m.id === 'peer-sampling')?.error?.code).toBe(-32601);
    // legacy requests carry no envelope; list-tools follows nextCursor
    expect((await w.tool(3, 'peer-tools', { peer: 'legacy' })).result.structuredContent).toEqual({ tools: ['a', 'b'] });
    expect(legacy.seen.filter((m) => m.method === 'tools/list').map((m) => m.params)).toEqual([{}, { cursor: 'page-2' }]);
    expect((await w.tool(4, 'peer-call', { peer: 'legacy', tool: 'x', arguments: { k: 1 } })).result.content).toEqual([{ type: 'text', text: 'legacy x {"k":1}' }]);
    expect(legacy.seen.find((m) => m.method === 'tools/call')!.params).toEqual({ name: 'x', arguments: { k: 1 } });
    // an error code the table does not have: internal-error, the code and data kept
    expect((await w.tool(5, 'peer-call', { peer: 'legacy', tool: 'odd' })).error).toEqual({ code: -32603, message: 'odd', data: { code: -32000, data: { x: 1 } } });
    // -32022 naming no modern version the host serves: legacy
    expect((await w.tool(6, 'peer-info', { peer: 'rejecting' })).result.structuredContent.protocolVersion).toBe('2025-11-25');
    // no answer to server/discover: legacy after 2 s
    const t0 = Date.now();
    expect((await w.tool(7, 'peer-info', { peer: 'silent' })).result.structuredContent.protocolVersion).toBe('2025-11-25');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(requests(silent).slice(0, 3)).toEqual(['server/discover', 'initialize', 'notifications/initialized']);
  });

  it('lists every page of a modern peer', async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') });
    const tools = (await w.tool(1, 'peer-tools', { peer: 'ref' })).result.structuredContent.tools as string[];
    expect(tools.slice(0, 6)).toEqual(['echo', 'add', 'fail', 'slow', 'observations', 'context']);
    expect(tools.length).toBeGreaterThan(8);
    const lists = peers.sent('ref').filter((m) => m.message.method === 'tools/list').map((m) => m.message.params as Msg);
    expect(lists).toHaveLength(Math.ceil(tools.length / 4));
    expect(lists.map((p) => p.cursor)).toEqual([undefined, 'tools:4', 'tools:8', 'tools:12'].slice(0, lists.length));
  });

  it('passes a cancellation on to the peer (notifications/cancelled with the call\'s request id and the reason), which observes it', async () => {
    const shared = await sharedReferencePeer();
    const w = await startCaller({ shared: shared.address });
    w.call(1, 'peer-call', { peer: 'shared', tool: 'slow', arguments: { label: 'peer-cancel', steps: 100, step_ms: 50 } });
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
  });

  it('sends a legacy peer the cancellation too, without an envelope', async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address });
    w.call(1, 'peer-call', { peer: 'legacy', tool: 'wait' });
    await until(() => legacy.seen.some((m) => m.method === 'tools/call'));
    w.send({ method: 'notifications/cancelled', params: { requestId: 1 } });
    await until(() => legacy.seen.some((m) => m.method === 'notifications/cancelled'));
    const call = legacy.seen.find((m) => m.method === 'tools/call')!;
    expect(legacy.seen.find((m) => m.method === 'notifications/cancelled')!.params).toEqual({ requestId: call.id, reason: 'cancelled' });
    // the session is closed once the fixture is done with it
    expect((await w.tool(2, 'echo', { text: 'after' })).result.content).toEqual([{ type: 'text', text: 'after' }]);
  });

  it('fails the calls in flight with unavailable when the peer exits; a slow peer delays only its own call', async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' }, boom: { script: 'crashing' } });
    const w = await startCaller({ ref: peers.address('ref'), boom: peers.address('boom') });
    w.call(1, 'peer-call', { peer: 'ref', tool: 'slow', arguments: { steps: 30, step_ms: 100 } });
    // (a reference peer on jco/native survives its own trap and answers -32603, passed on as it is)
    w.call(2, 'peer-call', { peer: 'ref', tool: 'crash' });
    w.call(3, 'peer-call', { peer: 'boom', tool: 'explode' });
    w.call(4, 'echo', { text: 'quick' });
    expect((await w.response(2)).error.code).toBe(-32603);
    expect((await w.response(3)).error.code).toBe(UNAVAILABLE);
    expect((await w.response(4)).result.content).toEqual([{ type: 'text', text: 'quick' }]);
    expect(w.messages.some((m) => m.id === 1)).toBe(false);
    expect((await w.response(1)).result.content).toEqual([{ type: 'text', text: 'completed 30 steps' }]);
  });

  it('fails open with unavailable when the peer cannot be reached or WASI_MCP_PEERS cannot be read', async () => {
    const closed = await listen((sock) => sock.destroy());
    const w = await startCaller({ refused: '127.0.0.1:1', name: 'localhost:80', v6: '[::1]:1', closed: closed.address });
    for (const [id, peer] of [[1, 'refused'], [2, 'name'], [3, 'v6'], [4, 'closed']] as const) {
      expect((await w.tool(id, 'peer-info', { peer })).error.code, peer).toBe(UNAVAILABLE);
    }
    const proc = await jcoAdapter.start(callerPrepared, 'native', { hostEnv: { WASI_MCP_PEERS: '["not", "an", "object"]' } });
    cleanup.push(() => proc.stop());
    expect((await new Wire(proc).tool(1, 'peer-info', { peer: 'not' })).error.code).toBe(UNAVAILABLE);
  });
});

// ---------------------------------------------------------------------------
// The peer defects of hosts/jco-native/defects.ts: each changes what a client sees.

const DEFECTS: Record<string, () => Promise<void>> = {
  'peer-cancel-not-forwarded': async () => {
    const shared = await sharedReferencePeer();
    const w = await startCaller({ shared: shared.address }, { WASI_MCP_HOST_DEFECT: 'peer-cancel-not-forwarded' });
    w.call(1, 'peer-call', { peer: 'shared', tool: 'slow', arguments: { label: 'kept', steps: 10, step_ms: 50 } });
    await until(() => shared.seen.some((m) => m.method === 'tools/call'));
    w.send({ method: 'notifications/cancelled', params: { requestId: 1, reason: 'enough' } });
    await new Promise((r) => setTimeout(r, 1000));
    expect(shared.seen.some((m) => m.method === 'notifications/cancelled')).toBe(false);
    const seen = (await w.tool(2, 'peer-call', { peer: 'shared', tool: 'observations', arguments: { kind: 'cancellation', key: 'kept' } })).result.structuredContent;
    expect(seen).toMatchObject({ found: true, observed: false, completed: true });
  },
  'peer-errors-rewritten': async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') }, { WASI_MCP_HOST_DEFECT: 'peer-errors-rewritten' });
    expect((await w.tool(1, 'peer-call', { peer: 'ref', tool: 'no-such-tool' })).error).toMatchObject({ code: -32603, data: { name: 'no-such-tool' } });
  },
  'peer-legacy-only': async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') }, { WASI_MCP_HOST_DEFECT: 'peer-legacy-only' });
    expect((await w.tool(1, 'peer-info', { peer: 'ref' })).result.structuredContent.protocolVersion).toBe('2025-11-25');
    expect(peers.methods('ref')).not.toContain('server/discover');
  },
  'peer-no-legacy-fallback': async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address }, { WASI_MCP_HOST_DEFECT: 'peer-no-legacy-fallback' });
    expect((await w.tool(1, 'peer-info', { peer: 'legacy' })).error.code).toBe(-32601);
    expect(legacy.seen.map((m) => m.method)).toEqual(['server/discover']);
  },
  'peer-first-page-only': async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address }, { WASI_MCP_HOST_DEFECT: 'peer-first-page-only' });
    expect((await w.tool(1, 'peer-tools', { peer: 'legacy' })).result.structuredContent).toEqual({ tools: ['a'] });
  },
  'peer-closed-internal-error': async () => {
    const peers = await harnessPeers({ boom: { script: 'crashing' } });
    const w = await startCaller({ boom: peers.address('boom') }, { WASI_MCP_HOST_DEFECT: 'peer-closed-internal-error' });
    expect((await w.tool(1, 'peer-call', { peer: 'boom', tool: 'explode' })).error.code).toBe(-32603);
  },
  'peer-unknown-unavailable': async () => {
    const w = await startCaller({}, { WASI_MCP_HOST_DEFECT: 'peer-unknown-unavailable' });
    expect((await w.tool(1, 'peer-info', { peer: 'nobody' })).error.code).toBe(UNAVAILABLE);
  },
  'peer-arguments-dropped': async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address }, { WASI_MCP_HOST_DEFECT: 'peer-arguments-dropped' });
    expect((await w.tool(1, 'peer-call', { peer: 'legacy', tool: 'x', arguments: { k: 1 } })).result.content).toEqual([{ type: 'text', text: 'legacy x {}' }]);
  },
  'peer-first-content-only': async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') }, { WASI_MCP_HOST_DEFECT: 'peer-first-content-only' });
    expect((await w.tool(1, 'peer-call', { peer: 'ref', tool: 'gallery' })).result.content).toHaveLength(1);
  },
  'peer-request-timeout': async () => {
    const peers = await harnessPeers({ ref: { fixture: 'reference' } });
    const w = await startCaller({ ref: peers.address('ref') }, { WASI_MCP_HOST_DEFECT: 'peer-request-timeout' });
    expect((await w.tool(1, 'peer-call', { peer: 'ref', tool: 'slow', arguments: { steps: 30, step_ms: 100 } })).error.code).toBe(-31003);
  },
  'peer-call-blocks-input': async () => {
    const legacy = await legacyPeer();
    const w = await startCaller({ legacy: legacy.address }, { WASI_MCP_HOST_DEFECT: 'peer-call-blocks-input' });
    w.call(1, 'peer-call', { peer: 'legacy', tool: 'wait' });
    await until(() => legacy.seen.some((m) => m.method === 'tools/call'));
    w.call(2, 'echo', { text: 'blocked' });
    await expect(w.response(2, 1500)).rejects.toThrow(/no response 2/);
  },
};

describe('the peer defects of the native host', () => {
  it('has a test for every peer defect of the catalogue', () => {
    expect(Object.keys(DEFECTS).sort()).toEqual(Object.keys(HOST_DEFECTS).filter((n) => n.startsWith('peer-')).sort());
  });

  for (const [name, run] of Object.entries(DEFECTS)) {
    it(`${name}: ${HOST_DEFECTS[name as keyof typeof HOST_DEFECTS]}`, run);
  }
});
