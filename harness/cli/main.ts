// Command line: parse options, run the chosen target, write reports, and
// turn the results into an exit code (0 as expected, 1 conformance
// failures, 2 usage or infrastructure error).
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { InfrastructureError } from '../../adapters/adapter.js';
import type { Adapter, FixtureComponent } from '../../adapters/adapter.js';
import { commandAdapter } from '../../adapters/command.js';
import { ComponentError, userComponent } from '../../adapters/user-component.js';
import { applyExpectations, loadExpectations, type Expectation } from '../model/expectations.js';
import { adapters, DEFAULT_RUNTIME } from '../../adapters/index.js';
import { packageRoot } from '../../adapters/paths.js';
import { formatProblem, loadCases } from '../model/load-cases.js';
import { ConsoleReporter } from '../reports/console.js';
import type { Case, Era } from '../model/case-types.js';
import { mergeReports, MergeError, readReports } from '../reports/merge.js';
import { writeMatrixReports, writeTargetReports, type Reporter } from '../reports/files.js';
import { DEFAULT_GUEST, failsRun, resultName, targetName, type CaseResult, type TargetReport } from '../reports/results.js';
import { assignShards, parseShard, type Shard } from '../runner/shard.js';
import { runTarget } from '../runner/run-target.js';
import { serve } from './serve.js';
import { choices, OptionError, parseOptions } from './options.js';
import { FixtureError, GUESTS, resolveFixture } from '../runner/fixtures.js';
import { didYouMean } from '../client/match.js';
import { gaps, loadScope, traceability, traceabilityMarkdown } from '../model/traceability.js';
import { witDigest, witDir } from '../runner/wit-digest.js';
import { generateCommand, vocabularyFor } from '../generate/command.js';


export const HELP = `Usage: wasi-mcp-conformance [options]
       wasi-mcp-conformance serve [options]        (a target as a stdio MCP server; serve --help)
       wasi-mcp-conformance merge-reports DIR...   (the shards of a run into one set of reports;
                                                    merge-reports --help)

Runs the wasi:mcp conformance cases against a target (runtime x host) and
writes reports. With no options: every case on ${DEFAULT_RUNTIME} with the ${adapters[DEFAULT_RUNTIME]!.hosts[0]} host.

Options:
  --runtime NAME         runtime to test: ${Object.keys(adapters).join(', ')}, or all (every target,
                         a runtime that is not installed is reported as such; default ${DEFAULT_RUNTIME})
  --host NAME            wasi:mcp host (default: the runtime's first; see Runtimes below)
  --cases GLOB           case files to load (repeatable; default: the suite's cases/**/*.yaml)
  --filter PATTERN       run only cases whose id matches (glob: * and ?; repeatable)
  --fixture NAME         run every case on this fixture instead of the one it names
                         (e.g. mutant:ignore-cancel, see docs/fixtures.md)
  --server-command CMD   test any stdio MCP server: CMD (a command line, no shell) is
                         started for every case; the cases marked portable run on it,
                         the others are unsupported (they need the suite's fixtures)
  --peer NAME=CMD        replace the peer NAME of the client cases (docs/targets.md, "Peers")
                         by any stdio MCP server: CMD (a command line, no shell) is started
                         for every connection the target opens (repeatable)
  --guest LIST           the guests whose fixtures run, comma-separated: js (default; built
                         with componentize-qjs), c (wit-bindgen c), or all; each guest is a
                         column of its own, and where two guests differ on one host the
                         matrix says so
  --component FILE       check your own wasi:mcp server component: runs the cases marked
                         portable on it; the others need the suite's fixtures and are
                         reported unsupported (a host that runs compositions makes one with
                         the build tools of npm run setup)
  --expectations FILE    known failures (YAML, docs/expectations.md): a listed case that
                         fails is xfail; one that passes is xpass and fails the run
                         (exit 1); an entry naming no case is an error (exit 2)
  --out DIR              report folder (default: reports)
  --reporter LIST        comma-separated: console, junit, json, tap, html (default:
                         console,junit,json); html writes <out>/matrix.html, a
                         self-contained page of every target run
  --timing-scale N       multiply every timing bound and timeout by N (default 1;
                         2-5 for slow machines; env WASI_MCP_TIMING_SCALE)
  --jobs N               cases run at once (default: ${defaultJobs()})
  --protocol-version V   the protocol era(s) to run: legacy, modern, all (default), or a
                         version: 2026-07-28 (modern); 2025-11-25, 2025-06-18, 2025-03-26,
                         2024-11-05 (legacy, asked for in initialize). A case runs once per
                         selected era it holds in.
  --strict               SHOULD and MAY failures fail the run (default: warnings)
  --shard K/N            run only the K-th of N parts of the case runs (each case in each era
                         goes to one part, the same on every machine); merge the parts'
                         folders with merge-reports
  --shard-durations PATH a results-*.json of an earlier run (or a folder of them): parts are
                         then balanced by the time each case took
  --list                 list the selected cases and exit
  --traceability         write <out>/traceability.md and .json (which cases exercise
                         each WIT function and MCP method, and which have none) and exit
  --generate N           instead of the case files, run N random programs of concurrent
                         requests, cancellations and sleeps (one era each, a fresh target
                         each) against invariants of the contracts; the first program that
                         breaks one is shrunk to a minimal one and written as
                         <out>/generated-<seed>.yaml, a case that replays it (with
                         --cases); <out>/generated-<seed>.json records every program.
                         Works with --runtime, --host, --fixture, --component, --guest,
                         --protocol-version, --timing-scale (docs/generate.md)
  --seed S               the seed of --generate (0 to 2147483647; default random, printed):
                         the same seed draws the same programs
  --debug                a harness error prints its stack as well as its one line
  --version              print the suite's version
  -h, --help             show this help

Reports: <out>/junit-<runtime>-<host>.xml, <out>/results-<runtime>-<host>.json
(and .tap with --reporter tap); with several targets also <out>/matrix.md and
<out>/matrix.json, the portability matrix.

${runtimesHelp()}
Install runtimes: npm run setup.

Exit codes: 0 every case as expected; 1 conformance failures (a MUST case
failed or timed out, or an expected failure passed; with --strict also a
SHOULD or MAY case); 2 usage error, broken
case file, missing runtime or fixture, or a harness error.
`;

