// Requests the host itself sends to a legacy client (elicitation, sampling,
// roots), with ids of its own: `wasi-mcp-1`, `wasi-mcp-2`, …
import { defect } from './defects.js';
import { RpcError } from './errors.js';
import { INTERNAL_ERROR, requestMessage, type RequestId } from './jsonrpc.js';

interface Waiting {
  method: string;
  resolve: (result: unknown) => void;
  reject: (e: RpcError) => void;
}

export class ClientRequests {
  private next = 1;
  private readonly waiting = new Map<RequestId, Waiting>();

  constructor(private readonly send: (message: object) => void) {}

  /** Sends one request; `round` is its place among the requests of one round (client-request-id-reused numbers by it). */
  request(method: string, params: unknown, round: number): Promise<unknown> {
    const id = `wasi-mcp-${defect('client-request-id-reused') ? round : this.next++}`;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { method, resolve, reject });
      this.send(requestMessage(defect('client-request-id-null') ? null : id, method, params));
    });
  }

  /** Settles the request a response answers; false when the id is not one of ours. */
  settle(id: RequestId, result: unknown, error: { code: number; message: string } | undefined): boolean {
    const w = this.waiting.get(id);
    if (!w) return false;
    this.waiting.delete(id);
    if (error) w.reject(new RpcError(INTERNAL_ERROR, `the client answered ${w.method} with error ${error.code}: ${error.message}`));
    else w.resolve(result);
    return true;
  }

  /** No response can come any more (stdin ended). */
  failAll(why: string): void {
    for (const [id, w] of this.waiting) {
      this.waiting.delete(id);
      w.reject(new RpcError(INTERNAL_ERROR, `no response to ${w.method}: ${why}`));
    }
  }
}
