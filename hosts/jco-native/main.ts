// The suite's TypeScript wasi:mcp host: jco's native implementation of the
// host side. Loads a transpiled wasi:mcp server component and serves it as an
// MCP stdio server built on @modelcontextprotocol/sdk.
//
//   node24 main.js <transpiled component.js>
//
// WASI_MCP_GUEST_ENV (JSON object) is the guest's whole environment.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  InitializeRequestSchema,
  LATEST_PROTOCOL_VERSION,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import * as convert from './convert.js';
import { defect } from './defects.js';
import { fromGuestError, fromThrown, RpcError } from './errors.js';
import type { Guest, ServerCapabilities, StreamReader } from './guest.js';
import { LineTransport } from './stdio-transport.js';

const modulePath = process.argv[2];
if (!modulePath) {
  process.stderr.write('usage: main.js <transpiled-component.js>\n');
  process.exit(2);
}

// Least privilege and a clean transport: the guest sees only the environment
// it was given, and its stdout goes to stderr so it cannot corrupt the
// JSON-RPC stream (MCP stdio: stdout carries MCP messages only).
const cli = await import('@bytecodealliance/preview2-shim/cli');
cli._setEnv(JSON.parse(process.env.WASI_MCP_GUEST_ENV ?? '{}') as Record<string, string>);
if (!defect('stdout-passthrough')) cli._setStdout(cli.stderr.getStderr());

const guest = (await import(pathToFileURL(modulePath).href)) as Guest;

const server = new Server(
  { name: 'wasi-mcp-jco-native-host', version: '0.1.0' },
  { capabilities: { tools: {}, resources: {}, prompts: {} } },
);
let offered: ServerCapabilities | undefined;

type Extra = { signal: AbortSignal; _meta?: { progressToken?: string | number } | undefined; sendNotification: (n: never) => Promise<void> };

/** Registers a handler that validates params itself, so bad params are -32602 rather than the SDK's -32603. */
function handle<S extends z.ZodType>(schema: S, method: string, fn: (request: z.infer<S>, extra: Extra) => Promise<unknown>): void {
  const loose = z.object({ method: z.literal(method), params: z.unknown().optional() }).passthrough();
  server.setRequestHandler(loose, async (request, extra) => {
    const parsed = schema.safeParse(request);
    if (!parsed.success) throw new RpcError(-32602, `Invalid params for ${method}`, { issues: parsed.error.issues.map((i) => i.message) });
    const run = async () => {
      try {
        return (await fn(parsed.data, extra as unknown as Extra)) as never;
      } catch (e) {
        throw fromThrown(e);
      }
    };
    if (!defect('serial')) return run();
    const turn = serialQueue.then(run);
    serialQueue = turn.catch(() => undefined);
    return turn;
  });
}
let serialQueue: Promise<unknown> = Promise.resolve();

function requireOffered(what: 'tools' | 'resources' | 'prompts'): void {
  if (!offered?.[what]) throw new RpcError(-32601, `Method not found: the server offers no ${what}`);
}

/** A cancel future for the guest plus the function that writes it. */
function cancelFuture(): { future: Promise<string>; cancel: (reason: string) => void } {
  let cancel!: (reason: string) => void;
  const future = new Promise<string>((resolve) => (cancel = resolve));
  return { future, cancel };
}

async function drain<T>(stream: StreamReader<T>, each: (chunk: T) => Promise<void> | void, stopped: () => boolean): Promise<void> {
  for (;;) {
    if (stopped()) {
      // Dropping the readable end is the second cancellation signal the guest can see.
      await stream.return?.();
      return;
    }
    const { value, done } = await stream.read(65536);
    if (done) return;
    await each(value);
  }
}

handle(InitializeRequestSchema, 'initialize', async (request) => {
  const requested = request.params.protocolVersion;
  const supported = (SUPPORTED_PROTOCOL_VERSIONS.includes(requested) && !defect('fixed-protocol-version')) || defect('echo-protocol-version');
  const version = supported ? requested : LATEST_PROTOCOL_VERSION;
  const config = await guest.server.initialize({
    info: { name: request.params.clientInfo.name, version: request.params.clientInfo.version, title: request.params.clientInfo.title ?? null },
    protocolVersion: version,
    capabilities: JSON.stringify(request.params.capabilities ?? {}),
  });
  offered = config.capabilities;
  const capabilities: Record<string, unknown> = {};
  if (offered.tools) capabilities.tools = { listChanged: offered.tools.listChanged };
  if (offered.resources) capabilities.resources = { subscribe: offered.resources.subscribe, listChanged: offered.resources.listChanged };
  if (offered.prompts) capabilities.prompts = { listChanged: offered.prompts.listChanged };
  if (offered.logging) capabilities.logging = {};
  const info = config.info;
  return {
    protocolVersion: version,
    capabilities,
    serverInfo: { name: info.name, version: info.version, ...(info.title ? { title: info.title } : {}) },
    ...(config.instructions ? { instructions: config.instructions } : {}),
  };
});

