// The virtual host composed with the fixtures: the same bytes on wasmtime
// and jco, held to the same cases as the TypeScript host.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const outcomes = (run: Awaited<ReturnType<typeof runCli>>, stem: string) =>
  Object.fromEntries(run.report(stem).results.map((r) => [r.id, r.outcome]));

describe('wasmtime/virtual', () => {
  it('detects a guest that ignores cancellation, and a guest that breaks a stream', async () => {
    // The guest observing cancellation is a SHOULD: a warning, and a failed run only under --strict.
    const ignore = await runCli(['--runtime', 'wasmtime', '--fixture', 'mutant:ignore-cancel', '--filter', 'cancellation-observed-by-guest', '--protocol-version', 'modern']);
    expect(outcomes(ignore, 'wasmtime-virtual')).toEqual({ 'cancellation-observed-by-guest': 'fail' });
    expect(ignore.exitCode).toBe(0);
    const strict = await runCli(['--runtime', 'wasmtime', '--fixture', 'mutant:ignore-cancel', '--filter', 'cancellation-observed-by-guest', '--protocol-version', 'modern', '--strict']);
    expect(strict.exitCode).toBe(1);
    const truncated = await runCli(['--runtime', 'wasmtime', '--fixture', 'mutant:truncated-stream', '--filter', 'streaming-large-resource', '--filter', 'streaming-chunk-sequence']);
    expect(outcomes(truncated, 'wasmtime-virtual')).toEqual({ 'streaming-large-resource': 'fail', 'streaming-chunk-sequence': 'fail' });
    expect(truncated.exitCode).toBe(1);
  });
});
