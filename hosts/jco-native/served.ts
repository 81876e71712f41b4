// What a method handler gets: one request, its era and context, the
// component's configuration, and a way to notify the client that falls
// silent once the request is cancelled.
import type { Cancellation } from './cancellation.js';
import type { Era } from './errors.js';
import type { RequestContext, ServerConfig } from './guest.js';
import type { RequestId } from './jsonrpc.js';

export interface Served {
  id: RequestId;
  era: Era;
  method: string;
  params: Record<string, unknown>;
  context: RequestContext;
  config: ServerConfig;
  progressToken: string | number | undefined;
  cancellation: Cancellation;
  notify(method: string, params: object): void;
}
