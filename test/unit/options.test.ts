// The command-line options come from one schema (harness/cli/options.schema.json):
// parsing, coercion and messages follow it, and it agrees with the code that uses the values.
import { describe, expect, it } from 'vitest';
import { choices, OptionError, optionNames, parseOptions } from '../../harness/cli/options.js';
import { HELP, MERGE_HELP, SERVE_HELP } from '../../harness/cli/main.js';
import { REPORTERS } from '../../harness/reports/files.js';
import { GUESTS } from '../../harness/runner/fixtures.js';

const fails = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parseOptions('run', args, env);
  } catch (e) {
    expect(e).toBeInstanceOf(OptionError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(args)} was accepted`);
};

describe('command-line options', () => {
  it('turns numbers into numbers and lists into arrays, as the schema says', () => {
    const { values } = parseOptions('run', ['--jobs', '3', '--timing-scale=2.5', '--reporter', 'junit, tap', '--filter', 'a*', '--filter', 'b', '--strict'], {});
    expect(values).toEqual({ jobs: 3, 'timing-scale': 2.5, reporter: ['junit', 'tap'], filter: ['a*', 'b'], strict: true });
  });

  it('takes an option from its environment variable only when the flag is absent, and names the variable when it is bad', () => {
    expect(parseOptions('run', [], { WASI_MCP_TIMING_SCALE: '3' }).values['timing-scale']).toBe(3);
    expect(parseOptions('run', ['--timing-scale', '2'], { WASI_MCP_TIMING_SCALE: '3' }).values['timing-scale']).toBe(2);
    expect(fails([], { WASI_MCP_TIMING_SCALE: 'slow' })).toBe('WASI_MCP_TIMING_SCALE takes a positive number up to 100, got "slow"');
  });

  it('names the flag, what it takes and what it got', () => {
    expect(fails(['--jobs', '0'])).toBe('--jobs takes a whole number from 1 to 64, got "0"');
    expect(fails(['--seed', '2147483648', '--generate', '1'])).toBe('--seed takes a whole number from 0 to 2147483647, got "2147483648"');
    expect(fails(['--peer', 'ref=node a.js', '--peer', 'bad'])).toMatch(/^--peer takes NAME=COMMAND.*, got "bad"$/);
    expect(fails(['--shard', '1-2'])).toBe('--shard takes K/N with 1 <= K <= N, e.g. 2/4, got "1-2"');
    expect(fails(['--jbos', '2'])).toBe('unknown option --jbos (did you mean "--jobs"?)');
    expect(fails(['--list=yes'])).toBe('--list takes no value, got "yes"');
    expect(fails(['--out'])).toBe('--out takes a folder, got no value');
  });

  it('allows positionals only where the command takes them', () => {
    expect(parseOptions('merge-reports', ['a', 'b', '--reporter', 'json'], {}, true)).toEqual({ values: { reporter: ['json'] }, positionals: ['a', 'b'] });
    expect(fails(['reports'])).toMatch(/^unexpected argument "reports"/);
  });

  it('enumerates what the code handles: reporters, guests, protocol versions', () => {
    expect(choices('run', 'reporter')).toEqual([...REPORTERS]);
    expect(choices('merge-reports', 'reporter')).toEqual(REPORTERS.filter((r) => r !== 'console'));
    expect(choices('run', 'guest')).toEqual([...Object.keys(GUESTS), 'all']);
    expect(choices('run', 'protocol-version').slice(0, 3)).toEqual(['legacy', 'modern', 'all']);
  });

  it('every option of every command is in its --help, and the help names no option the schema lacks', () => {
    for (const [command, help] of [['run', HELP], ['serve', SERVE_HELP], ['merge-reports', MERGE_HELP]] as const) {
      const names = optionNames(command);
      for (const name of names) expect(help, `${command} --${name}`).toContain(`--${name}`);
      const inHelp = [...help.matchAll(/^\s+(?:-h, )?--([a-z-]+)/gm)].map((m) => m[1]);
      for (const name of inHelp) expect(names, `${command} help names --${name}`).toContain(name);
    }
  });
});
