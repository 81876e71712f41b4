// Outcomes and result records shared by the runner and the reporters.
import type { Era, References, Severity } from '../model/case-types.js';
import type { TranscriptEntry } from '../client/session.js';

/** `not-run`: the run was interrupted (Ctrl-C, SIGTERM) before the case finished. */
export type Outcome = 'pass' | 'fail' | 'xfail' | 'xpass' | 'unsupported' | 'timeout' | 'error' | 'not-run';

export const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'xfail', 'xpass', 'unsupported', 'timeout', 'error', 'not-run'];

export interface CaseResult {
  id: string;
  /** The protocol era the case ran in; a case that holds in both eras has a result for each. */
  era: Era;
  /** The protocol version the harness spoke in that era. */
  protocolVersion: string;
  title: string;
  area: string;
  severity: Severity;
  file: string;
  references: References;
  fixture: string;
  portable?: boolean;
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
  /** The guest toolchain whose fixture components ran (guest-fixtures/): js (the default) or c. */
  guest?: string;
}

export interface TargetReport {
  target: TargetId;
  runtime: { version: string; binary?: string; details?: Record<string, string> } | null;
  capabilities: string[];
  witDigest: string;
  /** The eras the run covered and the protocol version spoken in each. */
  eras: Era[];
  versions: Record<Era, string>;
  timingScale: number;
  /** SHOULD and MAY failures fail the run (--strict). */
  strict: boolean;
  startedAt: string;
  durationMs: number;
  results: CaseResult[];
  /** An infrastructure problem that stopped the target from running at all. */
  infrastructureError?: string;
  /** The runtime is not installed (only under `--runtime all`; then not an error). */
  notInstalled?: string;
  /** The signal that interrupted the run, if one did: unfinished cases are `not-run`. */
  interrupted?: string;
  /** The part of a sharded run this report holds (`--shard K/N`). */
  shard?: { index: number; count: number };
}

/**
 * A SHOULD- or MAY-level failure is a warning: reported as such, but it fails
 * the run only under --strict.
 */
export function isWarning(r: CaseResult, strict: boolean): boolean {
  return !strict && r.severity !== 'MUST' && (r.outcome === 'fail' || r.outcome === 'timeout');
}

/** Whether a result fails the run (exit code 1). `error` is exit code 2 and counted separately. */
export function failsRun(r: CaseResult, strict: boolean): boolean {
  if (isWarning(r, strict)) return false;
  return r.outcome === 'fail' || r.outcome === 'timeout' || r.outcome === 'xpass';
}

/** The name of a result in reports: the case id and, for a case that ran in one era of several, its era. */
export function resultName(r: CaseResult): string {
  return `${r.id} [${r.era}]`;
}

export function countOutcomes(results: CaseResult[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const r of results) counts[r.outcome]++;
  return counts;
}

export function targetName(t: TargetId): string {
  return `${t.runtime}/${t.host}${t.guest && t.guest !== DEFAULT_GUEST ? ` (${t.guest})` : ''}`;
}

/** How report files of a target are named: `RUNTIME-HOST`, and `-GUEST` for a guest other than the default. */
export function targetStem(t: TargetId): string {
  return `${t.runtime}-${t.host}${t.guest && t.guest !== DEFAULT_GUEST ? `-${t.guest}` : ''}`;
}

export const DEFAULT_GUEST = 'js';
