import { describe, expect, it } from 'vitest';
import { junitXml } from '../../harness/reporters/junit.js';
import type { CaseResult, Outcome, TargetReport } from '../../harness/results.js';
import { exitCode } from '../../harness/cli.js';

function result(id: string, outcome: Outcome, extra: Partial<CaseResult> = {}): CaseResult {
  return { id, title: `title of ${id}`, area: 'tools', severity: 'MUST', file: `${id}.yaml`, references: {}, fixture: 'reference', outcome, durationMs: 1234, transcript: [], ...extra };
}

function report(results: CaseResult[], extra: Partial<TargetReport> = {}): TargetReport {
  return {
    target: { runtime: 'jco', host: 'native' }, runtime: { version: '1.2.3' }, capabilities: [], witDigest: 'sha256:00', protocolVersion: '2025-11-25',
    timingScale: 1, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5000, results, ...extra,
  };
}

describe('junitXml', () => {
  const xml = junitXml(report([
    result('a', 'pass'),
    result('b', 'fail', { message: 'expected "x" & <y>', stderr: 'boom\u0001' }),
    result('c', 'unsupported', { message: 'no component model' }),
    result('d', 'error', { message: 'could not start' }),
    result('e', 'timeout', { message: 'slow' }),
    result('f', 'fail', { severity: 'SHOULD', message: 'meh' }),
  ]));

  it('counts failures, errors and skips on the suite', () => {
    expect(xml).toContain('<testsuite name="jco/native" tests="6" failures="2" errors="1" skipped="1" time="5.000"');
  });

  it('escapes text and drops characters XML cannot carry', () => {
    expect(xml).toContain('message="expected &quot;x&quot; &amp; &lt;y&gt;"');
    expect(xml).toContain('boom\ufffd');
    expect(xml).not.toContain('\u0001');
  });

  it('maps outcomes to JUnit elements', () => {
    expect(xml).toMatch(/name="a: title of a" file="a.yaml" time="1.234"\/>/);
    expect(xml).toMatch(/<skipped message="unsupported: no component model"\/>/);
    expect(xml).toMatch(/<error type="error" message="could not start">/);
    expect(xml).toMatch(/<failure type="timeout" message="slow">/);
    expect(xml).toMatch(/<system-out>warning \(SHOULD\): meh<\/system-out>/);
  });
});

describe('exitCode', () => {
  it('is 0 when everything is as expected, SHOULD failures included', () => {
    expect(exitCode(report([result('a', 'pass'), result('b', 'fail', { severity: 'SHOULD' }), result('c', 'unsupported'), result('d', 'xfail')]))).toBe(0);
  });
  it('is 1 for a MUST failure, a timeout or an xpass', () => {
    expect(exitCode(report([result('a', 'fail')]))).toBe(1);
    expect(exitCode(report([result('a', 'timeout')]))).toBe(1);
    expect(exitCode(report([result('a', 'xpass')]))).toBe(1);
  });
  it('is 2 for an error or an infrastructure problem', () => {
    expect(exitCode(report([result('a', 'fail'), result('b', 'error')]))).toBe(2);
    expect(exitCode(report([], { infrastructureError: 'no runtime' }))).toBe(2);
  });
});
