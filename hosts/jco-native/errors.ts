// wasi:mcp errors → JSON-RPC errors (wit/README.md, "Errors"), and what a
// failed guest call becomes.
import { defect } from './defects.js';
import type { ErrorCode, GuestError } from './guest.js';
import { INTERNAL_ERROR, INVALID_PARAMS } from './jsonrpc.js';

export type Era = 'modern' | 'legacy';

/** A JSON-RPC error on its way to the client: code, message and data go on the wire as they are. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** An error the component returned: its message goes on the wire exactly as given. */
export class ComponentError extends RpcError {}

/** A guest call that trapped (or failed outside the component's `error`): -32603. */
export class TrapError extends RpcError {}

/** The message an error goes out with: the component's as given, the host's own rephrased under control-rephrased-errors. */
export function wireMessage(error: RpcError): string {
  return error instanceof ComponentError ? error.message : hostMessage(error.message);
}

/** A message the host made up itself (the wording is free; only code and data carry meaning). */
export function hostMessage(message: string): string {
  return defect('control-rephrased-errors') ? `Sorry: ${message}` : message;
}

export const invalidParams = (message: string, data?: unknown) => new RpcError(INVALID_PARAMS, message, data);

const EXTENSION_CODES: Record<string, number> = defect('old-extension-codes')
  ? { unauthorized: -32010, forbidden: -32011, timeout: -32012, 'rate-limited': -32013, unavailable: -32014 }
  : { unauthorized: -31001, forbidden: -31002, timeout: -31003, 'rate-limited': -31004, unavailable: -31005 };

export function jsonRpcCode(code: ErrorCode, era: Era): number {
  switch (code) {
    case 'invalid-request':
      return -32600;
    case 'method-not-found':
      return -32601;
    case 'invalid-params':
    case 'tool-not-found':
    case 'prompt-not-found':
      return -32602;
    case 'internal-error':
      return -32603;
    case 'resource-not-found':
      // 2026-07-28 forbids -32002; 2025-11-25 prescribes it.
      if (defect('modern-not-found-32002')) return -32002;
      if (defect('legacy-not-found-32602')) return -32602;
      return era === 'modern' ? -32602 : -32002;
    case 'missing-client-capability':
      return defect('missing-capability-internal') ? INTERNAL_ERROR : -32021;
    default:
      return EXTENSION_CODES[code] ?? INTERNAL_ERROR;
  }
}

function isGuestError(v: unknown): v is GuestError {
  return typeof v === 'object' && v !== null && typeof (v as GuestError).code === 'string' && typeof (v as GuestError).message === 'string';
}

export function fromGuestError(e: GuestError, era: Era): RpcError {
  let data: unknown;
  if (e.data === undefined && defect('error-data-null')) data = null;
  if (e.data !== undefined) {
    if (defect('error-data-string')) data = e.data;
    else {
      try {
        data = JSON.parse(e.data);
      } catch {
        process.stderr.write(`wasi-mcp host: error data of ${e.code} is not JSON; sent as a string\n`);
        data = e.data;
      }
    }
  }
  return new ComponentError(jsonRpcCode(e.code, era), e.message, data);
}

/** The component's error code, when a guest call failed with the component's `error`. */
export function guestErrorCode(thrown: unknown): ErrorCode | undefined {
  const payload = (thrown as { payload?: unknown } | null)?.payload;
  if (isGuestError(payload)) return payload.code;
  return isGuestError(thrown) ? thrown.code : undefined;
}

/** Whatever a guest call threw: an `error` the component returned, or a trap. */
export function fromThrown(thrown: unknown, era: Era): RpcError {
  if (thrown instanceof RpcError) return thrown;
  const payload = (thrown as { payload?: unknown } | null)?.payload;
  if (isGuestError(payload)) return fromGuestError(payload, era);
  if (isGuestError(thrown)) return fromGuestError(thrown, era);
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  process.stderr.write(`wasi-mcp host: guest call failed: ${thrown instanceof Error ? thrown.stack : text}\n`);
  if (defect('trap-kills-host')) process.exit(70);
  return new TrapError(INTERNAL_ERROR, `component trapped or failed: ${text}`);
}
