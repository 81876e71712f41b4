// Any stdio MCP server as a target: `--server-command "CMD ARGS…"`. The
// command is the server; there is no runtime or host in between, so only the
// cases that test MCP itself (portable) run on it. It is the user's own
// process, started without a shell with the user's environment.
import { parseCommandString } from 'execa';
import type { Adapter, PreparedFixture, ProbeResult, RuntimeInfo, TargetProcess } from './adapter.js';
import { InfrastructureError } from './adapter.js';
import { spawnTarget } from './process.js';

export function commandAdapter(commandLine: string): Adapter {
  const argv = parseCommandString(commandLine.trim());
  if (argv.length === 0) throw new InfrastructureError('--server-command is empty', 'give the command that starts your stdio MCP server, e.g. --server-command "node server.js"');
  const [file, ...args] = argv as [string, ...string[]];
  return {
    runtime: 'command',
    hosts: ['stdio'],
    async detect(): Promise<RuntimeInfo> {
      return { runtime: 'command', version: '-', binary: file, details: { command: commandLine } };
    },
    async probe(): Promise<ProbeResult> {
      // A process that speaks MCP on stdio; it is not a component, so component cases are unsupported.
      return {
        capabilities: ['stdio'],
        missing: { 'component-model': 'the target is an MCP server command, not a component runtime', 'p3-async': 'the target is an MCP server command, not a component runtime' },
      };
    },
    async prepare(fixture): Promise<PreparedFixture> {
      return { fixture, artifact: commandLine };
    },
    async start(): Promise<TargetProcess> {
      return spawnTarget(file, args, { env: process.env as Record<string, string> });
    },
  };
}
