// npm run mutation: works through the defect catalogues and writes the
// mutation table (docs/mutation.md, docs/mutation.json); or combines the
// tables of runs made separately into one. Usage: USAGE below (--help).
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../adapters/paths.js';
import type { Case } from '../harness/model/case-types.js';
import { loadCases } from '../harness/model/load-cases.js';
import { resultName } from '../harness/reports/results.js';
import { CATALOGUES, DEFECT_FIXTURE, catalogue, isCatalogue, sample, type CatalogueName, type Defect } from './catalogue.js';
import { combine, readTable, TableError, withdrawn, without } from './combine.js';
import { baselineId, caseIds, markdown, scores, table, type Baseline, type MutationTable, type Scope } from './report.js';
import { baseline, baselineFor, baselineKey, casesFor, runDefect, targetFor, type DefectRun, type RunOptions, type Target } from './run.js';

class UsageError extends Error {}

const USAGE = `usage:
  npm run mutation -- [--catalogue native,virtual,fixture,aspects] [--defect NAME]... [--sample N]
                      [--jobs N] [--timing-scale N] [--out DIR] [--fixture-target RUNTIME/HOST] [--cases DIR]
                      [--enough N] [--likely TABLE]... [--resume TABLE]
  npm run mutation -- --combine TABLE... [--out DIR]
  npm run mutation -- --combine TABLE... --catalogue NAME [...]   (run, then combine: this run's rows win)

TABLE is a mutation.json or a folder holding one; later tables' rows replace earlier ones'.
--resume TABLE goes on with an interrupted run: the defects that table has rows for are not
run again, and its rows join this run's in the table written.
--enough N stops a defect's run once N cases caught it (controls run whole), taking first the
cases that caught it (or a defect of the same name) in the --likely and --combine tables, then
those that caught the most defects so far, then the quickest.
Defaults: every catalogue, --jobs 2, --timing-scale 2, --out docs, --fixture-target wasmtime/virtual.
`;

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', default: false },
        catalogue: { type: 'string' },
        defect: { type: 'string', multiple: true },
        sample: { type: 'string' },
        jobs: { type: 'string', default: '2' },
        'timing-scale': { type: 'string', default: '2' },
        out: { type: 'string', default: join(packageRoot, 'docs') },
        'fixture-target': { type: 'string', default: 'wasmtime/virtual' },
        cases: { type: 'string', default: join(packageRoot, 'cases') },
        combine: { type: 'boolean', default: false },
        enough: { type: 'string' },
        likely: { type: 'string', multiple: true },
        resume: { type: 'string' },
      },
    });
  } catch (e) {
    // node:util's message runs on with advice for positionals; its first sentence is the error.
    throw new UsageError(`${(e as Error).message.split('. ')[0]!.split('\n')[0]} (--help lists the options)`);
  }
}

function parseCatalogues(list: string): CatalogueName[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !isCatalogue(n));
  if (bad.length || names.length === 0) throw new UsageError(`--catalogue takes a comma-separated list of ${CATALOGUES.join(', ')}; got "${list}"`);
  return names as CatalogueName[];
}

/** The scope of each catalogue today: a fixture's defects are run against the cases of the reference fixture. */
function scopeOf(cases: Case[]): Scope {
  const reference = new Set(casesFor('fixture', cases).map((c) => c.id));
  return (catalogue, id) => !DEFECT_FIXTURE[catalogue] || reference.has(id);
}

async function readTableArg(arg: string, flag = '--combine'): Promise<MutationTable> {
  const file = existsSync(arg) && statSync(arg).isDirectory() ? join(arg, 'mutation.json') : arg;
  if (!existsSync(file)) throw new UsageError(`${flag} ${arg}: no mutation table there (${file} does not exist)`);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${flag} ${arg}: ${file} is not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return readTable(json, file);
}

/** Runs the defects; the table of this run. */
async function runCatalogues(defects: Defect[], fixtureTarget: Target, o: RunOptions, generatedAt: string, save: (t: MutationTable) => Promise<void>): Promise<MutationTable | undefined> {
  const catalogues = CATALOGUES.filter((c) => defects.some((d) => d.catalogue === c));
  // The baselines: with no defect, every case a catalogue's defects run against passes on its
  // target, or the table would credit defects with failures they did not cause.
  // Catalogues with the same baseline (the host's and the mutant's on wasmtime/virtual) share its run.
  const keyOf = (c: CatalogueName) => baselineKey(baselineFor(c, fixtureTarget));
  const passed = new Map<string, Set<string>>();
  for (const key of new Set(catalogues.map(keyOf))) {
    const sharing = catalogues.filter((c) => keyOf(c) === key);
    const wanted = new Set(sharing.flatMap((c) => casesFor(c, o.cases)));
    const results = await baseline(baselineFor(sharing[0]!, fixtureTarget), o.cases.filter((k) => wanted.has(k)), o);
    const bad = results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'unsupported');
    if (bad.length) {
      process.stderr.write(`baseline on ${key}: ${bad.length} case runs do not pass:\n${bad.map((r) => `  ${resultName(r)}: ${r.outcome} ${r.message?.split('\n')[0] ?? ''}`).join('\n')}\n`);
      return undefined;
    }
    passed.set(key, new Set(results.filter((r) => r.outcome === 'pass').map(resultName)));
  }
  const baselines: Baseline[] = catalogues.map((c) => {
    const ids = new Set(casesFor(c, o.cases).map((k) => k.id));
    const runs = [...passed.get(keyOf(c))!].filter((r) => ids.has(caseIds([r])[0]!)).sort();
    return { id: baselineId(c, generatedAt), catalogue: c, target: keyOf(c), generatedAt, caseRuns: runs };
  });

  const runs: DefectRun[] = [];
  for (const [i, d] of defects.entries()) {
    const run = await runDefect(d, targetFor(d.catalogue, fixtureTarget), o);
    runs.push(run);
    const verdict = d.control ? (run.caught.length ? `OVER-STRICT: ${run.caught.join(', ')}` : 'ok') : run.caught.length ? `caught by ${run.caught.length}` : 'NOT CAUGHT';
    process.stdout.write(`[${i + 1}/${defects.length}] ${d.catalogue}:${d.name} ${verdict} (${(run.durationMs / 1000).toFixed(0)} s)\n`);
    // A run takes hours: what it measured so far is kept after each defect.
    await save(table(baselines, runs, generatedAt));
  }
  return table(baselines, runs, generatedAt);
}

