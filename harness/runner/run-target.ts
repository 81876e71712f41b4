// Runs a set of cases on one target (runtime × host) and collects a report.
// The runner knows nothing about any runtime: it only calls the adapter.
import { NotInstalledError, type Adapter, type Capability, type FixtureComponent, type PreparedFixture, type RuntimeInfo } from '../../adapters/adapter.js';
import type { Case, Era } from '../model/case-types.js';
import { MissingGuestFixture, P3_COMPONENT, resolveFixture } from './fixtures.js';
import { DEFAULT_GUEST, type CaseResult, type TargetReport } from '../reports/results.js';
import { baseResult, runCase } from './run-case.js';
import { StartedAhead } from './ahead.js';
import { runOrder } from './run-order.js';
import { requiredWaitMs } from './required-waits.js';

export interface TargetRunOptions {
  adapter: Adapter;
  host: string;
  cases: Case[];
  timingScale: number;
  /** The eras to run (a case runs in each of these it holds in), and the version spoken in each. */
  eras: Era[];
  versions: Record<Era, string>;
  strict: boolean;
  witDigest: string;
  jobs: number;
  /** Run every case on this fixture (a name, or a user's component) instead of the one it names. */
  fixtureOverride?: string | FixtureComponent;
  /** Set for a user's component: cases not marked portable are unsupported, for this reason. */
  portableOnly?: string;
  hostEnv?: Record<string, string>;
  /** Peers replaced by the user's own stdio MCP servers (`--peer NAME=COMMAND`). */
  peerCommands?: Record<string, string>;
  /** Report a runtime that is not installed as such, instead of failing every case. */
  allowNotInstalled?: boolean;
  /** The guest toolchain whose fixtures run (default js). */
  guest?: string;
  /** Aborted when the run is interrupted: cases not yet finished are `not-run`. */
  signal?: AbortSignal;
  /** Only the case runs (`id [era]`) this accepts: one shard of a sharded run. */
  select?: (run: string) => boolean;
  shard?: { index: number; count: number };
  onResult?: (r: CaseResult) => void;
  /** Run the cases in the order given, not longest first (a caller that may stop early puts likely failures first). */
  inGivenOrder?: boolean;
}

/**
 * Runs `fn` over `items` with at most `jobs` at once, in the order `order`
 * gives (positions into `items`), keeping the order of results. `fn` gets the
 * item's position in `order` too.
 */
