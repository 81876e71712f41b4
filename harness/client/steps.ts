// Executes the steps of a case against a session (docs/case-format.md).
import type { Era } from '../model/case-types.js';
import type { PeerMessage, RunningPeers } from '../runner/peers.js';
import { checkPattern, getPath, isOperator, match, type Mismatch } from './match.js';
import { AuthoringError, CaseTimeout, delay, isNotification, isResponseTo, isServerRequest, StepFailure, withNullId, type Incoming, type JsonObject, type Session } from './session.js';

export interface StepContext {
  session: Session;
  timingScale: number;
  /** Session time (ms) at which the whole case times out. */
  deadline: number;
  /** Send time of each request id, for `cancel` and cancellation bounds. */
  cancelSentAt: Map<string, number>;
  /** Counter for the harness's own request ids. */
  nextHarnessId: () => string;
  /** Values saved by `save` for later `${name}` references. */
  saved: Map<string, unknown>;
  /** The era the case runs in. */
  era: Era;
  /** The `_meta` a modern-era `send` adds to every request (the case's own `_meta` keys win). */
  envelope: JsonObject;
  /** Aborted when the case is stopped from outside (its timeout, an interrupted run). */
  signal: AbortSignal;
  /** The case's peers, when it has any. */
  peers?: RunningPeers;
}

/** Replaces every string that is exactly `${name}` with the saved value. */
export function substitute(value: unknown, saved: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (!m) return value;
    if (!saved.has(m[1]!)) throw new AuthoringError(`\${${m[1]}} was never saved by an earlier step`);
    return saved.get(m[1]!);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, saved));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, saved)]));
  return value;
}

type StepValue = Record<string, unknown>;

const key = (id: unknown) => JSON.stringify(id ?? null);

function mismatchText(ms: Mismatch[]): string {
  return ms.slice(0, 5).map((m) => `${m.path}: ${m.message}`).join('; ');
}

function remaining(ctx: StepContext): number {
  return Math.max(0, ctx.deadline - ctx.session.now());
}

function windowMs(ctx: StepContext, ms: unknown): number {
  return typeof ms === 'number' ? Math.min(ms * ctx.timingScale, remaining(ctx)) : remaining(ctx);
}

/** Whether a wait of `ms` (a step's `within_ms`, or none) ends with the case's own deadline. */
function endsAtDeadline(ctx: StepContext, ms: unknown): boolean {
  return typeof ms !== 'number' || ms * ctx.timingScale >= remaining(ctx);
}

function matchIn(ctx: Pick<StepContext, 'timingScale' | 'era'>, pattern: unknown, actual: unknown): Mismatch[] {
  return match(pattern, actual, { timingScale: ctx.timingScale, era: ctx.era });
}

function expectMatch(pattern: unknown, actual: unknown, ctx: StepContext, what: string): void {
  const ms = matchIn(ctx, pattern, actual);
  if (ms.length > 0) throw new StepFailure(`${what} does not match: ${mismatchText(ms)}; got ${JSON.stringify(actual).slice(0, 400)}`);
}


/** Calls the fixture's `observations` tool (docs/fixtures.md) and returns its structuredContent. */
async function observe(ctx: StepContext, kind: string, observationKey: string): Promise<unknown> {
  const id = ctx.nextHarnessId();
  ctx.session.send(withEnvelope({ id, method: 'tools/call', params: { name: 'observations', arguments: { kind, key: observationKey } } }, ctx));
  const reply = await ctx.session.take(isResponseTo(id), remaining(ctx), `response to the observations request ${id}`, true);
  const result = reply.message.result as { structuredContent?: unknown } | undefined;
  if (!result || result.structuredContent === undefined) {
    throw new StepFailure(`the fixture's observations tool gave no structuredContent: ${JSON.stringify(reply.message).slice(0, 300)}`);
  }
  return result.structuredContent;
}

