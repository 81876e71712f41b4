import { describe, expect, it } from 'vitest';
import { buildMatrix, matrixMarkdown } from '../../harness/reporters/matrix.js';
import type { CaseResult, TargetReport } from '../../harness/results.js';

const result = (id: string, outcome: CaseResult['outcome']): CaseResult => ({
  id, title: id, area: 'tools', severity: 'MUST', file: `${id}.yaml`, references: {}, fixture: 'reference', outcome, durationMs: 1, transcript: [],
});
const report = (runtime: string, host: string, results: CaseResult[], extra: Partial<TargetReport> = {}): TargetReport => ({
  target: { runtime, host }, runtime: { version: '1.0.0' }, capabilities: [], witDigest: 'sha256:ab', protocolVersion: '2025-11-25',
  timingScale: 1, startedAt: '', durationMs: 0, results, ...extra,
});

describe('portability matrix', () => {
  const m = buildMatrix([
    report('jco', 'native', [result('a', 'pass'), result('b', 'fail')]),
    report('wasmtime', 'virtual', [result('a', 'unsupported')]),
    report('wamr', 'virtual', [], { runtime: null, notInstalled: 'iwasm not found' }),
  ]);

  it('has one row per case and one cell per target', () => {
    expect(m.rows.map((r) => [r.id, r.cells])).toEqual([
      ['a', { 'jco/native': 'pass', 'wasmtime/virtual': 'unsupported', 'wamr/virtual': 'not installed' }],
      ['b', { 'jco/native': 'fail', 'wasmtime/virtual': '-', 'wamr/virtual': 'not installed' }],
    ]);
    expect(m.targets.map((t) => t.status)).toEqual(['ran', 'ran', 'not installed']);
    expect(m.witDigest).toBe('sha256:ab');
  });

  it('renders Markdown with versions and the WIT digest', () => {
    const text = matrixMarkdown(m);
    expect(text).toContain('sha256:ab');
    expect(text).toContain('| wamr/virtual | - | not installed: iwasm not found |');
    expect(text).toContain('| a | MUST | pass | unsupported | not installed |');
  });
});
