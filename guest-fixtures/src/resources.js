// `read-resource` (wit/streaming.wit): the resources and templates of
// docs/fixtures.md. The read returns at once; the body is written by a
// background task that records every write (the `stream` observations).
import { modPattern, range, utf8 } from './bytes.js';
import { LARGE_SIZE, findResource } from './catalog.js';
import { HELLO_TEXT } from './content.js';
import { has } from './defects.js';
import { mcpError, notFound } from './errors.js';
import {
  background, dropCancel, dropWritable, elapsedMs, sleepRacing, startClock, watchCancel, writeFuture,
  writeRacing,
} from './io.js';
import { newCancellationRecord, newStreamRecord } from './observations.js';
import { inputRequired, verifyState } from './round-trips.js';
import { state } from './state.js';

const LARGE_CHUNK = 1 << 16;
const MIB = 1 << 20;
const SHORT_CACHE = { ttlMs: 5000, scope: 'public' };

/** A body: pieces offered to `write` in order, an optional wait before each, and how the read ends. */
function body(mimeType, kind, pieces, extra) {
  return Object.assign({ mimeType, kind, pieces, delayMs: 0, error: null, cache: null, label: null }, extra || {});
}

function* once(bytes) {
  yield bytes;
}

function* large() {
  const chunks = has('truncated-stream') ? LARGE_SIZE / LARGE_CHUNK - 1 : LARGE_SIZE / LARGE_CHUNK;
  for (let c = 0; c < chunks; c++) yield modPattern(c * LARGE_CHUNK, (c + 1) * LARGE_CHUNK);
}

function* sized(total, chunk) {
  for (let at = 0; at < total; at += chunk) yield modPattern(at, Math.min(total, at + chunk));
}

function* ticks() {
  const tick = utf8('tick\n');
  for (let i = 0; i < 100; i++) yield tick;
}

function staticBody(uri) {
  switch (uri) {
    case 'fixture://text/hello.txt':
      return body('text/plain', 'text', once(utf8(HELLO_TEXT)), { cache: SHORT_CACHE });
    case 'fixture://binary/bytes.bin': {
      const bytes = range(256);
      if (has('text-as-blob')) bytes.reverse();
      return body('application/octet-stream', 'blob', once(bytes), { cache: SHORT_CACHE });
    }
    case 'fixture://large/1mib.bin':
      return body('application/octet-stream', 'blob', large());
    case 'fixture://text/unicode.txt':
      return body('text/plain; charset=utf-8', 'text', once(utf8('Gr\u00fc\u00dfe, \u4e16\u754c! \u{1F30D}\n')));
    case 'fixture://text/config.json':
      return body('application/json', 'text', once(utf8('{"ok":true}\n')));
    case 'fixture://counter':
      return body('text/plain', 'text', once(utf8('count: ' + state.counter)), { cache: { ttlMs: 0, scope: 'private' } });
    case 'fixture://text/failing.txt':
      return body('text/plain', 'text', once(utf8('partial')), {
        error: mcpError('internal-error', 'the read failed after 7 bytes'),
      });
    case 'fixture://text/extra.txt':
      return body('text/plain', 'text', once(utf8('extra')));
    default:
      return null;
  }
}

/**
 * The percent-decoded segments of `uri` after `prefix` when there are `n`
 * non-empty ones; null when the uri does not match; invalid-params when a
 * segment does not decode.
 */
