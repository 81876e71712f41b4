// expect_count end to end on jco/native: it passes on the correct host and fails on
// a host with a defect that sends a response it must not (to a cancelled request,
// to a notification), each count catching its own defect and only that one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const header = (id: string, eras: string) => `id: ${id}
title: ${id}
area: cancellation
severity: MUST
eras: ${eras}
references:
  contract:
    - section: docs/targets.md#cancellation
      quote: "suppresses the response and any later notification of that request"
requires: [component-model, p3-async, stdio]
fixture: reference
`;

// The call would finish 500 ms after it started; nothing but the count looks at its id after the cancel.
const CANCELLED = `${header('count-cancelled', '[legacy, modern]')}steps:
  - send: {id: warm, method: tools/call, params: {name: echo, arguments: {text: ready}}}
  - expect_response: {id: warm, result: {content: [{type: text, text: ready}]}}
  - send: {id: job, method: tools/call, params: {name: slow, arguments: {steps: 5, step_ms: 100}}}
  - cancel: {id: job, after_ms: 100}
  - sleep: {ms: 1000}
  - expect_count: {id: job, max: 0}
  # The response a step consumed counts too.
  - expect_count: {id: warm, min: 1, max: 1}
`;

// A notification is never answered: no response names an id other than the requests'.
const FOREIGN = `${header('count-foreign-ids', '[legacy, modern]')}steps:
  - send: {id: warm, method: tools/call, params: {name: echo, arguments: {text: ready}}}
  - expect_response: {id: warm, result: {content: [{type: text, text: ready}]}}
  - send: {method: notifications/cancelled, params: {requestId: never-sent}}
  - send: {id: last, method: tools/call, params: {name: echo, arguments: {text: done}}}
  - expect_response: {id: last, result: {content: [{type: text, text: done}]}}
  - expect_count: {where: {method: {$absent: true}, id: {$oneOf: [{$absent: true}, {$not: {$oneOf: [warm, last, harness-init]}}]}}, max: 0}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wmc-count-'));
  writeFileSync(join(dir, 'cancelled.yaml'), CANCELLED);
  writeFileSync(join(dir, 'foreign.yaml'), FOREIGN);
});

const outcomes = (run: Awaited<ReturnType<typeof runCli>>) =>
  Object.fromEntries(run.report().results.map((r) => [`${r.id} [${r.era}]`, r.outcome]));
const failure = (run: Awaited<ReturnType<typeof runCli>>, id: string) => run.report().results.filter((r) => r.id === id).map((r) => r.message ?? '');

describe('expect_count on jco/native', () => {
  it('both counts hold on the correct host, in both eras', async () => {
    const run = await runCli(['--cases', dir, '--jobs', '1']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(outcomes(run)).toEqual({
      'count-cancelled [legacy]': 'pass',
      'count-cancelled [modern]': 'pass',
      'count-foreign-ids [legacy]': 'pass',
      'count-foreign-ids [modern]': 'pass',
    });
  });

  it('a host that answers a cancelled request fails the count of its responses', async () => {
    const run = await runCli(['--cases', dir, '--jobs', '1'], { WASI_MCP_HOST_DEFECT: 'respond-after-cancel' });
    expect(run.exitCode).toBe(1);
    expect(outcomes(run)).toMatchObject({ 'count-cancelled [legacy]': 'fail', 'count-cancelled [modern]': 'fail', 'count-foreign-ids [legacy]': 'pass', 'count-foreign-ids [modern]': 'pass' });
    for (const m of failure(run, 'count-cancelled')) {
      expect(m).toMatch(/^step 6 \(expect_count\): expected no responses with id "job" so far, got 1: \{"jsonrpc":"2\.0","id":"job","result":.*completed 5 steps/);
    }
  });

  it('a host that answers notifications fails the count of responses with ids no request had', async () => {
    const run = await runCli(['--cases', dir, '--jobs', '1'], { WASI_MCP_HOST_DEFECT: 'answer-notifications' });
    expect(run.exitCode).toBe(1);
    expect(outcomes(run)).toMatchObject({ 'count-foreign-ids [legacy]': 'fail', 'count-foreign-ids [modern]': 'fail', 'count-cancelled [legacy]': 'pass', 'count-cancelled [modern]': 'pass' });
    for (const m of failure(run, 'count-foreign-ids')) {
      expect(m).toMatch(/^step 6 \(expect_count\): expected no messages matching \{"method":\{"\$absent":true\}.* so far, got [12]: \{"jsonrpc":"2\.0","id":0,"result":\{\}\}/);
    }
  });
});
