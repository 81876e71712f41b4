// The fixture's tools, resources, templates and prompts as their lists show
// them (docs/fixtures.md). Lists are functions: `change` toggles entries.
import { state } from './state.js';
import { PROFILE } from './variant.js';

const schema = (properties, required) =>
  JSON.stringify(required ? { type: 'object', properties, required } : { type: 'object', properties });

function tool(name, title, description, inputSchema, extra) {
  return Object.assign(
    { name, title, description, inputSchema, outputSchema: null, annotations: null, meta: null },
    extra || {},
  );
}

export const ERROR_CODES = [
  'invalid-request', 'method-not-found', 'invalid-params', 'internal-error', 'resource-not-found',
  'tool-not-found', 'prompt-not-found', 'unauthorized', 'forbidden', 'timeout', 'rate-limited',
  'unavailable', 'missing-client-capability',
];

export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

const TOOLS = [
  tool('echo', 'Echo', 'Returns its text.', schema({ text: { type: 'string' } }, ['text']), {
    annotations: { title: null, readOnlyHint: true, destructiveHint: null, idempotentHint: true, openWorldHint: null },
    meta: JSON.stringify({ 'com.example.fixture/tag': 'echo' }),
  }),
  tool('add', 'Add', 'Adds two numbers.', schema({ a: { type: 'number' }, b: { type: 'number' } }, ['a', 'b']), {
    outputSchema: schema({ sum: { type: 'number' } }, ['sum']),
  }),
  tool('fail', 'Fail', 'Always fails (a tool execution error).', schema({})),
  tool('slow', 'Slow', 'Reports progress for a number of steps; stops when cancelled.', schema({
    steps: { type: 'integer', minimum: 0, default: 20 },
    step_ms: { type: 'integer', minimum: 0, default: 100 },
    label: { type: 'string' },
    log: { type: 'boolean', default: false },
    watch: { type: 'string', enum: ['both', 'future', 'stream'], default: 'both' },
  })),
  tool('observations', 'Observations', 'What the fixture recorded about streams, cancellations and changes.', schema({
    kind: { type: 'string', enum: ['stream', 'cancellation', 'changes'] },
    key: { type: 'string' },
  }, ['kind', 'key'])),
  tool('context', 'Context', 'The request context the call received.', schema({})),
  tool('log', 'Log', 'Writes log messages about the call.', schema({
    messages: {
      type: 'array',
      items: {
        type: 'object',
        properties: { level: { type: 'string', enum: LOG_LEVELS }, data: {}, logger: { type: 'string' } },
        required: ['level', 'data'],
      },
    },
  }, ['messages'])),
  tool('gallery', 'Gallery', 'One content block of every kind.', schema({})),
  tool('confirm', 'Confirm', 'Asks the user to confirm (elicitation).', schema({})),
  tool('retry-later', 'Retry later', 'Completes on a retry with its request state.', schema({})),
  tool('sample', 'Sample', 'Asks the client\'s model for a number (sampling).', schema({})),
  tool('roots', 'Roots', 'Counts the client\'s roots.', schema({})),
  tool('change', 'Change', 'Changes a list or a resource and reports the change.', schema({
    what: { type: 'string', enum: ['tools', 'prompts', 'resources', 'resource'] },
    uri: { type: 'string' },
  }, ['what'])),
  tool('raise', 'Raise', 'Fails the call with a protocol error.', schema({
    code: { type: 'string', enum: ERROR_CODES },
    message: { type: 'string' },
    data: {},
  }, ['code'])),
  tool('crash', 'Crash', 'Traps the component.', schema({})),
];

const EXTRA_TOOL = tool('extra', 'Extra', 'Listed while toggled on by change {what: tools}.', schema({}));

const MINIMAL_TOOLS = ['echo', 'log', 'change'];

const PEER = { peer: { type: 'string', description: 'The name of a peer the host knows.' } };

const CALLER_TOOLS = TOOLS.filter((t) => t.name === 'echo').concat([
  tool('peer-info', 'Peer info', 'Opens a session with a peer: its protocol version and server info.', schema(PEER, ['peer'])),
  tool('peer-tools', 'Peer tools', 'The names of a peer\'s tools.', schema(PEER, ['peer'])),
  tool('peer-call', 'Peer call', 'Calls a tool of a peer; its result is this call\'s result.', schema(Object.assign({}, PEER, {
    tool: { type: 'string' },
    arguments: { type: 'object' },
  }), ['peer', 'tool'])),
]);