/** A modern-era request gets the envelope under its own `_meta` keys; everything else goes out as written. */
export function withEnvelope(message: JsonObject, ctx: StepContext): JsonObject {
  if (ctx.era !== 'modern' || !('id' in message) || typeof message.method !== 'string') return message;
  const params = (message.params ?? {}) as JsonObject;
  const meta = (params._meta ?? {}) as JsonObject;
  return { ...message, params: { ...params, _meta: { ...ctx.envelope, ...meta } } };
}

/** Which messages a step is about: its `method`, `id` (responses with that id) and `where` (a pattern). */
export interface MessageFilter {
  method?: string;
  id?: unknown;
  where?: unknown;
}

/** A filter built from a step's `method`, `id` and `where`: which messages it is about. */
export function selects(v: MessageFilter, ctx: Pick<StepContext, 'timingScale' | 'era'>): (m: Incoming) => boolean {
  return (m) =>
    (v.method === undefined || m.message.method === v.method) &&
    (v.id === undefined || (m.message.method === undefined && key(m.message.id) === key(v.id))) &&
    (v.where === undefined || matchIn(ctx, v.where, m.message).length === 0);
}

/** The filter in words, for failure messages; `one` when the bound reads as one message. */
function filterText(v: MessageFilter, one: boolean): string {
  const noun = v.id !== undefined ? 'response' : 'message';
  const parts = [
    `${noun}${one ? '' : 's'}${v.id !== undefined ? ` with id ${key(v.id)}` : ''}`,
    ...(v.method !== undefined ? [`with method ${v.method}`] : []),
    ...(v.where !== undefined ? [`matching ${JSON.stringify(v.where).slice(0, 200)}`] : []),
  ];
  return parts.join(' ');
}

function boundsText(min: number, max: number): string {
  if (max === 0) return 'no';
  if (min === max) return `exactly ${min}`;
  if (max === Infinity) return `at least ${min}`;
  if (min === 0) return `at most ${max}`;
  return `between ${min} and ${max}`;
}

export interface CountStep extends MessageFilter {
  min?: number;
  max?: number;
}

/**
 * Why the messages `received` so far break an `expect_count`, on one line, or undefined when
 * the number `selected` takes is within the bounds. Names up to three of the counted messages.
 */
export function countFailure(received: readonly Incoming[], v: CountStep, selected: (m: Incoming) => boolean): string | undefined {
  const min = v.min ?? 0;
  const max = v.max ?? Infinity;
  const counted = received.filter(selected);
  const n = counted.length;
  if (n >= min && n <= max) return undefined;
  const shown = counted.slice(0, 3).map((m) => JSON.stringify(m.message).slice(0, 200));
  const more = n > shown.length ? ` | and ${n - shown.length} more` : '';
  const one = (min === 1 && (max === 1 || max === Infinity)) || (min === 0 && max === 1);
  return `expected ${boundsText(min, max)} ${filterText(v, one)} so far, got ${n}${shown.length ? `: ${shown.join(' | ')}${more}` : ''}`;
}

/** Every message each session has received, whether or not a step consumed it. */
const receivedBy = new WeakMap<Session, Incoming[]>();

/** What the transcript holds of the messages received before recording began (the legacy handshake). */
function transcriptMessages(s: Session): Incoming[] {
  return s.transcript.flatMap((e) => {
    if (e.dir !== 'recv') return [];
    try {
      const m = JSON.parse(e.text) as unknown;
      return m && typeof m === 'object' && !Array.isArray(m) ? [{ at: e.at, message: m as JsonObject }] : [];
    } catch {
      return []; // not JSON: a wire violation, reported as such
    }
  });
}

/**
 * Starts recording a session's messages at its first step. Messages arrive only between events,
 * so the transcript read here and the listener added with it miss none and count none twice.
 */
function recordReceived(s: Session): void {
  if (receivedBy.has(s)) return;
  const all = transcriptMessages(s);
  receivedBy.set(s, all);
  s.listen((m) => all.push(m));
}

