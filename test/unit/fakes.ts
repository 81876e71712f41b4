// Builders of results and reports for the reporters' unit tests.
import type { CaseResult, Outcome, TargetReport } from '../../harness/reports/results.js';

export function result(id: string, outcome: Outcome, extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id, era: 'legacy', protocolVersion: '2025-11-25', title: `title of ${id}`, area: 'tools', severity: 'MUST', file: `${id}.yaml`,
    references: {}, fixture: 'reference', outcome, durationMs: 1234, transcript: [], ...extra,
  };
}

export function report(results: CaseResult[], extra: Partial<TargetReport> = {}): TargetReport {
  return {
    target: { runtime: 'jco', host: 'native' }, runtime: { version: '1.2.3' }, capabilities: [], witDigest: 'sha256:00',
    eras: ['legacy', 'modern'], versions: { legacy: '2025-11-25', modern: '2026-07-28' }, strict: false,
    timingScale: 1, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5000, results, ...extra,
  };
}
