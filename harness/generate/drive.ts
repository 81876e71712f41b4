// Runs one case of a program on a fresh target process (the runner's
// runCase, through the adapter interface) and turns the outcome into a
// verdict naming the invariant that broke.
import type { Adapter, PreparedFixture } from '../../adapters/adapter.js';
import type { Case, Era } from '../model/case-types.js';
import type { CaseResult } from '../reports/results.js';
import { runCase } from '../runner/run-case.js';
import { PROBE_ID, type CaseDocument, type Compiled } from './compile.js';
import type { InvariantId } from './invariants.js';

export interface Target {
  adapter: Adapter;
  host: string;
  prepared: PreparedFixture;
  timingScale: number;
  versions: Record<Era, string>;
  hostEnv?: Record<string, string>;
  signal?: AbortSignal;
}

export type Verdict =
  | { kind: 'hold'; durationMs: number }
  | { kind: 'broken'; invariant: InvariantId; message: string; durationMs: number; result: CaseResult }
  /** Not the target's fault: it could not start, the case was malformed, the run was interrupted. */
  | { kind: 'problem'; message: string };

/** Runs a case document as the runner runs a loaded case. */
export function runDocument(doc: CaseDocument, target: Target, file = `${doc.id}.yaml`): Promise<CaseResult> {
  const c: Case = { ...doc, file, line: 1 } as Case;
  return runCase(c, doc.eras[0]!, target.prepared, {
    adapter: target.adapter,
    host: target.host,
    timingScale: target.timingScale,
    versions: target.versions,
    ...(target.hostEnv ? { hostEnv: target.hostEnv } : {}),
    ...(target.signal ? { signal: target.signal } : {}),
  });
}

/** The invariant a failed run of a compiled case broke, from the step its message names. */
export function brokenInvariant(message: string, checks: readonly (InvariantId | undefined)[]): InvariantId {
  if (/\bthe target exited\b/.test(message)) return 'keeps-serving';
  const timedOut = /^the case did not finish within \d+ ms/.exec(message);
  const lead = timedOut ? message.slice(timedOut[0].length).replace(/^: /, '') : message;
  const step = /^step (\d+) \(/.exec(lead);
  // A timeout that no step reported: something never came.
  if (!step) return timedOut ? 'one-response' : 'wire';
  if (lead.includes(`no response with id ${JSON.stringify(PROBE_ID)}`)) return 'keeps-serving';
  // A response that never came ("expected no response ..." is a silence check that saw one).
  if (/(?<!expected )\bno response with id\b/.test(lead)) return 'one-response';
  return checks[Number(step[1]) - 1] ?? 'one-response';
}

/** The verdict of a case's result. */
export function verdictOf(result: CaseResult, compiled: Pick<Compiled, 'checks'>): Verdict {
  switch (result.outcome) {
    case 'pass':
      return { kind: 'hold', durationMs: result.durationMs };
    case 'fail':
    case 'timeout': {
      const message = result.message ?? result.outcome;
      return { kind: 'broken', invariant: brokenInvariant(message, compiled.checks), message, durationMs: result.durationMs, result };
    }
    default:
      return { kind: 'problem', message: `${result.outcome}: ${result.message ?? ''}` };
  }
}

/** Runs a compiled program on a fresh target and judges it. */
export async function drive(compiled: Compiled, target: Target): Promise<Verdict> {
  return verdictOf(await runDocument(compiled.doc, target), compiled);
}