export function tools() {
  if (PROFILE === 'minimal') return TOOLS.filter((t) => MINIMAL_TOOLS.indexOf(t.name) >= 0);
  if (PROFILE === 'caller') return CALLER_TOOLS;
  return state.extraTool ? TOOLS.concat([EXTRA_TOOL]) : TOOLS;
}

export function findTool(name) {
  return tools().find((t) => t.name === name) || null;
}

export const LARGE_SIZE = 1 << 20;

function resource(uri, name, title, description, mimeType, size, extra) {
  return Object.assign({ uri, name, title, description, mimeType, size, annotations: null, meta: null }, extra || {});
}

export const HELLO = resource(
  'fixture://text/hello.txt', 'hello.txt', 'Hello', 'A short text.', 'text/plain', 31, {
    annotations: { audience: ['user', 'assistant'], priority: 0.5, lastModified: '2026-01-01T00:00:00Z' },
    meta: JSON.stringify({ 'com.example.fixture/kind': 'text' }),
  },
);

const RESOURCES = [
  HELLO,
  resource('fixture://binary/bytes.bin', 'bytes.bin', 'Bytes', 'The 256 bytes 0..255.', 'application/octet-stream', 256),
  resource('fixture://large/1mib.bin', '1mib.bin', 'One MiB', '1 MiB, byte i is i % 251, in chunks of 64 KiB.',
    'application/octet-stream', LARGE_SIZE),
  resource('fixture://text/unicode.txt', 'unicode.txt', 'Unicode', 'Text beyond ASCII.', 'text/plain; charset=utf-8', 22),
  resource('fixture://text/config.json', 'config.json', 'Config', 'JSON served as text.', 'application/json', 12),
  resource('fixture://counter', 'counter', 'Counter', 'Counts the changes made to it.', 'text/plain', null),
  resource('fixture://text/failing.txt', 'failing.txt', 'Failing', 'A read that fails after 7 bytes.', 'text/plain', null),
];

const EXTRA_RESOURCE = resource(
  'fixture://text/extra.txt', 'extra.txt', 'Extra', 'Listed while toggled on by change {what: resources}.', 'text/plain', 5,
);

export function resources() {
  return state.extraResource ? RESOURCES.concat([EXTRA_RESOURCE]) : RESOURCES;
}

export function findResource(uri) {
  return resources().find((r) => r.uri === uri) || null;
}

function template(uriTemplate, name, title, description, mimeType) {
  return { uriTemplate, name, title, description, mimeType, annotations: null, meta: null };
}

export const TEMPLATES = [
  template('fixture://greeting/{name}', 'greeting', 'Greeting', 'A greeting for NAME.', 'text/plain'),
  template('fixture://sized/{total}/{chunk}', 'sized', 'Sized', 'TOTAL bytes of i % 251, offered in pieces of CHUNK bytes.',
    'application/octet-stream'),
  template('fixture://slow/{label}', 'slow', 'Slow', 'A tick every 100 ms, 100 times; stops when cancelled.', 'text/plain'),
  template('fixture://gated/{name}', 'gated', 'Gated', 'Readable on a retry with its request state.', 'text/plain'),
];

function prompt(name, title, description, args) {
  return { name, title, description, arguments: args || [], meta: null };
}

const PROMPTS = [
  prompt('plain', 'Plain', 'A prompt without arguments.'),
  prompt('greet', 'Greet', 'Asks to greet someone.', [
    { name: 'name', title: 'Name', description: 'Who to greet.', required: true },
    { name: 'style', title: 'Style', description: 'How to greet (default: plain).', required: false },
  ]),
  prompt('rich', 'Rich', 'Messages with media and an embedded resource.'),
  prompt('guarded', 'Guarded', 'Asks the user for a topic first (elicitation).'),
];

const EXTRA_PROMPT = prompt('extra', 'Extra', 'Listed while toggled on by change {what: prompts}.');

export function prompts() {
  return state.extraPrompt ? PROMPTS.concat([EXTRA_PROMPT]) : PROMPTS;
}
