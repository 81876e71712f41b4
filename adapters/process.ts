// Starting and stopping a target process the same way for every adapter:
// stdio pipes, no shell, its own process group, and a stop sequence that
// leaves nothing behind (close stdin, then SIGTERM, then SIGKILL, to the whole
// group). A target is its own group so that a Ctrl-C in the terminal reaches
// the harness only: the harness stops its targets itself and writes its reports.
import { execa } from 'execa';
import type { TargetProcess } from './adapter.js';

const GRACE_MS = 1000;

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** Process groups of the targets still running, killed when the harness exits however it exits. */
const live = new Set<number>();
let exitHook = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function spawnTarget(file: string, args: readonly string[], options: SpawnOptions = {}): TargetProcess {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const pid of live) killGroup(pid, 'SIGKILL');
    });
  }
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
  });
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);
  const exited = child.then(
    (r) => ({ code: r.exitCode ?? null, signal: r.signal ?? null }),
    () => ({ code: null, signal: null }),
  );
  void exited.then(() => {
    if (pid !== undefined) {
      // Whatever the target started and left behind goes with it.
      killGroup(pid, 'SIGKILL');
      live.delete(pid);
    }
  });
  let stopping: Promise<void> | undefined;
  // A child that dies before we write to it must not crash the harness with EPIPE.
  child.stdin?.on('error', () => {});

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      child.stdin?.end();
      if (await settlesWithin(exited, GRACE_MS)) return;
      if (pid !== undefined) killGroup(pid, 'SIGTERM');
      if (await settlesWithin(exited, GRACE_MS)) return;
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      await exited;
    })();
    return stopping;
  };

  if (!child.stdin || !child.stdout || !child.stderr) throw new Error('target process has no stdio pipes');
  return { stdin: child.stdin, stdout: child.stdout, stderr: child.stderr, exited, stop };
}

async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
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
