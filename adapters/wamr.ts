// wamr: WAMR's `iwasm` CLI, through execa. Like wasmtime it runs the fixture
// composed with the virtual host (a wasi:cli@0.3.0 command). What it can do is
// established only by running the probes: today iwasm runs core modules but
// rejects components at load time, so every case is `unsupported` with iwasm's
// own words; the day an iwasm loads components the probes pass and the same
// code runs the cases.
import { execa } from 'execa';
import { InfrastructureError, NotInstalledError, type Adapter, type PreparedFixture, type ProbeResult, type RuntimeInfo } from './adapter.js';
import { virtualHostCommand } from './compose.js';
import { cargoBin, findBinary, type FoundBinary } from './binaries.js';
import { runtimeMessage } from './output.js';
import { runProbes, type ProbeRun } from './probes.js';
import { spawnTarget } from './process.js';

export const IWASM_INSTALL = 'npm run setup   (or: bash setup/wamr.sh, which builds iwasm from WAMR sources on crates.io)';

/** `iwasm 2.4.5` (first line of `iwasm --version`) → '2.4.5'. */
export function parseIwasmVersion(text: string): string | undefined {
  const m = /^iwasm\s+v?(\d+\.\d+\.\d+)\b/.exec(text.trimStart());
  return m ? m[1] : undefined;
}

export interface IwasmProposals {
  /** Proposals the build always has. */
  alwaysOn: string[];
  /** Compile-time configurable proposals switched on in this build. */
  enabled: string[];
  /** Compile-time configurable proposals switched off in this build. */
  disabled: string[];
}

/**
 * The proposal list `iwasm --version` prints after the version line, e.g.
 *   About Wasm Proposals:
 *     Always-on:
 *       - Multi-value
 *     Compilation Configurable. 0 is OFF. 1 is ON:
 *       - Bulk Memory Operation via WASM_ENABLE_BULK_MEMORY: 1
 * (older builds: `- Bulk Memory Operation: 1`). Unknown lines are ignored.
 */
export function parseIwasmProposals(text: string): IwasmProposals {
  const out: IwasmProposals = { alwaysOn: [], enabled: [], disabled: [] };
  for (const raw of text.split('\n').slice(1)) {
    const line = raw.trim();
    const item = /^-\s+(.+?)\s*$/.exec(line);
    if (!item) continue;
    const configurable = /^(.+?)(?:\s+via\s+[A-Z0-9_]+)?\s*:\s*(\d+)$/.exec(item[1]!);
    if (configurable) (configurable[2] === '0' ? out.disabled : out.enabled).push(configurable[1]!);
    else out.alwaysOn.push(item[1]!);
  }
  return out;
}

