import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../harness/case-types.js';
import { mcpMethods, traceability, traceabilityMarkdown, witFunctions } from '../../harness/traceability.js';
import { witDir } from '../../harness/wit-digest.js';

describe('traceability', () => {
  it('lists every function of the WIT, resource methods included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-trace-'));
    writeFileSync(join(dir, 'a.wit'), [
      'package wasi:mcp@0.1.0;', 'interface one {', '  // f: func(); is a comment', '  f: async func(x: u32) -> string;', '  resource r {', '    m: func();', '    s: static func() -> r;', '  }', '  g: func();', '}',
    ].join('\n'));
    expect(witFunctions(dir)).toEqual(['wasi:mcp/one#f', 'wasi:mcp/one#r.m', 'wasi:mcp/one#r.s', 'wasi:mcp/one#g']);
    expect(witFunctions(witDir)).toContain('wasi:mcp/streaming#call-tool');
  });

  it('knows the MCP methods of the revision from the SDK schema', () => {
    const m = mcpMethods();
    expect(m['tools/call']?.direction).toBe('client→server');
    expect(m['notifications/progress']).toBeDefined();
    expect(m['notifications/message']?.direction).toBe('server→client');
  });

  it('maps cases to what they exercise and lists what nothing covers', () => {
    const c = {
      id: 'x', title: 't', area: 'tools', severity: 'MUST', fixture: 'reference', file: 'x.yaml', line: 1,
      references: { wit: ['wasi:mcp/streaming#call-tool'] },
      steps: [{ send: { id: 1, method: 'tools/call' } }, { cancel: { id: 1, after_ms: 1 } }, { send: { id: 2, method: 'no/such' } }],
    } as unknown as Case;
    const t = traceability([c], witDir, 'sha256:0', '2025-11-25');
    expect(t.wit['wasi:mcp/streaming#call-tool']).toEqual(['x']);
    expect(t.wit['wasi:mcp/server#list-tools']).toEqual([]);
    expect(t.methods['tools/call']?.cases).toEqual(['x']);
    expect(t.methods['notifications/cancelled']?.cases).toEqual(['x']);
    expect(t.methods['no/such']).toBeUndefined();
    expect(traceabilityMarkdown(t)).toMatch(/## Not covered by any case[\s\S]*`wasi:mcp\/server#list-tools`/);
  });
});
