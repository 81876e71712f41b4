// The suite's TypeScript wasi:mcp host: loads a jco-transpiled wasi:mcp
// server component in this Node process and serves it as a dual-era MCP
// stdio server (docs/targets.md).
//
//   node24 main.js <transpiled component.js>
//
// WASI_MCP_GUEST_ENV (a JSON object) is the guest's whole environment;
// WASI_MCP_HOST_DEFECT selects one deliberate defect (defects.ts).
import { pathToFileURL } from 'node:url';
import { activeDefect, defect, HOST_DEFECTS, isKnownDefect } from './defects.js';
import { Dispatcher } from './dispatcher.js';
import type { Guest } from './guest.js';
import { notificationMessage } from './jsonrpc.js';
import { LineTransport } from './line-transport.js';
import { confineGuest } from './sandbox.js';

const modulePath = process.argv[2];
if (!modulePath) {
  process.stderr.write('usage: main.js <transpiled-component.js>\n');
  process.exit(2);
}
const selected = activeDefect();
if (selected !== undefined && !isKnownDefect(selected)) {
  process.stderr.write(`unknown WASI_MCP_HOST_DEFECT: ${selected} (known: ${Object.keys(HOST_DEFECTS).join(', ')})\n`);
  process.exit(2);
}

await confineGuest();
let guest: Guest;
try {
  guest = (await import(pathToFileURL(modulePath).href)) as Guest;
} catch (e) {
  process.stderr.write(`wasi-mcp host: cannot load ${modulePath}: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
}

// A trap can surface outside the call that caused it (a guest task that
// runs on after returning): log it and keep serving; the request it hit is
// answered -32603 where the host can tell which one it was.
process.on('uncaughtException', (e) => process.stderr.write(`wasi-mcp host: uncaught: ${e.stack ?? String(e)}\n`));
process.on('unhandledRejection', (e) => process.stderr.write(`wasi-mcp host: unhandled rejection: ${e instanceof Error ? e.stack : String(e)}\n`));

const transport = new LineTransport(process.stdin, process.stdout);
if (defect('banner-before-initialize')) transport.send(notificationMessage('notifications/message', { level: 'info', logger: 'wasi-mcp-host', data: 'ready' }));
const dispatcher = new Dispatcher(guest, transport);
transport.start(
  (line) => dispatcher.onLine(line),
  () => dispatcher.onInputEnd(),
);
