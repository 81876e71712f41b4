// Starting and stopping a target process the same way for every adapter:
// stdio pipes, no shell, its own process group, and a stop sequence that
// leaves nothing behind (close stdin, then SIGTERM, then SIGKILL, to the whole
// group). A target is its own group so that a Ctrl-C in the terminal reaches
// the harness only: the harness stops its targets itself and writes its reports.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { TargetProcess } from './adapter.js';

export const GRACE_MS = 1000;

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** Process groups of the targets still running, killed when the harness exits however it exits. */
const live = new Set<number>();
let exitHook = false;

/** Keeps `pid`'s process group on the list of groups killed when the harness exits. */
export function holdGroup(pid: number): void {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const group of live) killGroup(group, 'SIGKILL');
    });
  }
  live.add(pid);
}

export function releaseGroup(pid: number): void {
  live.delete(pid);
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function spawnTarget(file: string, args: readonly string[], options: SpawnOptions = {}): TargetProcess {
  // Plain child_process: a case pays for nothing but the spawn itself.
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env ?? {},
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  if (pid !== undefined) holdGroup(pid);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    let settled = false;
    child.once('exit', (code, signal) => {
      // Whatever the target started and left behind goes with it (and with it any hold on the pipes).
      if (pid !== undefined) {
        killGroup(pid, 'SIGKILL');
        live.delete(pid);
      }
      // The output being read is read to its end first, so that a target's last lines come before its exit.
      void Promise.all([child.stdout, child.stderr].map(readToEnd)).then(() => {
        settled = true;
        resolve({ code, signal });
      });
    });
    child.once('error', () => {
      if (pid !== undefined) live.delete(pid);
      if (!settled) resolve({ code: null, signal: null });
    });
  });
  let stopping: Promise<void> | undefined;
  // A child that dies before we write to it must not crash the harness with EPIPE.
  child.stdin?.on('error', () => {});

  const stop = (): Promise<void> => {
    stopping ??= stopInTurn({
      input: child.stdin,
      outputs: [child.stdout, child.stderr],
      exited,
      kill: (signal) => pid !== undefined && killGroup(pid, signal),
    });
    return stopping;
  };

  if (!child.stdin || !child.stdout || !child.stderr) throw new Error('target process has no stdio pipes');
  return { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, stop };
}

/**
 * The stop sequence every target gets: its input ends, then SIGTERM, then
 * SIGKILL, each after GRACE_MS without an exit; settles once it has exited.
 */
export async function stopInTurn(target: {
  input: Writable | null | undefined;
  outputs: (Readable | null | undefined)[];
  exited: Promise<unknown>;
  kill(signal: NodeJS.Signals): void;
}): Promise<void> {
  target.input?.end();
  // Output nobody reads must not keep a stopping target blocked on a full pipe.
  for (const out of target.outputs) if (out?.readableFlowing === null) out.resume();
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (await settlesWithin(target.exited, GRACE_MS)) return;
    target.kill(signal);
  }
  await target.exited;
}

/** Settles when a stream someone reads has ended; at once for one nobody reads (its output waits for a reader). */
export function readToEnd(stream: Readable | null): Promise<void> {
  if (!stream || stream.readableFlowing === null || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return finished(stream).catch(() => undefined);
}

export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
