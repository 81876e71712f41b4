// wasmtime: a `wasmtime` CLI, through execa. wasmtime cannot be given custom
// host interfaces, so it runs the fixture composed with the virtual host (a
// wasi:cli@0.3.0 command). Compiled once per component, version and flag set
// (`wasmtime compile`), then run precompiled for every case. One adapter per
// binary: the registry (index.ts) lists the pinned wasmtime and the latest.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { InfrastructureError, NotInstalledError, type Adapter, type PreparedFixture, type ProbeResult, type RuntimeInfo } from './adapter.js';
import { virtualHostCommand } from './compose.js';
import { cargoBin, findBinary, versionText } from './binaries.js';
import { cacheDir } from './paths.js';
import { runProbes } from './probes.js';
import { spawnTarget } from './process.js';

export const WASMTIME_INSTALL = 'npm run setup   (or: bash setup/install.sh run)';

/** `wasmtime 48.0.8 (abc123 2026-06-20)` → [48, 0, 8]. */
export function parseWasmtimeVersion(text: string): [number, number, number] | undefined {
  const m = /^wasmtime(?:-cli)?\s+(\d+)\.(\d+)\.(\d+)/m.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/**
 * Flags a wasmtime version needs for WASI P3: opt-in from 37 to 45, on by
 * default from 46. Older versions get none (their probe shows what is missing).
 */
export function p3Flags(major: number): string[] {
  return major >= 37 && major < 46 ? ['-W', 'component-model-async=y', '-S', 'p3=y'] : [];
}

/** Which wasmtime binary an adapter drives. */
export interface WasmtimeBinary {
  /** The runtime's name on the command line and in reports. */
  runtime: string;
  /** The executable's name on PATH and in ~/.cargo/bin. */
  binary: string;
  /** The environment variable that names the executable. */
  envVar: string;
  /** How to install it, for the not-found message. */
  install: string;
}

interface Found {
  path: string;
  info: RuntimeInfo;
  flags: string[];
}

/**
 * WASI flags for a target with peers (docs/targets.md, "Peers"): the client
 * provider opens TCP connections to the addresses of WASI_MCP_PEERS. wasmtime
 * 48 has no per-address allow-list, so `inherit-network` (which also turns on
 * TCP and UDP) with UDP turned back off; name lookup stays off (peers are IP
 * literals). A target without peers gets no network at all.
 */
export function peerNetworkFlags(hostEnv: Record<string, string> | undefined): string[] {
  return hostEnv?.WASI_MCP_PEERS !== undefined ? ['-S', 'inherit-network=y', '-S', 'udp=n'] : [];
}

/** Extra flags for every wasmtime invocation, e.g. WASI_MCP_WASMTIME_FLAGS="-W max-memory-size=1G". */
function userFlags(): string[] {
  return (process.env.WASI_MCP_WASMTIME_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

/** Options of `wasmtime run` that `wasmtime compile` refuses (they shape a run, not the code), with whether they take a value. */
const RUN_ONLY: Record<string, boolean> = { '--dir': true, '--env': true, '--argv0': true, '--invoke': true, '--preload': true, '--profile': true, '--allow-precompiled': false };

/** The flags `wasmtime compile` takes: all but the run-only ones (`--dir X`, `--env=X`, ...). */
export function compileFlags(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    const [name] = flag.split('=', 1) as [string];
    if (!(name in RUN_ONLY)) out.push(flag);
    else if (RUN_ONLY[name] && !flag.includes('=')) i++;
  }
  return out;
}

export function createWasmtimeAdapter(which: WasmtimeBinary): Adapter {
  let found: Promise<Found> | undefined;

  function locate(): Promise<Found> {
    found ??= (async () => {
      const bin = findBinary(which.binary, which.envVar, [cargoBin]);
      if (!bin) throw new NotInstalledError(`${which.binary} not found (looked at $${which.envVar}, PATH and ~/.cargo/bin)`, `install it: ${which.install}`);
      const text = await versionText(bin.path, ['--version']).catch((e: Error) => {
        throw new InfrastructureError(e.message, `point ${which.envVar} at a working wasmtime, or install one: ${which.install}`);
      });
      const version = parseWasmtimeVersion(text);
      if (!version) throw new InfrastructureError(`${bin.path} --version printed ${JSON.stringify(text.slice(0, 200))}, not a wasmtime version`);
      const flags = [...p3Flags(version[0]), ...userFlags()];
      return {
        path: bin.path,
        flags,
        info: { runtime: which.runtime, version: version.join('.'), binary: bin.path, details: { 'found-via': bin.source, flags: flags.join(' ') || '(none)' } },
      };
    })();
    return found;
  }

  return {
    runtime: which.runtime,
    hosts: ['virtual'],
    environment: { [which.envVar]: `the ${which.binary} binary (else PATH, else ~/.cargo/bin)`, WASI_MCP_WASMTIME_FLAGS: 'extra wasmtime flags' },

    async detect() {
      return (await locate()).info;
    },

    async probe(): Promise<ProbeResult> {
      const w = await locate();
      const { capabilities, missing } = await runProbes(
        (artifact) => [w.path, ['run', ...w.flags, artifact]],
        (run) => `wasmtime ${w.info.version} could not run the ${run.probe} probe (${run.how}): ${run.said}`,
      );
      return { capabilities, missing };
    },

    async prepare(fixture): Promise<PreparedFixture> {
      const w = await locate();
      const component = await virtualHostCommand(fixture);
      const bytes = await readFile(component);
      const key = createHash('sha256').update(bytes).update(w.info.version).update(w.flags.join(' ')).digest('hex').slice(0, 24);
      const out = join(cacheDir, 'wasmtime', `${key}.cwasm`);
      if (!existsSync(out)) {
        await mkdir(join(cacheDir, 'wasmtime'), { recursive: true });
        const tmp = `${out}.${process.pid}.tmp`;
        const r = await execa(w.path, ['compile', ...compileFlags(w.flags), '-o', tmp, component], { reject: false, all: true, timeout: 300_000 });
        if (r.exitCode !== 0) throw new Error(`wasmtime compile rejected ${component}: ${String(r.all).trim()}`);
        await rename(tmp, out);
      }
      return { fixture, artifact: out };
    },

    async start(prepared, _host, options = {}) {
      const w = await locate();
      // The command's environment: the fixture's and the host's (WASI_MCP_HOST_DEFECT), nothing of the harness's.
      const vars = { ...prepared.fixture.guestEnv, ...options.hostEnv };
      const env = Object.entries(vars).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
      const args = ['run', ...w.flags, ...peerNetworkFlags(options.hostEnv), ...env, '--allow-precompiled', prepared.artifact];
      return spawnTarget(w.path, args, { env: { PATH: process.env.PATH ?? '' } });
    },
  };
}

/** The pinned wasmtime (setup/versions.env), or the one the user points WASMTIME at or has on PATH. */
export const wasmtimeAdapter = createWasmtimeAdapter({ runtime: 'wasmtime', binary: 'wasmtime', envVar: 'WASMTIME', install: WASMTIME_INSTALL });
