// One mutation table from several: catalogues are run on different days or
// machines (a full run takes hours), each into a table of its own, and the
// tables are combined into docs/mutation.json. A later table's row replaces
// an earlier one's of the same defect; every row keeps the baseline it was
// measured against, so a case run that one run did not have is never taken
// for a case run that did not catch its defects.
import { CATALOGUES, isCatalogue, type CatalogueName } from './catalogue.js';
import { FORMAT, baselineId, union, type Baseline, type MutationTable, type Row } from './report.js';

/** What format 1 wrote: one list of case runs for every catalogue, no baselines. */
interface TableV1 {
  format: 'wasi-mcp-conformance/mutation@1';
  generatedAt: string;
  caseRuns: string[];
  runs: Omit<Row, 'baseline'>[];
}

export class TableError extends Error {
  override name = 'TableError';
}

/**
 * A table as read from a mutation.json (`source` names it in errors). A format-1 table
 * becomes one baseline per catalogue, each with the table's case runs: format 1 did not
 * record which case runs each catalogue ran.
 */
export function readTable(json: unknown, source: string): MutationTable {
  const t = json as Partial<MutationTable> | Partial<TableV1> | null;
  if (!t || typeof t !== 'object' || !Array.isArray(t.runs) || !Array.isArray(t.caseRuns) || typeof t.generatedAt !== 'string') {
    throw new TableError(`${source}: not a mutation table (no format, generatedAt, caseRuns and runs)`);
  }
  const bad = t.runs.find((r) => !isCatalogue(r.catalogue));
  if (bad) throw new TableError(`${source}: row ${bad.name} has an unknown catalogue "${bad.catalogue}"; known: ${CATALOGUES.join(', ')}`);
  if (t.format === FORMAT) {
    const ids = new Set((t as MutationTable).baselines.map((b) => b.id));
    const orphan = (t as MutationTable).runs.find((r) => !ids.has(r.baseline));
    if (orphan) throw new TableError(`${source}: row ${orphan.catalogue}:${orphan.name} names baseline "${orphan.baseline}", which the table does not have`);
    return t as MutationTable;
  }
  if (t.format !== 'wasi-mcp-conformance/mutation@1') throw new TableError(`${source}: unknown format "${String(t.format)}"; this version reads ${FORMAT} and mutation@1`);
  const v1 = t as TableV1;
  const catalogues = [...new Set(v1.runs.map((r) => r.catalogue))];
  return {
    format: FORMAT,
    generatedAt: v1.generatedAt,
    caseRuns: v1.caseRuns,
    baselines: catalogues.map((catalogue) => ({
      id: baselineId(catalogue, v1.generatedAt),
      catalogue,
      target: v1.runs.find((r) => r.catalogue === catalogue)!.target,
      generatedAt: v1.generatedAt,
      caseRuns: v1.caseRuns,
    })),
    runs: v1.runs.map((r) => ({ ...r, baseline: baselineId(r.catalogue, v1.generatedAt) })),
  };
}

export interface Combined {
  table: MutationTable;
  /** `catalogue:name` of the rows a later table replaced. */
  replaced: string[];
}

const key = (r: { catalogue: string; name: string }) => `${r.catalogue}:${r.name}`;

/**
 * The tables as one, later tables winning: each defect's row is the last one given, rows in
 * catalogue order and then in the order they first appeared. The baselines are those the kept
 * rows were measured against, and the case runs their union.
 */
export function combine(tables: MutationTable[], generatedAt: string): Combined {
  const rows = new Map<string, Row>();
  const replaced: string[] = [];
  const baselines = new Map<string, Baseline>();
  for (const t of tables) {
    for (const b of t.baselines) baselines.set(b.id, b);
    for (const r of t.runs) {
      if (rows.has(key(r))) replaced.push(key(r));
      rows.set(key(r), r);
    }
  }
  const rank = (c: CatalogueName) => CATALOGUES.indexOf(c);
  const order = [...rows.keys()];
  const runs = [...rows.values()].sort((a, b) => rank(a.catalogue) - rank(b.catalogue) || order.indexOf(key(a)) - order.indexOf(key(b)));
  const used = [...baselines.values()].filter((b) => runs.some((r) => r.baseline === b.id));
  used.sort((a, b) => rank(a.catalogue) - rank(b.catalogue) || a.generatedAt.localeCompare(b.generatedAt));
  return {
    table: { format: FORMAT, generatedAt, caseRuns: union(used.map((b) => b.caseRuns)), baselines: used, runs },
    replaced: [...new Set(replaced)],
  };
}

/** The rows whose defect a catalogue no longer has (they are left out of a combined table). */
export function withdrawn(t: MutationTable, current: (catalogue: CatalogueName) => string[]): Row[] {
  const known = new Map(CATALOGUES.map((c) => [c, new Set(current(c))]));
  return t.runs.filter((r) => !known.get(r.catalogue)!.has(r.name));
}

/** The table without the given rows (and the baselines only they used). */
export function without(t: MutationTable, gone: Row[]): MutationTable {
  const drop = new Set(gone.map(key));
  const runs = t.runs.filter((r) => !drop.has(key(r)));
  const baselines = t.baselines.filter((b) => runs.some((r) => r.baseline === b.id));
  return { ...t, runs, baselines, caseRuns: union(baselines.map((b) => b.caseRuns)) };
}