handle(ListToolsRequestSchema, 'tools/list', async (request) => {
  requireOffered('tools');
  const page = await guest.server.listTools(request.params?.cursor ?? null);
  return { tools: page.tools.map(convert.tool), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
});

handle(CallToolRequestSchema, 'tools/call', async (request, extra) => {
  requireOffered('tools');
  if (defect('crash-on-call')) {
    process.stderr.write('host crashing on purpose (crash-on-call)\n');
    process.exit(3);
  }
  const { future, cancel } = cancelFuture();
  const call = await guest.streaming.callTool(request.params.name, JSON.stringify(request.params.arguments ?? {}), future);
  const forward = () => {
    if (!defect('ignore-cancel')) cancel(String(extra.signal.reason ?? 'cancelled'));
  };
  extra.signal.addEventListener('abort', forward, { once: true });
  const token = request.params._meta?.progressToken ?? (defect('progress-without-token') ? 'unrequested' : undefined);
  await drain(
    call.progress,
    async (reports) => {
      if (token === undefined || defect('drop-progress')) return;
      for (const p of reports) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: p.progress, ...(p.total != null ? { total: p.total } : {}), ...(p.message ? { message: p.message } : {}) },
        } as never);
      }
    },
    () => extra.signal.aborted && !defect('ignore-cancel'),
  );
  const outcome = await call.outcome;
  extra.signal.removeEventListener('abort', forward);
  if (outcome.tag === 'err') throw fromGuestError(outcome.val);
  return convert.toolResult(outcome.val);
});

handle(ListResourcesRequestSchema, 'resources/list', async (request) => {
  requireOffered('resources');
  const page = await guest.server.listResources(request.params?.cursor ?? null);
  return { resources: page.resources.map(convert.resource), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
});

handle(ListResourceTemplatesRequestSchema, 'resources/templates/list', async (request) => {
  requireOffered('resources');
  const page = await guest.server.listResourceTemplates(request.params?.cursor ?? null);
  return {
    resourceTemplates: page.resourceTemplates.map(convert.resourceTemplate),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
});

handle(ReadResourceRequestSchema, 'resources/read', async (request, extra) => {
  requireOffered('resources');
  const { future, cancel } = cancelFuture();
  const read = await guest.streaming.readResource(request.params.uri, future);
  extra.signal.addEventListener('abort', () => cancel(String(extra.signal.reason ?? 'cancelled')), { once: true });
  const chunks: Uint8Array[] = [];
  await drain(read.body, (chunk) => void chunks.push(chunk), () => extra.signal.aborted || (defect('truncate-read') && chunks.length > 0));
  if (!extra.signal.aborted && !defect('truncate-read')) {
    const end = await read.end;
    if (end.tag === 'err') throw fromGuestError(end.val);
  }
  return { contents: [convert.resourceBody(read.uri, read.mimeType, read.kind, Buffer.concat(chunks))] };
});

handle(ListPromptsRequestSchema, 'prompts/list', async (request) => {
  requireOffered('prompts');
  const page = await guest.server.listPrompts(request.params?.cursor ?? null);
  return { prompts: page.prompts.map(convert.prompt), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
});

handle(GetPromptRequestSchema, 'prompts/get', async (request) => {
  requireOffered('prompts');
  const args = Object.entries(request.params.arguments ?? {}).map(([k, v]) => [k, String(v)] as [string, string]);
  const result = await guest.server.getPrompt(request.params.name, args);
  return {
    ...(result.description ? { description: result.description } : {}),
    messages: result.messages.map((m) => ({ role: m.role, content: convert.content(m.content) })),
  };
});

if (defect('no-ping')) server.setRequestHandler(z.object({ method: z.literal('ping') }).passthrough(), async () => {
  throw new RpcError(-32601, 'Method not found');
});
if (defect('unknown-method-internal-error')) {
  server.fallbackRequestHandler = async () => {
    throw new RpcError(-32603, 'Internal error');
  };
}

const transport = new LineTransport(process.stdin, process.stdout);
transport.onclose = () => process.exit(0);
await server.connect(transport);
if (defect('respond-after-cancel')) {
  // Never abort a handler: the call runs on and its response is sent.
  (server as unknown as { _oncancel: () => Promise<void> })._oncancel = async () => {};
}
