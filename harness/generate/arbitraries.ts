// Random programs (fast-check arbitraries): up to six operations in one era,
// each request with its own id (numbers and strings, unique as JSON values:
// 1 and "1" are different ids), cancellations naming an earlier request by
// position. Everything a program holds shrinks, operations first: fewer
// operations, then smaller ids, shorter texts, fewer steps.
import fc from 'fast-check';
import type { Era } from '../model/case-types.js';
import { SMALL_RESOURCES } from './fixture-contract.js';
import { idKey, isRequest, type Operation, type Program, type Request, type RequestId } from './program.js';

/** `reference`: the reference fixture's tools, resources and prompts; `portable`: requests any MCP server answers. */
export type Vocabulary = 'reference' | 'portable';

export const MAX_OPERATIONS = 6;

/** A string a step would read as a saved value (`${NAME}`, docs/case-format.md): never generated. */
const SAVED_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

function textArb(o: { minLength?: number; maxLength: number }): fc.Arbitrary<string> {
  return fc
    .oneof(fc.string({ unit: 'grapheme-ascii', ...o }), fc.string({ unit: 'grapheme', ...o }))
    .filter((s) => !SAVED_REFERENCE.test(s));
}

/**
 * Request ids: small and large integers, falsy ones, strings that read as numbers, any strings;
 * never the harness's own (`harness-...`, docs/targets.md).
 */
const idArb: fc.Arbitrary<RequestId> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom<RequestId>(0, '', -1),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  textArb({ maxLength: 10 }).filter((s) => !s.startsWith('harness-')),
);

const uriArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...Object.keys(SMALL_RESOURCES)), weight: 3 },
  { arbitrary: textArb({ minLength: 1, maxLength: 12 }).map((name) => `fixture://greeting/${encodeURIComponent(name)}`), weight: 1 },
  {
    // Small enough that a response stays one transcript line.
    arbitrary: fc.record({ total: fc.integer({ min: 0, max: 2048 }), pieces: fc.integer({ min: 1, max: 8 }) }).map(({ total, pieces }) => `fixture://sized/${total}/${Math.max(1, Math.ceil(total / pieces))}`),
    weight: 1,
  },
);

/** An operation as drawn: `pick` chooses among the requests before it (the slow ones when `slowFirst` and there are any), 0 the latest. */
type Shape =
  | { kind: 'echo'; id: RequestId; text: string }
  | { kind: 'slow'; id: RequestId; steps: number; stepMs: number; token: RequestId | null }
  | { kind: 'read'; id: RequestId; uri: string }
  | { kind: 'read-slow'; id: RequestId; label: string; cancelAfterMs: number }
  | { kind: 'prompt-plain'; id: RequestId }
  | { kind: 'prompt-greet'; id: RequestId; who: string; style: string | null }
  | { kind: 'plain'; id: RequestId; method: string }
  | { kind: 'cancel'; pick: number; slowFirst: boolean; afterMs: number; reason: string | null }
  | { kind: 'cancel-unknown'; id: RequestId }
  | { kind: 'sleep'; ms: number };

// Most cancellations come soon after their request (while a slow call surely runs), some late.
const cancelArb = fc.record({
  kind: fc.constant('cancel' as const),
  pick: fc.nat({ max: 5 }),
  // Mostly a call that runs long enough to be cancelled for sure.
  slowFirst: fc.oneof({ arbitrary: fc.constant(true), weight: 2 }, { arbitrary: fc.constant(false), weight: 1 }),
  afterMs: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 800 })),
  reason: fc.option(textArb({ maxLength: 12 })),
});
const sleepArb = fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 200 }) });
const cancelUnknownArb = fc.record({ kind: fc.constant('cancel-unknown' as const), id: idArb });

