// `wasi-mcp-conformance serve`: a target as a plain stdio MCP server that any
// client can talk to, here a few lines of JSON as a modern client writes them.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, root } from './cli.js';

const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
const lines = [
  { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } },
  { jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: meta } },
].map((m) => JSON.stringify(m)).join('\n') + '\n';

async function serve(args: string[], input: string) {
  return execa(process.execPath, [bin, 'serve', ...args], { cwd: root, input, reject: false, timeout: 120_000, env: { PATH: `${join(process.env.HOME ?? '', '.cargo', 'bin')}:${process.env.PATH}` } });
}

describe('serve', () => {
  for (const runtime of ['jco', 'wasmtime']) {
    it(`answers server/discover and a modern tools/list without initialize on ${runtime}, and exits when stdin ends`, async () => {
      const r = await serve(['--runtime', runtime], lines);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      const out = String(r.stdout).trim().split('\n').map((l) => JSON.parse(l) as { id: number; result: Record<string, unknown> });
      const byId = Object.fromEntries(out.map((m) => [m.id, m.result]));
      expect(byId[1]).toMatchObject({ resultType: 'complete', supportedVersions: expect.arrayContaining(['2026-07-28']), capabilities: { tools: {} } });
      expect(byId[2]).toMatchObject({ resultType: 'complete', tools: expect.arrayContaining([expect.objectContaining({ name: 'echo' })]) });
      expect((byId[2]?._meta as Record<string, unknown>)['io.modelcontextprotocol/serverInfo']).toMatchObject({ name: 'wasi-mcp-reference-fixture' });
    });
  }

  it('serves another fixture, and rejects bad input with exit 2', async () => {
    const minimal = await serve(['--fixture', 'minimal'], lines);
    expect(String(minimal.stdout)).toContain('wasi-mcp-minimal-fixture');
    const bad = await serve(['--runtime', 'nope'], '');
    expect(bad.exitCode).toBe(2);
    expect(String(bad.stderr)).toMatch(/unknown runtime "nope"/);
    const both = await serve(['--fixture', 'minimal', '--component', 'x.wasm'], '');
    expect(both.exitCode).toBe(2);
    expect(String(both.stderr)).toMatch(/exclude each other/);
  });
});
