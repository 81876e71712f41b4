// A program as a case (docs/case-format.md): its operations become send,
// cancel and sleep steps, and the invariants become expectation steps. The
// case is what the driver runs and what a failure is written as, so a
// written case replays exactly what was checked.
import type { Era, Step } from '../model/case-types.js';
import { expectedProgress, expectedResponse, requestMessage } from './fixture-contract.js';
import { mergedReferences, type InvariantId } from './invariants.js';
import { isRequest, type Program, type RequestId } from './program.js';
import { plan, type Timeline } from './timeline.js';

/** The id of the request that shows the target still serves after the program (the harness's own id space). */
export const PROBE_ID = 'harness-probe';
/** The id of the harness's own `initialize` in a legacy session (harness/runner/run-case.ts). */
const HANDSHAKE_ID = 'harness-init';

/** How long an answered request may take beyond its least duration before it counts as unanswered (ms, × --timing-scale). */
export const RESPONSE_SLACK_MS = 2000;
/** How long past its least duration a cancelled request is watched for a response it must not get (ms, × --timing-scale). */
export const SILENCE_SLACK_MS = 300;
/** Time for starting the target and the session, on top of the program (ms, × --timing-scale). */
const START_SLACK_MS = 4000;

/** A case as a YAML file holds it (loaded cases add `file` and `line`). */
export interface CaseDocument {
  id: string;
  title: string;
  area: 'protocol';
  severity: 'MUST';
  eras: Era[];
  references: ReturnType<typeof mergedReferences>;
  requires: ('component-model' | 'p3-async' | 'stdio')[];
  fixture: string;
  portable?: true;
  timeout_ms: number;
  steps: Step[];
}

export interface Compiled {
  doc: CaseDocument;
  /** The invariant each step checks (undefined for the program's own sends, cancels and sleeps), by step index. */
  checks: (InvariantId | undefined)[];
  /** The first steps are the program's operations; the rest check it. */
  programSteps: number;
  timeline: Timeline;
}

export interface CompileOptions {
  /** The case id. */
  id: string;
  title: string;
  fixture: string;
  /** The program uses only requests any MCP server answers (no fixture-specific tools). */
  portable: boolean;
}

export function compile(program: Program, o: CompileOptions): Compiled {
  const timeline = plan(program);
  const steps: Step[] = [];
  const checks: (InvariantId | undefined)[] = [];
  const used = new Set<InvariantId>(['one-response', 'known-ids', 'keeps-serving', 'wire']);
  const add = (step: Step, check?: InvariantId) => {
    steps.push(step);
    checks.push(check);
    if (check) used.add(check);
  };

  for (const a of timeline.actions) {
    switch (a.kind) {
      case 'cancel':
        add({ cancel: { id: a.target, after_ms: a.afterMs, ...(a.reason !== undefined ? { reason: a.reason } : {}) } });
        break;
      case 'cancel-unknown':
        add({ send: { method: 'notifications/cancelled', params: { requestId: a.target } } });
        break;
      case 'sleep':
        add({ sleep: { ms: a.ms } });
        break;
      default:
        add({ send: requestMessage(a) });
    }
  }

  const programSteps = steps.length;
  const end = timeline.endsAt;
  const answered = timeline.requests.filter((r) => r.fate.kind === 'answered');
  for (const r of answered) {
    const req = r.request;
    if (req.kind === 'slow' && req.token !== undefined) {
      add({ expect_notifications: { method: 'notifications/progress', until_response: req.id, where: { params: { progressToken: req.token } }, sequence: expectedProgress(req) } }, 'progress-before-response');
    }
    add({ expect_response: { ...(expectedResponse(req) as object), within_ms: Math.max(0, r.doneAt - end) + RESPONSE_SLACK_MS } }, req.kind === 'plain' ? 'one-response' : 'fixture-results');
  }
  // The first silence check waits until the last suppressed request would have finished; it sees earlier responses too.
  const suppressed = timeline.requests.filter((r) => r.fate.kind === 'suppressed');
  const silence = Math.max(0, ...suppressed.map((r) => (r.request.kind === 'slow' ? r.doneAt - end : 0))) + SILENCE_SLACK_MS;
  suppressed.forEach((r, i) => add({ expect_no_response: { id: r.request.id, for_ms: i === 0 ? silence : 1 } }, 'cancelled-no-response'));
  // A second response to an answered request would be waiting by now.
  answered.forEach((r, i) => add({ expect_no_response: { id: r.request.id, for_ms: i === 0 && suppressed.length === 0 ? 100 : 1 } }, 'one-response'));

  add({ send: { id: PROBE_ID, method: program.era === 'legacy' ? 'ping' : 'server/discover', params: {} } }, 'keeps-serving');
  // Every progress notification left over names a token of the program (of a cancelled call).
  const tokens: RequestId[] = timeline.requests.flatMap((r) => (r.request.kind === 'slow' && r.request.token !== undefined ? [r.request.token] : []));
  add({
    expect_notifications: {
      method: 'notifications/progress',
      until_response: PROBE_ID,
      ...(tokens.length ? { where: { params: { progressToken: { $not: { $oneOf: tokens } } } } } : {}),
      count: 0,
    },
  }, 'known-ids');
  add({ expect_response: { id: PROBE_ID, result: { $type: 'object' }, within_ms: RESPONSE_SLACK_MS } }, 'keeps-serving');
  // The responses counted over the whole exchange, now that the probe's answer has come: a late
  // second response, one outside every window, and what no window can say ("at most one").
  for (const r of answered) add({ expect_count: { id: r.request.id, min: 1, max: 1 } }, 'one-response');
  for (const r of suppressed) add({ expect_count: { id: r.request.id, max: 0 } }, 'cancelled-no-response');
  for (const r of timeline.requests.filter((x) => x.fate.kind === 'raced')) add({ expect_count: { id: r.request.id, max: 1 } }, 'cancelled-at-most-one');
  add({ expect_count: { where: foreignResponse(sentIds(program)), max: 0 } }, 'known-ids');

  if (timeline.requests.some((r) => r.fate.kind === 'suppressed')) used.add('cancelled-no-response');
  if (timeline.requests.some((r) => r.fate.kind === 'raced')) used.add('cancelled-at-most-one');
  if (timeline.requests.some((r) => r.request.kind !== 'plain')) used.add('fixture-results');
  const lastDone = Math.max(end, ...answered.map((r) => r.doneAt));
  const doc: CaseDocument = {
    id: o.id,
    title: o.title,
    area: 'protocol',
    severity: 'MUST',
    eras: [program.era],
    references: mergedReferences(used),
    requires: o.portable ? ['stdio'] : ['component-model', 'p3-async', 'stdio'],
    fixture: o.fixture,
    ...(o.portable ? { portable: true as const } : {}),
    timeout_ms: Math.ceil(lastDone + silence + 2 * RESPONSE_SLACK_MS + START_SLACK_MS),
    steps,
  };
  return { doc, checks, programSteps, timeline };
}

/** Every request id the compiled case sends: the program's, the probe's, and in the legacy era the harness's initialize. */
export function sentIds(program: Program): RequestId[] {
  return [...(program.era === 'legacy' ? [HANDSHAKE_ID] : []), ...program.operations.filter(isRequest).map((r) => r.id), PROBE_ID];
}

/** A pattern for a response (no method) whose id is missing or none of `ids`. */
export function foreignResponse(ids: readonly RequestId[]): Record<string, unknown> {
  return { method: { $absent: true }, id: { $oneOf: [{ $absent: true }, { $not: { $oneOf: ids } }] } };
}
