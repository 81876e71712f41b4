// Calls into a transpiled fixture the way the TypeScript host does
// (hosts/jco-native): typed exports, cancel futures that are plain Promises,
// streams read with read(n), futures awaited; every result normalised to
// plain JSON (u64 BigInt → number, bytes → base64, `json` text parsed).

export function context(overrides = {}) {
  return {
    protocolVersion: '2026-07-28',
    clientInfo: { name: 'fixture-exports-test', version: '1.0.0' },
    clientCapabilities: '{}',
    logLevel: undefined,
    trace: {},
    meta: undefined,
    ...overrides,
  };
}

export const withCapabilities = (caps) => context({ clientCapabilities: JSON.stringify(caps) });

const JSON_MEMBERS = new Set(['inputSchema', 'outputSchema', 'meta', 'structuredContent', 'data', 'params', 'clientCapabilities']);

/** Plain JSON of a value the bindings returned. */
export function plain(value, key) {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'string' && JSON_MEMBERS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => plain(v));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v, k);
    return out;
  }
  return value;
}

/** `{ok}`, `{error}` (a wasi:mcp error: the thrown value's payload) or `{trap}`. */
export async function attempt(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    const payload = e && typeof e === 'object' ? e.payload : undefined;
    if (payload && typeof payload.code === 'string') return { error: plain(payload) };
    return { trap: String(e && e.message ? e.message : e) };
  }
}

export async function ok(fn) {
  const r = await attempt(fn);
  if (!('ok' in r)) throw new Error(`expected a result, got ${JSON.stringify(r)}`);
  return plain(r.ok);
}

export async function failure(fn) {
  const r = await attempt(fn);
  if ('ok' in r) return { ok: plain(r.ok) };
  return r;
}

/** A cancel future as the host makes it: a Promise it resolves with the reason. */
export function cancelFuture() {
  let cancel;
  const future = new Promise((resolve) => (cancel = resolve));
  return { future, cancel };
}

export const never = () => new Promise(() => {});

/** Reads a stream of records to its end; `onItem` may return 'cancel' or 'drop' to stop early. */
export async function drainRecords(stream, onItem = () => undefined) {
  const items = [];
  for (;;) {
    const { value, done } = await stream.read(64);
    for (const item of value ?? []) {
      items.push(plain(item));
      const what = onItem(items.length);
      if (what === 'drop') {
        await stream.return();
        return items;
      }
    }
    if (done) return items;
  }
}

/**
 * A tool call: `{events, outcome}` (outcome plain: {tag: ok|err, val}), or
 * `{error}` / `{trap}` when the call failed at once.
 */
export async function callTool(guest, name, args, { ctx = context(), retry, cancel = never(), onEvent } = {}) {
  const r = await attempt(() => guest.streaming.callTool(ctx, name, JSON.stringify(args), retry, cancel));
  if (!('ok' in r)) return r;
  const events = await drainRecords(r.ok.events, onEvent);
  const outcome = plain(await r.ok.outcome);
  return { events, outcome };
}

/** The tool's result when it completed, else throws. */
export async function toolResult(guest, name, args, options) {
  const r = await callTool(guest, name, args, options);
  if (r.outcome?.tag === 'ok' && r.outcome.val.tag === 'complete') return r.outcome.val.val;
  throw new Error(`${name}: expected a complete outcome, got ${JSON.stringify(r)}`);
}

export const textOf = (result) => result.content.map((c) => (c.tag === 'text' ? c.val.text : `[${c.tag}]`)).join('');

export async function observe(guest, kind, key) {
  return (await toolResult(guest, 'observations', { kind, key })).structuredContent;
}

async function readBytes(stream, { limitMs, dropAfter } = {}) {
  const chunks = [];
  let total = 0;
  for (;;) {
    const next = stream.read(65536);
    const r = limitMs === undefined
      ? await next
      : await Promise.race([next, new Promise((resolve) => setTimeout(() => resolve({ timedOut: true }), limitMs))]);
    if (r.timedOut) return { bytes: Buffer.concat(chunks), timedOut: true };
    if (r.value) {
      chunks.push(Buffer.from(r.value));
      total += r.value.length;
    }
    if (r.done) return { bytes: Buffer.concat(chunks), timedOut: false };
    if (dropAfter !== undefined && total >= dropAfter) {
      await stream.return();
      return { bytes: Buffer.concat(chunks), timedOut: false, dropped: true };
    }
  }
}

/**
 * A resource read: `{inputRequired}`, `{error}`/`{trap}`, or the body as
 * `{uri, mimeType, kind, cache, meta, text, base64, size, end}`.
 */
export async function readResource(guest, uri, { ctx = context(), retry, cancel = never(), limitMs, dropAfter } = {}) {
  const r = await attempt(() => guest.streaming.readResource(ctx, uri, retry, cancel));
  if (!('ok' in r)) return r;
  if (r.ok.tag === 'input-required') return { inputRequired: plain(r.ok.val) };
  const read = r.ok.val;
  const body = await readBytes(read.body, { limitMs, dropAfter });
  const out = {
    uri: read.uri,
    mimeType: read.mimeType,
    kind: read.kind,
    cache: plain(read.cache) ?? null,
    meta: read.meta ?? null,
    text: body.bytes.toString('utf8'),
    base64: body.bytes.toString('base64'),
    size: body.bytes.length,
    timedOut: body.timedOut,
  };
  if (!body.timedOut && !body.dropped) out.end = plain(await read.end);
  return out;
}

/** Every page of a list: `{pages: [{names, nextCursor, cache}], items}`. */
export async function allPages(list, nameOf) {
  const pages = [];
  const items = [];
  let cursor;
  for (let i = 0; i < 20; i++) {
    const page = await ok(() => list(cursor));
    const key = Object.keys(page).find((k) => Array.isArray(page[k]));
    pages.push({ names: page[key].map(nameOf), nextCursor: page.nextCursor ?? null, cache: page.cache ?? null });
    items.push(...page[key]);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { pages, items };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
