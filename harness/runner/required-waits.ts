// How long a case must take on an infinitely fast target: the waits its own
// steps define (docs/performance.md, "Required waits"). The runner starts the
// longest first so that a long case does not end a run alone; the benchmark
// uses the same figure for the suite's floor.
import type { Case, Era, Step } from '../model/case-types.js';

type Json = Record<string, unknown>;

/** The fixture's defaults for its `slow` tool (docs/fixtures.md). */
const SLOW_STEPS = 20;
const SLOW_STEP_MS = 100;
/** A `fixture://slow/...` read: a tick every 100 ms, 100 times. */
const SLOW_READ_MS = 100 * 100;

function object(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function slowTool(args: Json): number {
  const steps = typeof args.steps === 'number' ? args.steps : SLOW_STEPS;
  const stepMs = typeof args.step_ms === 'number' ? args.step_ms : SLOW_STEP_MS;
  return Math.max(0, steps * stepMs);
}

/** The time the fixture is asked to spend on a request before it can answer. */
export function fixtureTimeMs(message: Json): number {
  const params = object(message.params);
  if (message.method === 'tools/call') {
    const args = object(params.arguments);
    if (params.name === 'slow') return slowTool(args);
    // The caller fixture's peer call, to a peer's `slow`.
    if (params.name === 'peer-call' && args.tool === 'slow') return slowTool(object(args.arguments));
  }
  if (message.method === 'resources/read' && typeof params.uri === 'string' && params.uri.startsWith('fixture://slow/')) return SLOW_READ_MS;
  return 0;
}

/**
 * The case's own required waits in one era, in ms: a timeline of its steps in
 * which `sleep`, `expect_no_response` and `expect_no_message` windows and
 * `cancel ... after_ms` take their time, and waiting for the response to a
 * request the fixture is asked to spend time on (a `slow` call, a slow read)
 * lasts until that time is spent, or until the request was cancelled.
 */
export function requiredWaitMs(c: Case, era: Era, timingScale = 1): number {
  let t = 0;
  const sent = new Map<string, number>();
  const ready = new Map<string, number>();
  const key = (id: unknown) => JSON.stringify(id ?? null);
  const awaitResponse = (id: unknown) => {
    const at = ready.get(key(id));
    if (at !== undefined) t = Math.max(t, at);
  };
  const walk = (steps: Step[]) => {
    for (const step of steps) {
      const [kind, raw] = Object.entries(step)[0] ?? [];
      const v = object(raw);
      switch (kind) {
        case 'send':
        case 'send_bare':
          if ('id' in v && typeof v.method === 'string') {
            sent.set(key(v.id), t);
            const spend = fixtureTimeMs(v);
            if (spend > 0) ready.set(key(v.id), t + spend);
          }
          break;
        case 'cancel': {
          const at = (sent.get(key(v.id)) ?? t) + (typeof v.after_ms === 'number' ? v.after_ms : 0);
          t = Math.max(t, at);
          const r = ready.get(key(v.id));
          if (r !== undefined && r > t) ready.set(key(v.id), t);
          break;
        }
        case 'sleep':
          t += typeof v.ms === 'number' ? v.ms : 0;
          break;
        case 'expect_no_response':
        case 'expect_no_message':
          t += (typeof v.for_ms === 'number' ? v.for_ms : 0) * timingScale;
          break;
        case 'expect_response':
          awaitResponse(v.id);
          break;
        case 'expect_notifications':
          awaitResponse(v.until_response);
          break;
        case 'by_era':
          walk((v[era] as Step[] | undefined) ?? []);
          break;
        default:
          break;
      }
    }
  };
  walk(c.steps);
  return t;
}
