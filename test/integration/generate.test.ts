// --generate end to end on real runtimes: generated programs hold on the
// correct host and come back the same from the same seed; on a host with an
// injected defect a program breaks an invariant, is shrunk, and is written as
// a case that fails again on that host and passes on the correct one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './cli.js';

interface Record {
  seed: number;
  programs: { description: string; verdict: { kind: string } }[];
  minimal?: { invariant: string; case: string; replay: { kind: string; invariant?: string } };
}

const record = (out: string, seed: number) => JSON.parse(readFileSync(join(out, `generated-${seed}.json`), 'utf8')) as Record;
/** The printed programs, without their durations. */
const printed = (stdout: string) => stdout.split('\n').filter((l) => /^ {2}program \d+\//.test(l)).map((l) => l.replace(/\(\d+\.\d s\) /, ''));

// A defect the generator's cancellations reach: the host ignores notifications/cancelled and answers the request.
const DEFECT = 'respond-after-cancel';
// A seed whose programs reach it within the first few (the programs of a seed are fixed; see docs/generate.md).
const DEFECT_SEED = 1;

describe('--generate', () => {
  it('five programs hold on jco/native, and the same seed draws the same programs', async () => {
    const first = await runCli(['--generate', '5', '--seed', '1']);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/seed 1\b/);
    expect(first.stdout).toContain('all 5 programs held every invariant');
    const second = await runCli(['--generate', '5', '--seed', '1']);
    expect(second.exitCode).toBe(0);
    const a = record(first.out, 1);
    const b = record(second.out, 1);
    expect(a.programs).toHaveLength(5);
    expect(a.programs.every((p) => p.verdict.kind === 'hold')).toBe(true);
    expect(b.programs.map((p) => p.description)).toEqual(a.programs.map((p) => p.description));
    expect(printed(second.stdout)).toEqual(printed(first.stdout));
    expect(printed(first.stdout)).toHaveLength(5);
    // Another seed draws other programs.
    const other = await runCli(['--generate', '2', '--seed', '2']);
    expect(record(other.out, 2).programs.map((p) => p.description)).not.toEqual(a.programs.slice(0, 2).map((p) => p.description));
  });

  it(`a host with ${DEFECT} breaks an invariant; the minimal program's case fails there and passes on the correct host`, async () => {
    const defect = { WASI_MCP_HOST_DEFECT: DEFECT };
    const run = await runCli(['--generate', '20', '--seed', String(DEFECT_SEED)], defect);
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^minimal program \(program \d+, shrunk \d+ times/m);
    expect(run.stdout).toContain('it breaks cancelled-no-response');
    const file = join(run.out, `generated-${DEFECT_SEED}.yaml`);
    expect(existsSync(file)).toBe(true);
    expect(run.stdout).toContain(`wrote ${file}`);
    const rec = record(run.out, DEFECT_SEED);
    expect(rec.minimal).toMatchObject({ invariant: 'cancelled-no-response', case: file, replay: { kind: 'broken', invariant: 'cancelled-no-response' } });

    // The case names its seed, says how to reproduce it, and is minimal: one slow call and its cancellation.
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`--generate 20 --seed ${DEFECT_SEED}`);
    expect(text).toContain(`WASI_MCP_HOST_DEFECT=${DEFECT}`);
    const doc = parse(text) as { id: string; steps: Record<string, unknown>[] };
    expect(doc.id).toBe(`generated-${DEFECT_SEED}-minimal`);
    const program = doc.steps.filter((s) => 'send' in s || 'cancel' in s || 'sleep' in s).map((s) => Object.keys(s)[0]);
    expect(program).toEqual(['send', 'cancel', 'send']); // the slow call, its cancellation, and the probe

    const again = await runCli(['--cases', file, '--jobs', '1'], defect);
    expect(again.exitCode).toBe(1);
    expect(again.outcome(doc.id)).toMatchObject({ outcome: 'fail', message: expect.stringMatching(/expect_no_response/) });
    const correct = await runCli(['--cases', file, '--jobs', '1']);
    expect(correct.exitCode).toBe(0);
    expect(correct.outcome(doc.id).outcome).toBe('pass');
  });

  it('bad values of --generate and --seed are one line and exit 2', async () => {
    for (const args of [['--generate', '0'], ['--generate', 'x'], ['--generate', '2', '--seed=-1'], ['--generate', '2', '--seed', '1.5'], ['--seed', '3'], ['--generate', '2', '--cases', 'cases/tools']]) {
      const run = await runCli(args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0], args.join(' ')).toMatch(/^wasi-mcp-conformance: --(generate|seed)/);
    }
  });
});
