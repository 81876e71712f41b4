// The portability matrix: one row per case, one column per target, pinned
// to the runtime versions and the WIT digest — the cross-runtime evidence.
import { DEFAULT_GUEST, isWarning, resultName, targetName, type CaseResult, type TargetReport } from './results.js';

export type Cell = string; // an outcome, 'warning', 'not installed', or '-' (not run on that target)

/** A result's cell: its outcome, or `warning` for a SHOULD/MAY failure that does not fail the run. */
export function cellOf(r: CaseResult, strict: boolean): Cell {
  return isWarning(r, strict) ? 'warning' : r.outcome;
}

export interface Matrix {
  format: 'wasi-mcp-conformance/matrix@1';
  witDigest: string;
  /** The protocol version spoken in each era. */
  versions: Record<string, string>;
  generatedAt: string;
  targets: { name: string; runtime: string; host: string; version: string | null; status: 'ran' | 'not installed' | 'error'; note?: string }[];
  /** One row per case and era; `key` is `id [era]`. */
  rows: { key: string; id: string; era: string; title: string; area: string; severity: string; cells: Record<string, Cell> }[];
  /** Case runs whose outcome differs between two guests on the same runtime and host. */
  guestDifferences: { target: string; key: string; outcomes: Record<string, Cell> }[];
}

export function buildMatrix(reports: TargetReport[]): Matrix {
  const targets = reports.map((r) => ({
    name: targetName(r.target),
    runtime: r.target.runtime,
    host: r.target.host,
    version: r.runtime?.version ?? null,
    status: r.notInstalled ? ('not installed' as const) : r.infrastructureError ? ('error' as const) : ('ran' as const),
    ...(r.notInstalled || r.infrastructureError ? { note: (r.notInstalled ?? r.infrastructureError)!.split('\n')[0] } : {}),
  }));
  const rows = new Map<string, Matrix['rows'][number]>();
  for (const r of reports) {
    for (const c of r.results) {
      const key = resultName(c);
      if (!rows.has(key)) rows.set(key, { key, id: c.id, era: c.era, title: c.title, area: c.area, severity: c.severity, cells: {} });
    }
  }
  for (const row of rows.values()) {
    for (const [i, r] of reports.entries()) {
      const t = targets[i]!;
      const found = r.results.find((c) => resultName(c) === row.key);
      row.cells[t.name] = t.status === 'not installed' ? 'not installed' : found ? cellOf(found, r.strict) : '-';
    }
  }
  // The same runtime and host with several guests: where their outcomes differ, the guests (not the host) disagree.
  const byHost = new Map<string, { guest: string; name: string }[]>();
  for (const r of reports) {
    if (r.notInstalled) continue;
    const host = `${r.target.runtime}/${r.target.host}`;
    byHost.set(host, [...(byHost.get(host) ?? []), { guest: r.target.guest ?? DEFAULT_GUEST, name: targetName(r.target) }]);
  }
  const guestDifferences: Matrix['guestDifferences'] = [];
  for (const [host, guests] of byHost) {
    if (guests.length < 2) continue;
    for (const row of rows.values()) {
      const outcomes = Object.fromEntries(guests.map((g) => [g.guest, row.cells[g.name] ?? '-']));
      const seen = new Set(Object.values(outcomes).filter((o) => o !== '-' && o !== 'unsupported'));
      if (seen.size > 1) guestDifferences.push({ target: host, key: row.key, outcomes });
    }
  }
  return {
    format: 'wasi-mcp-conformance/matrix@1',
    witDigest: reports[0]?.witDigest ?? '',
    versions: Object.assign({}, ...reports.map((r) => r.versions)) as Record<string, string>,
    generatedAt: new Date().toISOString(),
    targets,
    rows: [...rows.values()].sort((a, b) => a.key.localeCompare(b.key)),
    guestDifferences: guestDifferences.sort((a, b) => a.key.localeCompare(b.key) || a.target.localeCompare(b.target)),
  };
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function matrixMarkdown(m: Matrix): string {
  const head = ['case', 'era', 'severity', ...m.targets.map((t) => `${t.name}`)];
  const lines = [
    '# wasi:mcp portability matrix',
    '',
    `WIT \`wasi:mcp@0.2.0\` ${m.witDigest} · MCP ${Object.entries(m.versions).map(([era, v]) => `${v} (${era})`).join(', ')} · ${m.generatedAt}`,
    '',
    '| target | version | status |',
    '| --- | --- | --- |',
    ...m.targets.map((t) => `| ${t.name} | ${t.version ?? '-'} | ${t.status}${t.note ? `: ${md(t.note)}` : ''} |`),
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...m.rows.map((r) => `| ${md(r.id)} | ${r.era} | ${r.severity} | ${m.targets.map((t) => r.cells[t.name] ?? '-').join(' | ')} |`),
    '',
  ];
  if (m.guestDifferences.length) {
    lines.push('## Where the guests differ', '', 'The same case on the same runtime and host, with fixtures built by different toolchains:', '', '| case | runtime/host | outcomes |', '| --- | --- | --- |');
    for (const d of m.guestDifferences) lines.push(`| ${md(d.key)} | ${d.target} | ${Object.entries(d.outcomes).map(([g, o]) => `${g}: ${o}`).join(', ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}
