// Traceability: which cases exercise each WIT function of wasi:mcp, and each
// method, notification and utility of every supported MCP revision
// (mcp-surface.ts); for anything no case exercises, the reason it is left
// out (docs/scope.yaml). A row with neither cases nor a reason is a gap.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Case, Era, Step } from './case-types.js';
import { REVISIONS } from './mcp-surface.js';

export interface Row {
  cases: string[];
  /** Why no case exercises it (docs/scope.yaml). */
  reason?: string;
}

export interface Traceability {
  format: 'wasi-mcp-conformance/traceability@2';
  witDigest: string;
  versions: Record<string, string>;
  wit: Record<string, Row>;
  revisions: Record<string, Record<string, Row & { kind: string; direction?: string }>>;
}

/** `wasi:mcp/<interface>#<function>` (resource methods as `resource.method`) for every function in the WIT. */
export function witFunctions(witDir: string): string[] {
  const out: string[] = [];
  for (const file of readdirSync(witDir).filter((f) => f.endsWith('.wit')).sort()) {
    const text = readFileSync(join(witDir, file), 'utf8');
    const pkg = /^\s*package\s+([a-z0-9:-]+)(?:@[^;]+)?;/m.exec(text)?.[1] ?? 'wasi:mcp';
    let iface: string | undefined;
    let resource: string | undefined;
    let depth = 0;
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '');
      const i = /^\s*interface\s+([a-z0-9-]+)\s*\{/.exec(line);
      const r = /^\s*resource\s+([a-z0-9-]+)\s*\{/.exec(line);
      if (i) iface = i[1];
      if (r && iface) resource = r[1];
      const f = /^\s*([a-z][a-z0-9-]*)\s*:\s*(?:static\s+)?(?:async\s+)?func\b/.exec(line);
      if (f && iface) out.push(`${pkg}/${iface}#${resource ? `${resource}.` : ''}${f[1]}`);
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      if (resource && depth <= 1) resource = undefined;
      if (depth <= 0) iface = undefined;
    }
  }
  return out;
}

/** The steps a case runs in `era` (by_era expanded). */
function stepsIn(steps: Step[], era: Era): Step[] {
  return steps.flatMap((step) => {
    const [kind, value] = Object.entries(step)[0] ?? [];
    if (kind === 'by_era') return stepsIn(((value as Partial<Record<Era, Step[]>>)[era] ?? []), era);
    return [step];
  });
}

const INPUT_REQUESTS = ['elicitation/create', 'sampling/createMessage', 'roots/list'];

/** The surface items (as mcp-surface.ts names them) a case exercises when it runs in `era`. */
export function itemsInCase(c: Case, era: Era): Set<string> {
  const seen = new Set<string>();
  if (era === 'legacy' && (c.session ?? 'initialized') === 'initialized') {
    seen.add('initialize');
    seen.add('notifications/initialized');
  }
  for (const step of stepsIn(c.steps, era)) {
    const [kind, raw] = Object.entries(step)[0] ?? [];
    const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const method = typeof value.method === 'string' ? value.method : undefined;
    switch (kind) {
      case 'send':
      case 'send_bare':
        if (method) seen.add(method);
        break;
      case 'cancel':
        seen.add('notifications/cancelled');
        break;
      case 'observe':
      case 'expect_cancellation_observed':
        seen.add('tools/call');
        break;
      case 'expect_notification':
      case 'expect_request':
      case 'expect_no_message':
        if (method) seen.add(`${method} (server→client)`);
        break;
      case 'expect_notifications':
        for (const m of [value.method].flat()) if (typeof m === 'string') seen.add(`${m} (server→client)`);
        break;
      case 'expect_response': {
        // A modern input request travels inside a result.
        const text = JSON.stringify(value);
        for (const m of INPUT_REQUESTS) if (text.includes(`"${m}"`)) seen.add(`${m} (input request)`);
        break;
      }
    }
  }
  return seen;
}

