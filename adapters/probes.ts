// Tiny probe artifacts that adapters run to learn what a runtime can do,
// rather than trusting version tables. Built from the WAT beside this file
// with jco's bundled wasm-tools, once per content (cached).
import { parse } from '@bytecodealliance/jco';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Capability, ProbeResult } from './adapter.js';
import { runtimeMessage } from './output.js';
import { cacheDir, packageRoot } from './paths.js';

export type Probe = 'core-module' | 'p2-command' | 'p3-command';

/** What each probe proves when it runs and exits 0. */
export const PROBE_PROVES = {
  'core-module': 'core-wasm',
  'p2-command': 'component-model',
  'p3-command': 'p3-async',
} as const;

export async function probeArtifact(name: Probe): Promise<string> {
  const wat = await readFile(join(packageRoot, 'adapters', 'probes', `${name}.wat`), 'utf8');
  const key = createHash('sha256').update(wat).digest('hex').slice(0, 16);
  const out = join(cacheDir, 'probes', `${name}-${key}.wasm`);
  if (existsSync(out)) return out;
  const bytes = await parse(wat);
  await mkdir(join(cacheDir, 'probes'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, out);
  return out;
}

/** How one probe run ended. */
export interface ProbeRun {
  probe: Probe;
  ran: boolean;
  /** `exit 255`, `killed by SIGSEGV`, `timed out`, or why it could not start. */
  how: string;
  /** What the runtime printed, shortened. */
  said: string;
  /** The runtime could not be started at all (no such file, not executable). */
  notStarted: boolean;
}

/**
 * Runs every probe with the command line `argv` gives for its artifact and
 * turns the runs into capabilities: each probe that exits 0 proves its
 * capability; `stdio` is proven by the same run as `core-wasm` (a WASI command
 * ran with its standard streams). `reason` words a failed run.
 */
export async function runProbes(argv: (artifact: string) => [string, string[]], reason: (run: ProbeRun) => string): Promise<ProbeResult & { runs: ProbeRun[] }> {
  const capabilities: Capability[] = [];
  const missing: ProbeResult['missing'] = {};
  const runs: ProbeRun[] = [];
  for (const probe of Object.keys(PROBE_PROVES) as Probe[]) {
    const [file, args] = argv(await probeArtifact(probe));
    const r = await execa(file, args, { reject: false, timeout: 60_000, all: true, stdin: 'ignore' });
    const notStarted = r.exitCode === undefined && !r.signal && !r.timedOut;
    const how = notStarted ? String(r.shortMessage) : r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
    const run: ProbeRun = { probe, ran: r.exitCode === 0, how, said: runtimeMessage(String(r.all ?? '')) || '(no output)', notStarted };
    runs.push(run);
    const cap = PROBE_PROVES[probe];
    if (run.ran) capabilities.push(cap);
    else missing[cap] = reason(run);
    if (probe === 'core-module') {
      if (run.ran) capabilities.push('stdio');
      else missing.stdio = 'no WASI command ran, so stdio is unproven (see core-wasm)';
    }
  }
  return { capabilities, missing, runs };
}
