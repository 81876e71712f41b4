// Executes the steps of a case against a session (docs/case-format.md).
import { getPath, isOperator, match, type Mismatch } from './match.js';
import { CaseTimeout, isNotification, isResponseTo, StepFailure, withNullId, type Incoming, type JsonObject, type Session } from './session.js';

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
}

/** Replaces every string that is exactly `${name}` with the saved value. */
export function substitute(value: unknown, saved: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
    if (!m) return value;
    if (!saved.has(m[1]!)) throw new StepFailure(`\${${m[1]}} was never saved by an earlier step`);
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

function expectMatch(pattern: unknown, actual: unknown, ctx: StepContext, what: string): void {
  const ms = match(pattern, actual, { timingScale: ctx.timingScale });
  if (ms.length > 0) throw new StepFailure(`${what} does not match: ${mismatchText(ms)}; got ${JSON.stringify(actual).slice(0, 400)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

/** Calls the fixture's `observations` tool (docs/fixtures.md) and returns its structuredContent. */
async function observe(ctx: StepContext, kind: string, observationKey: string): Promise<unknown> {
  const id = ctx.nextHarnessId();
  ctx.session.send({ id, method: 'tools/call', params: { name: 'observations', arguments: { kind, key: observationKey } } });
  const reply = await ctx.session.take(isResponseTo(id), remaining(ctx), `response to the observations request ${id}`, true);
  const result = reply.message.result as { structuredContent?: unknown } | undefined;
  if (!result || result.structuredContent === undefined) {
    throw new StepFailure(`the fixture's observations tool gave no structuredContent: ${JSON.stringify(reply.message).slice(0, 300)}`);
  }
  return result.structuredContent;
}

export async function runStep(step: StepValue, ctx: StepContext): Promise<void> {
  const [kind, value] = Object.entries(step)[0] ?? [];
  const s = ctx.session;
  switch (kind) {
    case 'send': {
      s.send(substitute(value, ctx.saved) as JsonObject);
      return;
    }
    case 'send_raw': {
      s.sendRaw(String(value));
      return;
    }
    case 'expect_response': {
      const { within_ms, save, ...pattern } = value as JsonObject;
      const id = pattern.id;
      // An id may itself be a pattern, e.g. {$oneOf: [7, null]} where JSON-RPC allows either.
      const accept = isOperator(id)
        ? (m: Incoming) => m.message.method === undefined && match(id, withNullId(m.message).id).length === 0
        : isResponseTo(id);
      const got = await s.take(accept, windowMs(ctx, within_ms), `response with id ${key(id)}`, endsAtDeadline(ctx, within_ms));
      expectMatch(pattern, withNullId(got.message), ctx, `the response with id ${key(id)}`);
      for (const [name, path] of Object.entries((save ?? {}) as Record<string, string>)) ctx.saved.set(name, getPath(got.message, path));
      return;
    }
    case 'expect_notification': {
      const { within_ms, ...pattern } = value as JsonObject;
      const method = String(pattern.method);
      const got = await s.take(isNotification(method), windowMs(ctx, within_ms), `${method} notification`, endsAtDeadline(ctx, within_ms));
      expectMatch(pattern, got.message, ctx, `the ${method} notification`);
      return;
    }
    case 'expect_notifications': {
      const v = value as { method: string; until_response: unknown; where?: unknown; count?: unknown; each?: unknown; increasing?: string };
      const wanted = (m: Incoming) => isNotification(v.method)(m) && (v.where === undefined || match(v.where, m.message).length === 0);
      // Wait for the response (left in place for a later step), then take what came before it.
      const response = await s.watch(isResponseTo(v.until_response), remaining(ctx));
      if (!response) throw new CaseTimeout(`no response with id ${key(v.until_response)} before the case timed out`);
      const collected = s.pending.filter((m) => m.at <= response.at && wanted(m));
      for (const m of collected) s.pending.splice(s.pending.indexOf(m), 1);
      if (v.count !== undefined) expectMatch(v.count, collected.length, ctx, `the number of ${v.method} notifications (${collected.length})`);
      if (v.each !== undefined) collected.forEach((m, i) => expectMatch(v.each, m.message, ctx, `${v.method} notification #${i + 1}`));
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
      const got = await s.watch(isResponseTo(v.id), windowMs(ctx, v.for_ms));
      if (got) throw new StepFailure(`expected no response with id ${key(v.id)}, got ${JSON.stringify(got.message).slice(0, 300)}`);
      return;
    }
    case 'expect_no_message': {
      const v = value as { for_ms: number };
      const got = await s.watch(() => true, windowMs(ctx, v.for_ms));
      if (got) throw new StepFailure(`expected no message, got ${JSON.stringify(got.message).slice(0, 300)}`);
      if (s.violations.length) throw new StepFailure(s.violations[0]!);
      return;
    }
    case 'cancel': {
      const v = value as { id: unknown; after_ms: number; reason?: string };
      const sent = s.requests.get(key(v.id));
      if (!sent) throw new StepFailure(`cancel: no request with id ${key(v.id)} was sent`);
      await sleep(sent.at + v.after_ms - s.now());
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
      if (!request || cancelAt === undefined) throw new StepFailure(`request ${key(v.request)} was not sent and cancelled by earlier steps`);
      const bound = v.within_ms * ctx.timingScale;
      type Seen = { found?: boolean; observed?: boolean; elapsed_ms?: number; via?: string };
      // The guest may still be on its way to noticing: ask until it has, or until the bound has passed.
      let seen: Seen;
      for (;;) {
        seen = (await observe(ctx, 'cancellation', v.label)) as Seen;
        if (!seen.found) throw new StepFailure(`the fixture has no record of a call labelled ${JSON.stringify(v.label)}`);
        if (seen.observed || s.now() > cancelAt + bound) break;
        await sleep(20);
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
    case 'sleep': {
      await sleep((value as { ms: number }).ms);
      return;
    }
    default:
      throw new Error(`unknown step ${JSON.stringify(kind)}`);
  }
}
