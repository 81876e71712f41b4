// The shape of a wasi:mcp@0.2.0 server component as jco transpiles it
// (wit/types.wit, wit/server.wit, wit/streaming.wit): camelCase members,
// variants as {tag, val}, options as `undefined`, u64 as bigint. An export
// returning `result<T, error>` resolves to T and throws the error as
// `.payload`; a `future<result<..>>` resolves to {tag: 'ok' | 'err', val}.

export type Json = string;

export type ErrorCode =
  | 'invalid-request'
  | 'method-not-found'
  | 'invalid-params'
  | 'internal-error'
  | 'resource-not-found'
  | 'tool-not-found'
  | 'prompt-not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'timeout'
  | 'rate-limited'
  | 'unavailable'
  | 'missing-client-capability';

export interface GuestError {
  code: ErrorCode;
  message: string;
  data?: Json;
}

export interface Implementation {
  name: string;
  version: string;
  title?: string;
  description?: string;
  websiteUrl?: string;
}

export type LogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

export interface TraceContext {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
}

export interface RequestContext {
  protocolVersion: string;
  clientInfo?: Implementation;
  clientCapabilities: Json;
  logLevel?: LogLevel;
  trace: TraceContext;
  meta?: Json;
}

export type CacheScope = 'public' | 'private';
export interface CacheHint {
  ttlMs: bigint;
  scope: CacheScope;
}

export interface ServerCapabilities {
  tools?: { listChanged: boolean };
  resources?: { subscribe: boolean; listChanged: boolean };
  prompts?: { listChanged: boolean };
  logging: boolean;
  completions: boolean;
  extensions?: Json;
}

export interface ServerConfig {
  info: Implementation;
  capabilities: ServerCapabilities;
  instructions?: string;
  cache?: CacheHint;
}

export type Role = 'user' | 'assistant';

export interface Annotations {
  audience: Role[];
  priority?: number;
  lastModified?: string;
}

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

export interface ToolConfig {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Json;
  outputSchema?: Json;
  annotations?: ToolAnnotations;
  meta?: Json;
}

export interface ResourceConfig {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: bigint;
  annotations?: Annotations;
  meta?: Json;
}

export interface ResourceTemplateConfig {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  annotations?: Annotations;
  meta?: Json;
}

export interface PromptArgument {
  name: string;
  title?: string;
  description?: string;
  required: boolean;
}

export interface PromptConfig {
  name: string;
  title?: string;
  description?: string;
  arguments: PromptArgument[];
  meta?: Json;
}

export type BodyKind = 'text' | 'blob';

export interface ResourceContents {
  uri: string;
  mimeType?: string;
  kind: BodyKind;
  data: Uint8Array;
  meta?: Json;
}

export interface TextContent {
  text: string;
  annotations?: Annotations;
  meta?: Json;
}

export interface MediaContent {
  data: Uint8Array;
  mimeType: string;
  annotations?: Annotations;
  meta?: Json;
}

export interface EmbeddedResource {
  contents: ResourceContents;
  annotations?: Annotations;
  meta?: Json;
}

export type Content =
  | { tag: 'text'; val: TextContent }
  | { tag: 'image'; val: MediaContent }
  | { tag: 'audio'; val: MediaContent }
  | { tag: 'resource-link'; val: ResourceConfig }
  | { tag: 'resource'; val: EmbeddedResource };

export interface ToolResult {
  content: Content[];
  structuredContent?: Json;
  isError: boolean;
  meta?: Json;
}

export interface PromptMessage {
  role: Role;
  content: Content;
}

export interface PromptResult {
  description?: string;
  messages: PromptMessage[];
  meta?: Json;
}

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

export interface LogMessage {
  level: LogLevel;
  logger?: string;
  data: Json;
}

export interface InputRequest {
  method: string;
  params: Json;
}

export interface InputRequired {
  requests: [string, InputRequest][];
  requestState?: string;
}

export interface Retry {
  responses: [string, Json][];
  requestState?: string;
}

export type Change =
  | { tag: 'tools-list-changed' }
  | { tag: 'prompts-list-changed' }
  | { tag: 'resources-list-changed' }
  | { tag: 'resource-updated'; val: string };

export type CompletionRef = { tag: 'prompt'; val: string } | { tag: 'resource-template'; val: string };

export interface Completion {
  values: string[];
  total?: number;
  hasMore?: boolean;
}

export type Result<T, E> = { tag: 'ok'; val: T } | { tag: 'err'; val: E };

/**
 * The host's end of a stream the component returned. `read(n)` gives a
 * Uint8Array for `stream<u8>` and an array of items otherwise, but a bare
 * item for `read(1)` (readItems hides that).
 */
export interface StreamReader<T> {
  read(n: number): Promise<{ value: T | undefined; done: boolean }>;
  [Symbol.dispose](): void;
}

/** The next items (at most `n`) of a stream of items, or undefined at its end. */
export async function readItems<T>(stream: StreamReader<T[]>, n: number): Promise<T[] | undefined> {
  const step = await stream.read(n);
  if (step.done || step.value === undefined) return undefined;
  return n === 1 ? [step.value as unknown as T] : step.value;
}

export interface ToolPage { tools: ToolConfig[]; nextCursor?: string; cache?: CacheHint }
export interface ResourcePage { resources: ResourceConfig[]; nextCursor?: string; cache?: CacheHint }
export interface ResourceTemplatePage { resourceTemplates: ResourceTemplateConfig[]; nextCursor?: string; cache?: CacheHint }
export interface PromptPage { prompts: PromptConfig[]; nextCursor?: string; cache?: CacheHint }

export type PromptOutcome = { tag: 'complete'; val: PromptResult } | { tag: 'input-required'; val: InputRequired };

export type CallEvent = { tag: 'progress'; val: Progress } | { tag: 'log'; val: LogMessage };
export type ToolOutcome = { tag: 'complete'; val: ToolResult } | { tag: 'input-required'; val: InputRequired };

export interface ToolCall {
  events: StreamReader<CallEvent[]>;
  outcome: PromiseLike<Result<ToolOutcome, GuestError>>;
}

export interface ResourceRead {
  uri: string;
  mimeType?: string;
  kind: BodyKind;
  body: StreamReader<Uint8Array>;
  end: PromiseLike<Result<undefined, GuestError>>;
  cache?: CacheHint;
  meta?: Json;
}

export type ReadOutcome = { tag: 'body'; val: ResourceRead } | { tag: 'input-required'; val: InputRequired };

export interface Guest {
  server: {
    describe(context: RequestContext): Promise<ServerConfig>;
    listTools(context: RequestContext, cursor: string | undefined): Promise<ToolPage>;
    listResources(context: RequestContext, cursor: string | undefined): Promise<ResourcePage>;
    listResourceTemplates(context: RequestContext, cursor: string | undefined): Promise<ResourceTemplatePage>;
    listPrompts(context: RequestContext, cursor: string | undefined): Promise<PromptPage>;
    getPrompt(context: RequestContext, name: string, args: [string, string][], retry: Retry | undefined): Promise<PromptOutcome>;
    complete(context: RequestContext, ref: CompletionRef, argument: [string, string], resolved: [string, string][]): Promise<Completion>;
    changes(): Promise<StreamReader<Change[]>>;
  };
  streaming: {
    callTool(context: RequestContext, name: string, args: Json, retry: Retry | undefined, cancel: PromiseLike<string>): Promise<ToolCall>;
    readResource(context: RequestContext, uri: string, retry: Retry | undefined, cancel: PromiseLike<string>): Promise<ReadOutcome>;
  };
}
