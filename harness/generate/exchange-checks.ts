// The invariants no step of a case can state, checked on the whole exchange
// of a run (its transcript): no response for an id the program never sent,
// and at most one response for a request whose cancellation raced it.
import type { TranscriptEntry } from '../client/session.js';
import { idKey } from './program.js';
import type { InvariantId } from './invariants.js';

export interface ExchangeViolation {
  invariant: InvariantId;
  message: string;
}

export interface ExchangeIds {
  /** Every request id sent (the program's and the harness's own), as idKey gives them. */
  sent: Set<string>;
  /** The requests whose cancellation may have raced their completion. */
  raced: Set<string>;
}

/** The messages the target wrote, parsed; a line the transcript clipped or that is not JSON is skipped (the wire checks judge lines). */
function received(transcript: TranscriptEntry[]): Record<string, unknown>[] {
  return transcript.flatMap((e) => {
    if (e.dir !== 'recv') return [];
    try {
      const m = JSON.parse(e.text) as unknown;
      return m && typeof m === 'object' && !Array.isArray(m) ? [m as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

export function checkExchange(transcript: TranscriptEntry[], ids: ExchangeIds): ExchangeViolation | undefined {
  const responses = new Map<string, number>();
  for (const m of received(transcript)) {
    if (m.method !== undefined) continue;
    const key = idKey(m.id);
    if (!ids.sent.has(key)) {
      return { invariant: 'known-ids', message: `a response names id ${'id' in m ? key : '(none)'}, which no request had: ${JSON.stringify(m).slice(0, 300)}` };
    }
    responses.set(key, (responses.get(key) ?? 0) + 1);
  }
  for (const key of ids.raced) {
    const n = responses.get(key) ?? 0;
    if (n > 1) return { invariant: 'cancelled-at-most-one', message: `the cancelled request ${key} got ${n} responses` };
  }
  return undefined;
}
