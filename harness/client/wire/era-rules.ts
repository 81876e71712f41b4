// Rules of each protocol era that the SDK's schemas leave open because they
// accept both revisions. Each rule cites the sentence it enforces; only
// MUST-level rules are here (SHOULD-level ones are cases of their own).
import type { Era } from '../../model/case-types.js';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Methods whose complete results carry cache hints (2026-07-28 server/utilities/caching: "Servers MUST include caching hints"). */
const CACHEABLE = new Set(['server/discover', 'tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);
/** 2026-07-28 basic/patterns/mrtr: "Servers MUST NOT send InputRequiredResult responses on any other client requests." */
const MAY_REQUIRE_INPUT = new Set(['tools/call', 'prompts/get', 'resources/read']);
/** Server notifications that exist in each era. */
const NOTIFICATIONS: Record<Era, ReadonlySet<string>> = {
  legacy: new Set([
    'notifications/cancelled', 'notifications/progress', 'notifications/message', 'notifications/resources/updated',
    'notifications/resources/list_changed', 'notifications/tools/list_changed', 'notifications/prompts/list_changed',
    'notifications/elicitation/complete', 'notifications/tasks/status',
  ]),
  modern: new Set([
    'notifications/cancelled', 'notifications/progress', 'notifications/message', 'notifications/resources/updated',
    'notifications/resources/list_changed', 'notifications/tools/list_changed', 'notifications/prompts/list_changed',
    'notifications/subscriptions/acknowledged',
  ]),
};

/** A result of `method` answered under `era`; undefined when it follows the era's rules. */
export function resultRule(era: Era, method: string, result: JsonObject): string | undefined {
  if (era === 'legacy') {
    // 2025-11-25 schema: CallToolResult.content is required (the SDK's schema defaults it).
    if (method === 'tools/call' && !Array.isArray(result.content)) return 'a CallToolResult must have a content list (2025-11-25 schema)';
    return undefined;
  }
  // 2026-07-28 basic/index#resulttype: "The result MUST include a resultType field".
  const type = result.resultType;
  if (type === undefined) return 'a 2026-07-28 result must have resultType (basic/index: "The result MUST include a resultType field")';
  if (type !== 'complete' && type !== 'input_required') {
    return `resultType ${JSON.stringify(type)} is neither "complete" nor "input_required" (no extension is negotiated)`;
  }
  if (type === 'input_required') {
    if (!MAY_REQUIRE_INPUT.has(method)) return `an input_required result answers ${method} (mrtr: "Servers MUST NOT send InputRequiredResult responses on any other client requests")`;
    if (result.inputRequests === undefined && result.requestState === undefined) {
      return 'an InputRequiredResult has neither inputRequests nor requestState (mrtr: "MUST include at least one of inputRequests or requestState")';
    }
    if (result.inputRequests !== undefined && !isObject(result.inputRequests)) return 'inputRequests is not a map of requests';
    if (result.requestState !== undefined && typeof result.requestState !== 'string') return 'requestState is not a string';
    return undefined;
  }
  if (method === 'tools/call' && !Array.isArray(result.content)) return 'a CallToolResult must have a content list';
  if (CACHEABLE.has(method)) {
    // caching: "Servers MUST include caching hints"; "Servers MUST provide a ttlMs value that is >= 0".
    if (!(Number.isInteger(result.ttlMs) && (result.ttlMs as number) >= 0)) {
      return `a ${method} result must carry ttlMs, an integer >= 0 (server/utilities/caching); got ${JSON.stringify(result.ttlMs)}`;
    }
    if (result.cacheScope !== 'public' && result.cacheScope !== 'private') {
      return `a ${method} result must carry cacheScope "public" or "private" (server/utilities/caching); got ${JSON.stringify(result.cacheScope)}`;
    }
  }
  return undefined;
}

/** A notification sent during `era`; undefined when it exists in that era. */
export function notificationRule(era: Era, method: string): string | undefined {
  if (!NOTIFICATIONS[era].has(method)) return `${method} is not a server notification of the ${era} era`;
  return undefined;
}

/** A request the server sent during `era`. */
export function requestRule(era: Era, method: string): string | undefined {
  // 2026-07-28 transports/stdio: "The server MUST NOT write JSON-RPC requests to stdout."
  if (era === 'modern') return `the server sent a ${method} request; in the 2026-07-28 era "The server MUST NOT write JSON-RPC requests to stdout"`;
  return undefined;
}
