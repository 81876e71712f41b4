// jco/native's warm processes (docs/targets.md, "Warm processes") on the real
// host and fixture: one process serves cases one after another, each with a
// fresh component instance; a case stopped before its session ended takes its
// process with it, and the next case gets a new one.
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PreparedFixture, TargetProcess } from '../../adapters/adapter.js';
import { jcoAdapter } from '../../adapters/jco.js';
import { warmProcessesStarted } from '../../adapters/warm-targets.js';
import { resolveFixture } from '../../harness/runner/fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Msg = Record<string, any>;

/** A legacy session in raw JSON lines: `call` sends a request and resolves with its response. */
class Lines {
  private buf = '';
  private readonly waiting = new Map<number, (m: Msg) => void>();
  private next = 1;
  stderr = '';

  constructor(readonly target: TargetProcess) {
    target.stdout.setEncoding('utf8');
    target.stdout.on('data', (d: string) => {
      this.buf += d;
      for (let i = this.buf.indexOf('\n'); i !== -1; i = this.buf.indexOf('\n')) {
        const m = JSON.parse(this.buf.slice(0, i)) as Msg;
        this.buf = this.buf.slice(i + 1);
        if (typeof m.id === 'number') this.waiting.get(m.id)?.(m);
      }
    });
    target.stderr.setEncoding('utf8');
    target.stderr.on('data', (d: string) => (this.stderr += d));
  }

  call(method: string, params: object = {}): Promise<Msg> {
    const id = this.next++;
    const answer = new Promise<Msg>((resolve) => this.waiting.set(id, resolve));
    this.target.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    return answer;
  }

  async open(): Promise<void> {
    await this.call('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'warm-test', version: '1' } });
    this.target.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  }
}

const counter = async (s: Lines) => (await s.call('resources/read', { uri: 'fixture://counter' })).result.contents[0].text as string;

describe('jco/native warm processes', () => {
  let prepared: PreparedFixture;
  const open: TargetProcess[] = [];
  const start = async () => {
    const t = await jcoAdapter.start(prepared, 'native');
    open.push(t);
    const s = new Lines(t);
    await s.open();
    return s;
  };
  beforeAll(async () => {
    prepared = await jcoAdapter.prepare(resolveFixture('reference'), 'native');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.stop()));
  });

  it('serves the next case in the same process with a fresh instance of the component', async () => {
    const before = warmProcessesStarted();
    const first = await start();
    expect(await counter(first)).toBe('count: 0');
    expect((await first.call('tools/call', { name: 'change', arguments: { what: 'resource', uri: 'fixture://counter' } })).result.isError).toBeFalsy();
    expect(await counter(first)).toBe('count: 1');
    first.target.stdin.end();
    expect(await first.target.exited).toEqual({ code: 0, signal: null });

    const second = await start();
    // The instance the first case changed is gone: this one counts from zero.
    expect(await counter(second)).toBe('count: 0');
    second.target.stdin.end();
    expect(await second.target.exited).toEqual({ code: 0, signal: null });
    expect(warmProcessesStarted() - before).toBe(1);
  });

  it('a case stopped with a call in flight takes its process along; the next case gets a new one', async () => {
    const stopped = await start();
    void stopped.call('tools/call', { name: 'slow', arguments: { steps: 100, step_ms: 100 } });
    await new Promise((r) => setTimeout(r, 100));
    const before = warmProcessesStarted();
    await stopped.target.stop();
    // stdin closed with the call still running: the host finishes it (10 s) and the stop sequence ends it first.
    expect((await stopped.target.exited).signal).not.toBeNull();

    const next = await start();
    expect(await counter(next)).toBe('count: 0');
    expect(warmProcessesStarted() - before).toBe(1);
  });

  it('each case reads the stderr of its own session, and none of the marks between sessions', async () => {
    // This defect writes a line to the guest's stdout, which the host sends to stderr, in every session.
    const mutant = await jcoAdapter.prepare(resolveFixture('mutant:stdout-garbage'), 'native');
    const before = warmProcessesStarted();
    const sessions: Lines[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await jcoAdapter.start(mutant, 'native');
      open.push(t);
      const s = new Lines(t);
      await s.open();
      t.stdin.end();
      await t.exited;
      sessions.push(s);
    }
    expect(warmProcessesStarted() - before).toBe(1);
    for (const s of sessions) {
      expect(s.stderr.match(/this line is not JSON-RPC/g)).toHaveLength(1);
      expect(s.stderr).not.toMatch(/wasi-mcp-session-end/);
    }
  });

  it('WASI_MCP_JCO_WARM=0 gives every case a Node process of its own', async () => {
    const before = warmProcessesStarted();
    process.env.WASI_MCP_JCO_WARM = '0';
    try {
      const s = await start();
      expect(await counter(s)).toBe('count: 0');
      s.target.stdin.end();
      expect(await s.target.exited).toEqual({ code: 0, signal: null });
    } finally {
      delete process.env.WASI_MCP_JCO_WARM;
    }
    expect(warmProcessesStarted()).toBe(before);
  });

