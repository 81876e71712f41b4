#!/usr/bin/env node
// A peer for the suite's client cases: an MCP server that speaks only the
// 2025-11-25 revision over stdio. It answers initialize, ping, tools/list and
// tools/call of `echo`; anything else (server/discover among them) is -32601.
// Plain Node, no dependencies, so a case can start it anywhere.
import { createInterface } from 'node:readline';

const write = (m) => process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
const ECHO = { name: 'echo', description: 'Returns its text.', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } };
let initialized = false;

createInterface({ input: process.stdin }).on('line', (line) => {
  let m;
  try {
    m = JSON.parse(line);
  } catch {
    return write({ error: { code: -32700, message: 'Parse error' } });
  }
  if (m.id === undefined) return; // notifications are never answered
  const reply = (result) => write({ id: m.id, result });
  const fail = (code, message) => write({ id: m.id, error: { code, message } });
  switch (m.method) {
    case 'initialize':
      initialized = true;
      return reply({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'legacy-only-peer', version: '1.0.0' } });
    case 'ping':
      return reply({});
    case 'tools/list':
      return initialized ? reply({ tools: [ECHO] }) : fail(-32600, 'not initialized');
    case 'tools/call':
      if (!initialized) return fail(-32600, 'not initialized');
      if (m.params?.name !== 'echo') return fail(-32602, `unknown tool: ${m.params?.name}`);
      return reply({ content: [{ type: 'text', text: String(m.params?.arguments?.text ?? '') }] });
    default:
      return fail(-32601, `Method not found: ${m.method}`);
  }
});
process.stdin.on('end', () => process.exit(0));
