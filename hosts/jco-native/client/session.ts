// wasi:mcp/client (wit/client.wit) for the native host: the module a
// transpiled component's import `wasi:mcp/client@0.2.0` is mapped to
// (adapters/jco-transpile.ts). A session is one TCP connection to a peer
// named in WASI_MCP_PEERS (docs/targets.md, "Peers"). jco's shape: `open`
// returns a thenable of an instance of this class; every future the
// component reads resolves to `{tag: 'ok' | 'err', val}`; the `cancel`
// future is a thenable that settles only if the component writes it.
import { defect } from '../defects.js';
import type { GuestError, Implementation, Result, ToolConfig, ToolResult } from '../guest.js';
import { PeerConnection } from './connection.js';
import { holdInput } from './input-hold.js';
import { probeEra, type PeerEra } from './era-probe.js';
import { lookupPeer } from './peer-config.js';
import { closedError, guestError, peerError } from './peer-errors.js';
import { type Answer, type SessionLine, ask } from './peer-requests.js';
import { BadValue, toToolConfig, toToolResult } from './peer-values.js';

/** Pages of tools/list followed at most (a peer whose cursors never end). */
const MAX_PAGES = 10_000;

const ok = <T>(val: T): Result<T, GuestError> => ({ tag: 'ok', val });
const err = <T>(val: GuestError): Result<T, GuestError> => ({ tag: 'err', val });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A result whose resultType says it is not complete (absent counts as complete: legacy results have none). */
const incomplete = (result: Record<string, unknown>) => result.resultType !== undefined && result.resultType !== 'complete';

/** A reply that is not a result, as the error the call fails with. */
function failure(a: Answer): GuestError | undefined {
  if (a.kind === 'closed') return closedError();
  if (a.kind === 'timeout') return guestError('timeout', 'the peer did not answer in time');
  if (a.kind === 'error') return peerError(a.error);
  return undefined;
}

/** A future's value for the component: a failure of the host's own becomes internal-error (jco must never see a bare Error). */
function settled<T>(what: string, work: Promise<Result<T, GuestError>>): Promise<Result<T, GuestError>> {
  return work.catch((e: unknown) => err(guestError('internal-error', `${what}: ${e instanceof Error ? e.message : String(e)}`)));
}

function malformed(what: string, e: unknown): GuestError {
  if (!(e instanceof BadValue)) throw e;
  return guestError('internal-error', `${what}${e.message}`);
}

export class Session {
  private readonly line: SessionLine;

  private constructor(
    private readonly conn: PeerConnection,
    private readonly era: PeerEra,
  ) {
    this.line = { conn, modernVersion: era.modernVersion };
  }

  /** Opens a session with the peer the host knows as `name`. */
  static open(name: string): Promise<Result<Session, GuestError>> {
    return settled('open', Session.connect(name));
  }

  private static async connect(name: string): Promise<Result<Session, GuestError>> {
    const found = lookupPeer(name);
    switch (found.kind) {
      case 'unknown':
        return err(guestError(defect('peer-unknown-unavailable') ? 'unavailable' : 'invalid-params', `unknown peer ${JSON.stringify(name)}`, { peer: name }));
      case 'unreadable':
        return err(guestError('unavailable', 'WASI_MCP_PEERS is not a JSON object of peer names to addresses'));
      case 'bad-address':
        return err(guestError('unavailable', `the peer's address in WASI_MCP_PEERS is not IP:PORT (peer ${name})`));
    }
    let conn: PeerConnection;
    try {
      conn = await PeerConnection.open(found.address);
    } catch (e) {
      return err(guestError('unavailable', `${e instanceof Error ? e.message : String(e)} (peer ${name})`));
    }
    const probed = await probeEra(conn, name);
    if (probed.kind === 'failed') {
      conn.release();
      return err(probed.error);
    }
    return ok(new Session(conn, probed.era));
  }

  protocolVersion(): string {
    return this.era.version;
  }

  serverInfo(): Implementation {
    return { ...this.era.info };
  }

  /** Every tool of the peer, following nextCursor to the last page. */
  listTools(): Promise<Result<ToolConfig[], GuestError>> {
    return settled('list-tools', this.allTools());
  }

  private async allTools(): Promise<Result<ToolConfig[], GuestError>> {
    const tools: ToolConfig[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await ask(this.line, 'tools/list', cursor === undefined ? {} : { cursor }).answer;
      const failed = failure(answer);
      if (failed) return err(failed);
      const result = answer.kind === 'result' && isObject(answer.result) ? answer.result : {};
      if (incomplete(result) || !Array.isArray(result.tools)) return err(guestError('internal-error', "the peer's tools/list result is not a ListToolsResult: tools"));
      try {
        for (const t of result.tools) tools.push(toToolConfig(t));
      } catch (e) {
        return err(malformed('the peer listed a tool with an invalid ', e));
      }
      const next = result.nextCursor;
      if (typeof next !== 'string' || next === '' || defect('peer-first-page-only')) break;
      cursor = next;
    }
    return ok(tools);
  }

  /**
   * Calls a tool of the peer. Writing `cancel` sends the peer
   * notifications/cancelled and resolves the call with internal-error
   * "cancelled"; the peer's later answer is dropped.
   */
  callTool(name: string, argumentsJson: string, cancel: PromiseLike<string>): Promise<Result<ToolResult, GuestError>> {
    return settled('call-tool', this.call(name, argumentsJson, cancel));
  }

  private async call(name: string, argumentsJson: string, cancel: PromiseLike<string>): Promise<Result<ToolResult, GuestError>> {
    let args: unknown;
    try {
      args = JSON.parse(argumentsJson);
    } catch {
      return err(guestError('invalid-params', 'the arguments are not JSON'));
    }
    if (!isObject(args)) return err(guestError('invalid-params', 'the arguments are not a JSON object'));
    if (this.conn.isEnded) return err(closedError());
    const release = holdInput();
    try {
      const { id, answer } = ask(this.line, 'tools/call', { name, arguments: defect('peer-arguments-dropped') ? {} : args });
      // A cancel future that is never written never settles, and one the component dropped rejects: neither cancels.
      const cancelled = new Promise<{ kind: 'cancelled'; reason: string }>((resolve) => {
        cancel.then(
          (reason) => resolve({ kind: 'cancelled', reason }),
          () => undefined,
        );
      });
      const first = await Promise.race([answer, cancelled]);
      if (first.kind === 'cancelled') {
        if (!defect('peer-cancel-not-forwarded')) this.conn.notify('notifications/cancelled', { requestId: id, reason: first.reason });
        this.conn.forget(id);
        return err(guestError('internal-error', 'cancelled'));
      }
      const failed = failure(first);
      if (failed) return err(failed);
      const result = first.kind === 'result' && isObject(first.result) ? first.result : undefined;
      if (result && incomplete(result)) {
        return err(guestError('internal-error', `the peer's tools/call result needs more than wasi:mcp/client relays: resultType ${String(result.resultType)}`));
      }
      try {
        return ok(toToolResult(result));
      } catch (e) {
        return err(malformed("the peer's tools/call result has an invalid ", e));
      }
    } finally {
      release();
    }
  }

  /** The component dropped the session: the connection closes once no request waits. */
  [Symbol.dispose](): void {
    this.conn.release();
  }
}
