// A step waiting for a message to a peer ends once the target has exited and
// its connections are closed: nothing can reach the peer after that, so
// waiting out the step's window would only cost time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const CASE = `id: peer-message-after-exit
title: a peer message awaited after the target has exited
area: client
severity: MUST
eras: [modern]
references:
  spec:
    - section: 2026-07-28/basic/transports/stdio
      quote: "The server MUST NOT write anything to its stdout that is not a valid MCP message."
  wit: ["wasi:mcp/client#session.open"]
requires: [stdio]
fixture: caller
peers: {ref: {fixture: reference}}
steps:
  - close_stdin: true
  - expect_peer_message: {peer: ref, method: tools/call, within_ms: 60000}
`;

describe('expect_peer_message when the target exits', () => {
  it('fails at the exit, naming it, instead of at the end of its window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-peer-exit-'));
    writeFileSync(join(dir, 'case.yaml'), CASE);
    const run = await runCli(['--runtime', 'wasmtime', '--cases', join(dir, '*.yaml'), '--reporter', 'json']);
    const result = run.outcome('peer-message-after-exit');
    expect(result.outcome).toBe('fail');
    expect(result.message).toMatch(/the target sent peer ref no message matching the pattern before the target exited \(exit code 0\); it sent: nothing/);
  });
});
