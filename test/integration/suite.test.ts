// The whole suite as a runtime team runs it: every target side by side, both
// protocol eras, the suite's own jco baseline, and the reports a CI reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/model/load-cases.js';
import { runCli, root, type CliRun } from './cli.js';

interface Matrix {
  witDigest: string;
  versions: Record<string, string>;
  targets: { name: string; version: string | null; status: string }[];
  rows: { key: string; id: string; era: string; cells: Record<string, string> }[];
}

describe('npx wasi-mcp-conformance --runtime all --expectations expectations/jco.yaml', () => {
  let run: CliRun;
  let matrix: Matrix;
  let runs: string[];
  beforeAll(async () => {
    run = await runCli(['--runtime', 'all', '--expectations', 'expectations/jco.yaml', '--reporter', 'console,junit,json'], {}, 1_150_000);
    matrix = JSON.parse(readFileSync(join(run.out, 'matrix.json'), 'utf8')) as Matrix;
    const { cases } = await loadCases({ root: join(root, 'cases') });
    runs = cases.flatMap((c) => c.eras.map((era) => `${c.id} [${era}]`)).sort();
  }, 1_200_000);

  it('runs every case in every era it holds in, on every target', () => {
    expect(runs.length).toBeGreaterThanOrEqual(300);
    expect(matrix.rows.map((r) => r.key).sort()).toEqual(runs);
    expect(matrix.targets.map((t) => [t.name, t.status])).toEqual([
      ['jco/native', 'ran'], ['jco/virtual', 'ran'], ['wasmtime/virtual', 'ran'],
      // Built only by `setup/install.sh latest` (a long compile the default set-up skips).
      ['wasmtime-latest/virtual', expect.stringMatching(/^(ran|not installed)$/)],
      ['wamr/virtual', 'ran'],
    ]);
    expect(matrix.versions).toEqual({ legacy: '2025-11-25', modern: '2026-07-28' });
  });

  it('passes every case on jco/native and wasmtime/virtual; jco/virtual only fails where the baseline says so', () => {
    const off = (target: string, ok: string[]) => matrix.rows.filter((r) => !ok.includes(r.cells[target] ?? '')).map((r) => `${r.key}: ${r.cells[target]}`);
    expect(off('jco/native', ['pass'])).toEqual([]);
    expect(off('wasmtime/virtual', ['pass'])).toEqual([]);
    const latest = matrix.targets.find((t) => t.name === 'wasmtime-latest/virtual')?.status;
    expect(off('wasmtime-latest/virtual', latest === 'ran' ? ['pass', 'xfail'] : ['not installed'])).toEqual([]);
    expect(off('jco/virtual', ['pass', 'xfail'])).toEqual([]);
    expect(off('wamr/virtual', ['unsupported'])).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('writes JUnit XML with one testcase per case run, named with its era', () => {
    const xml = readFileSync(join(run.out, 'junit-jco-native.xml'), 'utf8');
    expect(xml.match(/<testcase /g)?.length).toBe(runs.length);
    expect(xml).toMatch(/<testsuite name="jco\/native" tests="\d+" failures="0" errors="0"/);
    expect(xml).toMatch(/name="tools-call-echo \[modern\]: /);
    expect(xml).toMatch(/<property name="mcp.protocolVersion.modern" value="2026-07-28"\/>/);
    expect(xml).toMatch(/<property name="wit.digest" value="sha256:[0-9a-f]{64}"\/>/);
    expect(xml).toMatch(/<property name="runtime.node" value="v2[4-9]\./);
  });

  it('writes a JSON report per target with versions, eras and transcripts', () => {
    const report = run.report('wasmtime-virtual') as unknown as { runtime: { version: string }; witDigest: string; results: { era: string; transcript: unknown[] }[] };
    expect(report.runtime.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.witDigest).toBe(matrix.witDigest);
    expect(new Set(report.results.map((r) => r.era))).toEqual(new Set(['legacy', 'modern']));
    expect(report.results.every((r) => r.transcript.length > 0)).toBe(true);
  });

  it('prints live progress with eras and a summary per target', () => {
    expect(run.stdout).toMatch(/pass\s+tools-call-echo \[legacy\]/);
    expect(run.stdout).toMatch(/jco\/native \S+: OK \d+ pass/);
    expect(run.stdout).toMatch(/portability matrix: /);
  });
});
