// The era's wrapping of a result body (docs/targets.md, "Results"): modern
// results carry `resultType`, `serverInfo` in `_meta` and, for discover,
// lists and reads, the cache fields; legacy results carry only the
// component's own `_meta`.
import * as convert from './convert.js';
import { defect } from './defects.js';
import type { Era } from './errors.js';
import type { CacheHint, InputRequired, Json, ServerConfig } from './guest.js';
import { META_SERVER_INFO } from './request-context.js';

type JsonObject = Record<string, unknown>;

export interface Finish {
  era: Era;
  /** The component's configuration, for `serverInfo`. */
  config: ServerConfig;
  /** The component's `meta` for this result. */
  meta?: Json | undefined;
  /** Present for cacheable results (discover, lists, read): the component's hint, or undefined for none. */
  cache?: { hint: CacheHint | undefined };
  /** The method, for defects that hit one kind of result. */
  method: string;
}

function metaObject(meta: Json | undefined): JsonObject {
  if (meta === undefined) return {};
  const parsed = convert.parseJson(meta, 'a result _meta');
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : {};
}

export function completeResult(body: JsonObject, f: Finish): JsonObject {
  const own = metaObject(f.meta);
  if (f.era === 'legacy' && !defect('result-type-on-legacy')) {
    return { ...body, ...(Object.keys(own).length > 0 && !defect('legacy-result-meta-dropped') ? { _meta: own } : {}) };
  }
  const dropped = defect('no-cache-fields') || (defect('no-cache-on-templates') && f.method === 'resources/templates/list');
  const cacheFields = f.cache && !dropped ? convert.cacheFields(f.cache.hint) : {};
  return { ...(defect('no-result-type') ? {} : { resultType: 'complete' }), ...body, ...cacheFields, _meta: withServerInfo(own, f.config) };
}

export function withServerInfo(meta: JsonObject, config: ServerConfig): JsonObject {
  return defect('no-server-info') ? meta : { ...meta, [META_SERVER_INFO]: convert.implementation(config.info) };
}

/** A modern `InputRequiredResult`: keyed input requests and/or the request state, no cache fields. */
export function inputRequiredResult(ir: InputRequired, config: ServerConfig): JsonObject {
  const result: JsonObject = defect('no-result-type') ? {} : { resultType: 'input_required' };
  if (ir.requests.length > 0) {
    const requests: JsonObject = {};
    for (const [key, req] of ir.requests) requests[key] = { method: req.method, params: convert.parseJson(req.params, `the params of input request ${key}`) };
    result.inputRequests = requests;
  }
  if (ir.requestState !== undefined) result.requestState = ir.requestState;
  if (defect('input-required-cache-fields')) Object.assign(result, convert.cacheFields(undefined));
  result._meta = withServerInfo({}, config);
  return result;
}
