// Runs the cases against each defect of a catalogue, in process, through the
// harness's own runner, and records which case runs caught it.
import { adapters } from '../adapters/index.js';
import type { Case } from '../harness/model/case-types.js';
import type { CaseResult } from '../harness/reports/results.js';
import { resultName } from '../harness/reports/results.js';
import { runTarget } from '../harness/runner/run-target.js';
import { witDigest } from '../harness/runner/wit-digest.js';
import type { CatalogueName, Defect } from './catalogue.js';

export interface Target {
  runtime: string;
  host: string;
}

/** Where each catalogue's defects live: a host defect needs its host; fixture defects run on the faster target. */
export function targetFor(catalogue: CatalogueName, fixtureTarget: Target): Target {
  if (catalogue === 'native') return { runtime: 'jco', host: 'native' };
  if (catalogue === 'virtual') return { runtime: 'wasmtime', host: 'virtual' };
  return fixtureTarget;
}

export interface DefectRun {
  defect: Defect;
  target: Target;
  /** Case runs (`id [era]`) that failed or timed out under the defect. */
  caught: string[];
  /** Case runs that ended in a harness or infrastructure error. */
  errored: string[];
  durationMs: number;
}

export interface RunOptions {
  cases: Case[];
  jobs: number;
  timingScale: number;
}

const VERSIONS = { legacy: '2025-11-25', modern: '2026-07-28' } as const;

async function runOn(target: Target, cases: Case[], o: RunOptions, extra: { fixture?: string; hostDefect?: string }): Promise<CaseResult[]> {
  const adapter = adapters[target.runtime];
  if (!adapter) throw new Error(`unknown runtime ${target.runtime}`);
  const report = await runTarget({
    adapter,
    host: target.host,
    cases,
    timingScale: o.timingScale,
    eras: ['legacy', 'modern'],
    versions: { ...VERSIONS },
    strict: true,
    witDigest: witDigest(),
    jobs: o.jobs,
    ...(extra.fixture ? { fixtureOverride: extra.fixture } : {}),
    ...(extra.hostDefect ? { hostEnv: { WASI_MCP_HOST_DEFECT: extra.hostDefect } } : {}),
  });
  if (report.infrastructureError) throw new Error(`${target.runtime}/${target.host}: ${report.infrastructureError}`);
  return report.results;
}

/** The cases a defect is run against: fixture defects replace the reference fixture only. */
export function casesFor(defect: Defect, cases: Case[]): Case[] {
  return defect.catalogue === 'fixture' ? cases.filter((c) => c.fixture === 'reference') : cases;
}

export async function baseline(target: Target, cases: Case[], o: RunOptions): Promise<CaseResult[]> {
  return runOn(target, cases, o, {});
}

export async function runDefect(defect: Defect, target: Target, o: RunOptions): Promise<DefectRun> {
  const started = performance.now();
  const results = await runOn(target, casesFor(defect, o.cases), o, defect.catalogue === 'fixture' ? { fixture: `mutant:${defect.name}` } : { hostDefect: defect.name });
  return {
    defect,
    target,
    caught: results.filter((r) => r.outcome === 'fail' || r.outcome === 'timeout').map(resultName).sort(),
    errored: results.filter((r) => r.outcome === 'error').map(resultName).sort(),
    durationMs: Math.round(performance.now() - started),
  };
}