async function main(): Promise<number> {
  const { values, positionals } = parseOptions(process.argv.slice(2));
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length && !values.combine) throw new UsageError(`unexpected arguments: ${positionals.join(' ')} (tables to combine follow --combine)`);
  if (values.combine && positionals.length === 0) throw new UsageError('--combine needs the tables to combine: mutation.json files or folders holding one');
  const run = !values.combine || values.catalogue !== undefined || values.defect?.length || values.sample !== undefined;
  const earlier = await Promise.all(positionals.map((a) => readTableArg(a)));
  const resumed = values.resume === undefined ? undefined : await readTableArg(values.resume, '--resume');
  if (resumed) earlier.unshift(resumed);
  const generatedAt = new Date().toISOString();

  const out = resolve(values.out!);
  const write = async (t: MutationTable, cases: Case[]) => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'mutation.json'), `${JSON.stringify(t, null, 2)}\n`);
    const sizes = Object.fromEntries(CATALOGUES.map((c) => [c, catalogue(c).length]));
    await writeFile(join(out, 'mutation.md'), markdown(t, scopeOf(cases), sizes));
  };
  const { cases, problems } = await loadCases({ root: resolve(values.cases!) });
  if (problems.length) throw new Error(`case files have problems; fix them first: ${problems.length}`);
  const tables = [...earlier];
  if (run) {
    const names = parseCatalogues(values.catalogue ?? CATALOGUES.join(','));
    const [fr, fh] = values['fixture-target']!.split('/') as [string, string];
    let defects: Defect[] = names.flatMap((n) => catalogue(n));
    if (values.defect?.length) defects = defects.filter((d) => values.defect!.includes(d.name));
    if (values.sample) defects = names.flatMap((n) => sample(defects.filter((d) => d.catalogue === n), Number(values.sample)));
    if (resumed) defects = defects.filter((d) => !resumed.runs.some((r) => r.catalogue === d.catalogue && r.name === d.name));
    if (defects.length === 0) throw new UsageError(`no defect of ${names.join(', ')} is selected${values.defect?.length ? ` by --defect ${values.defect.join(', ')}` : ''}`);
    const enough = values.enough === undefined ? undefined : Number(values.enough);
    if (enough !== undefined && !(Number.isInteger(enough) && enough >= 1)) throw new UsageError(`--enough takes a whole number of cases, 1 or more; got "${values.enough}"`);
    const hints = [...earlier, ...(await Promise.all((values.likely ?? []).map((a) => readTableArg(a, '--likely'))))];
    const likely = new Map<string, string[]>();
    const catches = new Map<string, number>();
    const add = (k: string, ids: string[]) => likely.set(k, [...new Set([...(likely.get(k) ?? []), ...ids])]);
    for (const t of hints) {
      for (const r of t.runs) {
        const ids = caseIds(r.caught);
        add(`${r.catalogue}:${r.name}`, ids);
        add(`*:${r.name}`, ids);
        if (!r.control) for (const id of ids) catches.set(id, (catches.get(id) ?? 0) + 1);
      }
    }
    const o = { cases, jobs: Number(values.jobs), timingScale: Number(values['timing-scale']), ...(enough ? { enough, likely, catches } : {}) };
    const made = await runCatalogues(defects, { runtime: fr, host: fh }, o, generatedAt, (t) => write(earlier.length ? combine([...earlier, t], generatedAt).table : t, cases));
    if (!made) return 1;
    tables.push(made);
  }

  let t = tables[0]!;
  if (tables.length > 1) {
    const combined = combine(tables, generatedAt);
    const gone = withdrawn(combined.table, (c) => catalogue(c).map((d) => d.name));
    if (gone.length) process.stderr.write(`left out ${gone.length} rows of defects the catalogues no longer have: ${gone.map((r) => `${r.catalogue}:${r.name}`).join(', ')}\n`);
    t = without(combined.table, gone);
    process.stdout.write(`combined ${tables.length} tables: ${t.runs.length} rows, ${combined.replaced.length} replaced by a later table\n`);
  }
  await write(t, cases);
  for (const s of scores(t)) process.stdout.write(`${s.catalogue}: ${s.caught}/${s.defects} caught, ${s.caughtTwice} by two or more cases\n`);
  return 0;
}

// Interrupted (Ctrl-C, a CI job cancelled): exiting runs the exit hook of adapters/process.ts,
// which stops every target still running; the table measured so far is already saved.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.exit(code));

try {
  process.exitCode = await main();
} catch (e) {
  if (!(e instanceof UsageError || e instanceof TableError)) throw e;
  process.stderr.write(`mutation: ${e.message}\n`);
  process.exitCode = 2;
}
