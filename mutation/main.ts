// npm run mutation: works through the defect catalogues and writes the
// mutation table (docs/mutation.md, docs/mutation.json).
//
//   npm run mutation -- [--catalogue native,virtual,fixture] [--defect NAME]... [--sample N]
//                       [--jobs N] [--timing-scale N] [--out DIR] [--fixture-target RUNTIME/HOST] [--cases DIR]
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../adapters/paths.js';
import { loadCases } from '../harness/model/load-cases.js';
import { resultName } from '../harness/reports/results.js';
import { catalogue, sample, type CatalogueName, type Defect } from './catalogue.js';
import { markdown, scores, table } from './report.js';
import { baseline, runDefect, targetFor, type DefectRun, type Target } from './run.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      catalogue: { type: 'string', default: 'native,virtual,fixture' },
      defect: { type: 'string', multiple: true },
      sample: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      'timing-scale': { type: 'string', default: '2' },
      out: { type: 'string', default: join(packageRoot, 'docs') },
      'fixture-target': { type: 'string', default: 'wasmtime/virtual' },
      cases: { type: 'string', default: join(packageRoot, 'cases') },
    },
  });
  const names = values.catalogue!.split(',').map((s) => s.trim()) as CatalogueName[];
  const [fr, fh] = values['fixture-target']!.split('/') as [string, string];
  const fixtureTarget: Target = { runtime: fr, host: fh };
  const { cases, problems } = await loadCases({ root: resolve(values.cases!) });
  if (problems.length) throw new Error(`case files have problems; fix them first: ${problems.length}`);
  const o = { cases, jobs: Number(values.jobs), timingScale: Number(values['timing-scale']) };

  let defects: Defect[] = names.flatMap((n) => catalogue(n));
  if (values.defect?.length) defects = defects.filter((d) => values.defect!.includes(d.name));
  if (values.sample) defects = names.flatMap((n) => sample(defects.filter((d) => d.catalogue === n), Number(values.sample)));

  // The baseline: every case passes on every target used, or the table would credit defects with failures they did not cause.
  const targets = [...new Map(names.map((n) => targetFor(n, fixtureTarget)).map((t) => [`${t.runtime}/${t.host}`, t])).values()];
  let caseRuns: string[] = [];
  for (const t of targets) {
    const results = await baseline(t, cases, o);
    const bad = results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'unsupported');
    if (bad.length) {
      process.stderr.write(`baseline on ${t.runtime}/${t.host}: ${bad.length} case runs do not pass:\n${bad.map((r) => `  ${resultName(r)}: ${r.outcome} ${r.message?.split('\n')[0] ?? ''}`).join('\n')}\n`);
      return 1;
    }
    caseRuns = [...new Set([...caseRuns, ...results.filter((r) => r.outcome === 'pass').map(resultName)])].sort();
  }

  const runs: DefectRun[] = [];
  for (const [i, d] of defects.entries()) {
    const run = await runDefect(d, targetFor(d.catalogue, fixtureTarget), o);
    runs.push(run);
    const verdict = d.control ? (run.caught.length ? `OVER-STRICT: ${run.caught.join(', ')}` : 'ok') : run.caught.length ? `caught by ${run.caught.length}` : 'NOT CAUGHT';
    process.stdout.write(`[${i + 1}/${defects.length}] ${d.catalogue}:${d.name} ${verdict} (${(run.durationMs / 1000).toFixed(0)} s)\n`);
  }
  const t = table(caseRuns, runs);
  const out = resolve(values.out!);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'mutation.json'), `${JSON.stringify(t, null, 2)}\n`);
  await writeFile(join(out, 'mutation.md'), markdown(t));
  for (const s of scores(t)) process.stdout.write(`${s.catalogue}: ${s.caught}/${s.defects} caught, ${s.caughtTwice} by two or more cases\n`);
  return 0;
}

process.exitCode = await main();