/** Extra flags for every iwasm invocation, e.g. WASI_MCP_IWASM_FLAGS="--stack-size=1048576". */
function userFlags(): string[] {
  return (process.env.WASI_MCP_IWASM_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

interface Found {
  path: string;
  info: RuntimeInfo;
  flags: string[];
}

/**
 * Runs `binary --version` and turns what it printed into RuntimeInfo, or an
 * InfrastructureError saying what was wrong (cannot run, crashed, not iwasm).
 */
export async function inspectIwasm(bin: FoundBinary): Promise<RuntimeInfo> {
  const fix = `point IWASM at a working iwasm, or install one: ${IWASM_INSTALL}`;
  const r = await execa(bin.path, ['--version'], { reject: false, timeout: 20_000, all: true });
  const said = String(r.all ?? '').trim();
  if (r.exitCode === undefined && !r.signal && !r.timedOut) {
    throw new InfrastructureError(`${bin.path} (found via ${bin.source}) could not be run: ${r.shortMessage}`, fix);
  }
  if (r.timedOut) throw new InfrastructureError(`${bin.path} --version did not finish within 20 s`, fix);
  if (r.signal) {
    throw new InfrastructureError(`${bin.path} --version crashed (${r.signal})${said ? `: ${runtimeMessage(said)}` : ''}`, fix);
  }
  const version = parseIwasmVersion(said);
  if (r.exitCode !== 0 || !version) {
    throw new InfrastructureError(`${bin.path} --version exited ${r.exitCode} and printed ${JSON.stringify(said.slice(0, 200))}, not an iwasm version`, fix);
  }
  const proposals = parseIwasmProposals(said);
  return {
    runtime: 'wamr',
    version,
    binary: bin.path,
    details: {
      'found-via': bin.source,
      proposals: proposals.enabled.join(', ') || '(none listed)',
      'proposals-off': proposals.disabled.join(', ') || '(none listed)',
      'proposals-always-on': proposals.alwaysOn.join(', ') || '(none listed)',
      flags: userFlags().join(' ') || '(none)',
    },
  };
}

let found: Promise<Found> | undefined;

function locate(): Promise<Found> {
  found ??= (async () => {
    const bin = findBinary('iwasm', 'IWASM', [cargoBin]);
    if (!bin) throw new NotInstalledError(`iwasm not found (looked at $IWASM, PATH and ${cargoBin})`, `install it: ${IWASM_INSTALL}`);
    const info = await inspectIwasm(bin);
    return { path: bin.path, info, flags: userFlags() };
  })();
  return found;
}

/**
 * Network access for a target with peers (docs/targets.md, "Peers"): WAMR's
 * own iwasm grants WASI sockets per address with `--addr-pool=IP/32,...`; a
 * build whose usage text does not offer the option (the suite's setup/wamr.sh
 * front end) gets nothing, as does a target without peers.
 */
export function iwasmPeerArgs(hostEnv: Record<string, string> | undefined, usage: string): string[] {
  const peers = hostEnv?.WASI_MCP_PEERS;
  if (peers === undefined || !usage.includes('--addr-pool')) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(peers);
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== 'object') return [];
  const pool = new Set<string>();
  for (const address of Object.values(parsed as Record<string, unknown>)) {
    const m = typeof address === 'string' ? /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):\d+$/.exec(address) : null;
    if (m) pool.add(m[1] ? `${m[1]}/128` : `${m[2]}/32`);
  }
  return pool.size ? [`--addr-pool=${[...pool].join(',')}`] : [];
}

let usageText: Promise<string> | undefined;

/** What iwasm prints when run without a file (its options). */
function iwasmUsage(path: string): Promise<string> {
  usageText ??= execa(path, [], { reject: false, timeout: 20_000, all: true }).then((r) => String(r.all ?? ''));
  return usageText;
}

/** Why a probe did not prove its capability, in iwasm's own words. */
function probeFailure(version: string, run: ProbeRun): string {
  const verb = run.probe === 'core-module' ? 'could not run' : 'rejected';
  return `iwasm ${version} ${verb} the ${run.probe} probe (${run.how}): ${run.said}`;
}

export const wamrAdapter: Adapter = {
  runtime: 'wamr',
  hosts: ['virtual'],
  environment: { IWASM: 'the iwasm binary (else PATH, else ~/.cargo/bin)', WASI_MCP_IWASM_FLAGS: 'extra iwasm flags' },

  async detect() {
    return (await locate()).info;
  },

  async probe(): Promise<ProbeResult> {
    const w = await locate();
    const { capabilities, missing, runs } = await runProbes((artifact) => [w.path, [...w.flags, artifact]], (run) => probeFailure(w.info.version, run));
    const broken = runs.find((r) => r.notStarted);
    if (broken) throw new InfrastructureError(`${w.path} could not be run for the ${broken.probe} probe: ${broken.how}`, `install iwasm: ${IWASM_INSTALL}`);
    return { capabilities, missing };
  },

  async prepare(fixture): Promise<PreparedFixture> {
    await locate();
    const component = await virtualHostCommand(fixture);
    // iwasm loads the file as it is; nothing to derive ahead of time.
    return { fixture, artifact: component };
  },

  async start(prepared, _host, options = {}) {
    const w = await locate();
    // The command's environment: the fixture's and the host's (WASI_MCP_HOST_DEFECT).
    const env = { ...prepared.fixture.guestEnv, ...options.hostEnv };
    const network = options.hostEnv?.WASI_MCP_PEERS !== undefined ? iwasmPeerArgs(options.hostEnv, await iwasmUsage(w.path)) : [];
    return spawnTarget(w.path, [...w.flags, ...network, ...iwasmEnvArgs(env), prepared.artifact], { env: { PATH: process.env.PATH ?? '' } });
  },
};

/** The guest's environment as iwasm arguments: only `--env=K=V` works (not `--env K=V`). */
export function iwasmEnvArgs(env: Record<string, string>): string[] {
  return Object.entries(env).map(([k, v]) => `--env=${k}=${v}`);
}
