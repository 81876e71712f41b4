// The whole suite on jco with the native host, as a user runs it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/load-cases.js';
import { runCli, root, type CliRun } from './cli.js';

describe('npx wasi-mcp-conformance --runtime jco', () => {
  let run: CliRun;
  let ids: string[];
  beforeAll(async () => {
    run = await runCli(['--runtime', 'jco']);
    ids = (await loadCases({ root: join(root, 'cases') })).cases.map((c) => c.id);
  });

  it('passes every case and exits 0', () => {
    const notPassing = run.report().results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.outcome} ${r.message ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('runs at least 30 cases, every one in cases/', () => {
    const ran = run.report().results.map((r) => r.id).sort();
    expect(ran.length).toBeGreaterThanOrEqual(30);
    expect(ran).toEqual([...ids].sort());
  });

  it('writes JUnit XML with one testcase per case and the runtime properties', () => {
    const xml = readFileSync(join(run.out, 'junit-jco-native.xml'), 'utf8');
    expect(xml.match(/<testcase /g)?.length).toBe(ids.length);
    expect(xml).toMatch(/<testsuite name="jco\/native" tests="\d+" failures="0" errors="0"/);
    expect(xml).toMatch(/<property name="wit.digest" value="sha256:[0-9a-f]{64}"\/>/);
    expect(xml).toMatch(/<property name="runtime.node" value="v2[4-9]\./);
  });

  it('writes a JSON report with versions, the WIT digest and transcripts', () => {
    const report = run.report();
    expect(report.target).toEqual({ runtime: 'jco', host: 'native' });
    expect(report.runtime?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.witDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.summary.pass).toBe(ids.length);
    expect(report.results.every((r) => r.transcript.length > 0)).toBe(true);
  });

  it('prints live progress and a summary', () => {
    expect(run.stdout).toContain('jco/native: ');
    expect(run.stdout).toMatch(/pass\s+tools-call-echo/);
    expect(run.stdout).toMatch(/OK \d+ pass/);
  });
});
