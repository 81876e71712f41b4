// The virtual host composed with the fixtures: the same bytes on wasmtime
// and jco, held to the same cases as the TypeScript host.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const outcomes = (run: Awaited<ReturnType<typeof runCli>>, stem: string) =>
  Object.fromEntries(run.report(stem).results.map((r) => [r.id, r.outcome]));

describe('wasmtime/virtual', () => {
  it('passes every case', async () => {
    const run = await runCli(['--runtime', 'wasmtime']);
    const failing = run.report('wasmtime-virtual').results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.message ?? r.outcome}`);
    expect(failing).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('detects a guest that ignores cancellation, and a guest that breaks a stream', async () => {
    const ignore = await runCli(['--runtime', 'wasmtime', '--fixture', 'mutant:ignore-cancel', '--filter', 'cancellation-observed-by-guest', '--filter', 'cancellation-no-response']);
    expect(outcomes(ignore, 'wasmtime-virtual')).toEqual({ 'cancellation-observed-by-guest': 'fail', 'cancellation-no-response': 'pass' });
    expect(ignore.exitCode).toBe(1);
    const truncated = await runCli(['--runtime', 'wasmtime', '--fixture', 'mutant:truncated-stream', '--filter', 'streaming-*']);
    expect(outcomes(truncated, 'wasmtime-virtual')).toEqual({ 'streaming-large-resource': 'fail', 'streaming-chunk-sequence': 'fail' });
  });
});

describe('jco/virtual', () => {
  it('runs the composed fixtures on jco', async () => {
    const run = await runCli(['--runtime', 'jco', '--host', 'virtual', '--filter', 'tools-*', '--filter', 'resources-*', '--filter', 'cancellation-*']);
    const failing = run.report('jco-virtual').results.filter((r) => r.outcome !== 'pass').map((r) => r.id);
    expect(failing).toEqual([]);
  });
});

describe('--runtime all', () => {
  it('runs every installed target and puts them side by side in the matrix', async () => {
    const run = await runCli(['--runtime', 'all', '--expectations', 'expectations/jco.yaml', '--reporter', 'json']);
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const matrix = JSON.parse(readFileSync(join(run.out, 'matrix.json'), 'utf8')) as {
      witDigest: string;
      targets: { name: string; version: string | null; status: string }[];
      rows: { id: string; cells: Record<string, string> }[];
    };
    expect(matrix.targets.map((t) => [t.name, t.status])).toEqual([
      ['jco/native', 'ran'], ['jco/virtual', 'ran'], ['wasmtime/virtual', 'ran'], ['wamr/virtual', 'ran'],
    ]);
    expect(matrix.targets.every((t) => /^\d+\.\d+\.\d+$/.test(t.version ?? ''))).toBe(true);
    expect(matrix.witDigest).toMatch(/^sha256:/);
    for (const row of matrix.rows) {
      expect(row.cells['jco/native']).toBe('pass');
      expect(row.cells['wasmtime/virtual']).toBe('pass');
      expect(['pass', 'xfail']).toContain(row.cells['jco/virtual']);
      expect(row.cells['wamr/virtual']).toBe('unsupported');
    }
    expect(run.exitCode).toBe(0);
  });
});
