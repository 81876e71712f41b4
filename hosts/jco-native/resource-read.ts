// One `read-resource` attempt: reads the body in reads of at most 64 KiB,
// then the `end` future, whose error is the request's error. Cancellation
// writes the cancel future and drops the body stream.
import { deferred } from './cancellation.js';
import * as convert from './convert.js';
import { defect } from './defects.js';
import { fromGuestError } from './errors.js';
import type { CacheHint, Guest, InputRequired, Retry } from './guest.js';
import type { Served } from './served.js';

// Any size up to 64 KiB is a valid chunking (docs/targets.md).
const READ_SIZE = defect('control-small-reads') ? 1024 : 64 * 1024;

export type ReadAttempt =
  | { tag: 'complete'; val: { contents: Record<string, unknown>[]; cache: CacheHint | undefined } }
  | { tag: 'input-required'; val: InputRequired };

export async function readResourceOnce(guest: Guest, served: Served, uri: string, retry: Retry | undefined): Promise<ReadAttempt> {
  const told = !defect('ignore-cancel') && !defect('read-cancel-not-forwarded');
  const writesFuture = told && !defect('cancel-future-unwritten');
  const dropsStream = told && !defect('stream-not-dropped');
  const cancel = deferred<string>();
  const offFuture = served.cancellation.onCancel((reason) => {
    if (writesFuture) cancel.resolve(reason);
  });
  try {
    const outcome = await guest.streaming.readResource(served.context, uri, retry, cancel.promise);
    if (outcome.tag === 'input-required') return outcome;
    const read = outcome.val;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      read.body[Symbol.dispose]();
    };
    const offDrop = served.cancellation.onCancel(() => {
      if (dropsStream) drop();
    });
    try {
      const chunks: Uint8Array[] = [];
      const shared = defect('reuse-chunk-buffer') ? new Uint8Array(READ_SIZE) : undefined;
      let truncated = false;
      while (!dropped) {
        let step;
        try {
          step = await read.body.read(READ_SIZE);
        } catch (e) {
          if (served.cancellation.cancelled) break;
          throw e;
        }
        if (step.done || step.value === undefined) break;
        if (shared) {
          shared.set(step.value);
          chunks.push(shared.subarray(0, step.value.length));
        } else chunks.push(step.value);
        if (defect('truncate-read')) {
          truncated = true;
          drop();
        }
      }
      served.cancellation.check();
      if (!truncated) {
        const end = await read.end;
        if (end.tag === 'err' && !defect('ignore-end-error')) throw fromGuestError(end.val, served.era);
      }
      const bytes = Buffer.concat(chunks);
      return {
        tag: 'complete',
        val: { contents: [convert.resourceContents(read.uri, read.mimeType, read.kind, bytes, read.meta)], cache: read.cache },
      };
    } finally {
      offDrop();
    }
  } finally {
    offFuture();
  }
}
