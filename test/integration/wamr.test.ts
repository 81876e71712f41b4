// The wamr adapter against the real iwasm that setup/wamr.sh installs. Every
// claim is measured: core modules we build here run (or visibly fail), and the
// component probes are rejected by iwasm itself.
import { parse } from '@bytecodealliance/jco';
import { execa } from 'execa';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Adapter } from '../../adapters/adapter.js';
import { runCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wmc-wamr-'));

async function wasm(name: string, wat: string): Promise<string> {
  const path = join(dir, `${name}.wasm`);
  writeFileSync(path, await parse(wat));
  return path;
}

const TRAP = '(module (memory (export "memory") 1) (func (export "_start") unreachable))';
const EXIT_3 = `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 3))))`;
// Writes its whole environment (NUL-separated K=V strings) to stdout.
const PRINT_ENV = `(module
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (drop (call $get (i32.const 64) (i32.const 1024)))
    (i32.store (i32.const 8) (i32.const 1024))
    (i32.store (i32.const 12) (i32.load (i32.const 4)))
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))))`;

/** A fresh copy of the adapter (it caches what it found), seeing the given environment. */
async function freshAdapter(env: Record<string, string | undefined> = {}): Promise<Adapter> {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  return (await import('../../adapters/wamr.js')).wamrAdapter;
}

/** An IWASM stand-in: a shell script. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('wamr adapter', () => {
  it('finds iwasm, reads its version and proposal list', async () => {
    const info = await (await freshAdapter()).detect();
    expect(info.runtime).toBe('wamr');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.details?.proposals).toMatch(/Bulk Memory Operation/);
    expect(info.details?.['found-via']).toBeTruthy();
  });

  it('proves core wasm by running the core-module probe; components are rejected in iwasm\'s own words', async () => {
    const probe = await (await freshAdapter()).probe('virtual');
    expect([...probe.capabilities].sort()).toEqual(['core-wasm', 'stdio']);
    expect(probe.missing['core-wasm']).toBeUndefined();
    expect(probe.missing['component-model']).toMatch(/^iwasm \d+\.\d+\.\d+ rejected the p2-command probe \(exit 255\): WASM module load failed: unknown binary version$/);
    expect(probe.missing['p3-async']).toMatch(/^iwasm \d+\.\d+\.\d+ rejected the p3-command probe \(exit 255\): WASM module load failed: unknown binary version$/);
  });

  it('the real iwasm: a trapping or non-zero-exit core module does not count as running', async () => {
    const iwasm = (await (await freshAdapter()).detect()).binary!;
    const trap = await execa(iwasm, [await wasm('trap', TRAP)], { reject: false, all: true });
    expect(trap.exitCode).toBe(1);
    expect(String(trap.all)).toMatch(/unreachable/);
    const exit3 = await execa(iwasm, [await wasm('exit3', EXIT_3)], { reject: false });
    expect(exit3.exitCode).toBe(3);
  });

  it('a core-module probe that traps or exits non-zero is reported as missing core-wasm (and stdio), with the reason', async () => {
    const iwasm = (await (await freshAdapter()).detect()).binary!;
    for (const [name, wat, expected] of [
      ['trap', TRAP, /^iwasm \d+\.\d+\.\d+ could not run the core-module probe \(exit 1\): Exception: unreachable$/],
      ['exit3', EXIT_3, /^iwasm \d+\.\d+\.\d+ could not run the core-module probe \(exit 3\): \(no output\)$/],
    ] as const) {
      const module = await wasm(name, wat);
      // Real iwasm for --version, but every module it is asked to run is replaced by ours.
      const wrapper = script(`iwasm-${name}`, `if [ "$1" = --version ]; then exec "${iwasm}" --version; fi\nexec "${iwasm}" "${module}"`);
      const probe = await (await freshAdapter({ IWASM: wrapper })).probe('virtual');
      expect(probe.capabilities).not.toContain('core-wasm');
      expect(probe.capabilities).not.toContain('stdio');
      expect(probe.missing['core-wasm']).toMatch(expected);
      expect(probe.missing.stdio).toMatch(/stdio is unproven/);
    }
  });

  it('start() runs the prepared file with the guest environment as --env=K=V', async () => {
    const adapter = await freshAdapter();
    const module = await wasm('print-env', PRINT_ENV);
    const prepared = await adapter.prepare({ name: 'print-env', componentPath: module, composedPath: module, guestEnv: { WASI_MCP_FIXTURE_DEFECT: 'trap', B: 'x y=z' } }, 'virtual');
    const target = await adapter.start(prepared, 'virtual');
    const [out, exited] = await Promise.all([text(target.stdout), target.exited]);
    expect(exited.code).toBe(0);
    expect(out.split('\0').filter(Boolean).sort()).toEqual(['B=x y=z', 'WASI_MCP_FIXTURE_DEFECT=trap']);
    await target.stop();
  });

  it('prepare() needs the component (it composes it with the virtual host when no composition is given)', async () => {
    const adapter = await freshAdapter();
    await expect(adapter.prepare({ name: 'x', componentPath: '/nonexistent.wasm', guestEnv: {} }, 'virtual')).rejects.toThrow(/no component for x at \/nonexistent\.wasm; build it with/);
  });

  it('an iwasm that prints something else, exits non-zero or crashes is an InfrastructureError, not a crash', async () => {
    const cases: [string, string, RegExp][] = [
      ['not-iwasm', 'echo "wasmtime 48.0.8"', /printed "wasmtime 48\.0\.8", not an iwasm version/],
      ['usage', 'echo "Usage: iwasm [-options] wasm_file [args...]"; exit 1', /exited 1 and printed "Usage: iwasm/],
      ['crash', 'kill -SEGV $$', /--version crashed \(SIGSEGV\)/],
    ];
    for (const [name, body, expected] of cases) {
      const adapter = await freshAdapter({ IWASM: script(name, body) });
      const error = await adapter.detect().then(() => undefined, (e: Error) => e);
      expect(error?.name).toBe('InfrastructureError');
      expect(error?.message).toMatch(expected);
      expect((error as { hint?: string }).hint).toMatch(/npm run setup/);
    }
    const error = await (await freshAdapter({ IWASM: join(dir, 'does-not-exist') })).detect().then(() => undefined, (e: Error) => e);
    expect(error?.name).toBe('InfrastructureError');
    expect(error?.message).toMatch(/could not be run/);
  });

  it('the CLI: every case unsupported with iwasm\'s component-model rejection, junit <skipped>, exit 0', async () => {
    const run = await runCli(['--runtime', 'wamr']);
    expect(run.exitCode).toBe(0);
    const report = run.report('wamr-virtual');
    expect(report.target).toEqual({ runtime: 'wamr', host: 'virtual' });
    expect(report.results.length).toBeGreaterThan(0);
    for (const r of report.results) {
      expect(r.outcome, r.id).toBe('unsupported');
      expect(r.message, r.id).toMatch(/component-model: iwasm \d+\.\d+\.\d+ rejected the p2-command probe \(exit 255\): WASM module load failed: unknown binary version/);
    }
    const junit = readFileSync(join(run.out, 'junit-wamr-virtual.xml'), 'utf8');
    const skipped = junit.match(/<skipped message="[^"]*unknown binary version[^"]*"\/>/g) ?? [];
    expect(skipped).toHaveLength(report.results.length);
    expect(junit).toMatch(new RegExp(`skipped="${report.results.length}"`));
  });

  it('without iwasm: a clear message with the install command, exit 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wmc-noiwasm-'));
    const run = await runCli(['--runtime', 'wamr', '--filter', 'lifecycle-ping'], { PATH: '/usr/bin:/bin', CARGO_HOME: empty });
    expect(run.stdout).toMatch(/iwasm not found \(looked at \$IWASM, PATH and /);
    expect(run.stdout).toMatch(/how to fix: install it: npm run setup/);
    expect(run.exitCode).toBe(2);
  });
});
