// The whole suite's wall time on a target, against its floor: the longest
// case plus the sum of the cases' own required waits (docs/performance.md,
// "Required waits") divided by the jobs. The suite runs as a user runs it,
// through the command line.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCases } from '../dist/harness/model/load-cases.js';
import { requiredWaitMs } from '../dist/harness/runner/required-waits.js';

const root = join(import.meta.dirname, '..');

export async function suite(runtime, host, jobs) {
  const out = mkdtempSync(join(tmpdir(), 'wmc-bench-'));
  try {
    const t0 = performance.now();
    const run = await execa(process.execPath, [join(root, 'bin', 'wasi-mcp-conformance.js'), '--runtime', runtime, '--host', host, '--jobs', String(jobs), '--reporter', 'json', '--out', out], { cwd: root, reject: false });
    const wall = performance.now() - t0;
    const report = JSON.parse(readFileSync(join(out, `results-${runtime}-${host}.json`), 'utf8'));
    const { cases } = await loadCases({ root: join(root, 'cases') });
    const byId = new Map(cases.map((c) => [c.id, c]));
    const ran = report.results.filter((r) => r.outcome !== 'unsupported' && r.outcome !== 'not-run');
    const waits = ran.reduce((sum, r) => sum + (byId.has(r.id) ? requiredWaitMs(byId.get(r.id), r.era, report.timingScale) : 0), 0);
    const longest = Math.max(...ran.map((r) => r.durationMs));
    const floor = longest + waits / jobs;
    const outcomes = {};
    for (const r of report.results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    return { wall, floor, longest, waits, runs: report.results.length, outcomes, exitCode: run.exitCode, ratio: wall / floor };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
