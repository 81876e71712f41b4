// Traceability: which cases exercise each WIT function of wasi:mcp and each
// MCP method a server handles or sends, and which have none. Methods come
// from the MCP schema shipped by @modelcontextprotocol/sdk, WIT functions
// from wit/*.wit, coverage from the cases' references and the messages
// their steps send or expect.
import { ClientNotificationSchema, ClientRequestSchema, ServerNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from './case-types.js';

export interface Traceability {
  format: 'wasi-mcp-conformance/traceability@1';
  witDigest: string;
  protocolVersion: string;
  wit: Record<string, string[]>;
  methods: Record<string, { direction: 'client→server' | 'server→client'; cases: string[] }>;
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

function methodsOf(union: unknown): string[] {
  const options = ((union as { options?: unknown[] }).options ?? []) as { shape?: { method?: { value?: string } } }[];
  return options.map((o) => o.shape?.method?.value).filter((m): m is string => typeof m === 'string');
}

/** The methods a wasi:mcp server receives or sends, per the SDK's schema of the supported revision. */
export function mcpMethods(): Traceability['methods'] {
  const methods: Traceability['methods'] = {};
  for (const m of [...methodsOf(ClientRequestSchema), ...methodsOf(ClientNotificationSchema)]) methods[m] = { direction: 'client→server', cases: [] };
  for (const m of methodsOf(ServerNotificationSchema)) methods[m] ??= { direction: 'server→client', cases: [] };
  return methods;
}

/** The MCP methods a case sends or expects. */
function methodsInCase(c: Case): Set<string> {
  const seen = new Set<string>();
  for (const step of c.steps as unknown as Record<string, Record<string, unknown>>[]) {
    const [kind, value] = Object.entries(step)[0] ?? [];
    if (!value || typeof value !== 'object') continue;
    if ((kind === 'send' || kind === 'expect_notification' || kind === 'expect_notifications') && typeof value.method === 'string') seen.add(value.method);
    if (kind === 'cancel') seen.add('notifications/cancelled');
    if (kind === 'observe' || kind === 'expect_cancellation_observed') seen.add('tools/call');
  }
  return seen;
}

export function traceability(cases: Case[], witDir: string, witDigest: string, versions: Record<string, string>): Traceability {
  const protocolVersion = Object.values(versions).join(', ');
  const wit = Object.fromEntries(witFunctions(witDir).map((f) => [f, [] as string[]]));
  const methods = mcpMethods();
  for (const c of cases) {
    for (const ref of c.references?.wit ?? []) {
      const key = ref.includes('@') ? ref : ref.replace(/^([a-z0-9:-]+)\/([a-z0-9-]+)#/, '$1/$2#');
      (wit[key] ??= []).push(c.id);
    }
    // Methods outside the schema (a case sending an unknown method on purpose) are not rows.
    for (const m of methodsInCase(c)) methods[m]?.cases.push(c.id);
  }
  return { format: 'wasi-mcp-conformance/traceability@1', witDigest, protocolVersion, wit, methods };
}

export function traceabilityMarkdown(t: Traceability): string {
  const witRows = Object.entries(t.wit).map(([f, ids]) => `| \`${f}\` | ${ids.length ? ids.join(', ') : '**none**'} |`);
  const methodRows = Object.entries(t.methods).map(([m, v]) => `| \`${m}\` | ${v.direction} | ${v.cases.length ? v.cases.join(', ') : '**none**'} |`);
  const uncoveredWit = Object.entries(t.wit).filter(([, ids]) => ids.length === 0).map(([f]) => `\`${f}\``);
  const uncoveredMethods = Object.entries(t.methods).filter(([, v]) => v.cases.length === 0).map(([m]) => `\`${m}\``);
  return [
    '# Traceability',
    '',
    `WIT ${t.witDigest} · MCP ${t.protocolVersion}`,
    '',
    '## WIT functions (and the types cases reference)',
    '',
    '| item | cases |',
    '| --- | --- |',
    ...witRows,
    '',
    '## MCP methods',
    '',
    '| method | direction | cases |',
    '| --- | --- | --- |',
    ...methodRows,
    '',
    '## Not covered by any case',
    '',
    `- WIT: ${uncoveredWit.join(', ') || 'none'}`,
    `- MCP: ${uncoveredMethods.join(', ') || 'none'}`,
    '',
  ].join('\n');
}
