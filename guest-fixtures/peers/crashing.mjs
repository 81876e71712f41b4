#!/usr/bin/env node
// A peer for the suite's client cases: a dual-era MCP server that dies in the
// middle of every tool call (exit code 3, no response), so a case can check
// what a host does when a peer goes away with a call in flight.
import { createInterface } from 'node:readline';

const write = (m) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
const info = { name: 'crashing-peer', version: '1.0.0' };
const modern = (m) => m.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !== undefined;

createInterface({ input: process.stdin }).on('line', (line) => {
  let m;
  try {
    m = JSON.parse(line);
  } catch {
    return write({ error: { code: -32700, message: 'Parse error' } });
  }
  if (m.id === undefined) return;
  const reply = (result) => write({ id: m.id, result: modern(m) ? { resultType: 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': info }, ...result } : result });
  switch (m.method) {
    case 'server/discover':
      return reply({ supportedVersions: ['2026-07-28', '2025-11-25'], capabilities: { tools: {} }, ttlMs: 0, cacheScope: 'private' });
    case 'initialize':
      return reply({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: info });
    case 'tools/list':
      return reply({ tools: [{ name: 'explode', inputSchema: { type: 'object' } }], ...(modern(m) ? { ttlMs: 0, cacheScope: 'private' } : {}) });
    case 'tools/call':
      process.exit(3);
      return;
    default:
      return write({ id: m.id, error: { code: -32601, message: `Method not found: ${m.method}` } });
  }
});
process.stdin.on('end', () => process.exit(0));
