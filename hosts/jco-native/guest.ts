// The shape of a wasi:mcp server component as jco transpiles it
// (wit/streaming.wit, wit/server.wit); variants are {tag, val}.

export type Option<T> = T | undefined | null;
export type Json = string;

export interface Implementation { name: string; version: string; title?: Option<string> }
export interface ServerCapabilities {
  tools?: Option<{ listChanged: boolean }>;
  resources?: Option<{ subscribe: boolean; listChanged: boolean }>;
  prompts?: Option<{ listChanged: boolean }>;
  logging: boolean;
}
export interface ServerConfig { info: Implementation; capabilities: ServerCapabilities; instructions?: Option<string> }
export interface ToolConfig { name: string; title?: Option<string>; description?: Option<string>; inputSchema: Json; outputSchema?: Option<Json> }
export interface ResourceConfig {
  uri: string; name: string; title?: Option<string>; description?: Option<string>; mimeType?: Option<string>; size?: Option<number | bigint>;
}
export interface ResourceTemplateConfig { uriTemplate: string; name: string; title?: Option<string>; description?: Option<string>; mimeType?: Option<string> }
export interface PromptConfig {
  name: string; title?: Option<string>; description?: Option<string>;
  arguments: { name: string; description?: Option<string>; required: boolean }[];
}
export interface Media { data: Uint8Array; mimeType: string }
export type Content =
  | { tag: 'text'; val: string }
  | { tag: 'image'; val: Media }
  | { tag: 'audio'; val: Media }
  | { tag: 'resource-link'; val: ResourceConfig };
export interface ToolResult { content: Content[]; structuredContent?: Option<Json>; isError: boolean }
export interface PromptResult { description?: Option<string>; messages: { role: 'user' | 'assistant'; content: Content }[] }
export interface Progress { progress: number; total?: Option<number>; message?: Option<string> }
export type Result<T, E> = { tag: 'ok'; val: T } | { tag: 'err'; val: E };

export interface StreamReader<T> {
  read(n: number): Promise<{ value: T; done: boolean }>;
  return?(): unknown;
  [Symbol.dispose]?(): void;
}

export interface GuestErrorRecord { code: string; message: string; data?: Option<string> }

export interface Guest {
  server: {
    initialize(client: { info: Implementation; protocolVersion: string; capabilities: Json }): Promise<ServerConfig>;
    listTools(cursor: Option<string>): Promise<{ tools: ToolConfig[]; nextCursor?: Option<string> }>;
    listResources(cursor: Option<string>): Promise<{ resources: ResourceConfig[]; nextCursor?: Option<string> }>;
    listResourceTemplates(cursor: Option<string>): Promise<{ resourceTemplates: ResourceTemplateConfig[]; nextCursor?: Option<string> }>;
    listPrompts(cursor: Option<string>): Promise<{ prompts: PromptConfig[]; nextCursor?: Option<string> }>;
    getPrompt(name: string, args: [string, string][]): Promise<PromptResult>;
  };
  streaming: {
    callTool(name: string, args: Json, cancel: PromiseLike<string>): Promise<{
      progress: StreamReader<Progress[]>;
      outcome: PromiseLike<Result<ToolResult, GuestErrorRecord>>;
    }>;
    readResource(uri: string, cancel: PromiseLike<string>): Promise<{
      uri: string; mimeType?: Option<string>; kind: 'text' | 'blob';
      body: StreamReader<Uint8Array>;
      end: PromiseLike<Result<undefined, GuestErrorRecord>>;
    }>;
  };
}
