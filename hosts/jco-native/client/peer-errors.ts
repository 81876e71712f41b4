// A peer's JSON-RPC errors as wasi:mcp `error`s, read back through the table
// of wit/README.md "Errors"; a code the table does not have becomes
// internal-error with `data: {"code": CODE, "data": DATA}`. Message and data
// are the peer's, so a component that returns the error passes it on as it is.
import { defect } from '../defects.js';
import type { ErrorCode, GuestError } from '../guest.js';

const CODES = new Map<number, ErrorCode>([
  [-32600, 'invalid-request'],
  [-32601, 'method-not-found'],
  [-32602, 'invalid-params'],
  [-32603, 'internal-error'],
  [-32002, 'resource-not-found'],
  [-32021, 'missing-client-capability'],
  [-31001, 'unauthorized'],
  [-31002, 'forbidden'],
  [-31003, 'timeout'],
  [-31004, 'rate-limited'],
  [-31005, 'unavailable'],
]);

/** An error record in jco's shape; `data` (any JSON value) goes as its JSON text. */
export function guestError(code: ErrorCode, message: string, data?: unknown): GuestError {
  return { code, message, data: data === undefined ? undefined : JSON.stringify(data) };
}

export function peerError(error: unknown): GuestError {
  const e = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message = typeof e.message === 'string' ? e.message : 'the peer answered with an error';
  const known = typeof e.code === 'number' ? CODES.get(e.code) : undefined;
  const code = defect('peer-errors-rewritten') ? 'internal-error' : (known ?? 'internal-error');
  if (known) return guestError(code, message, 'data' in e ? e.data : undefined);
  return guestError(code, message, { code: e.code ?? null, data: 'data' in e ? e.data : null });
}

/** The error of a request whose connection ended: the peer exited or closed it. */
export function closedError(what = 'the peer closed the connection'): GuestError {
  return guestError(defect('peer-closed-internal-error') ? 'internal-error' : 'unavailable', what);
}
