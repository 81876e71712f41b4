// The TAP report read by a TAP 14 parser (tap-parser, the TAP project's own):
// counts, directives, and what a consumer concludes from them.
import { Parser } from 'tap-parser';
import { describe, expect, it } from 'vitest';
import { tapReport } from '../../harness/reports/tap.js';
import { report, result } from './fakes.js';

function parse(text: string): Promise<{ ok: boolean; count: number; pass: number; fail: number; todo: number; skip: number; failures: { name: string }[] }> {
  return new Promise((resolve) => {
    const p = new Parser((final: never) => resolve(final));
    p.end(text);
  });
}

describe('TAP 14', () => {
  it('an expected failure is `not ok … # TODO`, an unsupported case `ok … # SKIP`, and neither fails the stream', async () => {
    const text = tapReport(report([result('a', 'pass'), result('b', 'xfail', { message: 'known # bug' }), result('c', 'unsupported', { message: 'no p3' }), result('d', 'fail', { severity: 'SHOULD', message: 'warn' })]));
    expect(text.split('\n')[0]).toBe('TAP version 14');
    expect(text).toContain('not ok 2 - b [legacy]: title of b # TODO known \\# bug');
    const final = await parse(text);
    expect(final).toMatchObject({ ok: true, count: 4, todo: 1, skip: 1 });
  });

  it('a failure, a timeout, an error and an unexpected pass fail the stream, with YAML diagnostics', async () => {
    const text = tapReport(report([result('a', 'fail', { message: 'expected "x"\ngot "y"' }), result('b', 'timeout'), result('c', 'error'), result('d', 'xpass')]));
    const final = await parse(text);
    expect(final.ok).toBe(false);
    expect(final.fail).toBe(4);
    expect(text).toMatch(/ {2}---\n {2}outcome: "fail"\n {2}severity: "MUST"\n {2}era: "legacy"\n {2}message: "expected \\"x\\"\\ngot \\"y\\""/);
  });

  it('a SHOULD failure fails the stream under --strict only', async () => {
    const r = [result('a', 'fail', { severity: 'SHOULD' })];
    expect((await parse(tapReport(report(r)))).ok).toBe(true);
    expect((await parse(tapReport(report(r, { strict: true })))).ok).toBe(false);
  });
});