  it("a session's own host environment (its peers) is that session's alone", async () => {
    const caller = await jcoAdapter.prepare(resolveFixture('caller'), 'native');
    const peerInfo = async (hostEnv: Record<string, string>) => {
      const t = await jcoAdapter.start(caller, 'native', { hostEnv });
      open.push(t);
      const s = new Lines(t);
      await s.open();
      const r = await s.call('tools/call', { name: 'peer-info', arguments: { peer: 'nowhere' } });
      t.stdin.end();
      await t.exited;
      return JSON.stringify(r);
    };
    const before = warmProcessesStarted();
    // Port 1 on loopback: listed, but nobody answers there.
    const listed = await peerInfo({ WASI_MCP_PEERS: JSON.stringify({ nowhere: '127.0.0.1:1' }) });
    const unlisted = await peerInfo({});
    expect(warmProcessesStarted() - before).toBe(1);
    expect(listed).not.toContain('unknown peer');
    expect(unlisted).toContain('unknown peer \\"nowhere\\"');
  });

  it('a process whose next connection comes before the mark of its last session keeps the harness waiting for that mark', async () => {
    // A scripted host: on input end it ends the session's connection, opens its next one at once,
    // and only then writes the mark, as a loaded machine may deliver them.
    await expectOneSessionThenStop(scriptedHost(`
      net.connect({ path, allowHalfOpen: true }).on('connect', () =>
        setTimeout(() => process.stderr.write(process.env.WASI_MCP_SESSION_MARK + ' 0\\n'), 300));`));
  });

  it('a process being stopped keeps the harness waiting for its exit, even if its next connection comes meanwhile', async () => {
    // A scripted host: at the end of its session it leaves a helper in a process group of its own
    // that holds its stderr open for 800 ms and opens the next connection after 300 ms, so the
    // connection comes after the harness has killed the host and before the host's exit is complete.
    const helper = `
      const net = require('node:net');
      setTimeout(() => net.connect({ path: process.argv[1] }).on('error', () => {}).unref(), 300);
      setTimeout(() => {}, 800);`;
    await expectOneSessionThenStop(scriptedHost(`
      require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(helper)}, path], { detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
      process.stderr.write(process.env.WASI_MCP_SESSION_MARK + ' 0\\n');
      setInterval(() => {}, 1000);`));
  });

  it('a harness killed outright leaves no warm process behind', async () => {
    // A harness that dies by SIGKILL runs no exit hook: its processes must notice and exit on their own.
    const token = `warm-orphan-${randomBytes(6).toString('hex')}`;
    const script = `
      import { readdirSync, readFileSync } from 'node:fs';
      import { jcoAdapter } from ${JSON.stringify(join(root, 'dist', 'adapters', 'jco.js'))};
      import { resolveFixture } from ${JSON.stringify(join(root, 'dist', 'harness', 'runner', 'fixtures.js'))};
      const p = await jcoAdapter.prepare(resolveFixture('reference'), 'native');
      const busy = await jcoAdapter.start(p, 'native', { hostEnv: { ORPHAN_TOKEN: '${token}' } });
      await jcoAdapter.start(p, 'native', { hostEnv: { ORPHAN_TOKEN: '${token}' } });
      busy.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\\n');
      busy.stdout.once('data', () => {
        const mine = readdirSync('/proc').filter((pid) => { try { return readFileSync('/proc/' + pid + '/environ', 'latin1').includes('${token}'); } catch { return false; } });
        process.stdout.write(mine.length + '\\n', () => process.kill(process.pid, 'SIGKILL'));
      });`;
    const run = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, reject: false });
    expect(run.signal).toBe('SIGKILL');
    // Two processes were serving or waiting when it died.
    expect(run.stdout.trim()).toBe('2');
    await expect.poll(() => withToken(token), { timeout: 30_000, interval: 200 }).toEqual([]);
  });
});

const root = join(import.meta.dirname, '..', '..');

/** The processes whose environment holds `token`. */
/** A scripted warm host: it opens its session's connection and, when the input ends, ends it and runs `atEnd`. */
function scriptedHost(atEnd: string): string {
  return `
    const net = require('node:net');
    const path = process.argv[process.argv.indexOf('--sessions') + 1];
    const s = net.connect({ path, allowHalfOpen: true });
    s.on('data', () => {});
    s.on('end', () => {
      s.end();
      ${atEnd}
    });`;
}

/**
 * A harness that serves one case on a scripted host, ends its input, and then stops every warm
 * process: the session ends with exit 0, the stop completes, and the harness exits 0 (not 13,
 * which Node gives when it runs out of work while a promise is still awaited).
 */
async function expectOneSessionThenStop(host: string): Promise<void> {
  const harness = `
    import { stopWarmTargets, warmTarget } from ${JSON.stringify(join(root, 'dist', 'adapters', 'warm-targets.js'))};
    const t = await warmTarget({ file: process.execPath, args: ['-e', ${JSON.stringify(host)}, '--'], last: 'component.js', env: {} });
    t.stdout.resume();
    t.stderr.resume();
    t.stdin.end();
    console.log(JSON.stringify(await t.exited));
    await stopWarmTargets();
    console.log('stopped');`;
  const run = await execa(process.execPath, ['--input-type=module', '-e', harness], { cwd: root, reject: false });
  expect(run.stderr).not.toMatch(/unsettled top-level await/);
  expect(run.stdout.split('\n')).toEqual(['{"code":0,"signal":null}', 'stopped']);
  expect(run.exitCode).toBe(0);
}

function withToken(token: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(token);
    } catch {
      return false;
    }
  });
}
