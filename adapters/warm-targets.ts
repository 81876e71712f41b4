// Warm targets: processes that serve one session after another, each session
// a fresh component instance on its own connection (docs/targets.md, "Warm
// processes"; the host's side is hosts/jco-native/warm-sessions.ts). A case
// gets what spawnTarget gives it: stdin and stdout are its connection, stderr
// is what the process wrote during its session, and the exit is the session's
// end. A case stopped before its session ended takes the whole process with
// it, so a hang or a crash stays in that case; a process is offered to the
// next case only once it has opened a new connection, which it does only
// after a session that left nothing behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { TargetProcess } from './adapter.js';
import { SessionMarks } from './session-marks.js';
import { holdGroup, killGroup, readToEnd, releaseGroup, stopInTurn } from './process.js';

/** A process nobody took for this long is stopped: a run that moved on keeps no memory for it. */
const IDLE_MS = 5000;

export interface WarmCommand {
  file: string;
  /** Arguments given to every process; `--sessions <socket>` is inserted before `last`. */
  args: readonly string[];
  last: string;
  cwd?: string;
  env: Record<string, string>;
}

type Status = { code: number | null; signal: string | null };

let socketDir: string | undefined;
let processes = 0;
const pools = new Map<string, Set<WarmProcess>>();

/** How many warm processes this harness has started. */
export function warmProcessesStarted(): number {
  return processes;
}

/** Stops every warm process and waits for each to exit: at the end of a run, none outlives it. */
export async function stopWarmTargets(): Promise<void> {
  const all = [...pools.values()].flatMap((pool) => [...pool]);
  pools.clear();
  await Promise.all(all.map((p) => p.stop()));
}

/**
 * A target for one case: the next session of a process of this command that is free (one waiting
 * with its connection open first, then one still making its next instance), or of a new process.
 */
export async function warmTarget(command: WarmCommand, sessionEnv: Record<string, string> = {}): Promise<TargetProcess> {
  const key = JSON.stringify(command);
  const pool = pools.get(key) ?? new Set<WarmProcess>();
  pools.set(key, pool);
  for (;;) {
    const free = [...pool].filter((p) => p.free());
    const proc = free.find((p) => p.waiting()) ?? free[0];
    if (!proc) {
      const started: WarmProcess = new WarmProcess(command, () => pool.delete(started));
      pool.add(started);
      return (await started.session(sessionEnv, true))!;
    }
    // A process that exits instead of opening its next session (it served its last) gives way to another.
    const target = await proc.session(sessionEnv, false);
    if (target) return target;
  }
}

class WarmProcess {
  private readonly child: ChildProcess;
  private readonly server: Server;
  private readonly socketPath: string;
  /** Connections opened and not yet taken (a process opens one at a time). */
  private readonly connections: Socket[] = [];
  private connectionWaiter: ((s: Socket | undefined) => void) | undefined;
  private readonly marks: SessionMarks;
  /** stderr written between sessions, for the next one. */
  private early = Buffer.alloc(0);
  private current: Session | undefined;
  private status: Status | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private markGone!: () => void;
  /** Settles once the process has exited. */
  readonly gone = new Promise<void>((resolve) => (this.markGone = resolve));

  /** A case waits for this process's next session. */
  private promised = false;
  /** Being stopped: it keeps the harness alive until it has exited, whatever it does meanwhile. */
  private stopping = false;

