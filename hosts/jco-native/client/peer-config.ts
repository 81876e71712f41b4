// The peers the host may connect to (docs/targets.md, "Peers"):
// WASI_MCP_PEERS, a JSON object from peer name to "IP:PORT" (an IPv4 literal,
// or an IPv6 literal in brackets). Read from the host's own environment, never
// the guest's.
import { isIPv4, isIPv6 } from 'node:net';

export interface PeerAddress {
  host: string;
  port: number;
}

export type PeerLookup =
  | { kind: 'found'; address: PeerAddress }
  | { kind: 'unknown' }
  | { kind: 'bad-address'; text: string }
  | { kind: 'unreadable' };

/** "127.0.0.1:40123" or "[::1]:40123"; undefined for anything else (names are not looked up). */
export function parsePeerAddress(text: string): PeerAddress | undefined {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  const plain = /^([^:[\]]+):(\d+)$/.exec(text);
  const host = bracketed ? bracketed[1]! : plain?.[1];
  const portText = bracketed ? bracketed[2]! : plain?.[2];
  if (host === undefined || portText === undefined) return undefined;
  if (bracketed ? !isIPv6(host) : !isIPv4(host)) return undefined;
  if (portText.length > 1 && portText.startsWith('0')) return undefined;
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

/** Where the peer called `name` listens, per `peers` (the text of WASI_MCP_PEERS; undefined: no peers). */
export function lookupPeer(name: string, peers: string | undefined = process.env.WASI_MCP_PEERS): PeerLookup {
  if (peers === undefined) return { kind: 'unknown' };
  let table: unknown;
  try {
    table = JSON.parse(peers);
  } catch {
    return { kind: 'unreadable' };
  }
  if (typeof table !== 'object' || table === null || Array.isArray(table)) return { kind: 'unreadable' };
  const entries = table as Record<string, unknown>;
  if (Object.values(entries).some((v) => typeof v !== 'string')) return { kind: 'unreadable' };
  if (!Object.hasOwn(entries, name)) return { kind: 'unknown' };
  const text = entries[name] as string;
  const address = parsePeerAddress(text);
  return address ? { kind: 'found', address } : { kind: 'bad-address', text };
}