/** Reasons for what no case covers, keyed `REVISION ITEM` or a WIT function (docs/scope.yaml). */
export function loadScope(file: string): Record<string, string> {
  const data = parse(readFileSync(file, 'utf8')) as { 'not-covered'?: { item: string; reason: string }[] } | null;
  return Object.fromEntries((data?.['not-covered'] ?? []).map((e) => [e.item, e.reason]));
}

export function traceability(cases: Case[], witDir: string, witDigest: string, versions: Record<string, string>, scope: Record<string, string> = {}): Traceability {
  const wit: Record<string, Row> = Object.fromEntries(witFunctions(witDir).map((f) => [f, { cases: [] as string[] }]));
  for (const c of cases) {
    for (const ref of c.references?.wit ?? []) {
      const key = ref.replace(/@[^#]+#/, '#');
      (wit[key] ??= { cases: [] }).cases.push(c.id);
    }
  }
  const revisions: Traceability['revisions'] = {};
  for (const rev of REVISIONS) {
    const rows: Traceability['revisions'][string] = Object.fromEntries(
      rev.items.map((i) => [i.name, { kind: i.kind, ...(i.direction ? { direction: i.direction } : {}), cases: [] as string[] }]),
    );
    for (const c of cases.filter((x) => x.eras.includes(rev.era))) {
      for (const name of itemsInCase(c, rev.era)) rows[name]?.cases.push(c.id);
      for (const [utility, areas] of Object.entries(rev.utilityAreas)) if (areas.includes(c.area)) rows[utility]?.cases.push(c.id);
    }
    for (const [name, row] of Object.entries(rows)) {
      row.cases = [...new Set(row.cases)].sort();
      const reason = scope[`${rev.version} ${name}`];
      if (row.cases.length === 0 && reason) row.reason = reason;
    }
    revisions[rev.version] = rows;
  }
  for (const [name, row] of Object.entries(wit)) {
    row.cases = [...new Set(row.cases)].sort();
    if (row.cases.length === 0 && scope[name]) row.reason = scope[name];
  }
  return { format: 'wasi-mcp-conformance/traceability@2', witDigest, versions, wit, revisions };
}

/** Rows with neither a case nor a reason. */
export function gaps(t: Traceability): string[] {
  const out = Object.entries(t.wit).filter(([, r]) => r.cases.length === 0 && !r.reason).map(([f]) => f);
  for (const [rev, rows] of Object.entries(t.revisions)) {
    for (const [name, r] of Object.entries(rows)) if (r.cases.length === 0 && !r.reason) out.push(`${rev} ${name}`);
  }
  return out;
}

const cell = (r: Row) => (r.cases.length ? r.cases.join(', ') : r.reason ? `— ${r.reason}` : '**none**');

export function traceabilityMarkdown(t: Traceability): string {
  const lines = [
    '# Traceability',
    '',
    `WIT ${t.witDigest} · MCP ${Object.entries(t.versions).map(([era, v]) => `${v} (${era})`).join(', ')}`,
    '',
    '## WIT functions',
    '',
    '| function | cases |',
    '| --- | --- |',
    ...Object.entries(t.wit).map(([f, r]) => `| \`${f}\` | ${cell(r)} |`),
    '',
  ];
  for (const [rev, rows] of Object.entries(t.revisions)) {
    lines.push(`## MCP ${rev}`, '', '| item | kind | cases |', '| --- | --- | --- |');
    for (const [name, r] of Object.entries(rows)) lines.push(`| \`${name}\` | ${r.kind}${r.direction ? `, ${r.direction}` : ''} | ${cell(r)} |`);
    lines.push('');
  }
  const g = gaps(t);
  lines.push('## Gaps (no case, no reason)', '', g.length ? g.map((x) => `- \`${x}\``).join('\n') : 'None.', '');
  return lines.join('\n');
}
