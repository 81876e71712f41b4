// When each operation of a program happens, on paper: sends take no time,
// a sleep its milliseconds, a cancel waits until its delay after the request
// it names has passed (as the `cancel` step does). From that, what each
// request must get: a response, none (cancelled surely in time), or at most
// one (its cancellation may have raced its completion).
import { nominalDurationMs } from './fixture-contract.js';
import { idKey, isRequest, type Operation, type Program, type Request, type RequestId } from './program.js';

/**
 * How much earlier than a request's least duration its cancellation must be sent to count as
 * surely in time (ms, before --timing-scale): the host reads the notification and tells the guest
 * while the guest still sleeps between steps.
 */
export const IN_TIME_MARGIN_MS = 150;

export type Fate =
  /** Not cancelled: exactly one response, as the fixture contract says. */
  | { kind: 'answered' }
  /** Cancelled while it surely still ran: no response. */
  | { kind: 'suppressed'; cancelAt: number }
  /** Cancelled when it may have finished already: at most one response. */
  | { kind: 'raced'; cancelAt: number };

export interface Planned {
  request: Request;
  sentAt: number;
  /** When it finishes at the earliest, if not cancelled. */
  doneAt: number;
  fate: Fate;
}

/** A cancellation as the compiled case sends it: the program's own, or the one a slow read always gets. */
export interface PlannedCancel {
  target: RequestId;
  afterMs: number;
  reason?: string;
  /** Added by the compiler (a slow read no cancel operation reached): sent after the last operation. */
  implicit: boolean;
}

export interface Timeline {
  requests: Planned[];
  /** Every operation in sending order, with the cancels a slow read adds at the end. */
  actions: (Operation | ({ kind: 'cancel' } & PlannedCancel))[];
  /** When the last action has happened. */
  endsAt: number;
}

export function plan(program: Program, timingScale = 1): Timeline {
  const requests = new Map<string, Planned>();
  const actions: Timeline['actions'] = [];
  let now = 0;
  const cancelAt = (target: RequestId, afterMs: number) => {
    const r = requests.get(idKey(target));
    if (!r) return;
    now = Math.max(now, r.sentAt + afterMs);
    if (r.fate.kind !== 'answered') return; // the first cancellation decides
    const inTime = now + IN_TIME_MARGIN_MS * timingScale <= r.doneAt;
    r.fate = inTime ? { kind: 'suppressed', cancelAt: now } : { kind: 'raced', cancelAt: now };
  };
  for (const op of program.operations) {
    if (isRequest(op)) {
      requests.set(idKey(op.id), { request: op, sentAt: now, doneAt: now + nominalDurationMs(op), fate: { kind: 'answered' } });
      actions.push(op);
    } else if (op.kind === 'cancel') {
      if (!requests.has(idKey(op.target))) continue;
      actions.push(op);
      cancelAt(op.target, op.afterMs);
    } else if (op.kind === 'sleep') {
      actions.push(op);
      now += op.ms;
    } else {
      actions.push(op);
    }
  }
  // A slow read runs for ten seconds: one that no operation cancelled is cancelled now.
  for (const r of requests.values()) {
    if (r.request.kind === 'read-slow' && r.fate.kind === 'answered') {
      actions.push({ kind: 'cancel', target: r.request.id, afterMs: r.request.cancelAfterMs, implicit: true });
      cancelAt(r.request.id, r.request.cancelAfterMs);
    }
  }
  return { requests: [...requests.values()], actions, endsAt: now };
}
