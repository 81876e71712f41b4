// `npm run mutation` as a user meets it: --help, and bad input as one line with exit 2.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli.js';

const mutation = (args: string[]) => execa(process.execPath, [join(root, 'dist', 'mutation', 'main.js'), ...args], { cwd: root, reject: false });

describe('npm run mutation', () => {
  it('--help prints the usage, exit 0', async () => {
    const r = await mutation(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n {2}npm run mutation -- \[--catalogue native,virtual,fixture,aspects\]/);
    expect(r.stdout).toContain('--resume TABLE');
  });

  it.each([
    [['--bogus'], /^mutation: Unknown option '--bogus' \(--help lists the options\)$/],
    [['--jobs'], /^mutation: Option '--jobs <value>' argument missing \(--help lists the options\)$/],
    [['--catalogue', 'nativ'], /^mutation: --catalogue takes a comma-separated list of native, virtual, fixture, aspects; got "nativ"$/],
    [['--catalogue', 'native', '--enough', '0'], /^mutation: --enough takes a whole number of cases, 1 or more; got "0"$/],
    [['--combine'], /^mutation: --combine needs the tables to combine/],
    [['--combine', '/nonexistent/table.json'], /^mutation: --combine \/nonexistent\/table.json: no mutation table there/],
  ])('%j: one line on stderr, exit 2', async (args, message) => {
    const r = await mutation(args);
    expect(r.exitCode).toBe(2);
    const lines = String(r.stderr).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
