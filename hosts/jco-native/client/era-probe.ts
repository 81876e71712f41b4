// Which era a peer speaks (docs/targets.md, "Peers"; 2026-07-28 stdio,
// "Backward Compatibility"): `server/discover` with the 2026-07-28 envelope;
// a DiscoverResult makes the session modern; an UnsupportedProtocolVersionError
// naming another modern version the host serves is probed once more with it;
// anything else, or no answer within 2 s, makes it legacy: `initialize` with
// 2025-11-25, then `notifications/initialized`.
import { defect } from '../defects.js';
import type { GuestError, Implementation } from '../guest.js';
import { LATEST_LEGACY_VERSION, MODERN_VERSION } from '../versions.js';
import type { PeerConnection } from './connection.js';
import { guestError, peerError } from './peer-errors.js';
import { DISCOVER_TIMEOUT_MS, HOST_CLIENT_INFO, envelope, withTimeout } from './peer-requests.js';
import { BadValue, toImplementation } from './peer-values.js';

/** The modern versions the host speaks to peers, newest first. */
const MODERN_VERSIONS: readonly string[] = [MODERN_VERSION];

export interface PeerEra {
  /** The modern version of a modern session; undefined for a legacy one. */
  modernVersion: string | undefined;
  /** The protocol version the session speaks. */
  version: string;
  info: Implementation;
}

type Probe = { kind: 'era'; era: PeerEra } | { kind: 'failed'; error: GuestError };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unreachable(what: string, peer: string): Probe {
  return { kind: 'failed', error: guestError('unavailable', `${what} (peer ${peer})`) };
}

/** Another modern version the host serves that a -32022 error names as supported. */
function otherModernVersion(error: unknown, asked: string): string | undefined {
  if (!isObject(error) || error.code !== -32022 || !isObject(error.data) || !Array.isArray(error.data.supported)) return undefined;
  const supported = error.data.supported as unknown[];
  return MODERN_VERSIONS.find((v) => v !== asked && supported.includes(v));
}

async function initialize(conn: PeerConnection, peer: string): Promise<Probe> {
  const { reply } = conn.request('initialize', { protocolVersion: LATEST_LEGACY_VERSION, capabilities: {}, clientInfo: { ...HOST_CLIENT_INFO } });
  const r = await reply;
  if (r.kind === 'closed') return unreachable('the peer closed the connection during initialize', peer);
  if (r.kind === 'error') return { kind: 'failed', error: peerError(r.error) };
  const result = isObject(r.result) ? r.result : {};
  try {
    if (typeof result.protocolVersion !== 'string') throw new BadValue('protocolVersion');
    const info = toImplementation(result.serverInfo);
    conn.notify('notifications/initialized');
    return { kind: 'era', era: { modernVersion: undefined, version: result.protocolVersion, info } };
  } catch (e) {
    if (!(e instanceof BadValue)) throw e;
    return { kind: 'failed', error: guestError('internal-error', `the peer's initialize result has no valid ${e.message}`) };
  }
}

/** What the peer's answer to a probe means: an era, a failure, or legacy (undefined). */
async function discover(conn: PeerConnection, peer: string, version: string, retried: boolean): Promise<Probe | 'legacy'> {
  const { id, reply } = conn.request('server/discover', { _meta: envelope(version) });
  const r = await withTimeout(conn, id, reply, DISCOVER_TIMEOUT_MS);
  if (r.kind === 'closed') return unreachable('the peer closed the connection during server/discover', peer);
  if (r.kind === 'timeout') return 'legacy';
  if (r.kind === 'error') {
    const other = retried ? undefined : otherModernVersion(r.error, version);
    if (other !== undefined) return discover(conn, peer, other, true);
    return defect('peer-no-legacy-fallback') ? { kind: 'failed', error: peerError(r.error) } : 'legacy';
  }
  const result = r.result;
  if (!isObject(result) || !Array.isArray(result.supportedVersions) || !isObject(result.capabilities)) return 'legacy';
  let info: Implementation;
  try {
    info = toImplementation(isObject(result._meta) ? result._meta['io.modelcontextprotocol/serverInfo'] : undefined);
  } catch {
    // A DiscoverResult without a valid serverInfo: the session is modern all the same.
    info = { name: '', version: '' };
  }
  return { kind: 'era', era: { modernVersion: version, version, info } };
}

/** Finds the era of the peer at the other end of `conn` (called `peer`): the session's era, or why it cannot be opened. */
export async function probeEra(conn: PeerConnection, peer: string): Promise<Probe> {
  if (defect('peer-legacy-only')) return initialize(conn, peer);
  const probed = await discover(conn, peer, MODERN_VERSIONS[0]!, false);
  if (probed !== 'legacy') return probed;
  if (defect('peer-no-legacy-fallback')) return unreachable('the peer did not answer server/discover', peer);
  return initialize(conn, peer);
}
