// --expectations end to end: known failures pass the gate, fixed ones and
// stale entries fail it, a broken file stops the run with its positions.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

function expectations(entries: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'wmc-exp-')), 'expectations.yaml');
  writeFileSync(path, ['expectations:', ...entries, ''].join('\n'));
  return path;
}
const entry = (id: string) => [`  - case: ${id}`, '    targets: [jco/native]', '    reason: known', '    link: https://example.org/bug/1'].join('\n');

describe('--expectations', () => {
  it('a listed failure is xfail and the run passes', async () => {
    const run = await runCli(['--filter', 'tools-call-echo', '--fixture', 'mutant:wrong-results', '--expectations', expectations([entry('tools-call-echo')])]);
    expect(run.outcome('tools-call-echo')).toMatchObject({ outcome: 'xfail', message: expect.stringMatching(/expected failure: known \(https:\/\/example.org\/bug\/1\)/) });
    expect(run.exitCode).toBe(0);
  });

  it('a listed case that passes is xpass and fails the run', async () => {
    const run = await runCli(['--filter', 'tools-call-echo', '--expectations', expectations([entry('tools-call-echo')])]);
    expect(run.outcome('tools-call-echo').outcome).toBe('xpass');
    expect(run.exitCode).toBe(1);
  });

  it('an entry naming no case fails the run as a broken input, exit 2', async () => {
    const run = await runCli(['--filter', 'lifecycle-ping', '--expectations', expectations([entry('no-such-case')])]);
    expect(run.report().results.find((r) => r.id.startsWith('expectations:'))).toMatchObject({ outcome: 'error', message: expect.stringMatching(/no case has the id "no-such-case"/) });
    expect(run.exitCode).toBe(2);
  });

  it('a broken file is a usage error with positions, exit 2', async () => {
    const path = expectations(['  - case: x', '    targets: [jco]', '    reason: r', '    link: https://example.org']);
    const run = await runCli(['--filter', 'lifecycle-ping', '--expectations', path]);
    expect(run.stderr).toContain(`${path}:3:15: targets: "jco" is not runtime/host`);
    expect(run.exitCode).toBe(2);
  });
});
