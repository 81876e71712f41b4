import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyExpectations, loadExpectations, type Expectation } from '../../harness/model/expectations.js';
import type { CaseResult, TargetReport } from '../../harness/reports/results.js';
import { report as fakeReport, result as fakeResult } from './fakes.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'wmc-exp-')), 'expect.yaml');
  writeFileSync(path, text);
  return path;
}

const result = (id: string, outcome: CaseResult['outcome'], extra: Partial<CaseResult> = {}): CaseResult => fakeResult(id, outcome, extra);
const report = (results: CaseResult[], runtime = 'wasmtime', host = 'virtual'): TargetReport => fakeReport(results, { target: { runtime, host } });
const entry = (over: Partial<Expectation>): Expectation => ({
  case: 'a', targets: ['wasmtime/virtual'], os: [], eras: [], reason: 'upstream bug', link: 'https://example.org/1', flaky: false, file: 'e.yaml', line: 3, column: 5, ...over,
});

describe('loadExpectations', () => {
  it('reads entries with their position', async () => {
    const { expectations, problems } = await loadExpectations(file([
      'expectations:', '  - case: a', '    targets: ["*/virtual"]', '    os: [linux]', '    reason: r', '    link: https://example.org/1', '    flaky: true', '',
    ].join('\n')));
    expect(problems).toEqual([]);
    expect(expectations).toMatchObject([{ case: 'a', targets: ['*/virtual'], os: ['linux'], flaky: true, line: 2, column: 11 }]);
  });

  it('names each problem with file:line:column', async () => {
    const path = file([
      'expectations:', '  - case: a', '    targets: [wasmtime]', '    reasn: r', '    link: not-a-url', '  - 7', 'extra: 1', '',
    ].join('\n'));
    const { problems } = await loadExpectations(path);
    const text = problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
    expect(text).toEqual(expect.arrayContaining([
      '7:1: unknown key "extra"; the file has one key, "expectations"',
      expect.stringMatching(/^3:15: targets: "wasmtime" is not runtime\/host with a known runtime \(jco, wasmtime, .*wamr, command\) and host \(native, virtual, stdio\)/),
      '4:5: unknown key "reasn" (did you mean "reason"?); expected one of case, targets, os, eras, reason, link, reproducer, flaky',
      '2:5: missing required key "reason"',
      '5:11: link: expected an http(s) URL to the upstream bug',
      '6:5: an entry is a map with case, targets, reason and link (os, flaky optional)',
    ]));
    expect(problems.every((p) => p.file === path)).toBe(true);
  });

  it('names an unknown runtime, host or platform', async () => {
    const { problems } = await loadExpectations(file([
      'expectations:', '  - case: a', '    targets: [wasmtim/virtual, jco/nativ]', '    os: [linux, lnux]', '    reason: r', '    link: https://example.org/1', '',
    ].join('\n')));
    expect(problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual([
      expect.stringMatching(/^3:15: targets: "wasmtim\/virtual" is not runtime\/host with a known runtime/),
      expect.stringMatching(/^3:32: targets: "jco\/nativ" is not runtime\/host/),
      '4:17: os: "lnux" is not a platform (did you mean "linux"?); known: aix, android, darwin, freebsd, linux, openbsd, sunos, win32',
    ]);
  });

  it('a reproducer names a report of docs/upstream/ that exists, and shows in the xfail message', async () => {
    const ok = await loadExpectations(file([
      'expectations:', '  - case: a', '    targets: ["*/virtual"]', '    reason: r', '    link: https://example.org/1', '    reproducer: docs/upstream/jco-deferred-call-task-meta.md', '',
    ].join('\n')));
    expect(ok.problems).toEqual([]);
    expect(ok.expectations[0]?.reproducer).toBe('docs/upstream/jco-deferred-call-task-meta.md');
    const applied = applyExpectations(report([result('a', 'fail')]), ok.expectations, ['a']);
    expect(applied.results[0]?.message).toContain('reproducer: docs/upstream/jco-deferred-call-task-meta.md');
    const bad = await loadExpectations(file([
      'expectations:', '  - case: a', '    targets: ["*/virtual"]', '    reason: r', '    link: https://example.org/1', '    reproducer: docs/upstream/missing.md', '',
    ].join('\n')));
    expect(bad.problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual(['6:17: reproducer: "docs/upstream/missing.md" is not a file docs/upstream/NAME.md of the suite']);
  });

  it('the suite\'s baseline follows expectations/schema.json', async () => {
    const { problems, expectations } = await loadExpectations(join(import.meta.dirname, '..', '..', 'expectations', 'jco.yaml'));
    expect(problems).toEqual([]);
    expect(expectations.length).toBeGreaterThan(0);
  });

  it('reports YAML syntax errors at their position', async () => {
    const { problems } = await loadExpectations(file('expectations:\n  - case: [a\n'));
    expect(problems[0]?.message).toMatch(/^YAML: /);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(2);
  });
});

describe('applyExpectations', () => {
  const ids = ['a', 'b', 'c', 'd'];

  it('turns a listed failure into xfail and a listed pass into xpass, leaving others alone', () => {
    const out = applyExpectations(report([result('a', 'fail'), result('b', 'pass'), result('c', 'unsupported'), result('d', 'fail')]), [entry({ case: 'a' }), entry({ case: 'b' }), entry({ case: 'c' })], ids);
    expect(out.results.map((r) => [r.id, r.outcome])).toEqual([['a', 'xfail'], ['b', 'xpass'], ['c', 'unsupported'], ['d', 'fail']]);
    expect(out.results[0]?.message).toMatch(/expected failure: upstream bug \(https:\/\/example.org\/1\)/);
    expect(out.results[1]?.message).toMatch(/but passed: remove the entry/);
  });

  it('matches targets with wildcards and filters by OS; a flaky entry accepts a pass', () => {
    const e = [entry({ case: 'a', targets: ['*/virtual'], os: ['linux'] }), entry({ case: 'b', flaky: true })];
    expect(applyExpectations(report([result('a', 'timeout')], 'jco', 'virtual'), e, ids, 'linux').results[0]?.outcome).toBe('xfail');
    expect(applyExpectations(report([result('a', 'timeout')], 'jco', 'native'), e, ids, 'linux').results[0]?.outcome).toBe('timeout');
    expect(applyExpectations(report([result('a', 'timeout')], 'jco', 'virtual'), e, ids, 'darwin').results[0]?.outcome).toBe('timeout');
    expect(applyExpectations(report([result('b', 'pass')]), e, ids).results[0]?.outcome).toBe('pass');
    expect(applyExpectations(report([result('b', 'fail')]), e, ids).results[0]?.outcome).toBe('xfail');
  });

  it('applies an entry to the eras it names only', () => {
    const e = [entry({ case: 'a', eras: ['modern'] })];
    const out = applyExpectations(report([result('a', 'fail'), result('a', 'fail', { era: 'modern' })]), e, ids);
    expect(out.results.map((r) => [r.era, r.outcome])).toEqual([['legacy', 'fail'], ['modern', 'xfail']]);
  });

  it('fails the run for an entry that names no case', () => {
    const out = applyExpectations(report([]), [entry({ case: 'tools-cal-echo' })], ['tools-call-echo']);
    expect(out.results).toMatchObject([{ outcome: 'error', message: expect.stringMatching(/e\.yaml:3:5: no case has the id "tools-cal-echo" \(did you mean "tools-call-echo"\?\)/) }]);
  });
});

describe('aliases', () => {
  it('a reason written once and named by an alias is read at each use', async () => {
    const { expectations, problems } = await loadExpectations(file([
      'expectations:', '  - case: a', '    targets: [jco/virtual]', '    reason: &bug shared upstream bug', '    link: https://example.org/1',
      '  - case: b', '    targets: [jco/virtual]', '    reason: *bug', '    link: https://example.org/1', '',
    ].join('\n')));
    expect(problems).toEqual([]);
    expect(expectations.map((e) => e.reason)).toEqual(['shared upstream bug', 'shared upstream bug']);
  });
});
