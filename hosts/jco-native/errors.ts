// wasi:mcp error-code → JSON-RPC error code (wit/README.md, "Errors").
/** A JSON-RPC error as the SDK sends it: its code, message and data go on the wire as they are. */
export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
  }
}

export const JSONRPC_CODE: Record<string, number> = {
  'invalid-request': -32600,
  'method-not-found': -32601,
  'invalid-params': -32602,
  'internal-error': -32603,
  'resource-not-found': -32002,
  'tool-not-found': -32602,
  'prompt-not-found': -32602,
  unauthorized: -32010,
  forbidden: -32011,
  timeout: -32012,
  'rate-limited': -32013,
  unavailable: -32014,
};

export interface GuestError {
  code: string;
  message: string;
  data?: string | null;
}

function isGuestError(v: unknown): v is GuestError {
  return typeof v === 'object' && v !== null && typeof (v as GuestError).code === 'string' && typeof (v as GuestError).message === 'string';
}

export function fromGuestError(e: GuestError): RpcError {
  let data: unknown;
  if (e.data != null) {
    try {
      data = JSON.parse(e.data);
    } catch {
      data = e.data;
    }
  }
  return new RpcError(JSONRPC_CODE[e.code] ?? -32603, e.message, data);
}

/**
 * Turns whatever a guest call threw into an RpcError: a `result` error the
 * guest returned, or a trap (the instance is unusable afterwards).
 */
export function fromThrown(thrown: unknown): RpcError {
  if (thrown instanceof RpcError) return thrown;
  const payload = (thrown as { payload?: unknown } | null)?.payload;
  if (isGuestError(payload)) return fromGuestError(payload);
  if (isGuestError(thrown)) return fromGuestError(thrown);
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  process.stderr.write(`wasi-mcp host: guest call failed: ${thrown instanceof Error ? thrown.stack : text}\n`);
  return new RpcError(-32603, `component trapped or failed: ${text}`);
}
