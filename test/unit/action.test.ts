import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');

describe('GitHub Action', () => {
  it('action.yml declares the inputs and outputs a runtime repository uses', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: object; outputs: object; runs: { using: string; steps: { run?: string }[] } };
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['runtime', 'runtime-path', 'expectations']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['exit-code', 'passed', 'failed', 'unsupported', 'junit', 'json']));
    expect(action.runs.using).toBe('composite');
    const script = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('bin/wasi-mcp-conformance.js');
    expect(script).toContain('--expectations');
  });

  it('bin/action-outputs.js sums the JSON reports into outputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmc-action-'));
    writeFileSync(join(dir, 'results-a-b.json'), JSON.stringify({ summary: { pass: 3, fail: 1, timeout: 1, xpass: 0, xfail: 1, unsupported: 2 } }));
    writeFileSync(join(dir, 'results-c-d.json'), JSON.stringify({ summary: { pass: 1, fail: 0, timeout: 0, xpass: 1, xfail: 0, unsupported: 0 } }));
    writeFileSync(join(dir, 'junit-a-b.xml'), '<testsuites/>');
    const { stdout } = await execa(process.execPath, [join(root, 'bin', 'action-outputs.js'), dir]);
    expect(stdout).toContain('passed=5');
    expect(stdout).toContain('failed=3');
    expect(stdout).toContain('unsupported=2');
    expect(stdout).toContain(`junit=${join(dir, 'junit-a-b.xml')}`);
  });

  it('bin/action-outputs.js gives zeros, not a crash, when the run wrote no report', async () => {
    const { stdout, exitCode } = await execa(process.execPath, [join(root, 'bin', 'action-outputs.js'), join(tmpdir(), 'wmc-no-such-folder')]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('passed=0');
    expect(stdout).toContain('junit=\n');
  });
});