async function pool<T, R>(items: T[], order: number[], jobs: number, fn: (item: T, index: number, turn: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const turn = next++;
      const i = order[turn]!;
      results[i] = await fn(items[i]!, i, turn);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

export async function runTarget(o: TargetRunOptions): Promise<TargetReport> {
  const startedAt = new Date();
  const t0 = performance.now();
  const report = (runtime: RuntimeInfo | null, capabilities: string[], results: CaseResult[], infrastructureError?: string): TargetReport => ({
    target: { runtime: o.adapter.runtime, host: o.host, ...(o.guest && o.guest !== DEFAULT_GUEST ? { guest: o.guest } : {}) },
    runtime: runtime ? { version: runtime.version, binary: runtime.binary, details: runtime.details } : null,
    capabilities,
    witDigest: o.witDigest,
    eras: o.eras,
    versions: o.versions,
    timingScale: o.timingScale,
    strict: o.strict,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    results,
    ...(infrastructureError ? { infrastructureError } : {}),
    ...(o.shard ? { shard: o.shard } : {}),
    ...(o.signal?.aborted ? { interrupted: String(o.signal.reason ?? 'interrupted') } : {}),
  });

  // One run per case and era it holds in, among the eras selected.
  const runs: [Case, Era][] = o.cases
    .flatMap((c) => o.eras.filter((e) => c.eras.includes(e)).map((e): [Case, Era] => [c, e]))
    .filter(([c, e]) => !o.select || o.select(`${c.id} [${e}]`));
  let runtime: RuntimeInfo;
  let probe;
  try {
    runtime = await o.adapter.detect();
    probe = await o.adapter.probe(o.host);
  } catch (e) {
    const message = (e as Error).message + ((e as { hint?: string }).hint ? `\n  how to fix: ${(e as { hint?: string }).hint}` : '');
    if (e instanceof NotInstalledError && o.allowNotInstalled) return { ...report(null, [], []), notInstalled: message };
    const results = runs.map(([c, era]) => ({ ...baseResult(c, era, o.versions), outcome: 'error' as const, message, durationMs: 0, transcript: [] }));
    results.forEach((r) => o.onResult?.(r));
    return report(null, [], results, message);
  }

  const prepared = new Map<string, Promise<PreparedFixture>>();
  const prepare = (fixture: string | FixtureComponent) => {
    const name = typeof fixture === 'string' ? fixture : fixture.name;
    let p = prepared.get(name);
    if (!p) {
      p = (async () => o.adapter.prepare(typeof fixture === 'string' ? resolveFixture(fixture, o.guest ?? DEFAULT_GUEST) : fixture, o.host))();
      prepared.set(name, p);
    }
    return p;
  };

  /** Why a run cannot run on this target (its outcome then), or the fixture it runs on. */
  const plan = ([c]: [Case, Era]): { skip: string; outcome: 'unsupported' } | { fixture: string | FixtureComponent } => {
    // What the case requires, and what running its fixture takes (a component runtime, unless the target is a server command).
    const fixtureNeeds = typeof o.fixtureOverride === 'object' ? o.fixtureOverride.needs : P3_COMPONENT;
    const missing = [...new Set([...(c.requires ?? []), ...fixtureNeeds])].filter((cap) => !probe.capabilities.includes(cap as Capability));
    if (o.portableOnly && !c.portable) return { skip: o.portableOnly, outcome: 'unsupported' };
    if (missing.length > 0) {
      const why = missing.map((cap) => `${cap}: ${probe.missing[cap as Capability] ?? 'not available'}`).join('; ');
      return { skip: `the target lacks ${why}`, outcome: 'unsupported' };
    }
    return { fixture: o.fixtureOverride ?? c.fixture };
  };

  const waits = runs.map(([c, era]) => requiredWaitMs(c, era, o.timingScale));
  const order = o.inGivenOrder ? runs.map((_, i) => i) : runOrder(waits);
  // While a case runs, the targets of the next `jobs` runs in line start (not for a case with peers: its target needs their addresses).
  const ahead = new StartedAhead();
  const startAhead = (turn: number) => {
    for (const i of order.slice(turn + 1, turn + 1 + o.jobs)) {
      const [c] = runs[i]!;
      const p = plan(runs[i]!);
      if (o.signal?.aborted || c.peers || !('fixture' in p)) continue;
      ahead.start(i, async () => o.adapter.start(await prepare(p.fixture), o.host, { hostEnv: { ...o.hostEnv } }));
    }
  };

  let results: CaseResult[];
  try {
    results = await pool(runs, order, o.jobs, async ([c, era], i, turn): Promise<CaseResult> => {
      const base = () => baseResult(c, era, o.versions);
      if (o.signal?.aborted) return { ...base(), outcome: 'not-run', message: 'the run was interrupted before the case started', durationMs: 0, transcript: [] };
      const p = plan([c, era]);
      let result: CaseResult;
      if (!('fixture' in p)) {
        result = { ...base(), outcome: p.outcome, message: p.skip, durationMs: 0, transcript: [] };
      } else {
        const fixture = p.fixture;
        const fixtureName = typeof fixture === 'string' ? fixture : fixture.name;
        let ready: PreparedFixture | undefined;
        try {
          ready = await prepare(fixture);
        } catch (e) {
          result = e instanceof MissingGuestFixture
            ? { ...base(), outcome: 'unsupported', message: e.message, durationMs: 0, transcript: [] }
            : { ...base(), outcome: 'error', message: `fixture ${fixtureName}: ${(e as Error).message}`, durationMs: 0, transcript: [] };
        }
        if (ready) {
          startAhead(turn);
          // A peer fixture runs like the target: same runtime and host, prepared once, a fresh process per session.
          const startPeer = async (name: string) => o.adapter.start(await prepare(name), o.host, {});
          const started = ahead.take(i);
          result = await runCase(c, era, ready, { adapter: o.adapter, host: o.host, timingScale: o.timingScale, versions: o.versions, hostEnv: o.hostEnv, signal: o.signal, startPeer, ...(o.peerCommands ? { peerCommands: o.peerCommands } : {}), ...(started ? { started } : {}) });
          if (o.fixtureOverride) result.fixture = fixtureName;
        }
      }
      o.onResult?.(result!);
      return result!;
    });
  } finally {
    await ahead.stopAll();
    await o.adapter.close?.();
  }
  return report(runtime, probe.capabilities, results);
}
