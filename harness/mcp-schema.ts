// Checks messages from a target against the MCP schema shipped by
// @modelcontextprotocol/sdk: every line must be a JSON-RPC message, a
// notification must be a known server notification, and a result must have
// the shape of the method it answers.
import {
  CallToolResultSchema,
  EmptyResultSchema,
  GetPromptResultSchema,
  InitializeResultSchema,
  JSONRPCMessageSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  ReadResourceResultSchema,
  ServerNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

interface Parser {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

const RESULT_SCHEMAS: Record<string, Parser> = {
  initialize: InitializeResultSchema,
  ping: EmptyResultSchema,
  'tools/list': ListToolsResultSchema,
  'tools/call': CallToolResultSchema,
  'resources/list': ListResourcesResultSchema,
  'resources/templates/list': ListResourceTemplatesResultSchema,
  'resources/read': ReadResourceResultSchema,
  'prompts/list': ListPromptsResultSchema,
  'prompts/get': GetPromptResultSchema,
};

function describe(schemaName: string, r: ReturnType<Parser['safeParse']>): string | undefined {
  if (r.success) return undefined;
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return `not a valid ${schemaName}: ${issues.join('; ')}`;
}

/**
 * Returns a description of what is wrong with a message from the server, or
 * undefined when it is valid. `methodOf` gives the method of the request a
 * response answers, when the harness sent it.
 */
export function checkServerMessage(message: unknown, methodOf: (id: unknown) => string | undefined): string | undefined {
  // JSON-RPC 2.0 answers an unreadable request with `id: null`; MCP's schema omits the id. Accept both.
  const m0 = message as { id?: unknown; error?: unknown } | null;
  if (m0 && typeof m0 === 'object' && m0.id === null && m0.error !== undefined) {
    const { id: _null, ...rest } = m0;
    message = rest;
  }
  const base = describe('JSON-RPC message', JSONRPCMessageSchema.safeParse(message));
  if (base) return base;
  const m = message as { id?: unknown; method?: string; result?: unknown };
  if (m.method !== undefined && m.id === undefined) return describe(`server notification (${m.method})`, ServerNotificationSchema.safeParse(message));
  if (m.result !== undefined) {
    const method = methodOf(m.id);
    const schema = method ? RESULT_SCHEMAS[method] : undefined;
    if (schema) return describe(`result of ${method}`, schema.safeParse(m.result));
  }
  return undefined;
}
