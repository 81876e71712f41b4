// Runs the built CLI as a user would, in a child process, and reads its JSON report.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'wasi-mcp-conformance.js');

export interface ReportJson {
  target: { runtime: string; host: string };
  runtime: { version: string } | null;
  witDigest: string;
  results: { id: string; era: string; outcome: string; message?: string; stderr?: string; transcript: unknown[] }[];
  summary: Record<string, number>;
  infrastructureError?: string;
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  out: string;
  report(stem?: string): ReportJson;
  outcome(id: string): { outcome: string; message?: string; stderr?: string };
}

/** How long a run may take before it is stopped (a whole `--runtime all` run takes minutes on 2 cores). */
export async function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 170_000): Promise<CliRun> {
  const out = mkdtempSync(join(tmpdir(), 'wmc-out-'));
  const r = await execa(process.execPath, [bin, '--out', out, ...args], {
    cwd: root,
    reject: false,
    env: { CI: 'true', ...env },
    timeout: timeoutMs,
  });
  // The report of the target the arguments select (runtime and its default host), unless told otherwise.
  const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const runtime = arg('--runtime') ?? 'jco';
  const host = arg('--host') ?? (runtime === 'jco' ? 'native' : 'virtual');
  const report = (stem = `${runtime}-${host}`) => {
    const file = join(out, `results-${stem}.json`);
    // A run that wrote no report says why on its stderr.
    if (!existsSync(file)) throw new Error(`the run wrote no results-${stem}.json (exit ${r.exitCode}):\n${String(r.stderr).slice(-3000)}`);
    return JSON.parse(readFileSync(file, 'utf8')) as ReportJson;
  };
  return {
    exitCode: r.exitCode ?? -1,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    out,
    report,
    outcome(id) {
      const found = report().results.find((x) => x.id === id);
      if (!found) throw new Error(`no result for ${id} in the report`);
      return found;
    },
  };
}
