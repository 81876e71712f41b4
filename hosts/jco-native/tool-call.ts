// One `call-tool` attempt: hands the component a cancel future, reads the
// events stream to its end (forwarding progress and log messages), then the
// outcome. On cancellation the host writes the reason to the future and
// drops the stream (wit/README.md, "Cancellation").
import { deferred } from './cancellation.js';
import { EventForwarder } from './call-events.js';
import { defect } from './defects.js';
import { fromGuestError } from './errors.js';
import { type Guest, type Retry, type ToolOutcome, readItems } from './guest.js';
import type { Served } from './served.js';

const EVENTS_PER_READ = defect('control-small-reads') ? 1 : 64;

export async function callToolOnce(guest: Guest, served: Served, name: string, args: string, retry: Retry | undefined): Promise<ToolOutcome> {
  const told = !defect('ignore-cancel');
  const writesFuture = told && !defect('cancel-future-unwritten');
  const dropsStream = told && !defect('stream-not-dropped');
  const cancel = deferred<string>();
  const offFuture = served.cancellation.onCancel((reason) => {
    if (writesFuture) cancel.resolve(reason);
  });
  try {
    const call = await guest.streaming.callTool(served.context, name, args, retry, cancel.promise);
    let dropped = false;
    const offDrop = served.cancellation.onCancel(() => {
      if (!dropsStream || dropped) return;
      dropped = true;
      call.events[Symbol.dispose]();
    });
    const forwarder = new EventForwarder(served);
    try {
      while (!dropped) {
        let events;
        try {
          events = await readItems(call.events, EVENTS_PER_READ);
        } catch (e) {
          if (served.cancellation.cancelled) break;
          throw e;
        }
        if (events === undefined) break;
        forwarder.take(events);
      }
      forwarder.finish();
      served.cancellation.check();
      const outcome = await call.outcome;
      if (outcome.tag === 'err') throw fromGuestError(outcome.val, served.era);
      return outcome.val;
    } finally {
      offDrop();
    }
  } finally {
    offFuture();
  }
}
