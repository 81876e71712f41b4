// Outcomes and result records shared by the runner and the reporters.
import type { TranscriptEntry } from './session.js';

export type Outcome = 'pass' | 'fail' | 'xfail' | 'xpass' | 'unsupported' | 'timeout' | 'error';

export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'xfail', 'xpass', 'unsupported', 'timeout', 'error'];

export interface CaseResult {
  id: string;
  title: string;
  area: string;
  severity: 'MUST' | 'SHOULD';
  file: string;
  references: { spec?: string[]; wit?: string[] };
  fixture: string;
  outcome: Outcome;
  /** Why the outcome is not `pass`: the failed expectation, the reason for `unsupported`. */
  message?: string;
  durationMs: number;
  transcript: TranscriptEntry[];
  stderr?: string;
}

export interface TargetId {
  runtime: string;
  host: string;
}

export interface TargetReport {
  target: TargetId;
  runtime: { version: string; binary?: string; details?: Record<string, string> } | null;
  capabilities: string[];
  witDigest: string;
  protocolVersion: string;
  timingScale: number;
  startedAt: string;
  durationMs: number;
  results: CaseResult[];
  /** An infrastructure problem that stopped the target from running at all. */
  infrastructureError?: string;
  /** The runtime is not installed (only under `--runtime all`; then not an error). */
  notInstalled?: string;
}

/** A SHOULD-level failure is a warning: reported, but it does not fail the run. */
export function isWarning(r: CaseResult): boolean {
  return r.severity === 'SHOULD' && (r.outcome === 'fail' || r.outcome === 'timeout');
}

/** Whether a result fails the run (exit code 1). `error` is exit code 2 and counted separately. */
export function failsRun(r: CaseResult): boolean {
  if (isWarning(r)) return false;
  return r.outcome === 'fail' || r.outcome === 'timeout' || r.outcome === 'xpass';
}

export function countOutcomes(results: CaseResult[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const r of results) counts[r.outcome]++;
  return counts;
}

export function targetName(t: TargetId): string {
  return `${t.runtime}/${t.host}`;
}