  constructor(
    command: WarmCommand,
    private readonly onGone: () => void,
  ) {
    socketDir ??= mkdtempSync(join(tmpdir(), 'wasi-mcp-warm-'));
    if (processes === 0) process.on('exit', () => rmSync(socketDir!, { recursive: true, force: true }));
    this.socketPath = join(socketDir, `${++processes}.sock`);
    const mark = `wasi-mcp-session-end-${randomBytes(12).toString('hex')}`;
    this.marks = new SessionMarks(mark);
    this.server = createServer({ allowHalfOpen: true }, (s) => this.onConnection(s));
    this.server.listen(this.socketPath);
    this.server.unref();
    this.child = spawn(command.file, [...command.args, '--sessions', this.socketPath, command.last], {
      cwd: command.cwd,
      env: { ...command.env, WASI_MCP_SESSION_MARK: mark },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    if (this.child.pid !== undefined) holdGroup(this.child.pid);
    const stderr = this.child.stderr!;
    stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    this.child.once('error', () => this.onExit({ code: null, signal: null }));
    this.child.once('exit', (code, signal) => {
      // The rest of stderr belongs to the session that was running.
      void readToEnd(stderr).then(() => this.onExit({ code, signal }));
    });
  }

  /** Neither running a session nor promised to a case, and not gone. */
  free(): boolean {
    return !this.promised && !this.current && !this.status;
  }

  /** Its next session's connection is open. */
  waiting(): boolean {
    return this.connections.length > 0;
  }

  /**
   * The next session, on the connection the process opens when it is ready, with `env` added to
   * the host's environment for it. When the process exits
   * first: for its first session a target that shows the exit, for a later one undefined.
   */
  async session(env: Record<string, string>, first: boolean): Promise<TargetProcess | undefined> {
    this.promised = true;
    clearTimeout(this.idleTimer);
    this.hold(true);
    const connection = this.connections.shift() ?? (this.status ? undefined : await new Promise<Socket | undefined>((resolve) => (this.connectionWaiter = resolve)));
    this.promised = false;
    if (!connection && !first) return undefined;
    // The session's header: the host environment of this session alone.
    connection?.write(`${JSON.stringify({ env })}\n`);
    const s = new Session(this, connection);
    this.current = s;
    if (this.early.length > 0) s.stderr.write(this.early);
    this.early = Buffer.alloc(0);
    // A process that exited before its first session: the session ends once the case reads it.
    if (!connection) setImmediate(() => s.end(this.status ?? { code: null, signal: null }));
    return s.target();
  }

  /** A process keeps the harness alive while a case waits for it or runs on it, not while it is idle. */
  private hold(on: boolean): void {
    const handles = [this.child, this.child.stderr as Socket];
    for (const h of handles) if (on) h.ref(); else h.unref();
  }

  /** Kills the process and settles once it has exited (the harness waits for it meanwhile). */
  stop(): Promise<void> {
    this.stopping = true;
    this.hold(true);
    this.kill('SIGKILL');
    return this.gone;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.pid !== undefined) killGroup(this.child.pid, signal);
  }

  private onConnection(socket: Socket): void {
    if (this.connectionWaiter) {
      const w = this.connectionWaiter;
      this.connectionWaiter = undefined;
      w(socket);
      return;
    }
    this.connections.push(socket);
    this.maybeIdle();
  }

  /**
   * Waiting for a case with its connection open, and neither running a session nor promised to
   * one: the process no longer keeps the harness alive, and is stopped if no case takes it. (A
   * new connection can be seen before the end of the session before it, whose mark is on stderr.)
   */
  private maybeIdle(): void {
    if (this.current || this.promised || this.stopping || this.status || this.connections.length === 0) return;
    for (const c of this.connections) c.unref();
    this.hold(false);
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.retire(), IDLE_MS).unref();
  }

  private retire(): void {
    this.onGone();
    this.kill('SIGKILL');
  }

  private onStderr(chunk: Buffer): void {
    for (const piece of this.marks.push(chunk)) {
      if (Buffer.isBuffer(piece)) {
        this.deliver(piece);
        continue;
      }
      const ended = this.current;
      this.current = undefined;
      ended?.end({ code: piece.exit, signal: null });
      this.maybeIdle();
    }
  }

  /** stderr goes to the running session, or to the next one (what a process writes as it starts). */
  private deliver(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.current) this.current.stderr.write(bytes);
    else this.early = Buffer.concat([this.early, bytes]);
  }

  private onExit(status: Status): void {
    if (this.status) return;
    this.status = status;
    this.markGone();
    if (this.child.pid !== undefined) {
      killGroup(this.child.pid, 'SIGKILL');
      releaseGroup(this.child.pid);
    }
    clearTimeout(this.idleTimer);
    this.onGone();
    this.server.close();
    for (const c of this.connections.splice(0)) c.destroy();
    this.connectionWaiter?.(undefined);
    this.connectionWaiter = undefined;
    const running = this.current;
    this.current = undefined;
    if (running) {
      running.stderr.write(this.marks.rest());
      running.end(status);
    } else this.early = Buffer.concat([this.early, this.marks.rest()]);
  }
}

class Session {
  readonly stderr = new PassThrough();
  private settle!: (s: Status) => void;
  private readonly exited = new Promise<Status>((resolve) => (this.settle = resolve));
  private ended = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly proc: WarmProcess,
    private readonly connection: Socket | undefined,
  ) {
    connection?.ref();
    // A connection the process has closed must not crash the harness with EPIPE.
    connection?.on('error', () => {});
  }

  end(status: Status): void {
    if (this.ended) return;
    this.ended = true;
    this.stderr.end();
    // What the process wrote before its session ended is read before the end counts.
    const c = this.connection;
    void Promise.all([readToEnd(c ?? null), readToEnd(this.stderr)]).then(() => {
      c?.destroy();
      this.settle(status);
    });
  }

  target(): TargetProcess {
    const c = this.connection;
    const stdin = c ?? new Writable({ write: (_chunk, _enc, done) => done() });
    const stdout = c ?? new PassThrough().end();
    return { stdin, stdout, stderr: this.stderr, exited: this.exited, stop: () => this.stop() };
  }

  private stop(): Promise<void> {
    this.stopping ??= (async () => {
      // A session that has ended leaves its process to the next case.
      if (this.ended) return void (await this.exited);
      await stopInTurn({ input: this.connection, outputs: [this.connection, this.stderr], exited: this.exited, kill: (signal) => this.proc.kill(signal) });
    })();
    return this.stopping;
  }
}
