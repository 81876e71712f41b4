// Combining mutation tables made by separate runs (mutation/combine.ts) and
// what the combined table says about case runs a part did not have
// (mutation/report.ts). Pure logic on tables written here.
import { describe, expect, it } from 'vitest';
import type { CatalogueName } from '../../mutation/catalogue.js';
import { combine, readTable, TableError, withdrawn, without } from '../../mutation/combine.js';
import { FORMAT, markdown, notRun, scores, type Baseline, type MutationTable, type Row } from '../../mutation/report.js';

const runs = (...ids: string[]) => ids.flatMap((id) => [`${id} [legacy]`, `${id} [modern]`]);

function baseline(catalogue: CatalogueName, at: string, caseRuns: string[], target = 'wasmtime/virtual'): Baseline {
  return { id: `${catalogue}@${at}`, catalogue, target, generatedAt: at, caseRuns: [...caseRuns].sort() };
}

function row(catalogue: CatalogueName, name: string, at: string, caught: string[], extra: Partial<Row> = {}): Row {
  return { catalogue, name, description: `${name} goes wrong`, control: name.startsWith('control-'), target: 'wasmtime/virtual', caught, errored: [], durationMs: 1000, baseline: `${catalogue}@${at}`, ...extra };
}

function part(at: string, baselines: Baseline[], rows: Row[]): MutationTable {
  return { format: FORMAT, generatedAt: at, caseRuns: [...new Set(baselines.flatMap((b) => b.caseRuns))].sort(), baselines, runs: rows };
}

const MON = '2026-11-23T08:00:00.000Z';
const TUE = '2026-11-24T08:00:00.000Z';
const WED = '2026-11-25T08:00:00.000Z';

// Monday: the virtual host's catalogue against cases a and b. Tuesday: the aspects catalogue,
// after case c was added (a and c run on the reference fixture; b does not).
const monday = part(MON, [baseline('virtual', MON, runs('a', 'b'))], [
  row('virtual', 'drop-progress', MON, runs('a')),
  row('virtual', 'slow-cancel', MON, []),
  row('virtual', 'control-small-reads', MON, []),
]);
const tuesday = part(TUE, [baseline('aspects', TUE, runs('a', 'c'), 'wasmtime/virtual --fixture aspects')], [
  row('aspects', 'inner-changes-dropped', TUE, runs('c')),
]);

