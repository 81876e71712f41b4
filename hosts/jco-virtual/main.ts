// Runs a wasi:cli@0.3.0 command transpiled by jco — a fixture composed with
// the virtual host — in a Node with JSPI: the same bytes wasmtime runs.
//
//   node24 main.js <transpiled command.js>
//
// WASI_MCP_GUEST_ENV (JSON object) is the command's environment, plus
// WASI_MCP_HOST_DEFECT and WASI_MCP_PEERS when the process has them (the
// virtual host and its client provider read them, as under wasmtime's --env);
// no preopened directory, no network but TCP for peers (hosts/jco-native/sandbox.ts).
import { pathToFileURL } from 'node:url';
import { sealWasiShims } from '../jco-native/sandbox.js';

const modulePath = process.argv[2];
if (!modulePath) {
  process.stderr.write('usage: main.js <transpiled-command.js>\n');
  process.exit(2);
}
const env = JSON.parse(process.env.WASI_MCP_GUEST_ENV ?? '{}') as Record<string, string>;
for (const name of ['WASI_MCP_HOST_DEFECT', 'WASI_MCP_PEERS']) {
  const value = process.env[name];
  if (value !== undefined) env[name] = value;
}
// The command (host and guest) gets the native guest's sandbox; TCP only
// when the host reaches peers through it (docs/targets.md, "Peers").
await sealWasiShims(modulePath, { env, tcp: process.env.WASI_MCP_PEERS !== undefined });
const cli = await import('@bytecodealliance/preview2-shim/cli');
cli._setArgs(['command']);

type Command = { run?: { run(): Promise<unknown> }; 'wasi:cli/run@0.3.0'?: { run(): Promise<unknown> } };
const command = (await import(pathToFileURL(modulePath).href)) as Command;
const run = command['wasi:cli/run@0.3.0'] ?? command.run;
if (!run) {
  process.stderr.write(`${modulePath} exports no wasi:cli/run@0.3.0\n`);
  process.exit(2);
}
try {
  await run.run();
  process.exit(0);
} catch (e) {
  process.stderr.write(`command failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
}