function segments(uri, prefix, n) {
  if (!uri.startsWith(prefix)) return null;
  const raw = uri.slice(prefix.length).split('/');
  if (raw.length !== n || raw.some((s) => s === '' || /[?#]/.test(s))) return null;
  try {
    return raw.map((s) => decodeURIComponent(s));
  } catch (e) {
    throw mcpError('invalid-params', 'the uri\'s parameters do not parse', { uri });
  }
}

function integerParam(text, min, max, uri) {
  if (!/^[0-9]{1,8}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw mcpError('invalid-params', 'the uri\'s parameters do not parse', { uri });
  }
  return Number(text);
}

/** A template read: a body, an `input-required` value, or null when no template matches. */
function templateRead(uri, retry) {
  let p = segments(uri, 'fixture://greeting/', 1);
  if (p) {
    const name = has('wrong-results') ? p[0].toLowerCase() : p[0];
    return body('text/plain', 'text', once(utf8('Hello, ' + name + '!')));
  }
  p = segments(uri, 'fixture://sized/', 2);
  if (p) {
    const total = integerParam(p[0], 0, 4 * MIB, uri);
    const chunk = integerParam(p[1], 1, MIB, uri);
    return body('application/octet-stream', 'blob', sized(total, chunk));
  }
  p = segments(uri, 'fixture://slow/', 1);
  if (p) return body('text/plain', 'text', ticks(), { delayMs: 100, label: p[0] });
  p = segments(uri, 'fixture://gated/', 1);
  if (p) {
    const expected = 'gated:' + p[0];
    if (!retry) return { inputRequired: inputRequired([], expected) };
    verifyState(retry, expected);
    return body('text/plain', 'text', once(utf8('opened ' + p[0])));
  }
  return null;
}

// Endpoints of reads that never end (`hang-on-read`), kept so that nothing drops them.
const hanging = [];

export async function readResource(context, uri, retry, cancel) {
  let plan;
  try {
    plan = (findResource(uri) && staticBody(uri)) || templateRead(uri, retry);
    if (!plan) throw notFound('resource-not-found', 'unknown resource: ' + uri, { uri });
  } catch (e) {
    dropCancel(cancel);
    throw e;
  }
  if (plan.inputRequired) {
    dropCancel(cancel);
    return { tag: 'input-required', val: plan.inputRequired };
  }
  const kind = has('text-as-blob') ? 'blob' : plan.kind;
  const stream = wit.Stream(wit.Stream.U8);
  const end = wit.Future(wit.Future.RESULT_VOID_ERROR);
  const obs = newStreamRecord(uri);
  if (has('hang-on-read')) {
    dropCancel(cancel);
    hanging.push(stream, end);
  } else {
    background(() => writeBody(stream.writable, end.writable, obs, plan, cancel));
  }
  return {
    tag: 'body',
    val: { uri, mimeType: plan.mimeType, kind, body: stream.readable, end: end.readable, cache: plan.cache, meta: null },
  };
}

async function writeBody(writable, end, obs, plan, cancel) {
  // Slow reads are the cancellable ones that `ignore-cancel` spoils; all reads watch the cancel future.
  const ignoreCancel = plan.label !== null && has('ignore-cancel');
  const watch = ignoreCancel ? null : watchCancel(cancel);
  if (ignoreCancel) dropCancel(cancel);
  const record = plan.label !== null ? newCancellationRecord(plan.label) : null;
  const t0 = startClock();
  let error = null;
  let via = null;
  let pieces = 0;
  try {
    outer: for (const piece of plan.pieces) {
      if (plan.delayMs > 0 && !(await sleepRacing(plan.delayMs, watch))) {
        via = 'cancel-future';
        break;
      }
      let rest = piece;
      while (rest.length > 0) {
        if (watch && watch.fired) {
          via = 'cancel-future';
          break outer;
        }
        if (obs.dropped && ignoreCancel) break; // the reader is gone: the piece counts as written
        obs.requested.push(rest.length);
        const { count, cancelled } = await writeRacing(writable, rest, watch);
        obs.writes.push(count);
        obs.total += count;
        if (cancelled) {
          via = 'cancel-future';
          break outer;
        }
        if (count === 0) {
          obs.dropped = true;
          if (ignoreCancel) break;
          via = 'stream-dropped';
          break outer;
        }
        rest = rest.slice(count);
      }
      pieces++;
      if (record) record.steps_completed = pieces;
    }
    if (via !== null) error = mcpError('internal-error', 'the read was cancelled (' + via + ')');
    else if (!obs.dropped) obs.ended = true;
  } catch (e) {
    error = mcpError('internal-error', 'the read failed: ' + String(e));
  }
  if (record) {
    record.steps_completed = pieces;
    record.elapsed_ms = elapsedMs(t0);
    if (via !== null) {
      record.observed = true;
      record.via = via;
      record.reason = watch && watch.fired ? watch.reason : null;
    } else {
      record.completed = error === null;
    }
  }
  if (!error && plan.error) error = plan.error;
  dropWritable(writable);
  writeFuture(end, error ? { tag: 'err', val: error } : { tag: 'ok' });
  if (watch) await watch.close();
}
