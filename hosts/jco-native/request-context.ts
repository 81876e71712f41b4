// Era classification and the `request-context` every component call
// receives (wit/README.md, "Eras"): a modern request's `_meta` envelope is
// validated in the order docs/targets.md gives; a legacy request borrows its
// session's `initialize`.
import { defect } from './defects.js';
import { RpcError, invalidParams } from './errors.js';
import type { Implementation, LogLevel, RequestContext } from './guest.js';
import { isLogLevel } from './log-levels.js';
import { MODERN_VERSION, SUPPORTED_VERSIONS, isLegacyVersion } from './versions.js';

export const META_PROTOCOL_VERSION = 'io.modelcontextprotocol/protocolVersion';
export const META_CLIENT_INFO = 'io.modelcontextprotocol/clientInfo';
export const META_CLIENT_CAPABILITIES = 'io.modelcontextprotocol/clientCapabilities';
export const META_LOG_LEVEL = 'io.modelcontextprotocol/logLevel';
export const META_SERVER_INFO = 'io.modelcontextprotocol/serverInfo';
export const META_SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

const RESERVED_PREFIX = 'io.modelcontextprotocol/';
const TRACE_KEYS = ['traceparent', 'tracestate', 'baggage'] as const;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function metaOf(params: unknown): Record<string, unknown> | undefined {
  return isObject(params) && isObject(params._meta) ? params._meta : undefined;
}

/** Modern: `params._meta` carries the protocol version key, whatever its value. */
export function isModernRequest(params: unknown): boolean {
  const meta = metaOf(params);
  return meta !== undefined && Object.hasOwn(meta, META_PROTOCOL_VERSION);
}

/** An MCP `Implementation` (name and version required), or undefined when it is not one. */
export function implementationFrom(v: unknown): Implementation | undefined {
  if (!isObject(v) || typeof v.name !== 'string' || typeof v.version !== 'string') return undefined;
  for (const k of ['title', 'description', 'websiteUrl'] as const) {
    if (v[k] !== undefined && typeof v[k] !== 'string') return undefined;
  }
  const out: Implementation = { name: v.name, version: v.version };
  if (typeof v.title === 'string') out.title = v.title;
  if (typeof v.description === 'string') out.description = v.description;
  if (typeof v.websiteUrl === 'string') out.websiteUrl = v.websiteUrl;
  return out;
}

/** The `_meta` members a component sees as `meta`: everything the protocol does not reserve. */
function passThroughMeta(meta: Record<string, unknown> | undefined): string | undefined {
  if (!meta) return undefined;
  const rest: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(meta)) {
    if (k === 'progressToken' || k.startsWith(RESERVED_PREFIX) || (TRACE_KEYS as readonly string[]).includes(k)) continue;
    rest[k] = v;
    any = true;
  }
  return any ? JSON.stringify(rest) : undefined;
}

function traceOf(meta: Record<string, unknown> | undefined): RequestContext['trace'] {
  const trace: RequestContext['trace'] = {};
  for (const k of TRACE_KEYS) if (typeof meta?.[k] === 'string') trace[k] = meta[k] as string;
  return trace;
}

let firstModernContext: RequestContext | undefined;

/** Validates a modern request's envelope and builds its context; throws -32022 or -32602. */
export function modernContext(params: unknown): RequestContext {
  const meta = metaOf(params) ?? {};
  const version = meta[META_PROTOCOL_VERSION];
  if (typeof version === 'string' && version !== MODERN_VERSION && !(defect('legacy-version-served-modern') && isLegacyVersion(version))) {
    const data = defect('unsupported-version-no-data') ? { requested: version } : { supported: [...SUPPORTED_VERSIONS], requested: version };
    throw new RpcError(UNSUPPORTED_PROTOCOL_VERSION, 'Unsupported protocol version', data);
  }
  if (typeof version !== 'string') throw invalidParams(`_meta["${META_PROTOCOL_VERSION}"] must be a string`);
  let capabilities = meta[META_CLIENT_CAPABILITIES];
  if (capabilities === undefined && defect('lax-envelope')) capabilities = {};
  if (capabilities !== undefined && !isObject(capabilities) && defect('capabilities-type-unchecked')) capabilities = {};
  if (!isObject(capabilities)) throw invalidParams(`_meta["${META_CLIENT_CAPABILITIES}"] must be an object`);
  let clientInfo: Implementation | undefined;
  if (meta[META_CLIENT_INFO] !== undefined) {
    clientInfo = implementationFrom(meta[META_CLIENT_INFO]);
    if (!clientInfo && !defect('client-info-unchecked')) throw invalidParams(`_meta["${META_CLIENT_INFO}"] must be an Implementation (name and version strings)`);
  }
  let logLevel: LogLevel | undefined;
  if (meta[META_LOG_LEVEL] !== undefined) {
    if (isLogLevel(meta[META_LOG_LEVEL])) logLevel = meta[META_LOG_LEVEL] as LogLevel;
    else if (!defect('log-level-unchecked')) throw invalidParams(`_meta["${META_LOG_LEVEL}"] must be a log level`);
  }
  const context: RequestContext = {
    protocolVersion: version,
    clientCapabilities: JSON.stringify(capabilities),
    trace: traceOf(meta),
    ...(clientInfo ? { clientInfo } : {}),
    ...(logLevel ? { logLevel } : {}),
  };
  const passed = passThroughMeta(meta);
  if (passed !== undefined) context.meta = passed;
  if (defect('stale-request-context')) return (firstModernContext ??= context);
  return context;
}

/** The `_meta` keys under the reserved prefix this host knows. */
const KNOWN_RESERVED_KEYS: readonly string[] = [META_PROTOCOL_VERSION, META_CLIENT_INFO, META_CLIENT_CAPABILITIES, META_LOG_LEVEL];

/** reserved-meta-rejected: -32602 for an `io.modelcontextprotocol/` key of `_meta` the host does not know. */
export function rejectUnknownReservedMeta(params: unknown): void {
  const unknown = Object.keys(metaOf(params) ?? {}).find((k) => k.startsWith(RESERVED_PREFIX) && !KNOWN_RESERVED_KEYS.includes(k));
  if (unknown !== undefined) throw invalidParams(`_meta["${unknown}"] is not a key this server knows`);
}

/** What a legacy session's `initialize` established. */
export interface LegacyClient {
  protocolVersion: string;
  clientInfo?: Implementation;
  capabilities: Record<string, unknown>;
  logLevel?: LogLevel;
}

export function legacyContext(client: LegacyClient, params: unknown): RequestContext {
  const meta = metaOf(params);
  const context: RequestContext = {
    protocolVersion: client.protocolVersion,
    clientCapabilities: JSON.stringify(defect('legacy-context-capabilities-empty') ? {} : client.capabilities),
    trace: traceOf(meta),
    ...(client.clientInfo && !defect('legacy-client-info-dropped') ? { clientInfo: client.clientInfo } : {}),
    ...(client.logLevel ? { logLevel: client.logLevel } : {}),
  };
  const passed = passThroughMeta(meta);
  if (passed !== undefined) context.meta = passed;
  return context;
}

/** The request's progress token, string or number, exactly as sent. */
export function progressTokenOf(params: unknown): string | number | undefined {
  const token = metaOf(params)?.progressToken;
  if (typeof token === 'string') return token;
  if (typeof token === 'number' && Number.isFinite(token)) {
    if (token === 0 && defect('zero-token-ignored')) return undefined;
    return token;
  }
  return undefined;
}
