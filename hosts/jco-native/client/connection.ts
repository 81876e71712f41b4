// One TCP connection to a peer, carrying JSON-RPC messages one per line both
// ways (docs/targets.md, "Peers"). Requests get ids unique in the process;
// responses are matched to them by id. When the connection ends, every
// request still waiting hears so. The peer's own requests are answered (ping
// with {}, anything else -32601); its notifications are not relayed.
import { connect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { PeerAddress } from './peer-config.js';

export type Reply =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; error: unknown }
  /** The connection ended before the response came. */
  | { kind: 'closed' };

/** A line longer than this ends the connection: the peer is not speaking line-delimited JSON-RPC. */
const MAX_LINE = 64 * 1024 * 1024;

let nextId = 1;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class PeerConnection {
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private ended = false;
  private released = false;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.take(this.decoder.write(chunk)));
    socket.on('end', () => this.end());
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  /** Connects; rejects with what went wrong. */
  static open(address: PeerAddress): Promise<PeerConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.host, port: address.port });
      const failed = (e: Error) => {
        socket.destroy();
        reject(e);
      };
      socket.once('error', failed);
      socket.once('connect', () => {
        socket.off('error', failed);
        resolve(new PeerConnection(socket));
      });
    });
  }

  /** Whether the connection has ended (the peer closed it, or it failed). */
  get isEnded(): boolean {
    return this.ended;
  }

  /** Sends a request; `reply` settles with its response, or `closed`. */
  request(method: string, params: Record<string, unknown>): { id: number; reply: Promise<Reply> } {
    const id = nextId++;
    if (this.ended) return { id, reply: Promise.resolve({ kind: 'closed' }) };
    const reply = new Promise<Reply>((resolve) => this.waiting.set(id, resolve));
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, reply };
  }

  notify(method: string, params?: Record<string, unknown>): void {
    this.write(params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params });
  }

  /** Stops waiting for a request: its response, if one comes, is dropped. */
  forget(id: number): void {
    this.waiting.delete(id);
    this.closeIfIdle();
  }

  /** The owner lets go: the connection closes once no request waits for a response. */
  release(): void {
    this.released = true;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (this.released && this.waiting.size === 0 && !this.socket.destroyed) this.socket.end();
  }

  private write(message: object): void {
    if (this.ended || this.socket.destroyed) return;
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const settle of waiting) settle({ kind: 'closed' });
    this.socket.destroy();
  }

  private take(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, nl);
      this.partial = '';
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = nl + 1;
    }
    this.partial += text.slice(start);
    if (this.partial.length > MAX_LINE) this.end();
  }

  private onLine(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return; // not JSON: nothing to answer on a client connection
    }
    if (!isObject(message)) return;
    const { id } = message;
    if (typeof message.method === 'string') {
      if (typeof id === 'string' || typeof id === 'number') this.answerPeerRequest(id, message.method);
      return;
    }
    if (typeof id !== 'number') return;
    const settle = this.waiting.get(id);
    if (!settle) return;
    if ('result' in message) settle({ kind: 'result', result: message.result });
    else if ('error' in message) settle({ kind: 'error', error: message.error });
    else return;
    this.waiting.delete(id);
    this.closeIfIdle();
  }

  /** A request from the peer: the host offers ping and nothing else. */
  private answerPeerRequest(id: string | number, method: string): void {
    if (method === 'ping') this.write({ jsonrpc: '2.0', id, result: {} });
    else this.write({ jsonrpc: '2.0', id, error: { code: -32601, message: 'the client offers no such method' } });
  }
}