describe('combining mutation tables', () => {
  it('keeps every catalogue\'s rows with the baseline each was measured against, and the case runs are the union', () => {
    const { table, replaced } = combine([monday, tuesday], WED);
    expect(table.format).toBe(FORMAT);
    expect(table.generatedAt).toBe(WED);
    expect(table.runs.map((r) => `${r.catalogue}:${r.name}`)).toEqual(['virtual:drop-progress', 'virtual:slow-cancel', 'virtual:control-small-reads', 'aspects:inner-changes-dropped']);
    expect(table.runs.map((r) => r.baseline)).toEqual([`virtual@${MON}`, `virtual@${MON}`, `virtual@${MON}`, `aspects@${TUE}`]);
    expect(table.caseRuns).toEqual(runs('a', 'b', 'c').sort());
    expect(table.baselines.map((b) => b.id)).toEqual([`virtual@${MON}`, `aspects@${TUE}`]);
    expect(replaced).toEqual([]);
  });

  it('puts catalogues in the table\'s order whatever the order of the parts', () => {
    const { table } = combine([tuesday, monday], WED);
    expect(table.runs.map((r) => r.catalogue)).toEqual(['virtual', 'virtual', 'virtual', 'aspects']);
    expect(scores(table).map((s) => s.catalogue)).toEqual(['virtual', 'aspects']);
  });

  it('a later table\'s row of a defect replaces the earlier one, and a baseline no row uses any more goes', () => {
    const rerun = part(WED, [baseline('virtual', WED, runs('a', 'b', 'c'))], [row('virtual', 'slow-cancel', WED, runs('c'))]);
    const { table, replaced } = combine([monday, tuesday, rerun], WED);
    expect(replaced).toEqual(['virtual:slow-cancel']);
    const slow = table.runs.find((r) => r.name === 'slow-cancel')!;
    expect(slow.caught).toEqual(runs('c'));
    expect(slow.baseline).toBe(`virtual@${WED}`);
    // Still in its place among the virtual rows.
    expect(table.runs.map((r) => r.name).slice(0, 3)).toEqual(['drop-progress', 'slow-cancel', 'control-small-reads']);
    expect(table.baselines.map((b) => b.id)).toEqual([`virtual@${MON}`, `virtual@${WED}`, `aspects@${TUE}`]);

    const whole = part(WED, [baseline('virtual', WED, runs('a', 'b', 'c'))], monday.runs.map((r) => ({ ...r, baseline: `virtual@${WED}` })));
    const again = combine([monday, tuesday, whole], WED).table;
    expect(again.baselines.map((b) => b.id)).toEqual([`virtual@${WED}`, `aspects@${TUE}`]);
  });

  it('says which case runs a part did not run, within its catalogue\'s scope, and does not call a case idle for what it missed', () => {
    const { table } = combine([monday, tuesday], WED);
    // Case b is not one the aspects defects run against (not on the reference fixture); case c was added after Monday.
    const scope = (catalogue: CatalogueName, id: string) => catalogue !== 'aspects' || id !== 'b';
    const [virtual, aspects] = table.baselines;
    expect(notRun(table, virtual!, scope)).toEqual(runs('c'));
    expect(notRun(table, aspects!, scope)).toEqual([]);
    const text = markdown(table, scope);
    expect(text).toContain('not against 2 case runs added since (c)');
    expect(text).toMatch(/from runs made between 2026-11-23 08:00 and 2026-11-24 08:00/);
    // b caught nothing where it ran; c caught a defect; a caught one on Monday.
    expect(text).toMatch(/## Cases that caught no defect\n\n- b\n$/);
    expect(text).not.toContain('slow-cancel` | slow-cancel goes wrong | c');
    expect(text).toContain('| `slow-cancel` | slow-cancel goes wrong | **nothing** |');
  });

  it('names the catalogues a case idle everywhere it ran was not run against', () => {
    const quiet = part(TUE, [baseline('aspects', TUE, runs('a', 'c'), 'wasmtime/virtual --fixture aspects')], [row('aspects', 'inner-changes-dropped', TUE, runs('a'))]);
    const text = markdown(combine([monday, quiet], WED).table);
    expect(text).toContain('- c (not run against the virtual defects)');
  });

  it('reads a format-1 table as one baseline per catalogue holding the table\'s case runs', () => {
    const v1 = {
      format: 'wasi-mcp-conformance/mutation@1',
      generatedAt: MON,
      caseRuns: runs('a', 'b'),
      runs: [
        { catalogue: 'native', name: 'serial', description: 'one at a time', control: false, target: 'jco/native', caught: runs('a'), errored: [], durationMs: 5 },
        { catalogue: 'fixture', name: 'trap', description: 'echo traps', control: false, target: 'wasmtime/virtual', caught: runs('b'), errored: [], durationMs: 5 },
      ],
    };
    const t = readTable(v1, 'old.json');
    expect(t.format).toBe(FORMAT);
    expect(t.baselines).toEqual([
      { id: `native@${MON}`, catalogue: 'native', target: 'jco/native', generatedAt: MON, caseRuns: runs('a', 'b') },
      { id: `fixture@${MON}`, catalogue: 'fixture', target: 'wasmtime/virtual', generatedAt: MON, caseRuns: runs('a', 'b') },
    ]);
    expect(t.runs.map((r) => r.baseline)).toEqual([`native@${MON}`, `fixture@${MON}`]);
    const { table } = combine([t, tuesday], WED);
    expect(table.runs.map((r) => r.catalogue)).toEqual(['native', 'fixture', 'aspects']);
  });

  it('refuses what is not a table, in one line naming the file', () => {
    const bad: [unknown, RegExp][] = [
      [null, /x\.json: not a mutation table/],
      [{ format: FORMAT, runs: [] }, /x\.json: not a mutation table/],
      [{ ...monday, format: 'wasi-mcp-conformance/mutation@9' }, /x\.json: unknown format "wasi-mcp-conformance\/mutation@9"/],
      [{ ...monday, runs: [{ ...monday.runs[0]!, catalogue: 'wamr' }] }, /x\.json: row drop-progress has an unknown catalogue "wamr"; known: native, virtual, fixture, aspects/],
      [{ ...monday, baselines: [] }, /x\.json: row virtual:drop-progress names baseline "virtual@2026-11-23T08:00:00.000Z", which the table does not have/],
    ];
    for (const [json, message] of bad) {
      expect(() => readTable(json, 'x.json')).toThrow(TableError);
      expect(() => readTable(json, 'x.json')).toThrow(message);
    }
    expect(() => readTable(JSON.parse(JSON.stringify(monday)), 'x.json')).not.toThrow();
  });

  it('leaves out rows of defects a catalogue no longer has, with the baselines only they used', () => {
    const { table } = combine([monday, tuesday], WED);
    const gone = withdrawn(table, (c) => (c === 'virtual' ? ['drop-progress', 'slow-cancel', 'control-small-reads'] : []));
    expect(gone.map((r) => r.name)).toEqual(['inner-changes-dropped']);
    const kept = without(table, gone);
    expect(kept.runs).toHaveLength(3);
    expect(kept.baselines.map((b) => b.catalogue)).toEqual(['virtual']);
    expect(kept.caseRuns).toEqual(runs('a', 'b').sort());
  });
});