/** Each runtime of the registry: its hosts and the environment that steers it. */
function runtimesHelp(): string {
  const lines = ['Runtimes (--runtime NAME: its hosts; environment):'];
  for (const [name, a] of Object.entries(adapters)) {
    lines.push(`  ${name.padEnd(16)} hosts ${a.hosts.join(', ')}`);
    for (const [v, what] of Object.entries(a.environment ?? {})) lines.push(`  ${''.padEnd(16)} ${v}: ${what}`);
  }
  return lines.join('\n');
}

function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

class UsageError extends Error {}

/** Makes the report folder and proves it can be written to, before any case runs. */
async function writableFolder(path: string, flag: string): Promise<string> {
  const dir = resolve(path);
  try {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.wasi-mcp-write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write reports there (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a folder you can write to`);
  }
  return dir;
}

function idMatcher(patterns: string[]): (id: string) => boolean {
  if (patterns.length === 0) return () => true;
  const res = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return (id) => res.some((re) => re.test(id));
}

export const SERVE_HELP = `Usage: wasi-mcp-conformance serve [--runtime NAME] [--host NAME] [--fixture NAME | --component FILE]

Runs one target as a plain stdio MCP server: this process's stdin and stdout
become the target's, so any MCP client (an inspector, an agent) can talk to
the suite's hosts and fixtures, or to your own component behind a host. The
target serves both protocol eras: 2026-07-28 requests with _meta, and
initialize for 2025-11-25. Closing stdin stops it.

Options:
  --runtime NAME     ${Object.keys(adapters).join(', ')} (default ${DEFAULT_RUNTIME})
  --host NAME        wasi:mcp host (default: the runtime's first; see wasi-mcp-conformance --help)
  --fixture NAME     a fixture (docs/fixtures.md; default reference), e.g. minimal, mutant:trap
  --component FILE   your wasi:mcp server component instead of a fixture
  -h, --help         show this help

Example: npx @modelcontextprotocol/inspector npx wasi-mcp-conformance serve --runtime ${Object.keys(adapters)[1] ?? DEFAULT_RUNTIME}
`;

async function serveCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let values: ServeValues;
  try {
    values = parseOptions('serve', argv).values as ServeValues;
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    err.write(`wasi-mcp-conformance serve: ${e.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    out.write(SERVE_HELP);
    return 0;
  }
  try {
    if (values.component && values.fixture) throw new UsageError('--component and --fixture exclude each other');
    const [{ adapter, host }] = selectTargets(values.runtime ?? DEFAULT_RUNTIME, values.host) as [Target];
    let fixture: string | FixtureComponent = values.fixture ?? 'reference';
    if (values.component) {
      const component = await userComponent(values.component).catch((e: Error) => {
        throw e instanceof ComponentError ? new UsageError(e.message) : e;
      });
      fixture = component;
    }
    return await serve({ adapter, host, fixture });
  } catch (e) {
    if (e instanceof UsageError || e instanceof InfrastructureError || e instanceof FixtureError) {
      err.write(`wasi-mcp-conformance serve: ${e.message}\n`);
      if (e instanceof InfrastructureError && e.hint) err.write(`  how to fix: ${e.hint}\n`);
      return 2;
    }
    throw e;
  }
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (argv[0] === 'serve') return serveCommand(argv.slice(1), out, err);
  if (argv[0] === 'merge-reports') return mergeCommand(argv.slice(1), out, err);
  let values: Values;
  try {
    values = parseOptions('run', argv).values as Values;
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    err.write(`wasi-mcp-conformance: ${e.message}\nRun with --help for usage.\n`);
    return 2;
  }
  const debug = values.debug ?? false;
  if (values.help) {
    out.write(HELP);
    return 0;
  }
  if (values.version) {
    const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    out.write(`wasi-mcp-conformance ${pkg.version}\n`);
    return 0;
  }
  try {
    return await (values.generate !== undefined || values.seed !== undefined ? generate(values, out, err) : run(values, out, err));
  } catch (e) {
    return reportError(e, err, debug);
  }
}

/**
 * A run that cannot be trusted: one line saying what and what to do, exit 2.
 * Anything unexpected is a harness error: one line too, the stack only with --debug.
 */
function reportError(e: unknown, err: NodeJS.WritableStream, debug: boolean): number {
  if (e instanceof UsageError || e instanceof InfrastructureError || e instanceof FixtureError) {
    err.write(`wasi-mcp-conformance: ${e.message}\n`);
    if (e instanceof InfrastructureError && e.hint) err.write(`  how to fix: ${e.hint}\n`);
    if (e instanceof UsageError) err.write('Run with --help for usage.\n');
    return 2;
  }
  const io = e as NodeJS.ErrnoException;
  if (io?.code && typeof io.path === 'string') {
    err.write(`wasi-mcp-conformance: cannot ${io.syscall ?? 'use'} ${io.path}: ${io.code}${debug ? `\n${io.stack}` : ''}\n`);
    return 2;
  }
  err.write(`wasi-mcp-conformance: harness error: ${(e as Error)?.message ?? String(e)}${debug ? `\n${(e as Error)?.stack}` : ' (run with --debug for the stack)'}\n`);
  return 2;
}

/** The options of a run, as options.schema.json checks them ($defs/run). */
type Values = {
  debug?: boolean;
  runtime?: string; host?: string; cases?: string[]; filter?: string[]; fixture?: string; component?: string; 'server-command'?: string; peer?: string[]; guest?: string[]; expectations?: string; out?: string; reporter?: Reporter[];
  'timing-scale'?: number; jobs?: number; 'protocol-version'?: string; strict?: boolean; shard?: string; 'shard-durations'?: string; list?: boolean; traceability?: boolean;
  generate?: number; seed?: number; help?: boolean; version?: boolean;
};
type ServeValues = { runtime?: string; host?: string; fixture?: string; component?: string; help?: boolean };

const MODERN_VERSIONS = ['2026-07-28'];
/** The dated versions --protocol-version takes (options.schema.json) that are not modern. */
const LEGACY_VERSIONS = choices('run', 'protocol-version').filter((v) => /^\d/.test(v) && !MODERN_VERSIONS.includes(v));
const DEFAULT_VERSIONS: Record<Era, string> = { legacy: '2025-11-25', modern: '2026-07-28' };

/** `--peer NAME=CMD`: peers replaced by the user's servers; a name no selected case has is a typo. */
export function parsePeerCommands(values: string[] | undefined, cases: Case[]): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const known = [...new Set(cases.flatMap((c) => Object.keys(c.peers ?? {})))].sort();
  const out: Record<string, string> = {};
  for (const v of values) {
    const m = /^([a-z][a-z0-9-]*)=(.*\S.*)$/s.exec(v);
    if (!m) throw new UsageError(`--peer takes NAME=COMMAND, e.g. --peer ref="node server.js"; got ${JSON.stringify(v)}`);
    const [, name, command] = m as unknown as [string, string, string];
    if (!known.includes(name)) throw new UsageError(`--peer ${name}: no selected case has a peer named ${JSON.stringify(name)}${didYouMean(name, known)}; peers: ${known.join(', ') || 'none'}`);
    if (out[name] !== undefined) throw new UsageError(`--peer ${name} is given twice`);
    out[name] = command.trim();
  }
  return out;
}

/** `--guest`: the guests whose fixtures run (the schema has checked the names). */
export function selectGuests(list: string[] | undefined): string[] {
  const names = list ?? [DEFAULT_GUEST];
  return names.includes('all') ? Object.keys(GUESTS) : [...new Set(names)];
}

/** `--protocol-version`: the eras to run and the version spoken in each. */
export function selectEras(value: string | undefined): { eras: Era[]; versions: Record<Era, string> } {
  const v = value ?? 'all';
  if (v === 'all') return { eras: ['legacy', 'modern'], versions: DEFAULT_VERSIONS };
  if (v === 'legacy' || v === 'modern') return { eras: [v], versions: DEFAULT_VERSIONS };
  if (LEGACY_VERSIONS.includes(v)) return { eras: ['legacy'], versions: { ...DEFAULT_VERSIONS, legacy: v } };
  if (MODERN_VERSIONS.includes(v)) return { eras: ['modern'], versions: { ...DEFAULT_VERSIONS, modern: v } };
  throw new UsageError(`--protocol-version takes legacy, modern, all, or one of ${[...MODERN_VERSIONS, ...LEGACY_VERSIONS].join(', ')}; got ${JSON.stringify(v)}`);
}

interface Target {
  adapter: Adapter;
  host: string;
}

function selectTargets(runtime: string, host: string | undefined): Target[] {
  if (runtime === 'all') {
    const all = Object.values(adapters).flatMap((adapter) => adapter.hosts.filter((h) => !host || h === host).map((h) => ({ adapter, host: h })));
    if (all.length === 0) throw new UsageError(`no runtime has a host ${JSON.stringify(host)}; hosts: ${[...new Set(Object.values(adapters).flatMap((a) => a.hosts))].join(', ')}`);
    return all;
  }
  const adapter = adapters[runtime];
  if (!adapter) throw new UsageError(`unknown runtime ${JSON.stringify(runtime)}; known: ${Object.keys(adapters).join(', ')}, all`);
  const h = host ?? adapter.hosts[0]!;
  if (!adapter.hosts.includes(h)) throw new UsageError(`runtime ${runtime} has no host ${JSON.stringify(h)}; it has: ${adapter.hosts.join(', ')}`);
  return [{ adapter, host: h }];
}

const PORTABLE_ONLY = 'needs the suite\'s fixtures: the case relies on their particular tools, resources or prompts';

async function run(values: Values, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const runtime = values.runtime ?? DEFAULT_RUNTIME;
  const serverCommand = values['server-command'];
  if (serverCommand !== undefined && (values.runtime || values.host || values.component || values.fixture)) {
    throw new UsageError('--server-command runs a server of its own: it excludes --runtime, --host, --component and --fixture');
  }
  const targets = serverCommand !== undefined ? [{ adapter: commandAdapter(serverCommand), host: 'stdio' }] : selectTargets(runtime, values.host);
  const guests = selectGuests(values.guest);
  if (values.guest !== undefined && (serverCommand !== undefined || values.component)) throw new UsageError('--guest picks the suite\'s fixtures: it excludes --component and --server-command');
  const reporters: Reporter[] = values.reporter ?? ['console', 'junit', 'json'];
  const timingScale = values['timing-scale'] ?? 1;
  const jobs = values.jobs ?? defaultJobs();
  if (values.fixture !== undefined) resolveFixture(values.fixture);
  const { eras, versions } = selectEras(values['protocol-version']);
  const strict = values.strict ?? false;
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    shard = parseShard(values.shard);
    if (!shard) throw new UsageError(`--shard takes K/N with 1 <= K <= N, e.g. 2/4; got ${JSON.stringify(values.shard)}`);
  }
  if (values['shard-durations'] !== undefined && !shard) throw new UsageError('--shard-durations needs --shard');
  const durations = values['shard-durations'] !== undefined ? await recordedDurations(values['shard-durations']) : new Map<string, number>();

  const { cases: loaded, problems } = await loadCases({
    root: join(packageRoot, 'cases'),
    ...(values.cases ? { patterns: values.cases.map((p) => resolve(p)) } : {}),
  });
  const selected = loaded.filter((c) => idMatcher(values.filter ?? [])(c.id));
  const peerCommands = parsePeerCommands(values.peer, selected);
  for (const p of problems) err.write(`${formatProblem(p)}\n`);

  if (values.list) {
    for (const c of selected) out.write(`${c.id.padEnd(44)} ${c.severity.padEnd(6)} ${c.eras.join('+').padEnd(13)} ${c.area.padEnd(13)} ${c.title}\n`);
    out.write(`${selected.length} cases${problems.length ? `, ${problems.length} problems in case files` : ''}\n`);
    return problems.length ? 2 : 0;
  }
  if (values.traceability) {
    const t = traceability(selected, witDir, witDigest(), versions, loadScope(join(packageRoot, 'docs', 'scope.yaml')));
    const dir = await writableFolder(values.out ?? 'reports', '--out');
    await writeFile(join(dir, 'traceability.md'), traceabilityMarkdown(t));
    await writeFile(join(dir, 'traceability.json'), `${JSON.stringify(t, null, 2)}\n`);
    out.write(`wrote ${relative(process.cwd(), join(dir, 'traceability.md'))} and traceability.json\n`);
    const open = gaps(t);
    if (open.length) out.write(`${open.length} item${open.length > 1 ? 's have' : ' has'} neither a case nor a reason in docs/scope.yaml: ${open.join(', ')}\n`);
    return problems.length ? 2 : 0;
  }
  if (selected.length === 0 && problems.length === 0) throw new UsageError('no case matches the --cases and --filter given');

  if (values.component && values.fixture) throw new UsageError('--component and --fixture exclude each other');
  let expectations: Expectation[] = [];
  if (values.expectations) {
    const loadedExpectations = await loadExpectations(values.expectations).catch((e: Error) => {
      throw new UsageError(e.message);
    });
    if (loadedExpectations.problems.length) {
      throw new UsageError(`the expectations file has problems:\n${loadedExpectations.problems.map(formatProblem).join('\n')}`);
    }
    expectations = loadedExpectations.expectations;
  }
  let component: FixtureComponent | undefined;
  if (values.component) {
    try {
      component = await userComponent(values.component);
    } catch (e) {
      if (e instanceof ComponentError) throw new UsageError(e.message);
      throw e;
    }
  }

  // Each case in each era goes to one shard, the same on every runner.
  const keys = selected.flatMap((c) => c.eras.filter((e) => eras.includes(e)).map((e) => `${c.id} [${e}]`));
  const assignment = shard ? assignShards(keys, shard.count, durations) : undefined;
  const select = shard && assignment ? (run: string) => assignment.get(run) === shard!.index : undefined;
  const console = reporters.includes('console') ? new ConsoleReporter(out, undefined, strict) : undefined;
  const digest = witDigest();
  const reports: TargetReport[] = [];
  await writableFolder(values.out ?? 'reports', '--out');
  // Ctrl-C or SIGTERM: the cases running stop, the rest are not run, the reports of what finished are
  // written, and the exit code says the run was interrupted; a second signal exits at once.
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    err.write(`\nwasi-mcp-conformance: ${signal}: stopping; the reports will list the cases that did not run (again to quit at once)\n`);
    interrupt.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (const { adapter, host, guest } of targets.flatMap((t) => guests.map((g) => ({ ...t, guest: g })))) {
      console?.targetStart(`${targetName({ runtime: adapter.runtime, host, guest })}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}`, select ? keys.filter(select).length : keys.length);
      // A host that runs a composition makes it when it prepares the component; a missing
      // tool or a failed composition surfaces as the prepare error of every case.
      const override: string | FixtureComponent | undefined = component ?? values.fixture;
      const ran = await runTarget({
        adapter,
        host,
        cases: selected,
        timingScale,
        eras,
        versions,
        strict,
        witDigest: digest,
        jobs,
        allowNotInstalled: runtime === 'all',
        ...(select ? { select, shard } : {}),
        guest,
        signal: interrupt.signal,
        ...(override ? { fixtureOverride: override } : {}),
        ...(component ? { portableOnly: `${PORTABLE_ONLY} (run it without --component)` } : {}),
        ...(serverCommand !== undefined ? { portableOnly: PORTABLE_ONLY, fixtureOverride: { name: 'server-command', componentPath: '-', guestEnv: {}, needs: [] } } : {}),
        ...(peerCommands ? { peerCommands } : {}),
        ...(process.env.WASI_MCP_HOST_DEFECT ? { hostEnv: { WASI_MCP_HOST_DEFECT: process.env.WASI_MCP_HOST_DEFECT } } : {}),
        onResult: (r) => console?.result(r),
      });
      const report = expectations.length && !ran.notInstalled ? applyExpectations(ran, expectations, loaded.map((c) => c.id)) : ran;
      if (report !== ran) console?.expectations(report.results.filter((r, i) => r.outcome !== ran.results[i]?.outcome));
      // Broken case files are results too, so that reports show them.
      if (!report.notInstalled) {
        report.results.push(...problems.map((p): CaseResult => ({
          id: `case-file:${p.file}`, era: eras[0]!, protocolVersion: versions[eras[0]!], title: 'case file could not be loaded', area: 'case-file', severity: 'MUST', file: p.file,
          references: {}, fixture: '-', outcome: 'error', message: formatProblem(p), durationMs: 0, transcript: [],
        })));
      }
      const files = report.notInstalled ? [] : await writeTargetReports(report, values.out ?? 'reports', reporters);
      console?.summary(report, files.map((f) => relative(process.cwd(), f) || f));
      if (report.infrastructureError && !console) err.write(`${report.infrastructureError}\n`);
      reports.push(report);
    }
    for (const f of await writeMatrixReports(reports, values.out ?? 'reports', reporters)) {
      out.write(`${f.endsWith('.html') ? 'matrix page' : 'portability matrix'}: ${relative(process.cwd(), f)}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupt.signal.aborted) return interrupt.signal.reason === 'SIGINT' ? 130 : 143;
  return Math.max(...reports.map(exitCode));
}

/** `--generate N [--seed S]`: generated programs instead of the case files (docs/generate.md). */
async function generate(values: Values, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (values.generate === undefined) throw new UsageError('--seed goes with --generate');
  const runs = values.generate;
  const seed = values.seed ?? Math.floor(Math.random() * 2 ** 31);
  const excluded = (['cases', 'filter', 'list', 'traceability', 'shard', 'shard-durations', 'expectations', 'server-command', 'strict'] as const).filter((k) => values[k] !== undefined);
  if (excluded.length) throw new UsageError(`--generate runs generated programs, not case files: it excludes ${excluded.map((k) => `--${k}`).join(', ')}`);
  if (values.runtime === 'all') throw new UsageError('--generate runs on one target: name a runtime');
  if (values.component && values.fixture) throw new UsageError('--component and --fixture exclude each other');
  const [{ adapter, host }] = selectTargets(values.runtime ?? DEFAULT_RUNTIME, values.host) as [Target];
  const guests = selectGuests(values.guest);
  if (guests.length !== 1) throw new UsageError('--generate runs one guest\'s fixtures: give --guest one name');
  if (values.guest !== undefined && values.component) throw new UsageError('--guest picks the suite\'s fixtures: it excludes --component');
  const { eras, versions } = selectEras(values['protocol-version']);
  const timingScale = values['timing-scale'] ?? 1;
  const fixture = values.component
    ? await userComponent(values.component).catch((e: Error) => {
      throw e instanceof ComponentError ? new UsageError(e.message) : e;
    })
    : resolveFixture(values.fixture ?? 'reference', guests[0]);
  const outDir = await writableFolder(values.out ?? 'reports', '--out');
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => (interrupt.signal.aborted ? process.exit(signal === 'SIGINT' ? 130 : 143) : interrupt.abort(signal));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await generateCommand({
      runs,
      seed,
      adapter,
      host,
      fixture,
      fixtureName: values.component ? 'reference' : (values.fixture ?? 'reference'),
      vocabulary: vocabularyFor(values.fixture, values.component !== undefined),
      eras,
      versions,
      timingScale,
      outDir,
      ...(process.env.WASI_MCP_HOST_DEFECT ? { hostEnv: { WASI_MCP_HOST_DEFECT: process.env.WASI_MCP_HOST_DEFECT } } : {}),
      signal: interrupt.signal,
      targetFlags: [
        '--runtime', adapter.runtime, '--host', host,
        ...(values.fixture ? ['--fixture', values.fixture] : []),
        ...(values.component ? ['--component', values.component] : []),
        ...(values.guest !== undefined ? ['--guest', guests[0]!] : []),
        ...(values['protocol-version'] ? ['--protocol-version', values['protocol-version']] : []),
      ],
    }, out, err);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Durations of the case runs of earlier reports (a results-*.json, or a folder of them). */
async function recordedDurations(path: string): Promise<Map<string, number>> {
  const { stat } = await import('node:fs/promises');
  const isDir = await stat(path).then((s) => s.isDirectory(), () => {
    throw new UsageError(`--shard-durations ${path}: no such file or folder`);
  });
  const inputs = isDir ? await readReports([path]).catch((e: Error) => {
    throw new UsageError(`--shard-durations: ${e.message}`);
  }) : await readReports([dirname(path)]).then((all) => all.filter((i) => resolve(i.file) === resolve(path)));
  if (inputs.length === 0) throw new UsageError(`--shard-durations ${path}: not a results-*.json report`);
  const durations = new Map<string, number>();
  for (const { report } of inputs) for (const r of report.results) durations.set(resultName(r), Math.max(durations.get(resultName(r)) ?? 0, r.durationMs));
  return durations;
}

export const MERGE_HELP = `Usage: wasi-mcp-conformance merge-reports DIR... [--out DIR] [--reporter LIST]

Merges the reports of the shards of one run (each runner's --out folder, run
with --shard K/N) into the reports a single run writes: per target JUnit, JSON
and TAP, and across targets the matrix (matrix.md, matrix.json) and, with
--reporter html, the matrix page. Every shard of every target must be there
exactly once. The exit code is the one the whole run would have had (0, 1,
2), or 2 when the shards do not fit together.

Options:
  --out DIR          where to write (default: reports)
  --reporter LIST    junit, json, tap, html (default: junit,json)
  --strict           SHOULD and MAY failures count, as in the runs (default: as recorded)
  -h, --help         show this help
`;

async function mergeCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let parsed: { values: { out?: string; reporter?: Reporter[]; strict?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseOptions('merge-reports', argv, process.env, true) as typeof parsed;
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    err.write(`wasi-mcp-conformance merge-reports: ${e.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (parsed.values.help) {
    out.write(MERGE_HELP);
    return 0;
  }
  const dirs = parsed.positionals;
  const reporters: Reporter[] = parsed.values.reporter ?? ['junit', 'json'];
  if (dirs.length === 0) {
    err.write('wasi-mcp-conformance merge-reports: give the folders of the shards\' reports\nRun with --help for usage.\n');
    return 2;
  }
  try {
    const merged = mergeReports(await readReports(dirs)).map((r) => (parsed.values.strict ? { ...r, strict: true } : r));
    const dir = parsed.values.out ?? 'reports';
    await writableFolder(dir, '--out');
    for (const r of merged) {
      const files = await writeTargetReports(r, dir, reporters);
      out.write(`${targetName(r.target)}: ${r.results.length} case runs merged; wrote ${files.map((f) => relative(process.cwd(), f)).join(', ')}\n`);
    }
    for (const f of await writeMatrixReports(merged, dir, reporters)) out.write(`wrote ${relative(process.cwd(), f)}\n`);
    return Math.max(...merged.map(exitCode));
  } catch (e) {
    if (e instanceof MergeError) {
      err.write(`wasi-mcp-conformance merge-reports: ${e.message}\n`);
      return 2;
    }
    return reportError(e, err, false);
  }
}

export function exitCode(report: TargetReport): number {
  if (report.notInstalled) return 0;
  if (report.infrastructureError || report.results.some((r) => r.outcome === 'error')) return 2;
  return report.results.some((r) => failsRun(r, report.strict)) ? 1 : 0;
}

