import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../harness/model/case-types.js';
import { gaps, itemsInCase, loadScope, traceability, traceabilityMarkdown, witFunctions } from '../../harness/model/traceability.js';
import { witDir } from '../../harness/runner/wit-digest.js';

const VERSIONS = { legacy: '2025-11-25', modern: '2026-07-28' };
const aCase = (over: Partial<Case>): Case => ({
  id: 'x', title: 't', area: 'tools', severity: 'MUST', eras: ['legacy', 'modern'], fixture: 'reference', file: 'x.yaml', line: 1,
  references: { wit: ['wasi:mcp/streaming#call-tool'] }, steps: [], ...over,
});

describe('traceability', () => {
  it('lists every function of the WIT, resource methods included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-trace-'));
    writeFileSync(join(dir, 'a.wit'), [
      'package wasi:mcp@0.1.0;', 'interface one {', '  // f: func(); is a comment', '  f: async func(x: u32) -> string;', '  resource r {', '    m: func();', '    s: static func() -> r;', '  }', '  g: func();', '}',
    ].join('\n'));
    expect(witFunctions(dir)).toEqual(['wasi:mcp/one#f', 'wasi:mcp/one#r.m', 'wasi:mcp/one#r.s', 'wasi:mcp/one#g']);
    expect(witFunctions(witDir)).toContain('wasi:mcp/server#describe');
  });

  it('finds what a case exercises in each era, by_era steps and the legacy handshake included', () => {
    const c = aCase({
      steps: [
        { send: { id: 1, method: 'tools/call' } },
        { cancel: { id: 1, after_ms: 1 } },
        { by_era: { legacy: [{ expect_request: { method: 'elicitation/create' } }], modern: [{ expect_response: { id: 1, result: { inputRequests: { a: { method: 'elicitation/create' } } } } }] } },
      ],
    });
    expect([...itemsInCase(c, 'legacy')].sort()).toEqual(['elicitation/create (server→client)', 'initialize', 'notifications/cancelled', 'notifications/initialized', 'tools/call']);
    expect([...itemsInCase(c, 'modern')].sort()).toEqual(['elicitation/create (input request)', 'notifications/cancelled', 'tools/call']);
  });

  it('maps cases to rows per revision, takes reasons for the rest, and reports gaps', () => {
    const c = aCase({ eras: ['modern'], area: 'caching', steps: [{ send: { id: 1, method: 'server/discover' } }, { send: { id: 2, method: 'no/such' } }] });
    const t = traceability([c], witDir, 'sha256:0', VERSIONS, { '2025-11-25 tasks/get': 'not in wasi:mcp', 'wasi:mcp/server#complete': 'later' });
    expect(t.wit['wasi:mcp/streaming#call-tool']?.cases).toEqual(['x']);
    expect(t.wit['wasi:mcp/server#complete']).toEqual({ cases: [], reason: 'later' });
    expect(t.revisions['2026-07-28']?.['server/discover']?.cases).toEqual(['x']);
    expect(t.revisions['2026-07-28']?.caching?.cases).toEqual(['x']);
    expect(t.revisions['2025-11-25']?.['initialize']?.cases).toEqual([]);
    expect(t.revisions['2025-11-25']?.['tasks/get']).toMatchObject({ cases: [], reason: 'not in wasi:mcp' });
    expect(t.revisions['2026-07-28']?.['no/such']).toBeUndefined();
    expect(gaps(t)).toContain('2025-11-25 initialize');
    expect(gaps(t)).not.toContain('2025-11-25 tasks/get');
    expect(traceabilityMarkdown(t)).toMatch(/## Gaps \(no case, no reason\)[\s\S]*`2025-11-25 initialize`/);
  });

  it('reads the suite\'s reasons', () => {
    const scope = loadScope(join(witDir, '..', 'docs', 'scope.yaml'));
    expect(scope['2025-11-25 tasks/get']).toMatch(/tasks/);
  });
});

describe('the suite\'s own traceability', () => {
  it('has a case or a reason for every WIT function and every item of both MCP revisions', async () => {
    const { loadCases } = await import('../../harness/model/load-cases.js');
    const root = join(witDir, '..');
    const { cases, problems } = await loadCases({ root: join(root, 'cases') });
    expect(problems).toEqual([]);
    const t = traceability(cases, witDir, 'sha256:0', VERSIONS, loadScope(join(root, 'docs', 'scope.yaml')));
    expect(gaps(t)).toEqual([]);
    // A reason is for what no case covers: a reason beside cases is stale.
    const scope = loadScope(join(root, 'docs', 'scope.yaml'));
    const covered = [
      ...Object.entries(t.wit).filter(([, r]) => r.cases.length).map(([f]) => f),
      ...Object.entries(t.revisions).flatMap(([rev, rows]) => Object.entries(rows).filter(([, r]) => r.cases.length).map(([n]) => `${rev} ${n}`)),
    ];
    expect(covered.filter((item) => scope[item])).toEqual([]);
  });
});
