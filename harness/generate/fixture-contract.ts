// What the reference fixture answers to each generated request, as
// docs/fixtures.md states it: the JSON-RPC message a request must be
// answered with (a pattern, docs/case-format.md#patterns), and how long the
// request takes at least.
import type { Pattern } from '../model/case-types.js';
import type { Request } from './program.js';

/** Bodies of the small resources (docs/fixtures.md, "Resources"). */
export const SMALL_RESOURCES: Readonly<Record<string, { mimeType: string; text?: string; blob?: string; textPattern?: Pattern }>> = {
  'fixture://text/hello.txt': { mimeType: 'text/plain', text: 'Hello from a wasi:mcp fixture.\n' },
  'fixture://binary/bytes.bin': { mimeType: 'application/octet-stream', blob: Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('base64') },
  'fixture://text/unicode.txt': { mimeType: 'text/plain; charset=utf-8', text: 'Grüße, 世界! 🌍\n' },
  'fixture://text/config.json': { mimeType: 'application/json', text: '{"ok":true}\n' },
  // The counter counts `change` calls, which programs do not make; any count is what it is.
  'fixture://counter': { mimeType: 'text/plain', textPattern: { $regex: '^count: [0-9]+$' } },
};

/** `fixture://sized/{total}/{chunk}`: `total` bytes of `i % 251`. */
export function sizedBody(total: number): string {
  return Buffer.from(Array.from({ length: total }, (_, i) => i % 251)).toString('base64');
}

function resourceContents(uri: string): Pattern {
  const fixed = SMALL_RESOURCES[uri];
  if (fixed) {
    return { uri, mimeType: fixed.mimeType, ...(fixed.blob !== undefined ? { blob: fixed.blob } : { text: fixed.textPattern ?? fixed.text }) };
  }
  const greeting = /^fixture:\/\/greeting\/([^/?#]+)$/.exec(uri);
  if (greeting) return { uri, mimeType: 'text/plain', text: `Hello, ${decodeURIComponent(greeting[1]!)}!` };
  const sized = /^fixture:\/\/sized\/([0-9]+)\/([0-9]+)$/.exec(uri);
  if (sized) return { uri, mimeType: 'application/octet-stream', blob: sizedBody(Number(sized[1])) };
  throw new Error(`no expected contents for ${uri}`);
}

const text = (t: string) => ({ type: 'text', text: t });

/** The response a request gets when it is neither cancelled nor broken. */
export function expectedResponse(r: Request): Pattern {
  switch (r.kind) {
    case 'echo':
      return { id: r.id, result: { content: [text(r.text)], isError: { $oneOf: [{ $absent: true }, false] } } };
    case 'slow':
      return { id: r.id, result: { content: [text(`completed ${r.steps} steps`)], isError: { $oneOf: [{ $absent: true }, false] } } };
    case 'read':
      return { id: r.id, result: { contents: [resourceContents(r.uri)] } };
    case 'read-slow':
      // Never answered when cancelled in time; a late answer holds the ticks read so far.
      return { id: r.id, result: { contents: [{ uri: `fixture://slow/${r.label}`, text: { $regex: '^(tick\\n)*$' } }] } };
    case 'prompt':
      if (r.name === 'plain') return { id: r.id, result: { messages: [{ role: 'user', content: text('Say hello.') }] } };
      return {
        id: r.id,
        result: {
          description: `A greeting for ${r.who}.`,
          messages: [{ role: 'user', content: text(`Greet ${r.who} in a ${r.style ?? 'plain'} style.`) }],
        },
      };
    case 'plain':
      // Any server answers, with a result or an error (the wire checks judge its shape).
      return { id: r.id };
  }
}

/** The progress notifications a `slow` call with a token sends before its response, in order. */
export function expectedProgress(r: Extract<Request, { kind: 'slow' }>): Pattern[] {
  return Array.from({ length: r.steps }, (_, i) => ({
    method: 'notifications/progress',
    params: { progressToken: r.token, progress: i + 1, total: r.steps, message: `step ${i + 1} of ${r.steps}` },
  }));
}

/** The least time a request takes in the fixture (ms): what decides whether a cancellation surely comes first. */
export function nominalDurationMs(r: Request): number {
  switch (r.kind) {
    case 'slow':
      return r.steps * r.stepMs;
    case 'read-slow':
      return 100 * 100;
    default:
      return 0;
  }
}

/** The JSON-RPC request a generated request is sent as (before the era's envelope). */
export function requestMessage(r: Request): { id: string | number; method: string; params?: Record<string, unknown> } {
  switch (r.kind) {
    case 'echo':
      return { id: r.id, method: 'tools/call', params: { name: 'echo', arguments: { text: r.text } } };
    case 'slow':
      return {
        id: r.id,
        method: 'tools/call',
        params: { name: 'slow', arguments: { steps: r.steps, step_ms: r.stepMs }, ...(r.token !== undefined ? { _meta: { progressToken: r.token } } : {}) },
      };
    case 'read':
      return { id: r.id, method: 'resources/read', params: { uri: r.uri } };
    case 'read-slow':
      return { id: r.id, method: 'resources/read', params: { uri: `fixture://slow/${r.label}` } };
    case 'prompt':
      return r.name === 'plain'
        ? { id: r.id, method: 'prompts/get', params: { name: 'plain' } }
        : { id: r.id, method: 'prompts/get', params: { name: 'greet', arguments: { name: r.who, ...(r.style !== undefined ? { style: r.style } : {}) } } };
    case 'plain':
      return { id: r.id, method: r.method, params: {} };
  }
}
