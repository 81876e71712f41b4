// The MCP methods, shared by both eras: each validates its params, calls the
// component with the request's context and wraps the answer for the era.
// Which era may call which method, and which capability a method needs,
// are here too.
import { CANCELLED } from './cancellation.js';
import type { ChangeHub, SubscriptionFilter } from './change-hub.js';
import type { ClientRequests } from './client-requests.js';
import type { ComponentConfig } from './component-config.js';
import * as convert from './convert.js';
import { defect } from './defects.js';
import { RpcError, guestErrorCode, invalidParams } from './errors.js';
import type { CacheHint, CompletionRef, Guest, ServerCapabilities } from './guest.js';
import type { LegacySession } from './legacy-session.js';
import { METHOD_NOT_FOUND } from './jsonrpc.js';
import { isLogLevel } from './log-levels.js';
import { optionalObject, optionalString, requiredString, stringPairs } from './params.js';
import { readResourceOnce } from './resource-read.js';
import { completeResult, inputRequiredResult } from './result-envelope.js';
import { isObject } from './request-context.js';
import { withRoundTrips } from './round-trips.js';
import type { Served } from './served.js';
import { callToolOnce } from './tool-call.js';
import { SUPPORTED_VERSIONS } from './versions.js';

type JsonObject = Record<string, unknown>;

export interface Deps {
  guest: Guest;
  config: ComponentConfig;
  hub: ChangeHub;
  clients: ClientRequests;
  session: () => LegacySession | undefined;
}

type Handler = (s: Served, d: Deps) => Promise<JsonObject>;

/** Methods a modern (2026-07-28) request may call. */
export const MODERN_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'subscriptions/listen',
]);

