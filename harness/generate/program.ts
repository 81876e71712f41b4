// What a generated program is: an era and a list of operations against one
// target, in the order they are sent, and how a program reads as text.
import type { Era } from '../model/case-types.js';

export type RequestId = string | number;

/** A request the program sends; `id` is unique in the program. */
export type Request =
  | { kind: 'echo'; id: RequestId; text: string }
  /** The fixture's `slow` tool: `steps` progress reports, `stepMs` apart; a progress token when `token` is set. */
  | { kind: 'slow'; id: RequestId; steps: number; stepMs: number; token?: RequestId }
  /** resources/read of a resource that answers at once. */
  | { kind: 'read'; id: RequestId; uri: string }
  /** resources/read of `fixture://slow/LABEL` (ten seconds of ticks): always cancelled, `cancelAfterMs` after it was sent unless a cancel operation comes first. */
  | { kind: 'read-slow'; id: RequestId; label: string; cancelAfterMs: number }
  | { kind: 'prompt'; id: RequestId; name: 'plain' }
  | { kind: 'prompt'; id: RequestId; name: 'greet'; who: string; style?: string }
  /** A request every MCP server answers somehow (a result or an error): for servers that are not the reference fixture. */
  | { kind: 'plain'; id: RequestId; method: string };

export type Operation =
  | Request
  /** notifications/cancelled for an earlier request, `afterMs` after that request was sent. */
  | { kind: 'cancel'; target: RequestId; afterMs: number; reason?: string }
  /** notifications/cancelled naming an id no request of the program has. */
  | { kind: 'cancel-unknown'; target: RequestId }
  | { kind: 'sleep'; ms: number };

export interface Program {
  era: Era;
  operations: Operation[];
}

export const REQUEST_KINDS: ReadonlySet<string> = new Set(['echo', 'slow', 'read', 'read-slow', 'prompt', 'plain']);

export function isRequest(op: Operation): op is Request {
  return REQUEST_KINDS.has(op.kind);
}

/** An id as JSON: how ids are compared (1 and "1" are different ids). */
export const idKey = (id: unknown): string => JSON.stringify(id ?? null);

const show = (v: unknown) => JSON.stringify(v);

/** One operation as a short phrase. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'echo':
      return `echo#${show(op.id)}(${show(op.text)})`;
    case 'slow':
      return `slow#${show(op.id)}(${op.steps}x${op.stepMs}ms${op.token !== undefined ? `, token ${show(op.token)}` : ''})`;
    case 'read':
      return `read#${show(op.id)}(${op.uri})`;
    case 'read-slow':
      return `read#${show(op.id)}(fixture://slow/${op.label}, cancelled at +${op.cancelAfterMs}ms)`;
    case 'prompt':
      return op.name === 'plain' ? `prompt#${show(op.id)}(plain)` : `prompt#${show(op.id)}(greet ${show(op.who)}${op.style !== undefined ? ` ${show(op.style)}` : ''})`;
    case 'plain':
      return `${op.method}#${show(op.id)}`;
    case 'cancel':
      return `cancel(${show(op.target)} at +${op.afterMs}ms${op.reason !== undefined ? `, ${show(op.reason)}` : ''})`;
    case 'cancel-unknown':
      return `cancel-unknown(${show(op.target)})`;
    case 'sleep':
      return `sleep ${op.ms}ms`;
  }
}

/** The program on one line: its era and operations. */
export function describeProgram(p: Program): string {
  return `[${p.era}] ${p.operations.map(describeOperation).join(' ; ')}`;
}
