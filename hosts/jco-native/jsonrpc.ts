// JSON-RPC 2.0 framing: what an incoming line is, and the shapes of what
// goes out. Knows nothing of MCP methods.
import { defect } from './defects.js';

export type RequestId = string | number;

export type Incoming =
  | { kind: 'request'; id: RequestId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: RequestId; result?: unknown; error?: { code: number; message: string; data?: unknown } }
  /** -32700 or -32600; `id` only when it could be read. */
  | { kind: 'unreadable'; code: number; message: string; id?: RequestId };

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isRequestId(v: unknown): v is RequestId {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** The id a request is served (and answered) under: the one it carried. */
function requestIdAsRead(id: RequestId): RequestId {
  if (typeof id === 'number' && defect('id-uint32')) return id >>> 0;
  if (typeof id === 'string' && defect('string-ids-as-numbers') && /^-?\d+$/.test(id)) return Number(id);
  return id;
}

export function classify(line: string): Incoming {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'unreadable', code: PARSE_ERROR, message: 'Parse error' };
  }
  const invalid = (why: string): Incoming => {
    const id = isObject(value) && isRequestId(value.id) ? value.id : undefined;
    return { kind: 'unreadable', code: INVALID_REQUEST, message: `Invalid Request: ${why}`, ...(id === undefined ? {} : { id }) };
  };
  if (!isObject(value)) return invalid('not a JSON object');
  if (value.jsonrpc !== '2.0') return invalid('jsonrpc must be "2.0"');

  if ('method' in value) {
    if (typeof value.method !== 'string') return invalid('method must be a string');
    // JSON-RPC params are structured (object or array); MCP checks the rest.
    if ('params' in value && typeof value.params !== 'object') return invalid('params must be an object');
    if (value.params === null) return invalid('params must be an object');
    if (!('id' in value)) return { kind: 'notification', method: value.method, params: value.params };
    if (value.id === null && defect('null-id-as-notification')) return { kind: 'notification', method: value.method, params: value.params };
    if (!value.id && defect('falsy-id-absent')) return { kind: 'notification', method: value.method, params: value.params };
    if (!isRequestId(value.id)) return invalid('id must be a string or a number');
    return { kind: 'request', id: requestIdAsRead(value.id), method: value.method, params: value.params };
  }

  if ('result' in value || 'error' in value) {
    if (!isRequestId(value.id)) return invalid('a response needs a string or number id');
    if ('result' in value && 'error' in value) return invalid('a response has either result or error');
    if ('error' in value) {
      const e = value.error;
      if (!isObject(e) || typeof e.code !== 'number' || typeof e.message !== 'string') return invalid('malformed error object');
      return { kind: 'response', id: value.id, error: { code: e.code, message: e.message, ...('data' in e ? { data: e.data } : {}) } };
    }
    return { kind: 'response', id: value.id, result: value.result };
  }
  return invalid('neither a request, a notification nor a response');
}

export function resultMessage(id: RequestId, result: unknown): object {
  return { jsonrpc: '2.0', id, result };
}

/** An error response; without an id (unreadable input) MCP leaves `id` out, JSON-RPC 2.0 writes `null`: both are legal. */
export function errorMessage(id: RequestId | undefined, code: number, message: string, data?: unknown): object {
  const error = { code: defect('wrong-error-codes') ? INTERNAL_ERROR : code, message, ...(data === undefined ? {} : { data }) };
  const unknownId = defect('control-null-id-errors') ? { id: null } : {};
  return { jsonrpc: '2.0', ...(id === undefined ? unknownId : { id }), error };
}

export function notificationMessage(method: string, params?: object): object {
  return { jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) };
}

export function requestMessage(id: RequestId | null, method: string, params: unknown): object {
  return { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) };
}
