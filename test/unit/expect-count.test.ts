// expect_count (docs/case-format.md#steps): the bounds, the filter it shares with
// expect_no_message, its one-line failure, the schema's rules for it, and that it
// counts every message of the session, also those an earlier step consumed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TargetProcess } from '../../adapters/adapter.js';
import { Session, type Incoming } from '../../harness/client/session.js';
import { countFailure, runStep, selects, type CountStep, type StepContext } from '../../harness/client/steps.js';
import { formatProblem, parseCaseText } from '../../harness/model/load-cases.js';

const at = (message: Record<string, unknown>, i = 0): Incoming => ({ at: i, message: { jsonrpc: '2.0', ...message } });
const legacy = { timingScale: 1, era: 'legacy' as const };
const count = (received: Incoming[], v: CountStep) => countFailure(received, v, selects(v, legacy));

const exchange = [
  at({ id: 1, result: {} }),
  at({ method: 'notifications/progress', params: { progressToken: 't', progress: 1 } }),
  at({ id: '1', result: {} }),
  at({ id: 1, method: 'elicitation/create', params: {} }),
  at({ method: 'notifications/progress', params: { progressToken: 'u', progress: 1 } }),
  at({ id: 1, error: { code: -32603, message: 'again' } }),
];

describe('expect_count', () => {
  it('holds within its bounds and fails outside them', () => {
    expect(count(exchange, { id: 1, min: 2, max: 2 })).toBeUndefined();
    expect(count(exchange, { id: 1, max: 1 })).toMatch(/^expected at most 1 response with id 1 so far, got 2: /);
    expect(count(exchange, { id: 1, min: 3 })).toMatch(/^expected at least 3 responses with id 1 so far, got 2/);
    expect(count(exchange, { id: 7, min: 1, max: 1 })).toBe('expected exactly 1 response with id 7 so far, got 0');
    expect(count(exchange, { max: 6 })).toBeUndefined();
    expect(count(exchange, { min: 1, max: 5 })).toMatch(/^expected between 1 and 5 messages so far, got 6: /);
    expect(count([], { max: 0 })).toBeUndefined();
  });

  it('selects as expect_no_message does: id means responses with that id as JSON, method, and where', () => {
    // The server's request with id 1 is not a response; "1" is another id than 1.
    expect(count(exchange, { id: 1, max: 2 })).toBeUndefined();
    expect(count(exchange, { id: '1', min: 1, max: 1 })).toBeUndefined();
    expect(count(exchange, { method: 'notifications/progress', min: 2, max: 2 })).toBeUndefined();
    expect(count(exchange, { method: 'elicitation/create', max: 0 })).toMatch(/with method elicitation\/create so far, got 1: .*"elicitation\/create"/);
    expect(count(exchange, { method: 'notifications/progress', where: { params: { progressToken: 'u' } }, max: 0 })).toMatch(
      /^expected no messages with method notifications\/progress matching \{"params":\{"progressToken":"u"\}\} so far, got 1/,
    );
    expect(count(exchange, { where: { error: { $any: true } }, min: 1, max: 1 })).toBeUndefined();
  });

  it('fails on one line that names up to three of the counted messages', () => {
    const many = Array.from({ length: 5 }, (_, i) => at({ id: 9, result: { n: i } }, i));
    const failure = count(many, { id: 9, max: 1 })!;
    expect(failure.split('\n')).toHaveLength(1);
    expect(failure).toContain('got 5: {"jsonrpc":"2.0","id":9,"result":{"n":0}} | {"jsonrpc":"2.0","id":9,"result":{"n":1}} | {"jsonrpc":"2.0","id":9,"result":{"n":2}} | and 2 more');
    expect(failure).not.toContain('"n":3');
  });
});

describe('expect_count in case files', () => {
  const caseText = (step: string) => `id: count
title: counting
area: protocol
severity: MUST
eras: [legacy]
references:
  contract:
    - section: docs/targets.md#cancellation
      quote: Requests are served concurrently
fixture: reference
steps:
  - ${step}
`;
  const problems = async (step: string) => {
    const r = await parseCaseText(caseText(step), 'count.yaml');
    return 'problems' in r ? r.problems.map(formatProblem).join('\n') : '';
  };

  it('takes a filter and min or max', async () => {
    expect(await problems('expect_count: {id: 1, max: 1}')).toBe('');
    expect(await problems('expect_count: {method: notifications/progress, where: {params: {progressToken: 1}}, min: 2}')).toBe('');
  });

  it('needs min or max, counts that are whole and not negative, and no other key', async () => {
    expect(await problems('expect_count: {id: 1}')).toMatch(/missing required key "min"/);
    expect(await problems('expect_count: {id: 1}')).toMatch(/missing required key "max"/);
    expect(await problems('expect_count: {max: -1}')).toMatch(/expected a number >= 0/);
    expect(await problems('expect_count: {max: 1.5}')).toMatch(/expected an? integer/);
    expect(await problems('expect_count: {max: 1, for_ms: 10}')).toMatch(/unknown key "for_ms"/);
  });
});

/** A target that is two pipes: the test writes what the target says. */
function pipes(): { proc: TargetProcess; say: (m: object) => void } {
  const stdout = new PassThrough();
  const proc: TargetProcess = {
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    exited: new Promise(() => undefined),
    stop: async () => undefined,
  };
  return { proc, say: (m) => stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`) };
}

function context(session: Session): StepContext {
  let n = 0;
  return {
    session,
    timingScale: 1,
    deadline: session.now() + 5000,
    cancelSentAt: new Map(),
    nextHarnessId: () => `harness-${++n}`,
    saved: new Map(),
    era: 'legacy',
    envelope: {},
    signal: new AbortController().signal,
  };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('expect_count in a session', () => {
  it('counts the messages an earlier step consumed, and those from before the first step', async () => {
    const { proc, say } = pipes();
    const session = new Session(proc, 'legacy');
    const ctx = context(session);
    say({ id: 'harness-init', result: {} }); // before any step: read back from the transcript
    await tick();
    await session.take((m) => m.message.id === 'harness-init', 100, 'init');
    await runStep({ send: { id: 1, method: 'ping' } }, ctx);
    say({ id: 1, result: {} });
    await runStep({ expect_response: { id: 1, result: {} } }, ctx);
    await runStep({ expect_count: { id: 1, min: 1, max: 1 } }, ctx);
    await runStep({ expect_count: { id: 'harness-init', min: 1, max: 1 } }, ctx);
    say({ id: 1, result: { again: true } });
    await tick();
    await expect(runStep({ expect_count: { id: 1, max: 1 } }, ctx)).rejects.toThrow(/^expected at most 1 response with id 1 so far, got 2: .*"again":true/);
    await expect(runStep({ expect_count: { max: 2 } }, ctx)).rejects.toThrow(/got 3/);
    session.dispose();
  });

  it('refuses a malformed where and a min above max as errors in the case', async () => {
    const { proc } = pipes();
    const session = new Session(proc, 'legacy');
    const ctx = context(session);
    await expect(runStep({ expect_count: { where: { id: { $regx: 'a' } }, max: 0 } }, ctx)).rejects.toMatchObject({ name: 'AuthoringError', message: /invalid pattern at where\/id/ });
    await expect(runStep({ expect_count: { min: 2, max: 1 } }, ctx)).rejects.toMatchObject({ name: 'AuthoringError', message: /min 2 is greater than max 1/ });
    session.dispose();
  });
});
