// A run split across runners (--shard K/N) and merged back (merge-reports)
// gives what the unsplit run gives: the same case runs, the same outcomes,
// the same report files; missing or doubled shards are refused.
import { execa } from 'execa';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, root, runCli, type CliRun } from './cli.js';

const merge = (args: string[]) => execa(process.execPath, [bin, 'merge-reports', ...args], { cwd: root, reject: false });
const outcomes = (file: string) => {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { results: { id: string; era: string; outcome: string }[] };
  return report.results.map((r) => `${r.id} [${r.era}] ${r.outcome}`);
};

describe('--shard and merge-reports', () => {
  // The mutant that ignores cancellation makes some cases fail, so outcomes differ from case to case.
  // The client cases are left out: on this mutant (no peer tools) they fail or time out depending on timing.
  const dirs = readdirSync(join(root, 'cases'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'client');
  const args = ['--runtime', 'wasmtime', '--fixture', 'mutant:ignore-cancel', '--reporter', 'junit,json', ...dirs.flatMap((d) => ['--cases', join(root, 'cases', d.name, '*.yaml')])];
  let whole: CliRun;
  let parts: CliRun[];
  beforeAll(async () => {
    whole = await runCli(args);
    // Balanced by the whole run's recorded durations (shards without durations: test/unit/shard.test.ts).
    const durations = ['--shard-durations', join(whole.out, 'results-wasmtime-virtual.json')];
    parts = [await runCli([...args, '--shard', '1/2', ...durations]), await runCli([...args, '--shard', '2/2', ...durations])];
  }, 600_000);

  it('each shard runs part of the case runs, and merging them gives the whole run', async () => {
    const all = outcomes(join(whole.out, 'results-wasmtime-virtual.json'));
    expect(all.length).toBeGreaterThan(300);
    expect(all.some((o) => o.endsWith(' fail'))).toBe(true);
    const [a, b] = parts.map((p) => outcomes(join(p.out, 'results-wasmtime-virtual.json')));
    expect(a!.length).toBeGreaterThan(0);
    expect(b!.length).toBeGreaterThan(0);
    expect(a!.length + b!.length).toBe(all.length);
    const out = mkdtempSync(join(tmpdir(), 'wmc-merged-'));
    const r = await merge([parts[0]!.out, parts[1]!.out, '--out', out, '--reporter', 'junit,json,html']);
    expect(r.exitCode).toBe(whole.exitCode);
    expect(outcomes(join(out, 'results-wasmtime-virtual.json'))).toEqual(all);
    const junit = readFileSync(join(out, 'junit-wasmtime-virtual.xml'), 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(all.length);
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toContain('wasi:mcp portability matrix');
  });

  it('refuses a missing shard, a doubled shard and an empty folder, exit 2', async () => {
    const missing = await merge([parts[0]!.out]);
    expect(missing.exitCode).toBe(2);
    expect(String(missing.stderr)).toMatch(/wasmtime\/virtual: shard 2\/2 is missing/);
    const twice = mkdtempSync(join(tmpdir(), 'wmc-twice-'));
    cpSync(parts[0]!.out, twice, { recursive: true });
    const doubled = await merge([parts[0]!.out, twice, parts[1]!.out]);
    expect(doubled.exitCode).toBe(2);
    expect(String(doubled.stderr)).toMatch(/shard 1\/2 appears twice/);
    const empty = await merge([mkdtempSync(join(tmpdir(), 'wmc-empty-'))]);
    expect(empty.exitCode).toBe(2);
    expect(String(empty.stderr)).toMatch(/no results-\*\.json report in it/);
    const bad = await runCli(['--shard', '3/2']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--shard takes K\/N/);
  });
});
