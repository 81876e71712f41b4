// Typed wasi:mcp values → MCP JSON shapes.
import type { Content, Option, PromptConfig, ResourceConfig, ResourceTemplateConfig, ToolConfig, ToolResult } from './guest.js';

/** Copies the members that are present: WIT `option` none becomes an absent member. */
function present<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  return out;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`component returned invalid JSON for ${what}: ${(e as Error).message}`);
  }
}

const base64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const num = (n: Option<number | bigint>) => (n === undefined || n === null ? undefined : Number(n));

export function resource(r: ResourceConfig) {
  return present({ uri: r.uri, name: r.name, title: r.title, description: r.description, mimeType: r.mimeType, size: num(r.size) });
}

export function resourceTemplate(t: ResourceTemplateConfig) {
  return present({ uriTemplate: t.uriTemplate, name: t.name, title: t.title, description: t.description, mimeType: t.mimeType });
}

export function tool(t: ToolConfig) {
  return present({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: parseJson(t.inputSchema, `the input schema of ${t.name}`),
    outputSchema: t.outputSchema == null ? undefined : parseJson(t.outputSchema, `the output schema of ${t.name}`),
  });
}

export function prompt(p: PromptConfig) {
  return present({
    name: p.name,
    title: p.title,
    description: p.description,
    arguments: p.arguments.map((a) => present({ name: a.name, description: a.description, required: a.required })),
  });
}

export function content(c: Content) {
  switch (c.tag) {
    case 'text':
      return { type: 'text', text: c.val };
    case 'image':
      return { type: 'image', data: base64(c.val.data), mimeType: c.val.mimeType };
    case 'audio':
      return { type: 'audio', data: base64(c.val.data), mimeType: c.val.mimeType };
    case 'resource-link':
      return { type: 'resource_link', ...resource(c.val) };
  }
}

export function toolResult(r: ToolResult) {
  return present({
    content: r.content.map(content),
    structuredContent: r.structuredContent == null ? undefined : parseJson(r.structuredContent, 'structuredContent'),
    isError: r.isError ? true : undefined,
  });
}

export function resourceBody(uri: string, mimeType: Option<string>, kind: 'text' | 'blob', bytes: Uint8Array) {
  const body = kind === 'text' ? { text: Buffer.from(bytes).toString('utf8') } : { blob: base64(bytes) };
  return { ...present({ uri, mimeType }), ...body };
}
