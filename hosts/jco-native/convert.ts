// Typed wasi:mcp values → MCP JSON, member for member (docs/targets.md,
// "Results"): option none → member absent, `json` text → parsed JSON,
// bytes → base64, u64 → number.
import { defect } from './defects.js';
import type {
  Annotations,
  BodyKind,
  CacheHint,
  Completion,
  Content,
  Implementation,
  Json,
  PromptConfig,
  PromptResult,
  ResourceConfig,
  ResourceContents,
  ResourceTemplateConfig,
  ServerCapabilities,
  ToolAnnotations,
  ToolConfig,
  ToolResult,
} from './guest.js';

type JsonObject = Record<string, unknown>;

/** Copies the members that are present: WIT `option` none becomes an absent member. */
function present(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`component returned invalid JSON for ${what}: ${(e as Error).message}`);
  }
}

const optionalJson = (text: Json | undefined, what: string) => (text === undefined ? undefined : parseJson(text, what));
const itemMeta = (text: Json | undefined, what: string) => (defect('drop-item-meta') ? undefined : optionalJson(text, `the _meta of ${what}`));

export function base64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(defect('hex-media') ? 'hex' : 'base64');
}

function bytesBase64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

export function implementation(i: Implementation): JsonObject {
  return present({ name: i.name, version: i.version, title: i.title, description: i.description, websiteUrl: i.websiteUrl });
}

export function capabilities(c: ServerCapabilities): JsonObject {
  const always = defect('capabilities-always-true');
  const out: JsonObject = {};
  if (c.tools) out.tools = { listChanged: always || c.tools.listChanged };
  if (c.resources) out.resources = { subscribe: always || c.resources.subscribe, listChanged: always || c.resources.listChanged };
  if (c.prompts) out.prompts = { listChanged: always || c.prompts.listChanged };
  if (c.logging) out.logging = {};
  if (c.completions) out.completions = {};
  if (c.extensions !== undefined) out.extensions = parseJson(c.extensions, 'capabilities.extensions');
  return out;
}

export function cacheFields(hint: CacheHint | undefined): { ttlMs: number; cacheScope: string } {
  if (!hint || defect('cache-hint-ignored')) return { ttlMs: 0, cacheScope: defect('cache-default-public') ? 'public' : 'private' };
  return { ttlMs: Number(hint.ttlMs), cacheScope: hint.scope };
}

export function annotations(a: Annotations | undefined): JsonObject | undefined {
  if (!a || defect('drop-annotations')) return undefined;
  return present({ audience: a.audience.length > 0 ? [...a.audience] : undefined, priority: a.priority, lastModified: a.lastModified });
}

function toolAnnotations(a: ToolAnnotations | undefined): JsonObject | undefined {
  if (!a || defect('drop-annotations')) return undefined;
  return present({
    title: a.title,
    readOnlyHint: a.readOnlyHint,
    destructiveHint: a.destructiveHint,
    idempotentHint: a.idempotentHint,
    openWorldHint: a.openWorldHint,
  });
}

export function tool(t: ToolConfig): JsonObject {
  return present({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: parseJson(t.inputSchema, `the input schema of ${t.name}`),
    outputSchema: optionalJson(t.outputSchema, `the output schema of ${t.name}`),
    annotations: toolAnnotations(t.annotations),
    _meta: itemMeta(t.meta, `tool ${t.name}`),
  });
}

export function resource(r: ResourceConfig): JsonObject {
  const dropped = defect('drop-item-details');
  return present({
    uri: r.uri,
    name: defect('name-from-title') ? (r.title ?? r.name) : r.name,
    title: dropped ? undefined : r.title,
    description: dropped ? undefined : r.description,
    mimeType: r.mimeType,
    size: dropped || r.size === undefined ? undefined : Number(r.size),
    annotations: annotations(r.annotations),
    _meta: itemMeta(r.meta, `resource ${r.uri}`),
  });
}

export function resourceTemplate(t: ResourceTemplateConfig): JsonObject {
  return present({
    uriTemplate: t.uriTemplate,
    name: t.name,
    title: t.title,
    description: t.description,
    mimeType: t.mimeType,
    annotations: annotations(t.annotations),
    _meta: itemMeta(t.meta, `resource template ${t.uriTemplate}`),
  });
}

export function prompt(p: PromptConfig): JsonObject {
  return present({
    name: p.name,
    title: p.title,
    description: p.description,
    arguments: p.arguments.map((a) => present({ name: a.name, title: a.title, description: a.description, required: a.required })),
    _meta: itemMeta(p.meta, `prompt ${p.name}`),
  });
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** `body-kind` decides text (UTF-8) or blob (base64), never the MIME type. */
export function bodyMember(kind: BodyKind, mimeType: string | undefined, bytes: Uint8Array): { text: string } | { blob: string } {
  const textual = defect('mime-decides-text') ? (mimeType ?? '').startsWith('text/') : kind === 'text';
  if (!textual) return { blob: bytesBase64(bytes) };
  return { text: (defect('latin1-text') ? latin1 : utf8).decode(bytes) };
}

export function resourceContents(uri: string, mimeType: string | undefined, kind: BodyKind, bytes: Uint8Array, meta: Json | undefined): JsonObject {
  return { ...present({ uri, mimeType }), ...bodyMember(kind, mimeType, bytes), ...present({ _meta: itemMeta(meta, `contents of ${uri}`) }) };
}

function embedded(c: ResourceContents): JsonObject {
  return resourceContents(c.uri, c.mimeType, c.kind, c.data, c.meta);
}

export function content(c: Content): JsonObject {
  switch (c.tag) {
    case 'text':
      return present({ type: 'text', text: c.val.text, annotations: annotations(c.val.annotations), _meta: itemMeta(c.val.meta, 'text content') });
    case 'image':
    case 'audio':
      return present({
        type: c.tag === 'audio' && defect('audio-as-image') ? 'image' : c.tag,
        data: base64(c.val.data),
        mimeType: c.val.mimeType,
        annotations: annotations(c.val.annotations),
        _meta: itemMeta(c.val.meta, `${c.tag} content`),
      });
    case 'resource-link':
      return { type: defect('resource-link-misspelled') ? 'resource-link' : 'resource_link', ...resource(c.val) };
    case 'resource': {
      const extras = present({ annotations: annotations(c.val.annotations), _meta: itemMeta(c.val.meta, 'embedded resource') });
      if (defect('flatten-embedded-resource')) return { type: 'resource', ...embedded(c.val.contents), ...extras };
      return { type: 'resource', resource: embedded(c.val.contents), ...extras };
    }
  }
}

function contentList(items: Content[]): JsonObject[] {
  const kept = defect('first-content-only') ? items.slice(0, 1) : items;
  return kept.map(content);
}

/** A tool result's body; its `meta` is the result envelope's business. */
export function toolResult(r: ToolResult): JsonObject {
  let structured: unknown;
  if (r.structuredContent !== undefined) structured = defect('structured-content-string') ? r.structuredContent : parseJson(r.structuredContent, 'structuredContent');
  return present({ content: contentList(r.content), structuredContent: structured, isError: r.isError ? true : undefined });
}

export function promptResult(r: PromptResult): JsonObject {
  return present({
    description: r.description,
    messages: r.messages.map((m) => ({ role: m.role, content: contentList([m.content])[0] })),
  });
}

export function completion(c: Completion): JsonObject {
  const dropped = defect('drop-completion-extras');
  return { completion: present({ values: [...c.values], total: dropped ? undefined : c.total, hasMore: dropped ? undefined : c.hasMore }) };
}
