// The portability matrix: one row per case, one column per target, pinned
// to the runtime versions and the WIT digest — the cross-runtime evidence.
import { targetName, type TargetReport } from '../results.js';

export type Cell = string; // an outcome, 'not installed', or '-' (not run on that target)

export interface Matrix {
  format: 'wasi-mcp-conformance/matrix@1';
  witDigest: string;
  protocolVersion: string;
  generatedAt: string;
  targets: { name: string; runtime: string; host: string; version: string | null; status: 'ran' | 'not installed' | 'error'; note?: string }[];
  rows: { id: string; title: string; area: string; severity: string; cells: Record<string, Cell> }[];
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
      if (!rows.has(c.id)) rows.set(c.id, { id: c.id, title: c.title, area: c.area, severity: c.severity, cells: {} });
    }
  }
  for (const row of rows.values()) {
    for (const [i, r] of reports.entries()) {
      const t = targets[i]!;
      row.cells[t.name] = t.status === 'not installed' ? 'not installed' : (r.results.find((c) => c.id === row.id)?.outcome ?? '-');
    }
  }
  return {
    format: 'wasi-mcp-conformance/matrix@1',
    witDigest: reports[0]?.witDigest ?? '',
    protocolVersion: reports[0]?.protocolVersion ?? '',
    generatedAt: new Date().toISOString(),
    targets,
    rows: [...rows.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function matrixMarkdown(m: Matrix): string {
  const head = ['case', 'severity', ...m.targets.map((t) => `${t.name}`)];
  const lines = [
    '# wasi:mcp portability matrix',
    '',
    `WIT \`wasi:mcp@0.1.0\` ${m.witDigest} · MCP ${m.protocolVersion} · ${m.generatedAt}`,
    '',
    '| target | version | status |',
    '| --- | --- | --- |',
    ...m.targets.map((t) => `| ${t.name} | ${t.version ?? '-'} | ${t.status}${t.note ? `: ${md(t.note)}` : ''} |`),
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...m.rows.map((r) => `| ${md(r.id)} | ${r.severity} | ${m.targets.map((t) => r.cells[t.name] ?? '-').join(' | ')} |`),
    '',
  ];
  return lines.join('\n');
}
