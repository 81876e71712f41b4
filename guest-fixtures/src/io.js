// Streams, futures, time and cancellation as the QuickJS guest must handle
// them (TOOLCHAIN.md): explicit writes whose counts show partial writes and
// a dropped reader, the cancel future raced against every wait, and no
// exception left to escape a background task.
import { now, waitFor } from 'wasi:clocks/monotonic-clock@0.3.0';

const NS_PER_MS = 1000000;

export function ignore() {}

export function startClock() {
  return now();
}

/** Milliseconds since `t0`, with microsecond resolution. */
export function elapsedMs(t0) {
  return Math.round((now() - t0) / 1000) / 1000;
}

/** A `future<string>` cancel parameter, watched until `close()`. */
export function watchCancel(cancel) {
  const watch = { fired: false, via: null, reason: null, promise: null, close: null };
  let fire;
  watch.promise = new Promise((resolve) => { fire = resolve; });
  let settled = false;
  let closed = false;
  let read;
  try {
    read = cancel.read();
  } catch (e) {
    read = Promise.reject(e);
  }
  read.then(
    (reason) => {
      settled = true;
      if (closed) return;
      watch.fired = true;
      watch.via = 'cancel-future';
      watch.reason = reason;
      fire();
    },
    () => { settled = true; }, // the host dropped the future unwritten: no cancellation
  );
  watch.close = async () => {
    if (closed) return;
    closed = true;
    if (!settled) {
      try { cancel.cancelRead(); } catch (e) { ignore(e); }
      try { await read; } catch (e) { ignore(e); }
    }
    try { cancel.drop(); } catch (e) { ignore(e); }
  };
  return watch;
}

/** A cancel future the call does not watch (short calls, `ignore-cancel`, hangs). */
export function dropCancel(cancel) {
  try { cancel.drop(); } catch (e) { ignore(e); }
}

/**
 * Writes `data` to a stream writable, racing the cancel watch (if any).
 * Returns `{count, cancelled}`: `count` is what the reader took (0: the
 * reader is gone), `cancelled` whether the write was given up because the
 * watch fired (`count` then says what was taken before it stopped).
 */
export async function writeRacing(writable, data, watch) {
  let write;
  try {
    write = writable.write(data);
  } catch (e) {
    // A write that completed with the reader gone resolves with its count
    // but leaves the endpoint closed: the next write throws at once.
    if (/idle endpoint|already dropped/.test(String(e))) return { count: 0, cancelled: false };
    throw e;
  }
  if (!watch) return { count: await write, cancelled: false };
  let done = false;
  const first = await Promise.race([
    write.then((n) => { done = true; return n; }),
    watch.promise.then(() => -1),
  ]);
  if (first !== -1) return { count: first, cancelled: false };
  if (done) return { count: await write, cancelled: false };
  try { writable.cancelWrite(); } catch (e) { ignore(e); }
  let count = 0;
  try { count = await write; } catch (e) { ignore(e); }
  return { count: typeof count === 'number' ? count : 0, cancelled: true };
}

/** Sleeps `ms` in slices, returning early (false) when the watch fires. */
export async function sleepRacing(ms, watch) {
  let left = ms;
  while (left > 0) {
    if (watch && watch.fired) return false;
    const slice = Math.min(left, 50);
    left -= slice;
    if (watch) {
      await Promise.race([waitFor(slice * NS_PER_MS), watch.promise]);
    } else {
      await waitFor(slice * NS_PER_MS);
    }
  }
  return !(watch && watch.fired);
}

/** Writes a future's value without waiting for the reader. */
export function writeFuture(writable, value) {
  try {
    writable.write(value).then(ignore, ignore);
  } catch (e) {
    ignore(e);
  }
}

export function dropWritable(writable) {
  try { writable.drop(); } catch (e) { ignore(e); }
}

/** Runs a background task whose failures must not escape (they would trap). */
export function background(task) {
  try {
    task().then(ignore, ignore);
  } catch (e) {
    ignore(e);
  }
}
