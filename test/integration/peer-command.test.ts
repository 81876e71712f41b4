// `--peer NAME=COMMAND`: the peer a client case names, replaced by any stdio
// MCP server the user gives. The suite's own reference fixture behind `serve`
// must behave as the peer the harness starts itself; a third-party server is
// reached through the component's wasi:mcp/client in both eras.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, root, runCli } from './cli.js';

const CLIENT_CASES = join(root, 'cases', 'client', '*.yaml');
const everything = join(root, '.cache', 'third-party', 'npm', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

/** The tool names the component's peer-tools answered with, from the transcript. */
function peerToolNames(transcript: unknown[]): string[] {
  for (const entry of transcript as { dir: string; text: string }[]) {
    if (entry.dir !== 'recv') continue;
    const m = JSON.parse(entry.text) as { id?: unknown; result?: { structuredContent?: { tools?: string[] } } };
    if (m.id === 1 && m.result?.structuredContent?.tools) return m.result.structuredContent.tools;
  }
  return [];
}

describe('--peer NAME=COMMAND', () => {
  // Retried: on a loaded machine a `serve` can still answer server/discover after the host's
  // fixed 2 s, and the host then rightly takes it for a legacy peer (docs/targets.md, "Peers").
  it('the reference fixture behind `serve`, as the peer ref, passes every client case on wasmtime/virtual', { retry: 2 }, async () => {
    const serve = `${process.execPath} ${bin} serve --runtime wasmtime --fixture reference`;
    // One case at a time: each connection starts a `serve` (Node and wasmtime), and on a loaded
    // machine one that takes over 2 s to answer server/discover is a legacy peer to the host.
    const run = await runCli(['--runtime', 'wasmtime', '--jobs', '1', '--cases', CLIENT_CASES, '--reporter', 'json', '--peer', `ref=${serve}`]);
    const results = run.report('wasmtime-virtual').results;
    expect(results.length).toBeGreaterThanOrEqual(20);
    expect(results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id} [${r.era}]: ${r.outcome} ${r.message ?? ''}`)).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('a third-party server as the peer ref is listed through the component, in both eras (the case, written for the fixture, then fails)', async () => {
    expect(existsSync(everything), 'server-everything is not installed: run `bash setup/install.sh servers`').toBe(true);
    const run = await runCli(['--runtime', 'jco', '--cases', CLIENT_CASES, '--filter', 'client-peer-tools', '--reporter', 'json', '--peer', `ref=${process.execPath} ${everything} stdio`]);
    const results = run.report().results;
    expect(results.map((r) => r.era).sort()).toEqual(['legacy', 'modern']);
    for (const r of results) {
      // server-everything's own tools, not the fixture's: the command was the peer.
      expect(r.outcome).toBe('fail');
      const names = peerToolNames(r.transcript);
      expect(names).toContain('get-annotated-message');
      expect(names).not.toContain('gallery');
    }
    expect(run.exitCode).toBe(1);
  });

  it.each([
    [['--peer', 'ref'], /--peer takes NAME=COMMAND/],
    [['--peer', 'ref=  '], /--peer takes NAME=COMMAND/],
    [['--peer', 'rf=node x.js'], /--peer rf: no selected case has a peer named "rf" \(did you mean "ref"\?\); peers: boom, old, ref/],
    [['--peer', 'ref=a', '--peer', 'ref=b'], /--peer ref is given twice/],
  ])('%j is a usage error: one line, exit 2', async (args, message) => {
    const run = await runCli(['--runtime', 'jco', '--cases', CLIENT_CASES, ...args]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(message);
  });
});
