// An interrupted run (Ctrl-C, or SIGTERM from a cancelled CI job) keeps what
// finished: reports are written with the unfinished cases as not-run, every
// target is stopped, and the exit code says how the run ended.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, root } from './cli.js';

/** Target processes whose harness is gone (init adopted them). */
async function orphans(): Promise<string[]> {
  const r = await execa('ps', ['-eo', 'pid,ppid,args'], { reject: false });
  return String(r.stdout).split('\n').filter((l) => /hosts\/jco-native\/main\.js|hosts\/jco-virtual\/main\.js|wasmtime run/.test(l) && /^\s*\d+\s+1\s/.test(l));
}

/** Starts a run, waits until `after` case results were printed, then sends the signals. */
async function interrupt(signals: NodeJS.Signals[], after = 5) {
  const out = mkdtempSync(join(tmpdir(), 'wmc-int-'));
  const child = execa(process.execPath, [bin, '--out', out, '--reporter', 'console,junit,json,tap', '--protocol-version', 'legacy'], { cwd: root, reject: false, env: { CI: 'true' } });
  let seen = 0;
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += (String(chunk).match(/^\s+pass\s/gm) ?? []).length;
      if (seen >= after) resolve();
    });
  });
  for (const s of signals) child.kill(s);
  const r = await child;
  return { r, out };
}

describe('an interrupted run', () => {
  it('Ctrl-C: finished cases are reported, the rest not-run, targets stopped, exit 130', async () => {
    const { r, out } = await interrupt(['SIGINT']);
    expect(r.exitCode).toBe(130);
    expect(String(r.stderr)).toMatch(/SIGINT: stopping/);
    const junit = readFileSync(join(out, 'junit-jco-native.xml'), 'utf8');
    const passed = (junit.match(/<testcase [^>]*\/>/g) ?? []).length;
    expect(passed).toBeGreaterThanOrEqual(5);
    expect(junit).toMatch(/<skipped message="not run: the run was interrupted/);
    const report = JSON.parse(readFileSync(join(out, 'results-jco-native.json'), 'utf8')) as { interrupted: string; results: { outcome: string }[] };
    expect(report.interrupted).toBe('SIGINT');
    expect(report.results.every((x) => ['pass', 'not-run'].includes(x.outcome))).toBe(true);
    expect(readFileSync(join(out, 'results-jco-native.tap'), 'utf8')).toMatch(/# SKIP not run/);
    expect(await orphans()).toEqual([]);
  });

  it('SIGTERM: the same, exit 143', async () => {
    const { r, out } = await interrupt(['SIGTERM']);
    expect(r.exitCode).toBe(143);
    expect(existsSync(join(out, 'junit-jco-native.xml'))).toBe(true);
    expect(await orphans()).toEqual([]);
  });

  it('a second Ctrl-C exits at once, still without leaving targets behind', async () => {
    const { r } = await interrupt(['SIGINT', 'SIGINT']);
    expect(r.exitCode).toBe(130);
    expect(await orphans()).toEqual([]);
  });
});