/** Methods 2026-07-28 removed: -32601 on a modern request. */
export const REMOVED_IN_MODERN: ReadonlySet<string> = new Set(['ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

/** Methods of a legacy session (`initialize` is the dispatcher's). */
export const LEGACY_METHODS: ReadonlySet<string> = new Set([
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
]);

/** Whether the component's capabilities offer the feature a method belongs to. */
export function offers(method: string, caps: ServerCapabilities): boolean {
  if (method.startsWith('tools/')) return caps.tools !== undefined;
  if (method === 'resources/subscribe' || method === 'resources/unsubscribe') return caps.resources?.subscribe === true;
  if (method.startsWith('resources/')) return caps.resources !== undefined;
  if (method.startsWith('prompts/')) return caps.prompts !== undefined;
  if (method === 'completion/complete') return caps.completions;
  if (method === 'logging/setLevel') return caps.logging;
  return true;
}

const finish = (s: Served, extra: { meta?: string | undefined; cache?: { hint: CacheHint | undefined } } = {}) => ({
  era: s.era,
  config: s.config,
  method: s.method,
  ...extra,
});

/** tools-order-rotates: where the next tools/list page starts. */
let rotation = 0;

function rotated<T>(items: T[]): T[] {
  if (items.length === 0) return items;
  const start = ++rotation % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

function list<K extends string, I, P extends { nextCursor?: string; cache?: CacheHint } & Record<K, I[]>>(
  key: K,
  fetch: (d: Deps, s: Served, cursor: string | undefined) => Promise<P>,
  item: (i: I) => JsonObject,
  cursorMayBeIgnored: boolean,
): Handler {
  return async (s, d) => {
    const cursor = optionalString(s.params, 'cursor');
    const page = await fetch(d, s, cursorMayBeIgnored && defect('ignore-cursor') ? undefined : cursor);
    const items = key === 'tools' && defect('tools-order-rotates') ? rotated(page[key]) : page[key];
    const body: JsonObject = { [key]: items.map(item) };
    if (page.nextCursor !== undefined) body.nextCursor = page.nextCursor;
    return completeResult(body, finish(s, { cache: { hint: page.cache } }));
  };
}

function subscriptionFilter(params: JsonObject): SubscriptionFilter {
  const n = params.notifications;
  if (!isObject(n)) throw invalidParams('params.notifications must be an object');
  const filter: SubscriptionFilter = {};
  for (const k of ['toolsListChanged', 'promptsListChanged', 'resourcesListChanged'] as const) {
    if (n[k] === undefined) continue;
    if (typeof n[k] !== 'boolean') throw invalidParams(`params.notifications.${k} must be a boolean`);
    filter[k] = n[k] as boolean;
  }
  if (n.resourceSubscriptions !== undefined) {
    const uris = n.resourceSubscriptions;
    if (!Array.isArray(uris) || !uris.every((u) => typeof u === 'string')) throw invalidParams('params.notifications.resourceSubscriptions must be a list of strings');
    filter.resourceSubscriptions = uris as string[];
  }
  return filter;
}

function completionRef(params: JsonObject): CompletionRef {
  const ref = params.ref;
  if (!isObject(ref)) throw invalidParams('params.ref must be an object');
  if (ref.type === 'ref/prompt' && typeof ref.name === 'string') return { tag: 'prompt', val: ref.name };
  if (ref.type === 'ref/resource' && typeof ref.uri === 'string') return { tag: defect('completion-ref-as-prompt') ? 'prompt' : 'resource-template', val: ref.uri };
  throw invalidParams('params.ref must be {type: "ref/prompt", name} or {type: "ref/resource", uri}');
}

/** A legacy ping's answer. */
export function pingResult(): JsonObject {
  if (defect('no-ping')) throw new RpcError(METHOD_NOT_FOUND, 'Method not found: ping');
  return {};
}

function legacySession(d: Deps): LegacySession {
  const session = d.session();
  if (!session) throw new Error('legacy method without a session');
  return session;
}

export const HANDLERS: Record<string, Handler> = {
  ping: async (s) => completeResult(pingResult(), finish(s)),

  // The dispatcher asked `describe` afresh for this request (s.config).
  'server/discover': async (s) => {
    const config = s.config;
    const body: JsonObject = {
      ...(defect('discover-no-versions') ? {} : { supportedVersions: [...SUPPORTED_VERSIONS] }),
      capabilities: convert.capabilities(config.capabilities),
    };
    if (config.instructions !== undefined) body.instructions = config.instructions;
    return completeResult(body, { era: s.era, config, method: s.method, cache: { hint: config.cache } });
  },

  'tools/list': list('tools', (d, s, c) => d.guest.server.listTools(s.context, c), convert.tool, false),
  'resources/list': list('resources', (d, s, c) => d.guest.server.listResources(s.context, c), convert.resource, true),
  'resources/templates/list': list('resourceTemplates', (d, s, c) => d.guest.server.listResourceTemplates(s.context, c), convert.resourceTemplate, true),
  'prompts/list': list('prompts', (d, s, c) => d.guest.server.listPrompts(s.context, c), convert.prompt, true),

  'tools/call': async (s, d) => {
    if (defect('crash-on-call')) {
      process.stderr.write('host crashing on purpose (crash-on-call)\n');
      process.exit(3);
    }
    const name = requiredString(s.params, 'name');
    const args = JSON.stringify(optionalObject(s.params, 'arguments') ?? {});
    const settled = await withRoundTrips(s, d.clients, (retry) => callToolOnce(d.guest, s, name, args, retry));
    if (settled.tag === 'input-required') return inputRequiredResult(settled.val, s.config);
    return completeResult(convert.toolResult(settled.val), finish(s, { meta: settled.val.meta }));
  },

  'resources/read': async (s, d) => {
    const uri = requiredString(s.params, 'uri');
    let settled;
    try {
      settled = await withRoundTrips(s, d.clients, (retry) => readResourceOnce(d.guest, s, uri, retry));
    } catch (e) {
      if (defect('not-found-empty-contents') && guestErrorCode(e) === 'resource-not-found') return completeResult({ contents: [] }, finish(s, { cache: { hint: undefined } }));
      throw e;
    }
    if (settled.tag === 'input-required') return inputRequiredResult(settled.val, s.config);
    return completeResult({ contents: settled.val.contents }, finish(s, { cache: { hint: settled.val.cache } }));
  },

  'prompts/get': async (s, d) => {
    const name = requiredString(s.params, 'name');
    const args = stringPairs(optionalObject(s.params, 'arguments'), 'params.arguments');
    const settled = await withRoundTrips(s, d.clients, (retry) => d.guest.server.getPrompt(s.context, name, args, retry));
    if (settled.tag === 'input-required') return inputRequiredResult(settled.val, s.config);
    return completeResult(convert.promptResult(settled.val), finish(s, { meta: settled.val.meta }));
  },

  'completion/complete': async (s, d) => {
    const ref = completionRef(s.params);
    const argument = optionalObject(s.params, 'argument');
    if (!argument || typeof argument.name !== 'string' || typeof argument.value !== 'string') {
      throw invalidParams('params.argument must be {name, value} with string members');
    }
    const context = optionalObject(s.params, 'context');
    const resolved = stringPairs(context === undefined ? undefined : optionalObject(context, 'arguments'), 'params.context.arguments');
    const value = defect('completion-value-dropped') ? '' : argument.value;
    const completion = await d.guest.server.complete(s.context, ref, [argument.name, value], defect('completion-context-dropped') ? [] : resolved);
    return completeResult(convert.completion(completion), finish(s));
  },

  'logging/setLevel': async (s, d) => {
    const level = s.params.level;
    if (!isLogLevel(level)) throw invalidParams('params.level must be a log level');
    if (s.era === 'legacy') legacySession(d).logLevel = level;
    return completeResult({}, finish(s));
  },

  'resources/subscribe': async (s, d) => {
    const uri = requiredString(s.params, 'uri');
    if (s.era === 'legacy') legacySession(d).subscriptions.add(uri);
    return completeResult({}, finish(s));
  },

  'resources/unsubscribe': async (s, d) => {
    const uri = requiredString(s.params, 'uri');
    if (s.era === 'legacy') legacySession(d).subscriptions.delete(uri);
    return completeResult({}, finish(s));
  },

  'subscriptions/listen': async (s, d) => {
    const filter = subscriptionFilter(s.params);
    await new Promise<void>((resolve, reject) => {
      void d.hub.listen(s.id, filter, s.config.capabilities).then(resolve);
      s.cancellation.onCancel(() => {
        d.hub.end(s.id);
        reject(CANCELLED);
      });
    });
    // Graceful closure (at shutdown): the response carries the subscription id too.
    return completeResult({}, finish(s, { meta: JSON.stringify(d.hub.subscriptionMeta(s.id) ?? {}) }));
  },
};
