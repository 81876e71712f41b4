// --generate end to end on real runtimes: generated programs hold on the
// correct host and come back the same from the same seed; on a host with an
// injected defect a program breaks an invariant, is shrunk, and is written as
// a case that fails again on that host and passes on the correct one.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { caseYaml } from '../../harness/generate/case-file.js';
import { compile, PROBE_ID } from '../../harness/generate/compile.js';
import type { Program } from '../../harness/generate/program.js';
import { parseCaseText } from '../../harness/model/load-cases.js';
import { runCli } from './cli.js';

interface Record {
  seed: number;
  programs: { description: string; verdict: { kind: string; invariant?: string; message?: string } }[];
  minimal?: { invariant: string; case: string; replay: { kind: string; invariant?: string } };
}

const record = (out: string, seed: number) => JSON.parse(readFileSync(join(out, `generated-${seed}.json`), 'utf8')) as Record;
/** The printed programs, without their durations. */
const printed = (stdout: string) => stdout.split('\n').filter((l) => /^ {2}program \d+\//.test(l)).map((l) => l.replace(/\(\d+\.\d s\) /, ''));

// A defect the generator's cancellations reach: the host ignores notifications/cancelled and answers the request.
const DEFECT = 'respond-after-cancel';
// A seed whose programs reach it within the first few (the programs of a seed are fixed; see docs/generate.md).
const DEFECT_SEED = 1;

// An echo (answered), a slow call cancelled long before it could finish (suppressed), and one
// cancelled 50 ms before it could finish (raced: at most one response).
const RACING: Program = {
  era: 'legacy',
  operations: [
    { kind: 'echo', id: 'e', text: 'hi' },
    { kind: 'slow', id: 1, steps: 10, stepMs: 100 },
    { kind: 'cancel', target: 1, afterMs: 100 },
    { kind: 'slow', id: 2, steps: 2, stepMs: 100 },
    { kind: 'cancel', target: 2, afterMs: 150 },
  ],
};

describe('--generate', () => {
  it("the case of a program counts every request's responses, and responses with ids no request had, as steps", async () => {
    const compiled = compile(RACING, { id: 'generated-counts', title: 'a generated program', fixture: 'reference', portable: false });
    const counts = compiled.doc.steps.flatMap((s, i) => ('expect_count' in s ? [{ count: s.expect_count, check: compiled.checks[i] }] : []));
    expect(counts).toEqual([
      { count: { id: 'e', min: 1, max: 1 }, check: 'one-response' },
      { count: { id: 1, max: 0 }, check: 'cancelled-no-response' },
      { count: { id: 2, max: 1 }, check: 'cancelled-at-most-one' },
      {
        count: { where: { method: { $absent: true }, id: { $oneOf: [{ $absent: true }, { $not: { $oneOf: ['harness-init', 'e', 1, 2, PROBE_ID] } }] } }, max: 0 },
        check: 'known-ids',
      },
    ]);
    // They come last, after the probe's response.
    expect(Object.keys(compiled.doc.steps.at(-5)!)).toEqual(['expect_response']);
    const modern = compile({ ...RACING, era: 'modern' }, { id: 'generated-counts', title: 't', fixture: 'reference', portable: false });
    expect(JSON.stringify(modern.doc.steps.at(-1))).not.toContain('harness-init');

    // The written case loads, and holds on the correct host.
    const text = caseYaml(compiled.doc, { header: ['counts'], checks: compiled.checks, programSteps: compiled.programSteps });
    const loaded = await parseCaseText(text, 'generated-counts.yaml');
    expect('problems' in loaded ? loaded.problems : []).toEqual([]);
    expect(text).toMatch(/# cancelled-at-most-one: .*\n {2}- expect_count: \{ id: 2, max: 1 \}/);
    const dir = mkdtempSync(join(tmpdir(), 'wmc-generated-'));
    writeFileSync(join(dir, 'generated-counts.yaml'), text);
    const run = await runCli(['--cases', dir, '--jobs', '1']);
    expect(run.outcome('generated-counts'), run.stdout).toMatchObject({ outcome: 'pass' });
  });

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

  it('a host that answers notifications breaks known-ids at its expect_count step', async () => {
    const run = await runCli(['--generate', '5', '--seed', '1'], { WASI_MCP_HOST_DEFECT: 'answer-notifications' });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const rec = record(run.out, 1);
    // The search stops at the first program that breaks an invariant.
    expect(rec.programs.at(-1)!.verdict).toMatchObject({ kind: 'broken', invariant: 'known-ids', message: expect.stringMatching(/^step \d+ \(expect_count\): expected no messages matching .* got \d+: \{"jsonrpc":"2\.0","id":0,"result":\{\}\}/) });
    expect(rec.minimal?.replay.kind).toBe('broken');
  });

  it('bad values of --generate and --seed are one line and exit 2', async () => {
    for (const args of [['--generate', '0'], ['--generate', 'x'], ['--generate', '2', '--seed=-1'], ['--generate', '2', '--seed', '1.5'], ['--seed', '3'], ['--generate', '2', '--cases', 'cases/tools']]) {
      const run = await runCli(args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0], args.join(' ')).toMatch(/^wasi-mcp-conformance: --(generate|seed)/);
    }
  });
});
