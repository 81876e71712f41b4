// Shapes of MCP messages, checked with the schemas of the MCP project's
// TypeScript SDK (`@modelcontextprotocol/core`). No host of the suite uses
// this package, so a shape bug shared by a host and the checker cannot hide
// a defect. Era-specific rules that these schemas leave open (they accept
// both revisions) are in era-rules.ts.
import {
  CallToolResultSchema,
  CompleteResultSchema,
  DiscoverResultSchema,
  GetPromptResultSchema,
  InitializeResultSchema,
  JSONRPCMessageSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ListToolsResultSchema,
  ReadResourceResultSchema,
  ResultSchema,
  ServerNotificationSchema,
  ServerRequestSchema,
  SubscriptionsListenResultSchema,
} from '@modelcontextprotocol/core';

interface Parser {
  safeParse(v: unknown): { success: true } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * The result shape of each request a client may send to a server. An empty
 * result is the schema's `Result`, which allows any member (the SDK's own
 * EmptyResultSchema rejects extra members the specification allows).
 */
export const RESULT_SHAPES: Record<string, Parser> = {
  initialize: InitializeResultSchema,
  ping: ResultSchema,
  'server/discover': DiscoverResultSchema,
  'tools/list': ListToolsResultSchema,
  'tools/call': CallToolResultSchema,
  'resources/list': ListResourcesResultSchema,
  'resources/templates/list': ListResourceTemplatesResultSchema,
  'resources/read': ReadResourceResultSchema,
  'resources/subscribe': ResultSchema,
  'resources/unsubscribe': ResultSchema,
  'prompts/list': ListPromptsResultSchema,
  'prompts/get': GetPromptResultSchema,
  'completion/complete': CompleteResultSchema,
  'logging/setLevel': ResultSchema,
  'subscriptions/listen': SubscriptionsListenResultSchema,
};

function describe(what: string, r: ReturnType<Parser['safeParse']>): string | undefined {
  if (r.success) return undefined;
  const issues = r.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return `not a valid ${what}: ${issues.join('; ')}`;
}

export const officialShape = {
  message: (m: unknown) => describe('JSON-RPC message', JSONRPCMessageSchema.safeParse(m)),
  notification: (m: unknown) => describe(`server notification (${(m as { method?: string }).method})`, ServerNotificationSchema.safeParse(m)),
  request: (m: unknown) => describe(`server request (${(m as { method?: string }).method})`, ServerRequestSchema.safeParse(m)),
  result: (method: string, result: unknown) => {
    const shape = RESULT_SHAPES[method];
    return shape ? describe(`result of ${method}`, shape.safeParse(result)) : undefined;
  },
};
