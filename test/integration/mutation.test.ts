// The mutation table (docs/mutation.json, written by `npm run mutation`) is
// the measure of the cases' strength. Every run re-checks a sample of it: the
// sampled defects are still caught by the cases the table credits, a sampled
// control still fails no case, and the scores meet the bar.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/model/load-cases.js';
import { CATALOGUES, DEFECT_FIXTURE, sample } from '../../mutation/catalogue.js';
import { scores, type MutationTable } from '../../mutation/report.js';
import { root, runCli } from './cli.js';

const table = JSON.parse(readFileSync(join(root, 'docs', 'mutation.json'), 'utf8')) as MutationTable;
const caseId = (run: string) => run.replace(/ \[(legacy|modern)\]$/, '');
const stem = (target: string) => target.replace('/', '-');

describe('the mutation table', () => {
  it('catches at least 90 % of each host\'s defects, 70 % by two or more cases', () => {
    for (const s of scores(table).filter((x) => !DEFECT_FIXTURE[x.catalogue])) {
      expect(s.defects, s.catalogue).toBeGreaterThanOrEqual(30);
      expect(s.caught / s.defects, `${s.catalogue}: ${s.caught}/${s.defects} caught`).toBeGreaterThanOrEqual(0.9);
      expect(s.caughtTwice / s.defects, `${s.catalogue}: ${s.caughtTwice}/${s.defects} caught twice`).toBeGreaterThanOrEqual(0.7);
    }
    expect(scores(table).map((s) => s.catalogue)).toEqual([...CATALOGUES]);
  });

  it('no control fails any case', () => {
    expect(table.runs.filter((r) => r.control && r.caught.length > 0).map((r) => `${r.name}: ${r.caught.join(', ')}`)).toEqual([]);
  });

  it('was made with the current cases (at most a few added since)', async () => {
    const { cases } = await loadCases({ root: join(root, 'cases') });
    const inTable = new Set(table.caseRuns.map(caseId));
    const missing = cases.map((c) => c.id).filter((id) => !inTable.has(id));
    expect(missing.length, `not in docs/mutation.json (regenerate with npm run mutation): ${missing.join(', ')}`).toBeLessThanOrEqual(10);
  });
});

describe('a sample of the table still holds', () => {
  // Two defects of each catalogue that some case catches, the same ones on every run.
  const rows = CATALOGUES.flatMap((c) => sample(table.runs.filter((r) => r.catalogue === c && !r.control && r.caught.length > 0), 2));
  for (const row of rows) {
    it(`${row.catalogue}:${row.name} is caught by ${caseId(row.caught[0]!)} and the other cases the table names`, async () => {
      const ids = [...new Set(row.caught.map(caseId))];
      const [runtime, host] = row.target.split('/') as [string, string];
      const args = ['--runtime', runtime, '--host', host, '--reporter', 'json', '--strict', ...ids.flatMap((id) => ['--filter', id])];
      const fixture = DEFECT_FIXTURE[row.catalogue];
      if (fixture) args.push('--fixture', `${fixture}:${row.name}`);
      const run = await runCli(args, fixture ? {} : { WASI_MCP_HOST_DEFECT: row.name });
      const failed = new Set(run.report(stem(row.target)).results.filter((r) => r.outcome === 'fail' || r.outcome === 'timeout').map((r) => `${r.id} [${r.era}]`));
      expect(row.caught.filter((r) => !failed.has(r))).toEqual([]);
    });
  }

  const controls = sample(table.runs.filter((r) => r.control && r.catalogue === 'virtual'), 1);
  for (const control of controls) {
    it(`control ${control.name} fails no case on ${control.target}`, async () => {
      const run = await runCli(['--runtime', 'wasmtime', '--reporter', 'json', '--strict'], { WASI_MCP_HOST_DEFECT: control.name });
      expect(run.report('wasmtime-virtual').results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.message ?? r.outcome}`)).toEqual([]);
    });
  }
});
