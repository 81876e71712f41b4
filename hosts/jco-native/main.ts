// The suite's TypeScript wasi:mcp host: loads a jco-transpiled wasi:mcp
// server component in this Node process and serves it as a dual-era MCP
// stdio server (docs/targets.md).
//
//   node24 main.js <transpiled component.js>
//   node24 main.js --sessions <socket> <transpiled component.js>
//
// The second form is a warm process (warm-sessions.ts): sessions one after
// another over connections to <socket>, each with a fresh instance.
// WASI_MCP_GUEST_ENV (a JSON object) is the guest's whole environment;
// WASI_MCP_HOST_DEFECT selects one deliberate defect (defects.ts).
import { pathToFileURL } from 'node:url';
import { activeDefect, HOST_DEFECTS, isKnownDefect } from './defects.js';
import type { Guest } from './guest.js';
import { confineGuest } from './sandbox.js';
import { serveStream } from './serve-stream.js';
import { noteFault, serveSessions } from './warm-sessions.js';

const args = process.argv.slice(2);
const socketPath = args[0] === '--sessions' ? args[1] : undefined;
const modulePath = socketPath === undefined ? args[0] : args[2];
if (!modulePath) {
  process.stderr.write('usage: main.js [--sessions <socket>] <transpiled-component.js>\n');
  process.exit(2);
}
const selected = activeDefect();
if (selected !== undefined && !isKnownDefect(selected)) {
  process.stderr.write(`unknown WASI_MCP_HOST_DEFECT: ${selected} (known: ${Object.keys(HOST_DEFECTS).join(', ')})\n`);
  process.exit(2);
}

await confineGuest(modulePath);

/** A fresh instance of the component: the query makes it a module of its own for the module loader. */
async function loadGuest(instance?: number): Promise<Guest> {
  const url = pathToFileURL(modulePath!).href + (instance === undefined ? '' : `?instance=${instance}`);
  try {
    return (await import(url)) as Guest;
  } catch (e) {
    process.stderr.write(`wasi-mcp host: cannot load ${modulePath}: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  }
}

// A harness that has gone leaves stderr without a reader: a log line that cannot be written is
// dropped (an unhandled EPIPE would come back through the handlers below, which log, for ever).
process.stderr.on('error', () => {});

// A trap can surface outside the call that caused it (a guest task that
// runs on after returning): log it and keep serving; the request it hit is
// answered -32603 where the host can tell which one it was. A warm process
// serves no further session after it.
process.on('uncaughtException', (e) => {
  noteFault();
  process.stderr.write(`wasi-mcp host: uncaught: ${e.stack ?? String(e)}\n`);
});
process.on('unhandledRejection', (e) => {
  noteFault();
  process.stderr.write(`wasi-mcp host: unhandled rejection: ${e instanceof Error ? e.stack : String(e)}\n`);
});

if (socketPath === undefined) serveStream(await loadGuest(), process.stdin, process.stdout);
else await serveSessions(socketPath, loadGuest);
