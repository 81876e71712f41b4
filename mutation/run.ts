// Runs the cases against each defect of a catalogue, in process, through the
// harness's own runner, and records which case runs caught it.
import { adapters } from '../adapters/index.js';
import type { Case } from '../harness/model/case-types.js';
import type { CaseResult } from '../harness/reports/results.js';
import { resultName } from '../harness/reports/results.js';
import { runTarget } from '../harness/runner/run-target.js';
import { requiredWaitMs } from '../harness/runner/required-waits.js';
import { witDigest } from '../harness/runner/wit-digest.js';
import { DEFECT_FIXTURE, type CatalogueName, type Defect } from './catalogue.js';

export interface Target {
  runtime: string;
  host: string;
}

export const targetName = (t: Target) => `${t.runtime}/${t.host}`;

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
  /** Set when the run stopped once this many cases had caught the defect: `caught` is then not every case that would. */
  stoppedAfter?: number;
}

export interface RunOptions {
  cases: Case[];
  jobs: number;
  timingScale: number;
  /** Stop a defect's run once this many distinct cases caught it (controls always run whole). */
  enough?: number;
  /** Cases (ids) an earlier table saw catch a defect (`catalogue:name`): run first, when stopping early. */
  likely?: Map<string, string[]>;
  /** How many defects each case (id) has caught so far, in the hint tables and this run: the keenest go first. */
  catches?: Map<string, number>;
}

const VERSIONS = { legacy: '2025-11-25', modern: '2026-07-28' } as const;

interface Stop {
  signal: AbortSignal;
  onResult: (r: CaseResult) => void;
}

async function runOn(target: Target, cases: Case[], o: RunOptions, extra: { fixture?: string; hostDefect?: string; stop?: Stop }): Promise<CaseResult[]> {
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
    ...(extra.stop ? { ...extra.stop, inGivenOrder: true } : {}),
  });
  if (report.infrastructureError) throw new Error(`${target.runtime}/${target.host}: ${report.infrastructureError}`);
  return report.results;
}

/** The cases a catalogue's defects are run against: a fixture's defects replace the reference fixture only. */
export function casesFor(catalogue: CatalogueName, cases: Case[]): Case[] {
  return DEFECT_FIXTURE[catalogue] ? cases.filter((c) => c.fixture === 'reference') : cases;
}

/**
 * What a catalogue's defects are compared with: the same cases on the same target with no
 * defect. For the aspects fixture that is the aspects fixture itself (in place of reference).
 */
export interface BaselineSpec {
  target: Target;
  /** The fixture every case runs on instead of its own, if any. */
  fixture?: string;
}

export function baselineFor(catalogue: CatalogueName, fixtureTarget: Target): BaselineSpec {
  const target = targetFor(catalogue, fixtureTarget);
  return catalogue === 'aspects' ? { target, fixture: 'aspects' } : { target };
}

export const baselineKey = (b: BaselineSpec) => `${targetName(b.target)}${b.fixture ? ` --fixture ${b.fixture}` : ''}`;

export async function baseline(spec: BaselineSpec, cases: Case[], o: RunOptions): Promise<CaseResult[]> {
  return runOn(spec.target, cases, o, spec.fixture ? { fixture: spec.fixture } : {});
}

const failed = (r: CaseResult) => r.outcome === 'fail' || r.outcome === 'timeout';

/**
 * The cases in the order a run that may stop early takes them: those an earlier table saw
 * catch the defect (by its catalogue, or a defect of the same name in another catalogue), then
 * those that caught the most defects so far, then the quickest (by their own required waits).
 */
export function likelyFirst(cases: Case[], likely: string[] = [], timingScale = 1, catches = new Map<string, number>()): Case[] {
  const rank = (c: Case) => (likely.includes(c.id) ? 0 : 1);
  const wait = (c: Case) => Math.max(requiredWaitMs(c, 'legacy', timingScale), requiredWaitMs(c, 'modern', timingScale));
  const keen = (c: Case) => catches.get(c.id) ?? 0;
  return [...cases].sort((a, b) => rank(a) - rank(b) || keen(b) - keen(a) || wait(a) - wait(b));
}

export async function runDefect(defect: Defect, target: Target, o: RunOptions): Promise<DefectRun> {
  const started = performance.now();
  const fixture = DEFECT_FIXTURE[defect.catalogue];
  let cases = casesFor(defect.catalogue, o.cases);
  let stop: Stop | undefined;
  const enough = defect.control ? undefined : o.enough;
  if (enough) {
    // Once `enough` distinct cases have caught it, the cases not yet started are not run.
    const abort = new AbortController();
    const catching = new Set<string>();
    stop = {
      signal: abort.signal,
      onResult: (r) => {
        if (failed(r)) catching.add(r.id);
        if (catching.size >= enough) abort.abort();
      },
    };
    const hinted = o.likely?.get(`${defect.catalogue}:${defect.name}`) ?? o.likely?.get(`*:${defect.name}`);
    cases = likelyFirst(cases, hinted, o.timingScale, o.catches);
  }
  const results = await runOn(target, cases, o, { ...(fixture ? { fixture: `${fixture}:${defect.name}` } : { hostDefect: defect.name }), ...(stop ? { stop } : {}) });
  if (o.catches && !defect.control) for (const id of new Set(results.filter(failed).map((r) => r.id))) o.catches.set(id, (o.catches.get(id) ?? 0) + 1);
  return {
    defect,
    target,
    caught: results.filter(failed).map(resultName).sort(),
    errored: results.filter((r) => r.outcome === 'error').map(resultName).sort(),
    durationMs: Math.round(performance.now() - started),
    ...(stop?.signal.aborted ? { stoppedAfter: enough } : {}),
  };
}