function shapeArb(vocabulary: Vocabulary): fc.Arbitrary<Shape> {
  if (vocabulary === 'portable') {
    return fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('plain' as const), id: idArb, method: fc.constantFrom('hello', 'tools/list', 'resources/list', 'prompts/list') }), weight: 4 },
      { arbitrary: cancelArb, weight: 2 },
      { arbitrary: cancelUnknownArb, weight: 1 },
      { arbitrary: sleepArb, weight: 1 },
    );
  }
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('echo' as const), id: idArb, text: textArb({ maxLength: 30 }) }), weight: 3 },
    {
      arbitrary: fc.record({
        kind: fc.constant('slow' as const),
        id: idArb,
        steps: fc.noBias(fc.integer({ min: 1, max: 6 })),
        stepMs: fc.noBias(fc.integer({ min: 10, max: 250 })),
        token: fc.option(idArb),
      }),
      weight: 5,
    },
    { arbitrary: fc.record({ kind: fc.constant('read' as const), id: idArb, uri: uriArb }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('read-slow' as const), id: idArb, label: fc.stringMatching(/^[a-z0-9]{1,8}$/), cancelAfterMs: fc.integer({ min: 0, max: 400 }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('prompt-plain' as const), id: idArb }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('prompt-greet' as const), id: idArb, who: textArb({ minLength: 1, maxLength: 12 }), style: fc.option(textArb({ maxLength: 10 })) }), weight: 1 },
    { arbitrary: cancelArb, weight: 6 },
    { arbitrary: cancelUnknownArb, weight: 1 },
    { arbitrary: sleepArb, weight: 2 },
  );
}

/** Turns drawn operations into a program; a cancel with no request before it is left out. */
export function assemble(era: Era, shapes: Shape[]): Program {
  const requests: Request[] = [];
  const operations: Operation[] = [];
  const push = (r: Request) => {
    requests.push(r);
    operations.push(r);
  };
  for (const s of shapes) {
    switch (s.kind) {
      case 'echo':
        push({ kind: 'echo', id: s.id, text: s.text });
        break;
      case 'slow':
        push({ kind: 'slow', id: s.id, steps: s.steps, stepMs: s.stepMs, ...(s.token !== null ? { token: s.token } : {}) });
        break;
      case 'read':
        push({ kind: 'read', id: s.id, uri: s.uri });
        break;
      case 'read-slow':
        push({ kind: 'read-slow', id: s.id, label: s.label, cancelAfterMs: s.cancelAfterMs });
        break;
      case 'prompt-plain':
        push({ kind: 'prompt', id: s.id, name: 'plain' });
        break;
      case 'prompt-greet':
        push({ kind: 'prompt', id: s.id, name: 'greet', who: s.who, ...(s.style !== null ? { style: s.style } : {}) });
        break;
      case 'plain':
        push({ kind: 'plain', id: s.id, method: s.method === 'hello' ? (era === 'legacy' ? 'ping' : 'server/discover') : s.method });
        break;
      case 'cancel': {
        const slow = requests.filter((r) => r.kind === 'slow' || r.kind === 'read-slow');
        const among = s.slowFirst && slow.length > 0 ? slow : requests;
        if (among.length > 0) {
          operations.push({ kind: 'cancel', target: among[among.length - 1 - (s.pick % among.length)]!.id, afterMs: s.afterMs, ...(s.reason !== null ? { reason: s.reason } : {}) });
        }
        break;
      }
      case 'cancel-unknown':
        operations.push({ kind: 'cancel-unknown', target: s.id });
        break;
      case 'sleep':
        // A sleep of 0 ms does nothing: leaving it out lets shrinking end without it.
        if (s.ms > 0) operations.push({ kind: 'sleep', ms: s.ms });
        break;
    }
  }
  return { era, operations };
}

const unique = (values: unknown[]) => new Set(values.map(idKey)).size === values.length;

/** Request ids (and the ids cancel-unknown names) are unique in a program, and so are progress tokens. */
export function idsUnique(p: Program): boolean {
  const ids = p.operations.flatMap((op) => (isRequest(op) ? [op.id] : op.kind === 'cancel-unknown' ? [op.target] : []));
  const tokens = p.operations.flatMap((op) => (op.kind === 'slow' && op.token !== undefined ? [op.token] : []));
  return unique(ids) && unique(tokens);
}

export function programArbitrary(o: { vocabulary: Vocabulary; eras: Era[] }): fc.Arbitrary<Program> {
  // The operations come first: fast-check shrinks a tuple's items in order, so a failure loses operations before anything else.
  return fc
    .tuple(fc.array(shapeArb(o.vocabulary), { maxLength: MAX_OPERATIONS, size: 'max' }), fc.constantFrom(...o.eras))
    .map(([shapes, era]) => assemble(era, shapes))
    .filter((p) => p.operations.some(isRequest) && idsUnique(p));
}
