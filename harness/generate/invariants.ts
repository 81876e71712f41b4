// The invariants a generated program is checked against, each with the
// sentences it comes from (as cases cite them in `references`). Each one is
// checked by steps of the compiled case (compile.ts).
import type { References } from '../model/case-types.js';

export type InvariantId =
  | 'one-response'
  | 'fixture-results'
  | 'cancelled-no-response'
  | 'cancelled-at-most-one'
  | 'progress-before-response'
  | 'known-ids'
  | 'keeps-serving'
  | 'wire';

export interface Invariant {
  id: InvariantId;
  /** The rule, as a sentence. */
  statement: string;
  references: References;
}

export const INVARIANTS: Readonly<Record<InvariantId, Invariant>> = {
  'one-response': {
    id: 'one-response',
    statement: 'every request that is not cancelled gets exactly one response, with its id',
    references: {
      spec: [
        { section: '2025-11-25/basic/index#result-responses', quote: 'Result responses MUST include the same ID as the request they correspond to.' },
        { section: '2026-07-28/basic/index#result-responses', quote: 'Result responses MUST include the same ID as the request they correspond to.' },
      ],
      contract: [{ section: 'docs/targets.md#concurrency', quote: 'Requests are served concurrently' }],
    },
  },
  'fixture-results': {
    id: 'fixture-results',
    statement: 'each response holds what the fixture contract says the request gives (echo text, resource contents, prompt messages, slow result)',
    references: {
      contract: [
        { section: 'docs/fixtures.md#tools', quote: '`echo` | `{text: string}` (required) | text `text`' },
        { section: 'docs/fixtures.md#resources', quote: '`Hello from a wasi:mcp fixture.\\n` (31 bytes)' },
        { section: 'docs/fixtures.md#resources', quote: '`total` bytes (≤ 4 MiB) of `i % 251`' },
        { section: 'docs/fixtures.md#tools', quote: 'then text `"completed N steps"`' },
        { section: 'docs/fixtures.md#prompts', quote: 'user: text `Greet NAME in a STYLE style.`' },
        { section: 'docs/targets.md#methods', quote: 'reads `body` to its end (in reads of at most 64 KiB), then `end`' },
      ],
    },
  },
  'cancelled-no-response': {
    id: 'cancelled-no-response',
    statement: 'a request cancelled while it is surely still running (the cancellation is sent well before the request could finish) gets no response',
    references: {
      spec: [{ section: '2026-07-28/basic/transports/stdio#cancellation', quote: 'and MUST NOT send any further messages for it.' }],
      contract: [{ section: 'docs/targets.md#cancellation', quote: 'suppresses the response and any later notification of that request' }],
    },
  },
  'cancelled-at-most-one': {
    id: 'cancelled-at-most-one',
    statement: 'a request whose cancellation may have raced its completion gets at most one response',
    references: {
      spec: [{ section: '2026-07-28/basic/patterns/cancellation#timing-considerations', quote: 'cancellation notifications may arrive after request processing has completed, and potentially after a response has already been sent' }],
      contract: [{ section: 'docs/targets.md#cancellation', quote: 'Unknown ids, finished requests, and malformed notifications are ignored.' }],
    },
  },
  'progress-before-response': {
    id: 'progress-before-response',
    statement: "a call's progress notifications carry its token, count up as the fixture reports them, and all come before its response",
    references: {
      spec: [{ section: '2026-07-28/basic/patterns/progress#behavior-requirements', quote: 'Progress notifications MUST only reference tokens that' }],
      contract: [{ section: 'docs/targets.md#concurrency', quote: 'Progress and log notifications of one call keep the order the component wrote them in and all come before that call\'s response.' }],
    },
  },
  'known-ids': {
    id: 'known-ids',
    statement: 'no response names an id the program did not send, and no progress notification a token it did not send',
    references: {
      spec: [
        { section: '2026-07-28/basic/index#result-responses', quote: 'Result responses MUST include the same ID as the request they correspond to.' },
        { section: '2026-07-28/basic/patterns/progress#behavior-requirements', quote: 'Were provided in an active request' },
      ],
    },
  },
  'keeps-serving': {
    id: 'keeps-serving',
    statement: 'after the whole program the target is still running and answers a new request',
    references: {
      contract: [{ section: 'docs/targets.md#cancellation', quote: 'Other requests keep being served.' }],
    },
  },
  wire: {
    id: 'wire',
    statement: 'every line the target writes is a JSON-RPC message valid for MCP in the era of the request it answers',
    references: {
      spec: [{ section: '2026-07-28/basic/transports/stdio', quote: 'The server MUST NOT write anything to its `stdout` that is not a valid MCP message.' }],
      contract: [{ section: 'docs/targets.md#process', quote: 'a line that is not a JSON-RPC message fails the case' }],
    },
  },
};

/** The references of several invariants merged, each citation once, for a case's `references`. */
export function mergedReferences(ids: Iterable<InvariantId>): References {
  const spec = new Map<string, { section: string; quote: string }>();
  const contract = new Map<string, { section: string; quote: string }>();
  const wit = new Set<string>();
  for (const id of ids) {
    const r = INVARIANTS[id].references;
    for (const c of r.spec ?? []) spec.set(`${c.section} ${c.quote}`, c);
    for (const c of r.contract ?? []) contract.set(`${c.section} ${c.quote}`, c);
    for (const w of r.wit ?? []) wit.add(w);
  }
  return {
    ...(spec.size ? { spec: [...spec.values()] } : {}),
    ...(contract.size ? { contract: [...contract.values()] } : {}),
    ...(wit.size ? { wit: [...wit] } : {}),
  } as References;
}
