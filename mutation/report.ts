// The mutation table: docs/mutation.md for people, docs/mutation.json for the
// suite's own tests (which re-check a sample of it on every CI run). A table
// may be combined from runs made at different times (combine.ts), so each row
// names the baseline it was measured against.
import { CATALOGUES, type CatalogueName } from './catalogue.js';
import type { DefectRun } from './run.js';

export const FORMAT = 'wasi-mcp-conformance/mutation@2';

/** One catalogue's baseline in one run: what its defects were compared with. */
export interface Baseline {
  /** `CATALOGUE@GENERATED_AT`, unique across the runs a table is combined from. */
  id: string;
  catalogue: CatalogueName;
  /** Where it ran: runtime/host, and `--fixture NAME` when every case ran on one fixture. */
  target: string;
  generatedAt: string;
  /** The case runs (`id [era]`) the catalogue's defects were run against: those that passed with no defect. */
  caseRuns: string[];
}

export interface Row {
  catalogue: CatalogueName;
  name: string;
  description: string;
  control: boolean;
  /** runtime/host */
  target: string;
  caught: string[];
  errored: string[];
  durationMs: number;
  /** The id of the baseline the row was measured against. */
  baseline: string;
  /** Set when the run stopped once this many cases had caught the defect (`--enough`): `caught` is not every case that would. */
  stoppedAfter?: number;
}

export interface MutationTable {
  format: typeof FORMAT;
  generatedAt: string;
  /** Every case run some baseline ran (all passing): the union of the baselines' case runs. */
  caseRuns: string[];
  baselines: Baseline[];
  runs: Row[];
}

export interface Score {
  catalogue: CatalogueName;
  defects: number;
  caught: number;
  caughtTwice: number;
}

/** Whether a case (id) is one a catalogue's defects are run against today (cases a fixture's defects replace the reference fixture in, say). */
export type Scope = (catalogue: CatalogueName, caseId: string) => boolean;

export const baselineId = (catalogue: CatalogueName, generatedAt: string) => `${catalogue}@${generatedAt}`;

export const union = (lists: string[][]) => [...new Set(lists.flat())].sort();

/** The table of one run: its catalogues' baselines and the rows measured against them. */
export function table(baselines: Baseline[], runs: DefectRun[], generatedAt: string): MutationTable {
  const idOf = new Map(baselines.map((b) => [b.catalogue, b.id]));
  return {
    format: FORMAT,
    generatedAt,
    caseRuns: union(baselines.map((b) => b.caseRuns)),
    baselines,
    runs: runs.map((r) => ({
      catalogue: r.defect.catalogue, name: r.defect.name, description: r.defect.description, control: r.defect.control,
      target: `${r.target.runtime}/${r.target.host}`, caught: r.caught, errored: r.errored, durationMs: r.durationMs,
      baseline: idOf.get(r.defect.catalogue) ?? '',
      ...(r.stoppedAfter ? { stoppedAfter: r.stoppedAfter } : {}),
    })),
  };
}

/** Distinct cases (ids, eras merged) among case runs. */
export const caseIds = (runs: string[]) => [...new Set(runs.map((r) => r.replace(/ \[(legacy|modern)\]$/, '')))];

export function scores(t: { runs: Row[] }): Score[] {
  const out: Score[] = [];
  for (const catalogue of CATALOGUES) {
    const defects = t.runs.filter((r) => r.catalogue === catalogue && !r.control);
    if (defects.length === 0) continue;
    out.push({
      catalogue,
      defects: defects.length,
      caught: defects.filter((r) => r.caught.length > 0).length,
      caughtTwice: defects.filter((r) => caseIds(r.caught).length >= 2).length,
    });
  }
  return out;
}

/**
 * The case runs of the table that a baseline did not run although they are in its catalogue's
 * scope: cases added (or passing) only after that run. Its rows say nothing about them.
 */
