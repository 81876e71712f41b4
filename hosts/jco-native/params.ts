// Checks of request params (docs/targets.md, "Every request", step 4):
// missing or mistyped members are -32602.
import { invalidParams } from './errors.js';
import { isObject } from './request-context.js';

type Params = Record<string, unknown>;

export function requiredString(params: Params, key: string): string {
  const v = params[key];
  if (typeof v !== 'string') throw invalidParams(`params.${key} must be a string`);
  return v;
}

export function optionalString(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidParams(`params.${key} must be a string`);
  return v;
}

export function optionalObject(params: Params, key: string): Record<string, unknown> | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (!isObject(v)) throw invalidParams(`params.${key} must be an object`);
  return v;
}

/** An object of string values, as name/value pairs. */
export function stringPairs(value: Record<string, unknown> | undefined, what: string): [string, string][] {
  if (value === undefined) return [];
  return Object.entries(value).map(([k, v]) => {
    if (typeof v !== 'string') throw invalidParams(`${what}.${k} must be a string`);
    return [k, v];
  });
}

/** The params members MCP defines for each method, `_meta` aside (strict-params refuses any other). */
const DEFINED_MEMBERS: Record<string, readonly string[]> = {
  'tools/list': ['cursor'],
  'resources/list': ['cursor'],
  'resources/templates/list': ['cursor'],
  'prompts/list': ['cursor'],
  'tools/call': ['name', 'arguments', 'inputResponses', 'requestState'],
  'resources/read': ['uri', 'inputResponses', 'requestState'],
  'prompts/get': ['name', 'arguments', 'inputResponses', 'requestState'],
  'completion/complete': ['ref', 'argument', 'context'],
  'logging/setLevel': ['level'],
  'resources/subscribe': ['uri'],
  'resources/unsubscribe': ['uri'],
  'subscriptions/listen': ['notifications'],
};

/** strict-params: -32602 for a member the method does not define. */
export function rejectUndefinedMembers(method: string, params: Params): void {
  const defined = DEFINED_MEMBERS[method] ?? [];
  const extra = Object.keys(params).find((k) => k !== '_meta' && !defined.includes(k));
  if (extra !== undefined) throw invalidParams(`params.${extra} is not a member of ${method}`);
}
