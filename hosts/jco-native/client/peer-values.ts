// A peer's JSON as wasi:mcp values in jco's shape (hosts/jco-native/guest.ts):
// tools/list entries as tool-configs, a CallToolResult as a tool-result
// (content item for item, with annotations and _meta; structured content as
// JSON text), serverInfo as an implementation. `_meta` keeps the peer's own
// members, not the reserved io.modelcontextprotocol/ ones (wit/README.md,
// "Peers"). Each reader throws a BadValue naming the member that is wrong.
import { defect } from '../defects.js';
import type { Annotations, Content, Implementation, ResourceConfig, Role, ToolAnnotations, ToolConfig, ToolResult } from '../guest.js';

export class BadValue extends Error {}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

function reqString(o: Obj, key: string, name = key): string {
  const v = o[key];
  if (typeof v !== 'string') throw new BadValue(name);
  return v;
}

function optString(o: Obj, key: string, name = key): string | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (typeof v !== 'string') throw new BadValue(name);
  return v;
}

function optBool(o: Obj, key: string): boolean | undefined {
  const v = o[key];
  if (absent(v)) return undefined;
  if (typeof v !== 'boolean') throw new BadValue(key);
  return v;
}

/** Any JSON value as JSON text (absent or null: none). */
function optJson(v: unknown): string | undefined {
  return absent(v) ? undefined : JSON.stringify(v);
}

const RESERVED = 'io.modelcontextprotocol/';

/** `_meta` without the reserved keys, as JSON text; none when nothing is left. */
function optMeta(o: Obj, name = '_meta'): string | undefined {
  const m = o._meta;
  if (absent(m)) return undefined;
  if (!isObject(m)) throw new BadValue(name);
  const own = Object.entries(m).filter(([k]) => !k.startsWith(RESERVED));
  return own.length === 0 ? undefined : JSON.stringify(Object.fromEntries(own));
}

function optAnnotations(o: Obj): Annotations | undefined {
  const a = o.annotations;
  if (absent(a)) return undefined;
  if (!isObject(a)) throw new BadValue('annotations');
  let audience: Role[] = [];
  if (!absent(a.audience)) {
    if (!Array.isArray(a.audience) || a.audience.some((r) => r !== 'user' && r !== 'assistant')) throw new BadValue('annotations.audience');
    audience = a.audience as Role[];
  }
  if (!absent(a.priority) && typeof a.priority !== 'number') throw new BadValue('annotations.priority');
  return {
    audience,
    priority: absent(a.priority) ? undefined : (a.priority as number),
    lastModified: optString(a, 'lastModified', 'annotations.lastModified'),
  };
}

/** Standard base64, padding optional, no whitespace. */
function base64(text: unknown, name: string): Uint8Array {
  if (typeof text !== 'string') throw new BadValue(name);
  const bare = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(bare) || bare.length % 4 === 1 || text.length - bare.length > 2) throw new BadValue(name);
  return new Uint8Array(Buffer.from(bare, 'base64'));
}

function resourceLink(v: Obj): ResourceConfig {
  const size = v.size;
  if (!absent(size) && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) throw new BadValue('size');
  return {
    uri: reqString(v, 'uri'),
    name: reqString(v, 'name'),
    title: optString(v, 'title'),
    description: optString(v, 'description'),
    mimeType: optString(v, 'mimeType'),
    size: absent(size) ? undefined : BigInt(size as number),
    annotations: optAnnotations(v),
    meta: optMeta(v),
  };
}

function content(v: unknown): Content {
  if (!isObject(v)) throw new BadValue('content item');
  switch (v.type) {
    case 'text':
      return { tag: 'text', val: { text: reqString(v, 'text'), annotations: optAnnotations(v), meta: optMeta(v) } };
    case 'image':
    case 'audio':
      return {
        tag: v.type,
        val: { data: base64(v.data, 'data (base64)'), mimeType: reqString(v, 'mimeType'), annotations: optAnnotations(v), meta: optMeta(v) },
      };
    case 'resource_link':
      return { tag: 'resource-link', val: resourceLink(v) };
    case 'resource': {
      const r = v.resource;
      if (!isObject(r)) throw new BadValue('resource');
      const text = typeof r.text === 'string';
      if (!text && typeof r.blob !== 'string') throw new BadValue('resource.text or resource.blob');
      return {
        tag: 'resource',
        val: {
          contents: {
            uri: reqString(r, 'uri', 'resource.uri'),
            mimeType: optString(r, 'mimeType', 'resource.mimeType'),
            kind: text ? 'text' : 'blob',
            data: text ? new TextEncoder().encode(r.text as string) : base64(r.blob, 'resource.blob (base64)'),
            meta: optMeta(r, 'resource._meta'),
          },
          annotations: optAnnotations(v),
          meta: optMeta(v),
        },
      };
    }
    default:
      throw new BadValue('content type');
  }
}

export function toToolResult(v: unknown): ToolResult {
  if (!isObject(v)) throw new BadValue('result');
  if (!Array.isArray(v.content)) throw new BadValue('content');
  const items = v.content.map(content);
  if (!absent(v.isError) && typeof v.isError !== 'boolean') throw new BadValue('isError');
  return {
    content: defect('peer-first-content-only') ? items.slice(0, 1) : items,
    structuredContent: optJson(v.structuredContent),
    isError: v.isError === true,
    meta: optMeta(v),
  };
}

function toolAnnotations(v: Obj): ToolAnnotations | undefined {
  const a = v.annotations;
  if (absent(a)) return undefined;
  if (!isObject(a)) throw new BadValue('annotations');
  return {
    title: optString(a, 'title'),
    readOnlyHint: optBool(a, 'readOnlyHint'),
    destructiveHint: optBool(a, 'destructiveHint'),
    idempotentHint: optBool(a, 'idempotentHint'),
    openWorldHint: optBool(a, 'openWorldHint'),
  };
}

export function toToolConfig(v: unknown): ToolConfig {
  if (!isObject(v)) throw new BadValue('tool');
  if (!isObject(v.inputSchema)) throw new BadValue('inputSchema');
  if (!absent(v.outputSchema) && !isObject(v.outputSchema)) throw new BadValue('outputSchema');
  return {
    name: reqString(v, 'name'),
    title: optString(v, 'title'),
    description: optString(v, 'description'),
    inputSchema: JSON.stringify(v.inputSchema),
    outputSchema: optJson(v.outputSchema),
    annotations: toolAnnotations(v),
    meta: optMeta(v),
  };
}

export function toImplementation(v: unknown): Implementation {
  if (!isObject(v)) throw new BadValue('serverInfo');
  return {
    name: reqString(v, 'name', 'serverInfo.name'),
    version: reqString(v, 'version', 'serverInfo.version'),
    title: optString(v, 'title', 'serverInfo.title'),
    description: optString(v, 'description', 'serverInfo.description'),
    websiteUrl: optString(v, 'websiteUrl', 'serverInfo.websiteUrl'),
  };
}
