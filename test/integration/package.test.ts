// The published package works on its own: packed, installed into an empty
// folder, it runs the suite on jco with the committed fixtures and no
// toolchain beyond what npm installs.
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli.js';

describe('npm pack', () => {
  it('installs into an empty folder and runs `npx wasi-mcp-conformance --runtime jco`', async () => {
    const packDir = mkdtempSync(join(tmpdir(), 'wmc-pack-'));
    // --ignore-scripts: `npm test` has built dist already, and a rebuild here would rewrite it under the test files running beside this one.
    await execa('npm', ['pack', '--ignore-scripts', '--pack-destination', packDir], { cwd: root });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const user = mkdtempSync(join(tmpdir(), 'wmc-user-'));
    writeFileSync(join(user, 'package.json'), '{"name": "user", "private": true}\n');
    await execa('npm', ['install', '--no-audit', '--no-fund', join(packDir, tarball!)], { cwd: user, timeout: 300_000 });
    const run = await execa('npx', ['wasi-mcp-conformance', '--runtime', 'jco', '--out', 'reports', '--filter', 'tools-*', '--filter', 'versioning-*'], {
      cwd: user,
      reject: false,
      timeout: 300_000,
      env: { CI: 'true', PATH: '/usr/local/bin:/usr/bin:/bin' },
    });
    expect(run.exitCode, String(run.stdout).slice(-2000) + String(run.stderr).slice(-2000)).toBe(0);
    const report = JSON.parse(readFileSync(join(user, 'reports', 'results-jco-native.json'), 'utf8')) as { results: { outcome: string }[] };
    expect(report.results.length).toBeGreaterThanOrEqual(40);
    expect(report.results.every((r) => r.outcome === 'pass')).toBe(true);
  });
});
