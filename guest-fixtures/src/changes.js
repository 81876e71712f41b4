// The `changes` streams (wit/server.wit): each call opens a new stream, and
// every change event goes to every stream whose reader is still there.
import { has } from './defects.js';
import { ignore, writeRacing } from './io.js';
import { changes as seen } from './observations.js';

const open = [];

export function openChanges() {
  const stream = wit.Stream(wit.Stream.CHANGE);
  // One write at a time per stream: events queue behind each other.
  open.push({ writable: stream.writable, queue: Promise.resolve(), closed: false });
  seen.opened++;
  seen.open++;
  return stream.readable;
}

function close(entry) {
  if (entry.closed) return;
  entry.closed = true;
  seen.open--;
  const i = open.indexOf(entry);
  if (i >= 0) open.splice(i, 1);
  try { entry.writable.drop(); } catch (e) { ignore(e); }
}

async function deliver(entry, change) {
  if (entry.closed) return;
  try {
    const { count } = await writeRacing(entry.writable, [change], null);
    if (count === 0) close(entry);
  } catch (e) {
    close(entry);
  }
}

/** Writes `change` to every open stream (unless `silent-changes`) and records it. */
export function emit(change, label) {
  if (has('silent-changes')) return;
  seen.events.push(label);
  for (const entry of open.slice()) {
    entry.queue = entry.queue.then(() => deliver(entry, change)).then(ignore, ignore);
  }
}
