// Checks every message a target writes: JSON-RPC and MCP shapes (official.ts)
// and the rules of the era the message belongs to (era-rules.ts).
import type { Era } from '../../model/case-types.js';
import { notificationRule, requestRule, resultRule } from './era-rules.js';
import { officialShape } from './official.js';

/** What the checker knows about a request the harness sent. */
export interface SentRequest {
  method: string;
  era: Era;
}

export interface CheckContext {
  /** The request a response answers, when the harness sent it. */
  requestOf(id: unknown): SentRequest | undefined;
  /** The era of the case: for notifications and server requests. */
  era: Era;
}

/** What is wrong with a message from the server, or undefined when it is valid. */
export function checkServerMessage(message: unknown, ctx: CheckContext): string | undefined {
  // JSON-RPC 2.0 answers an unreadable request with `id: null`; MCP's schema omits the id. Accept both.
  const m0 = message as { id?: unknown; error?: unknown } | null;
  if (m0 && typeof m0 === 'object' && m0.id === null && m0.error !== undefined) {
    const { id: _null, ...rest } = m0;
    message = rest;
  }
  const base = officialShape.message(message);
  if (base) return base;
  const m = message as { id?: unknown; method?: string; result?: Record<string, unknown> };
  if (m.method !== undefined && m.id === undefined) return notificationRule(ctx.era, m.method) ?? officialShape.notification(message);
  if (m.method !== undefined) return requestRule(ctx.era, m.method) ?? officialShape.request(message);
  if (m.result !== undefined) {
    const sent = ctx.requestOf(m.id);
    if (!sent) return undefined;
    const rule = resultRule(sent.era, sent.method, m.result);
    if (rule) return rule;
    // An interim input_required result has no method-specific shape.
    if (m.result.resultType === 'input_required') return undefined;
    return officialShape.result(sent.method, m.result);
  }
  return undefined;
}
