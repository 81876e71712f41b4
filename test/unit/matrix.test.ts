import { describe, expect, it } from 'vitest';
import { buildMatrix, matrixMarkdown } from '../../harness/reports/matrix.js';
import type { CaseResult, TargetReport } from '../../harness/reports/results.js';
import { report as fakeReport, result } from './fakes.js';

const report = (runtime: string, host: string, results: CaseResult[], extra: Partial<TargetReport> = {}): TargetReport =>
  fakeReport(results, { target: { runtime, host }, runtime: { version: '1.0.0' }, witDigest: 'sha256:ab', ...extra });

describe('portability matrix', () => {
  const m = buildMatrix([
    report('jco', 'native', [result('a', 'pass'), result('b', 'fail'), result('a', 'fail', { era: 'modern' }), result('c', 'fail', { severity: 'SHOULD' })]),
    report('wasmtime', 'virtual', [result('a', 'unsupported')]),
    report('wamr', 'virtual', [], { runtime: null, notInstalled: 'iwasm not found' }),
  ]);

  it('has one row per case and era, and one cell per target; a SHOULD failure is a warning', () => {
    expect(m.rows.map((r) => [r.key, r.cells])).toEqual([
      ['a [legacy]', { 'jco/native': 'pass', 'wasmtime/virtual': 'unsupported', 'wamr/virtual': 'not installed' }],
      ['a [modern]', { 'jco/native': 'fail', 'wasmtime/virtual': '-', 'wamr/virtual': 'not installed' }],
      ['b [legacy]', { 'jco/native': 'fail', 'wasmtime/virtual': '-', 'wamr/virtual': 'not installed' }],
      ['c [legacy]', { 'jco/native': 'warning', 'wasmtime/virtual': '-', 'wamr/virtual': 'not installed' }],
    ]);
    expect(m.targets.map((t) => t.status)).toEqual(['ran', 'ran', 'not installed']);
    expect(m.witDigest).toBe('sha256:ab');
  });

  it('renders Markdown with versions and the WIT digest', () => {
    const text = matrixMarkdown(m);
    expect(text).toContain('sha256:ab');
    expect(text).toContain('| wamr/virtual | - | not installed: iwasm not found |');
    expect(text).toContain('| a | legacy | MUST | pass | unsupported | not installed |');
    expect(text).toContain('| a | modern | MUST | fail | - | not installed |');
    expect(text).toContain('2026-07-28 (modern)');
  });
});

describe('guests', () => {
  it('gives each guest a column and lists where two guests differ on one host', () => {
    const m = buildMatrix([
      report('jco', 'native', [result('a', 'pass'), result('b', 'pass')]),
      report('jco', 'native', [result('a', 'pass'), result('b', 'fail')], { target: { runtime: 'jco', host: 'native', guest: 'c' } }),
    ]);
    expect(m.targets.map((t) => t.name)).toEqual(['jco/native', 'jco/native (c)']);
    expect(m.guestDifferences).toEqual([{ target: 'jco/native', key: 'b [legacy]', outcomes: { js: 'pass', c: 'fail' } }]);
    expect(matrixMarkdown(m)).toContain('| b [legacy] | jco/native | js: pass, c: fail |');
  });
});