export function notRun(t: MutationTable, b: Baseline, scope: Scope): string[] {
  const ran = new Set(b.caseRuns);
  return t.caseRuns.filter((r) => !ran.has(r) && scope(b.catalogue, caseIds([r])[0]!));
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${Math.round((100 * n) / d)} %`);
const md = (s: string) => s.replace(/\|/g, '\\|');
const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

const TITLES: Record<CatalogueName, string> = {
  native: 'TypeScript host (jco/native)',
  virtual: 'C virtual host (wasmtime/virtual)',
  fixture: 'Fixture (mutant:DEFECT)',
  aspects: 'Composition of aspects (aspects:DEFECT)',
};

const everything: Scope = () => true;

/**
 * The table for people. `sizes` gives each catalogue's number of defects (controls included) today,
 * so that a catalogue measured only in part (`--sample`) says so.
 */
export function markdown(t: MutationTable, scope: Scope = everything, sizes: Partial<Record<CatalogueName, number>> = {}): string {
  const s = scores(t);
  const caughtBy = new Set(t.runs.filter((r) => !r.control).flatMap((r) => caseIds(r.caught)));
  const whole = t.runs.filter((r) => !r.control && !r.stoppedAfter);
  const used = t.baselines.filter((b) => t.runs.some((r) => r.baseline === b.id));
  const missing = new Map(used.map((b) => [b, notRun(t, b, scope)]));
  const dates = used.map((b) => b.generatedAt).sort();
  const lines = [
    '# Mutation table',
    '',
    `Generated by \`npm run mutation\` on ${t.generatedAt}${dates.length > 1 && dates[0] !== dates.at(-1) ? ` from runs made between ${day(dates[0]!)} and ${day(dates.at(-1)!)} (each catalogue's runs are listed with it)` : ''}.`,
    'Each row runs every case of its catalogue (in both eras) against one deliberate defect of a host,',
    'of the fixture or of the composition of the aspects fixture; a defect is *caught* when at least one',
    'case fails or times out. Controls are legal variations of behaviour: a case that fails under a',
    'control is over-strict. The table is regenerated by the command and committed; the suite\'s tests',
    're-check a sample of it on every run (test/integration/mutation.test.ts).',
    ...(t.runs.some((r) => r.stoppedAfter)
      ? ['', 'A row marked *(stopped)* comes from a run with `--enough N`: the cases that caught the defect before went first,',
        'then the quickest, and the run stopped once N cases had caught it, so it names those cases, not every case that would.',
        'A case listed in the last section may still catch the defect of a stopped row.']
      : []),
    '',
    '| catalogue | defects | caught | caught by ≥ 2 cases |',
    '| --- | --- | --- | --- |',
    ...s.map((x) => `| ${x.catalogue} | ${x.defects} | ${x.caught} (${pct(x.caught, x.defects)}) | ${x.caughtTwice} (${pct(x.caughtTwice, x.defects)}) |`),
    '',
  ];
  for (const catalogue of CATALOGUES) {
    const rows = t.runs.filter((r) => r.catalogue === catalogue && !r.control);
    if (rows.length === 0) continue;
    lines.push(`## ${TITLES[catalogue]}`, '');
    const measured = t.runs.filter((r) => r.catalogue === catalogue).length;
    const size = sizes[catalogue];
    if (size !== undefined && measured < size) lines.push(`Measured: ${measured} of the catalogue's ${size} entries (controls included); the others have no row yet (\`--resume\` measures them).`, '');
    for (const b of used.filter((x) => x.catalogue === catalogue)) {
      const absent = missing.get(b)!;
      lines.push(`Run on ${b.target}, ${day(b.generatedAt)}, against ${b.caseRuns.length} case runs${absent.length ? `; not against ${absent.length} case runs added since (${caseIds(absent).join(', ')}): its rows say nothing of them` : ''}.`, '');
    }
    lines.push('| defect | what goes wrong | caught by |', '| --- | --- | --- |');
    for (const r of rows) lines.push(`| \`${r.name}\` | ${md(r.description)} | ${r.caught.length ? caseIds(r.caught).join(', ') : '**nothing**'}${r.stoppedAfter ? ' *(stopped)*' : ''}${r.errored.length ? ` (errors: ${r.errored.length})` : ''} |`);
    lines.push('');
  }
  const controls = t.runs.filter((r) => r.control);
  lines.push('## Controls', '', controls.length ? '| control | variation | cases that failed (must be none) |' : 'No controls ran.', ...(controls.length ? ['| --- | --- | --- |'] : []));
  for (const r of controls) lines.push(`| \`${r.name}\` (${r.target}) | ${md(r.description)} | ${r.caught.length ? r.caught.join(', ') : 'none'} |`);
  // A case counts as idle only for what it was run against: say which catalogues' runs it missed.
  const missedBy = (id: string) => [...new Set(used.filter((b) => caseIds(missing.get(b)!).includes(id)).map((b) => b.catalogue))];
  const idle = caseIds(t.caseRuns).filter((id) => !caughtBy.has(id)).sort();
  lines.push('', '## Cases that caught no defect', '', ...(whole.length < t.runs.filter((r) => !r.control).length ? [`${whole.length} of the rows ran every case; the stopped ones ran only some.`, ''] : []), idle.length ? idle.map((id) => `- ${id}${missedBy(id).length ? ` (not run against the ${missedBy(id).join(', ')} defects)` : ''}`).join('\n') : 'None.', '');
  return lines.join('\n');
}