export async function runStep(step: StepValue, ctx: StepContext): Promise<void> {
  const [kind, value] = Object.entries(step)[0] ?? [];
  const s = ctx.session;
  recordReceived(s);
  switch (kind) {
    case 'send': {
      s.send(withEnvelope(substitute(value, ctx.saved) as JsonObject, ctx));
      return;
    }
    case 'send_bare': {
      s.send(substitute(value, ctx.saved) as JsonObject);
      return;
    }
    case 'send_raw': {
      s.sendRaw(String(value));
      return;
    }
    case 'send_fragment': {
      s.sendFragment(String(value));
      return;
    }
    case 'expect_response': {
      const { within_ms, save, allow_exit, ...pattern } = value as JsonObject;
      const id = pattern.id;
      // An id may itself be a pattern, e.g. {$oneOf: [7, null]} where JSON-RPC allows either.
      const accept = isOperator(id)
        ? (m: Incoming) => m.message.method === undefined && matchIn(ctx, id, withNullId(m.message).id).length === 0
        : isResponseTo(id);
      const waiting = s.take(accept, windowMs(ctx, within_ms), `response with id ${key(id)}`, endsAtDeadline(ctx, within_ms));
      let got: Incoming;
      try {
        got = await waiting;
      } catch (e) {
        // The target's exit settles the step too when the case allows it; a response that came first is still matched.
        if (allow_exit === true && s.exited && e instanceof StepFailure) {
          s.note(`the target exited (${s.exitDescription}) instead of answering ${key(id)}, which the step allows`);
          return;
        }
        throw e;
      }
      expectMatch(substitute(pattern, ctx.saved), withNullId(got.message), ctx, `the response with id ${key(id)}`);
      saveValues(save, got.message, ctx);
      return;
    }
    case 'expect_notification': {
      const { within_ms, where, after, ...pattern } = value as JsonObject;
      const method = String(pattern.method);
      const since = after === undefined ? -Infinity : s.requests.get(key(after))?.at;
      if (since === undefined) throw new AuthoringError(`expect_notification after: no request with id ${key(after)} was sent by an earlier step`);
      const selected = (m: Incoming) =>
        isNotification(method)(m) && m.at >= since && (where === undefined || matchIn(ctx, substitute(where, ctx.saved), m.message).length === 0);
      const got = await s.take(selected, windowMs(ctx, within_ms), `${method} notification${where === undefined ? '' : ' matching where'}`, endsAtDeadline(ctx, within_ms));
      expectMatch(substitute(pattern, ctx.saved), got.message, ctx, `the ${method} notification`);
      return;
    }
    case 'expect_request': {
      const { within_ms, save, ...pattern } = value as JsonObject;
      const method = String(pattern.method);
      const got = await s.take(isServerRequest(method), windowMs(ctx, within_ms), `${method} request from the server`, endsAtDeadline(ctx, within_ms));
      expectMatch(substitute(pattern, ctx.saved), got.message, ctx, `the ${method} request`);
      saveValues(save, got.message, ctx);
      return;
    }
    case 'expect_peer_message': {
      const { peer, within_ms, ...pattern } = value as JsonObject & { peer: string };
      if (!ctx.peers || !ctx.peers.sent(peer)) throw new AuthoringError(`expect_peer_message: the case has no peer ${JSON.stringify(peer)}`);
      const fits = (m: PeerMessage) => matchIn(ctx, substitute(pattern, ctx.saved), m.message).length === 0;
      if (ctx.peers.sent(peer).some(fits)) return;
      const ms = windowMs(ctx, within_ms);
      const seen = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), Math.min(ms, 2 ** 31 - 1));
        const stop = ctx.peers!.listen((p, m) => {
          if (p === peer && fits(m)) done(true);
        });
        const abort = () => done(false);
        ctx.signal.addEventListener('abort', abort, { once: true });
        // Once the target has exited and its connections have closed, no message can still come.
        void s.exit.then(() => ctx.peers!.disconnected()).then(() => done(ctx.peers!.sent(peer).some(fits)));
        function done(v: boolean) {
          clearTimeout(timer);
          stop();
          ctx.signal.removeEventListener('abort', abort);
          resolve(v);
        }
      });
      if (!seen) {
        const got = ctx.peers.sent(peer).map((m) => JSON.stringify(m.message).slice(0, 160));
        const why = s.exited ? `before the target exited (${s.exitDescription})${s.stderrHint()}` : `within ${Math.round(ms)} ms`;
        throw new StepFailure(`the target sent peer ${peer} no message matching the pattern ${why}; it sent: ${got.join(' | ').slice(0, 800) || 'nothing'}`);
      }
      return;
    }
    case 'respond': {
      const v = substitute(value, ctx.saved) as JsonObject;
      s.send({ ...v });
      return;
    }
    case 'expect_notifications': {
      const v = value as { method: string | string[]; until_response: unknown; where?: unknown; count?: unknown; each?: unknown; increasing?: string; sequence?: unknown[] };
      const wanted = (m: Incoming) => isNotification(v.method)(m) && (v.where === undefined || matchIn(ctx, v.where, m.message).length === 0);
      const what = [v.method].flat().join(', ');
      // Wait for the response (left in place for a later step), then take what came before it.
      const response = await s.watch(isResponseTo(v.until_response), remaining(ctx));
      if (!response) {
        if (s.exited) throw new StepFailure(`the target exited (${s.exitDescription}) before the response with id ${key(v.until_response)}${s.stderrHint()}`);
        throw new CaseTimeout(`no response with id ${key(v.until_response)} before the case timed out`);
      }
      const collected = s.pending.filter((m) => m.at <= response.at && wanted(m));
      for (const m of collected) s.pending.splice(s.pending.indexOf(m), 1);
      if (v.count !== undefined) expectMatch(v.count, collected.length, ctx, `the number of ${what} notifications (${collected.length})`);
      if (v.each !== undefined) collected.forEach((m, i) => expectMatch(v.each, m.message, ctx, `${what} notification #${i + 1}`));
      if (v.sequence !== undefined) expectMatch(v.sequence, collected.map((m) => m.message), ctx, `the sequence of ${what} notifications`);
      if (v.increasing) {
        const values = collected.map((m) => getPath(m.message, v.increasing!));
        for (let i = 1; i < values.length; i++) {
          if (!(typeof values[i] === 'number' && typeof values[i - 1] === 'number' && (values[i] as number) > (values[i - 1] as number))) {
            throw new StepFailure(`${v.increasing} does not strictly increase: ${JSON.stringify(values)}`);
          }
        }
      }
      return;
    }
    case 'expect_no_response': {
      const v = value as { id: unknown; for_ms: number };
      const already = s.pending.find(isResponseTo(v.id));
      const got = already ?? (await s.watchNew(isResponseTo(v.id), windowMs(ctx, v.for_ms)));
      if (got === 'exit') throw new StepFailure(`the target exited (${s.exitDescription}) while no response with id ${key(v.id)} was expected${s.stderrHint()}`);
      if (got) throw new StepFailure(`expected no response with id ${key(v.id)}, got ${JSON.stringify(got.message).slice(0, 300)}`);
      return;
    }
    case 'expect_no_message': {
      const v = value as { for_ms: number; method?: string; id?: unknown; where?: unknown };
      // Only what arrives during the window counts: a message already received is an older event.
      const got = await s.watchNew(selects(v, ctx), windowMs(ctx, v.for_ms));
      if (got === 'exit') throw new StepFailure(`the target exited (${s.exitDescription}) during a silence window${s.stderrHint()}`);
      if (got) throw new StepFailure(`expected no ${v.method ?? 'message'}${v.id !== undefined ? ` with id ${key(v.id)}` : ''}, got ${JSON.stringify(got.message).slice(0, 300)}`);
      if (s.violations.length) throw new StepFailure(s.violations[0]!);
      return;
    }
    case 'expect_count': {
      const v = value as CountStep;
      if (v.min !== undefined && v.max !== undefined && v.min > v.max) throw new AuthoringError(`expect_count: min ${v.min} is greater than max ${v.max}`);
      // A malformed where matches nothing, and a count of nothing would pass an upper bound unnoticed.
      const bad = v.where === undefined ? [] : checkPattern(v.where, ['where']);
      if (bad.length) throw new AuthoringError(`expect_count: invalid pattern at ${bad[0]!.path.join('/')}: ${bad[0]!.message}`);
      const failure = countFailure(receivedBy.get(s) ?? [], v, selects(v, ctx));
      if (failure) throw new StepFailure(failure);
      return;
    }
    case 'cancel': {
      const v = value as { id: unknown; after_ms: number; reason?: string };
      const sent = s.requests.get(key(v.id));
      if (!sent) throw new AuthoringError(`cancel: no request with id ${key(v.id)} was sent by an earlier step`);
      await delay(sent.at + v.after_ms - s.now(), ctx.signal);
      const at = s.send({ method: 'notifications/cancelled', params: { requestId: v.id, ...(v.reason ? { reason: v.reason } : {}) } });
      ctx.cancelSentAt.set(key(v.id), at);
      return;
    }
    case 'observe': {
      const v = value as { kind: string; key: string; expect: unknown };
      const seen = await observe(ctx, v.kind, v.key);
      expectMatch(v.expect, seen, ctx, `the fixture's ${v.kind} observation for ${JSON.stringify(v.key)}`);
      return;
    }
    case 'expect_cancellation_observed': {
      const v = value as { label: string; request: unknown; within_ms: number };
      const request = s.requests.get(key(v.request));
      const cancelAt = ctx.cancelSentAt.get(key(v.request));
      if (!request || cancelAt === undefined) throw new AuthoringError(`request ${key(v.request)} was not sent and cancelled by earlier steps`);
      const bound = v.within_ms * ctx.timingScale;
      type Seen = { found?: boolean; observed?: boolean; elapsed_ms?: number; via?: string };
      // The guest may still be on its way to noticing: ask until it has, or until the bound has passed.
      let seen: Seen;
      for (;;) {
        seen = (await observe(ctx, 'cancellation', v.label)) as Seen;
        if (!seen.found) throw new StepFailure(`the fixture has no record of a call labelled ${JSON.stringify(v.label)}`);
        if (seen.observed || s.now() > cancelAt + bound) break;
        await delay(20, ctx.signal);
      }
      if (!seen.observed) {
        throw new StepFailure(`the guest had not observed the cancellation ${Math.round(s.now() - cancelAt)} ms after it was sent; the bound is ${bound} ms`);
      }
      // The guest measures from the start of its call; the request left the harness no later than that.
      const latency = (seen.elapsed_ms ?? 0) - (cancelAt - request.at);
      s.note(`cancellation observed via ${seen.via} about ${Math.round(latency)} ms after notifications/cancelled (bound ${bound} ms)`);
      if (latency > bound) throw new StepFailure(`the guest observed the cancellation ${Math.round(latency)} ms after it was sent; the bound is ${bound} ms`);
      return;
    }
    case 'by_era': {
      const steps = (value as Partial<Record<Era, StepValue[]>>)[ctx.era] ?? [];
      for (const inner of steps) await runStep(inner, ctx);
      return;
    }
    case 'close_stdin': {
      s.closeStdin();
      return;
    }
    case 'expect_exit': {
      const v = value as { within_ms: number; code?: number };
      const ms = windowMs(ctx, v.within_ms);
      let timer: NodeJS.Timeout | undefined;
      const how = await Promise.race([s.exit, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), Math.min(ms, 2 ** 31 - 1))))]);
      clearTimeout(timer);
      if (how === undefined) throw new StepFailure(`the target did not exit within ${Math.round(ms)} ms`);
      if (v.code !== undefined && how !== `exit code ${v.code}`) throw new StepFailure(`the target exited with ${how}, expected exit code ${v.code}`);
      return;
    }
    case 'sleep': {
      await delay((value as { ms: number }).ms, ctx.signal);
      return;
    }
    default:
      throw new Error(`unknown step ${JSON.stringify(kind)}`);
  }
}

function saveValues(save: unknown, message: JsonObject, ctx: StepContext): void {
  for (const [name, path] of Object.entries((save ?? {}) as Record<string, string>)) {
    const v = getPath(message, path);
    if (v === undefined) throw new StepFailure(`save: the message has no ${path}: ${JSON.stringify(message).slice(0, 200)}`);
    ctx.saved.set(name, v);
  }
}
