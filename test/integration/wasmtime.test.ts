// The wasmtime adapter against the real wasmtime the setup step installs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wasmtimeAdapter } from '../../adapters/wasmtime.js';
import { runCli } from './cli.js';

describe('wasmtime adapter', () => {
  it('finds wasmtime, reads its version and proves p3 by running the probes', async () => {
    const info = await wasmtimeAdapter.detect();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    const probe = await wasmtimeAdapter.probe('virtual');
    expect(probe.missing).toEqual({});
    expect([...probe.capabilities].sort()).toEqual(['component-model', 'core-wasm', 'p3-async', 'stdio']);
  });

  it('without wasmtime: a clear message with the install command, exit 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wmc-nowasmtime-'));
    const run = await runCli(['--runtime', 'wasmtime', '--filter', 'lifecycle-ping'], { PATH: '/usr/bin:/bin', CARGO_HOME: empty });
    expect(run.stdout).toMatch(/wasmtime not found/);
    expect(run.stdout).toMatch(/how to fix: install it: npm run setup/);
    expect(run.exitCode).toBe(2);
  });

  it('under --runtime all a missing wasmtime is "not installed" in the matrix, not failures', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wmc-nowasmtime-'));
    const run = await runCli(['--runtime', 'all', '--filter', 'lifecycle-ping', '--reporter', 'json'], { PATH: '/usr/bin:/bin', CARGO_HOME: empty });
    const matrix = JSON.parse(readFileSync(join(run.out, 'matrix.json'), 'utf8')) as { targets: { name: string; status: string }[]; rows: { id: string; cells: Record<string, string> }[] };
    expect(matrix.targets.find((t) => t.name === 'wasmtime/virtual')?.status).toBe('not installed');
    expect(matrix.rows.find((r) => r.id === 'lifecycle-ping')?.cells).toMatchObject({ 'jco/native': 'pass', 'wasmtime/virtual': 'not installed' });
  });

  it('a wasmtime without p3 support reports p3 cases unsupported with wasmtime\'s own message', async () => {
    const run = await runCli(['--runtime', 'wasmtime', '--filter', 'lifecycle-ping'], { WASI_MCP_WASMTIME_FLAGS: '-W component-model-async=n' });
    const r = run.outcome('lifecycle-ping');
    expect(r.outcome).toBe('unsupported');
    expect(r.message).toMatch(/p3-command probe .*requires the component model async feature/);
    expect(run.exitCode).toBe(0);
  });

  it('a composed command that traps fails the case with the trap in the message', async () => {
    const run = await runCli(['--runtime', 'wasmtime', '--fixture', 'mutant:trap', '--filter', 'tools-call-echo']);
    const r = run.outcome('tools-call-echo');
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/target exited .*wasm trap|unreachable/s);
    expect(run.exitCode).toBe(1);
  });

  it('a component the runtime rejects is an error outcome with the runtime\'s message', async () => {
    // An unknown -W option makes wasmtime refuse before it runs anything.
    const run = await runCli(['--runtime', 'wasmtime', '--filter', 'lifecycle-ping'], { WASI_MCP_WASMTIME_FLAGS: '-W no-such-option=y' });
    const r = run.outcome('lifecycle-ping');
    expect(['unsupported', 'error']).toContain(r.outcome);
    expect(r.message).toMatch(/no-such-option/);
  });
});

