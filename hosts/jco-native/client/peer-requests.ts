// What every request to a peer carries: in a modern session the 2026-07-28
// `_meta` envelope (protocol version, capabilities {}, the host's clientInfo),
// in a legacy one nothing more than its params.
import { defect } from '../defects.js';
import type { PeerConnection, Reply } from './connection.js';

/** The host as the client it is to its peers. */
export const HOST_CLIENT_INFO = { name: 'wasi-mcp-native-host', version: '0.2.0' } as const;

/** How long the host waits for an answer to `server/discover` before taking the peer for legacy. */
export const DISCOVER_TIMEOUT_MS = 2000;

export type Answer = Reply | { kind: 'timeout' };

export function envelope(version: string): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': version,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { ...HOST_CLIENT_INFO },
  };
}

/** A session's view of its connection: the era decides the params' envelope. */
export interface SessionLine {
  conn: PeerConnection;
  /** The modern version the session speaks, or undefined for a legacy session. */
  modernVersion: string | undefined;
}

/** Sends a request of the session; `answer` settles with the reply (or `timeout`, under peer-request-timeout). */
export function ask(line: SessionLine, method: string, params: Record<string, unknown>): { id: number; answer: Promise<Answer> } {
  const full = line.modernVersion === undefined ? params : { ...params, _meta: envelope(line.modernVersion) };
  const { id, reply } = line.conn.request(method, full);
  if (!defect('peer-request-timeout')) return { id, answer: reply };
  return { id, answer: withTimeout(line.conn, id, reply, DISCOVER_TIMEOUT_MS) };
}

/** The reply, or `timeout` once `ms` have passed (the request is then forgotten). */
export function withTimeout(conn: PeerConnection, id: number, reply: Promise<Reply>, ms: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => {
      conn.forget(id);
      resolve({ kind: 'timeout' });
    }, ms);
  });
  return Promise.race([reply, timeout]).finally(() => clearTimeout(timer));
}
