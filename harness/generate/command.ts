// `--generate N --seed S`: finds the target, runs the search, prints each
// program's verdict, and for a failure prints the minimal program, writes it
// as a case file, and replays that file once to show it fails the same way.
// Exit code: 0 every program held, 1 one broke an invariant, 2 the search
// could not run.
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { InfrastructureError, P3_COMPONENT, type Adapter, type Capability, type FixtureComponent } from '../../adapters/adapter.js';
import { formatProblem, loadCases } from '../model/load-cases.js';
import type { Era } from '../model/case-types.js';
import type { Vocabulary } from './arbitraries.js';
import { caseYaml } from './case-file.js';
import { compile } from './compile.js';
import { runDocument, verdictOf, type Target, type Verdict } from './drive.js';
import { INVARIANTS } from './invariants.js';
import { describeOperation, describeProgram } from './program.js';
import { caseId, search, type Failure, type SearchEvent } from './search.js';

export interface GenerateOptions {
  runs: number;
  seed: number;
  adapter: Adapter;
  host: string;
  /** The fixture the programs run on: a name, or a user's component. */
  fixture: FixtureComponent;
  /** The fixture name written into cases (a user's component: any, the case is portable). */
  fixtureName: string;
  /** Programs use the reference fixture's tools only when the fixture is the reference (or a mutant of it). */
  vocabulary: Vocabulary;
  eras: Era[];
  versions: Record<Era, string>;
  timingScale: number;
  outDir: string;
  hostEnv?: Record<string, string>;
  signal?: AbortSignal;
  /** The command-line options that select this target, for the reproduce lines (`--runtime R --host H`, the fixture, …). */
  targetFlags: string[];
}

/** At most this many shrink candidates, or this long, before the smallest failure so far is reported. */
const SHRINK_RUNS = 100;
const SHRINK_MS = 120_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A path as the user reads it: relative to the current directory when it is under it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function verdictWord(v: Verdict): string {
  return v.kind === 'hold' ? 'hold  ' : v.kind === 'broken' ? 'BROKEN' : 'error ';
}

