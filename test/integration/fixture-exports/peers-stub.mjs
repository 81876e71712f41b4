// A stand-in for the host's wasi:mcp/client (wit/client.wit) in the shape a
// jco-transpiled component imports it: `class Session` with a static `open`
// and methods; every future the guest reads is a Promise here (resolved with
// the ok value, or with `{tag: 'err', val}`, or rejected with the error
// record); the `cancel` future the guest passes is a thenable. Peers are
// faked in memory; `record` is what the stub saw, for the test to check.

export const record = {
  opened: [],
  disposed: 0,
  /** Every call-tool: peer, tool, parsed arguments, and what became of its cancel future. */
  calls: [],
};

const config = (name) => ({
  name,
  title: undefined,
  description: `The peer's ${name}.`,
  inputSchema: '{"type":"object","properties":{}}',
  outputSchema: undefined,
  annotations: undefined,
  meta: undefined,
});

const text = (s) => ({ tag: 'text', val: { text: s, annotations: undefined, meta: undefined } });

/** A peer result with one content block of most kinds, structured content and `_meta`. */
export const RICH_RESULT = {
  content: [
    text('from the peer'),
    { tag: 'image', val: { data: new Uint8Array([137, 80, 78, 71]), mimeType: 'image/png', annotations: { audience: ['user'], priority: 0.5, lastModified: undefined }, meta: undefined } },
    {
      tag: 'resource-link',
      val: { uri: 'peer://doc', name: 'doc', title: 'Doc', description: undefined, mimeType: 'text/plain', size: 3n, annotations: undefined, meta: '{"k":1}' },
    },
    {
      tag: 'resource',
      val: { contents: { uri: 'peer://doc', mimeType: 'text/plain', kind: 'text', data: new Uint8Array([100, 111, 99]), meta: undefined }, annotations: undefined, meta: undefined },
    },
  ],
  structuredContent: '{"answer":42}',
  isError: false,
  meta: '{"com.example.peer/kind":"rich"}',
};

export const PEER_ERROR = { code: 'forbidden', message: 'the peer says no', data: '{"who":"peer"}' };
export const UNKNOWN_PEER = (name) => ({ code: 'invalid-params', message: `unknown peer: ${name}`, data: JSON.stringify({ peer: name }) });
export const UNAVAILABLE = { code: 'unavailable', message: 'peer down: connection refused', data: undefined };
export const LIST_ERROR = { code: 'internal-error', message: 'the peer failed to list', data: '{"code":-32000,"data":null}' };

const PEERS = {
  modern: {
    protocolVersion: '2026-07-28',
    serverInfo: { name: 'peer-modern', version: '1.2.3', title: 'Modern peer', description: undefined, websiteUrl: undefined },
    tools: ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map(config),
  },
  legacy: {
    protocolVersion: '2025-11-25',
    serverInfo: { name: 'peer-legacy', version: '0.9.0', title: undefined, description: undefined, websiteUrl: undefined },
    tools: null, // listing fails
  },
};

/** What each tool of a fake peer does with its arguments: a result, `{tag: 'err'}`, a rejection, or nothing (waits for cancel). */
const TOOLS = {
  rich: () => Promise.resolve(RICH_RESULT),
  failing: () => Promise.resolve({ content: [text('the peer tool failed')], structuredContent: undefined, isError: true, meta: undefined }),
  echo: (args) => Promise.resolve({ content: [text(JSON.stringify(args))], structuredContent: JSON.stringify(args), isError: false, meta: undefined }),
  refuse: () => Promise.resolve({ tag: 'err', val: PEER_ERROR }),
  reject: () => Promise.reject(PEER_ERROR),
  hang: () => new Promise(() => {}),
};

export class Session {
  #peer;

  static open(name) {
    record.opened.push(name);
    if (name === 'down') return Promise.reject(UNAVAILABLE);
    const peer = PEERS[name];
    if (!peer) return Promise.resolve({ tag: 'err', val: UNKNOWN_PEER(name) });
    const session = new Session();
    session.#peer = { name, ...peer };
    return Promise.resolve(session);
  }

  protocolVersion() {
    return this.#peer.protocolVersion;
  }

  serverInfo() {
    return this.#peer.serverInfo;
  }

  listTools() {
    return this.#peer.tools ? Promise.resolve(this.#peer.tools) : Promise.resolve({ tag: 'err', val: LIST_ERROR });
  }

  callTool(name, argumentsJson, cancel) {
    const call = { peer: this.#peer.name, tool: name, arguments: JSON.parse(argumentsJson), cancel: 'pending' };
    record.calls.push(call);
    const run = TOOLS[name];
    const result = run ? run(call.arguments) : Promise.resolve({ tag: 'err', val: { code: 'tool-not-found', message: `unknown tool: ${name}`, data: undefined } });
    // As the host contract says: writing `cancel` resolves the call with internal-error "cancelled".
    const cancelled = Promise.resolve(cancel).then(
      (reason) => {
        call.cancel = { reason };
        return { tag: 'err', val: { code: 'internal-error', message: 'cancelled', data: undefined } };
      },
      (e) => {
        call.cancel = { dropped: String(e && e.message ? e.message : e) };
        return new Promise(() => {});
      },
    );
    return Promise.race([result, cancelled]);
  }

  [Symbol.dispose]() {
    record.disposed++;
  }
}