function firstLine(text: string, max = 300): string {
  const line = text.split('\n', 1)[0]!;
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function printer(out: NodeJS.WritableStream): (e: SearchEvent) => void {
  return (e) => {
    switch (e.kind) {
      case 'run':
      case 'shrink': {
        const label = e.kind === 'run' ? `program ${e.index}/${e.total}` : `shrink ${e.index}`;
        const took = 'durationMs' in e.verdict ? ` (${seconds(e.verdict.durationMs)})` : '';
        out.write(`  ${label.padEnd(14)} ${verdictWord(e.verdict)}${took} ${describeProgram(e.program)}\n`);
        if (e.verdict.kind === 'broken' && e.kind === 'run') out.write(`      ${e.verdict.invariant}: ${firstLine(e.verdict.message)}\n`);
        return;
      }
      case 'shrink-start':
        out.write(`shrinking program ${e.from} (each candidate on a fresh target, at most ${SHRINK_RUNS}):\n`);
        return;
      case 'shrink-budget':
        out.write(`  shrinking stopped after ${e.runs} candidates (its budget); the smallest failure so far is the answer\n`);
        return;
    }
  };
}

const envPrefix = (hostEnv?: Record<string, string>) =>
  hostEnv?.WASI_MCP_HOST_DEFECT ? `WASI_MCP_HOST_DEFECT=${hostEnv.WASI_MCP_HOST_DEFECT} ` : '';

function commandLine(o: GenerateOptions, rest: string[]): string {
  const scale = o.timingScale !== 1 ? ['--timing-scale', String(o.timingScale)] : [];
  return `${envPrefix(o.hostEnv)}npx wasi-mcp-conformance ${[...o.targetFlags, ...scale, ...rest].join(' ')}`;
}

/** Finds, probes and prepares the target; an infrastructure problem throws (exit 2). */
async function prepareTarget(o: GenerateOptions): Promise<Target> {
  await o.adapter.detect();
  const probe = await o.adapter.probe(o.host);
  const needs: Capability[] = [...new Set<Capability>([...o.fixture.needs, ...(o.vocabulary === 'reference' ? P3_COMPONENT : []), 'stdio'])];
  const missing = needs.filter((c) => !probe.capabilities.includes(c));
  if (missing.length) {
    throw new InfrastructureError(`${o.adapter.runtime}/${o.host} cannot run the programs: it lacks ${missing.map((c) => `${c} (${probe.missing[c] ?? 'not available'})`).join('; ')}`);
  }
  const prepared = await o.adapter.prepare(o.fixture, o.host);
  return {
    adapter: o.adapter,
    host: o.host,
    prepared,
    timingScale: o.timingScale,
    versions: o.versions,
    ...(o.hostEnv ? { hostEnv: o.hostEnv } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

interface Written {
  file: string;
  replay: Verdict;
}

/** Writes the minimal program's case, loads it back as `--cases` would, and runs it once. */
async function writeAndReplay(o: GenerateOptions, target: Target, failure: Failure): Promise<Written> {
  const file = join(o.outDir, `generated-${o.seed}.yaml`);
  const compiled = compile(failure.program, {
    id: caseId(o.seed, 'minimal'),
    title: `a generated program (seed ${o.seed}, shrunk) is served as the contracts say`,
    fixture: o.fixtureName,
    portable: o.vocabulary === 'portable',
  });
  const header = [
    `Written by wasi-mcp-conformance --generate (docs/generate.md): the smallest program`,
    `seed ${o.seed} found that breaks an invariant on ${o.adapter.runtime}/${o.host}${o.hostEnv?.WASI_MCP_HOST_DEFECT ? ` with WASI_MCP_HOST_DEFECT=${o.hostEnv.WASI_MCP_HOST_DEFECT}` : ''}`,
    `(program ${failure.foundAt} of ${o.runs}, shrunk ${failure.shrinks} times in ${failure.shrinkRuns} candidate runs).`,
    `It broke ${failure.verdict.invariant}: ${INVARIANTS[failure.verdict.invariant].statement}.`,
    `  ${firstLine(failure.verdict.message, 400)}`,
    `The program (${failure.program.era}):`,
    ...failure.program.operations.map((op, i) => `  ${i + 1}. ${describeOperation(op)}`),
    `Found with: ${commandLine(o, ['--generate', String(o.runs), '--seed', String(o.seed)])}`,
    `Replay:     ${commandLine(o, ['--cases', shown(file)])}`,
    `fast-check counterexample path: ${failure.path}`,
  ];
  await writeFile(file, caseYaml(compiled.doc, { header, checks: compiled.checks, programSteps: compiled.programSteps }));
  const { cases, problems } = await loadCases({ root: o.outDir, patterns: [file] });
  if (problems.length || cases.length !== 1) {
    return { file, replay: { kind: 'problem', message: `the written case does not load: ${problems.map(formatProblem).join('; ')}` } };
  }
  const result = await runDocument(compiled.doc, target, file);
  return { file, replay: verdictOf(result, compiled) };
}

export async function generateCommand(o: GenerateOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const target = await prepareTarget(o);
  await mkdir(o.outDir, { recursive: true });
  out.write(`generate: ${o.runs} program${o.runs > 1 ? 's' : ''} on ${o.adapter.runtime}/${o.host} (fixture ${o.fixtureName}, ${o.vocabulary} requests), seed ${o.seed}\n`);
  const result = await search({
    seed: o.seed,
    runs: o.runs,
    vocabulary: o.vocabulary,
    eras: o.eras,
    target,
    fixture: o.fixtureName,
    shrinkBudget: { runs: SHRINK_RUNS, ms: SHRINK_MS * o.timingScale },
    onEvent: printer(out),
  });
  const record: Record<string, unknown> = {
    seed: o.seed,
    runs: o.runs,
    target: { runtime: o.adapter.runtime, host: o.host, fixture: o.fixtureName },
    programs: result.programs.map(({ program, verdict }) => ({
      program,
      description: describeProgram(program),
      verdict: verdict.kind === 'broken' ? { kind: verdict.kind, invariant: verdict.invariant, message: verdict.message } : verdict,
    })),
  };
  const recordFile = join(o.outDir, `generated-${o.seed}.json`);
  const save = () => writeFile(recordFile, `${JSON.stringify(record, null, 2)}\n`);

  if (o.signal?.aborted) {
    await save();
    err.write('wasi-mcp-conformance: interrupted\n');
    return o.signal.reason === 'SIGINT' ? 130 : 143;
  }
  if (result.problem !== undefined) {
    record.problem = result.problem;
    await save();
    err.write(`wasi-mcp-conformance: the programs could not run: ${firstLine(result.problem, 600)}\n`);
    return 2;
  }
  if (!result.failure) {
    await save();
    out.write(`all ${result.programs.length} programs held every invariant (seed ${o.seed}); record: ${shown(recordFile)}\n`);
    return 0;
  }

  const f = result.failure;
  out.write(`minimal program (program ${f.foundAt}, shrunk ${f.shrinks} times in ${f.shrinkRuns} candidate runs):\n`);
  out.write(`  era ${f.program.era}\n`);
  f.program.operations.forEach((op, i) => out.write(`  ${i + 1}. ${describeOperation(op)}\n`));
  out.write(`it breaks ${f.verdict.invariant}: ${INVARIANTS[f.verdict.invariant].statement}\n`);
  out.write(`  ${firstLine(f.verdict.message, 600)}\n`);
  const written = await writeAndReplay(o, target, f);
  out.write(`wrote ${shown(written.file)}\n`);
  out.write(`replay: ${commandLine(o, ['--cases', shown(written.file)])}\n`);
  const r = written.replay;
  if (r.kind === 'broken') {
    out.write(`replayed it once: it breaks ${r.invariant}${r.invariant === f.verdict.invariant ? ', as the program did' : ` (the program broke ${f.verdict.invariant})`}\n`);
  } else if (r.kind === 'hold') {
    out.write('replayed it once: it passed this time (the failure depends on timing; see docs/generate.md)\n');
  } else {
    out.write(`replayed it once: ${firstLine(r.message)}\n`);
  }
  record.minimal = {
    program: f.program,
    description: describeProgram(f.program),
    invariant: f.verdict.invariant,
    message: f.verdict.message,
    foundAt: f.foundAt,
    shrinks: f.shrinks,
    shrinkRuns: f.shrinkRuns,
    path: f.path,
    case: written.file,
    replay: r.kind === 'broken' ? { kind: r.kind, invariant: r.invariant } : r,
  };
  await save();
  return 1;
}

/** Programs use the reference fixture's tools on the reference fixture and its mutants; on anything else only requests every server answers. */
export function vocabularyFor(fixture: string | undefined, component: boolean): Vocabulary {
  const base = (fixture ?? 'reference').split(':', 1)[0];
  return !component && (base === 'reference' || base === 'mutant') ? 'reference' : 'portable';
}
