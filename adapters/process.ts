// Starting and stopping a target process the same way for every adapter:
// stdio pipes, no shell, and a stop sequence that leaves nothing behind
// (close stdin, then SIGTERM, then SIGKILL).
import { execa } from 'execa';
import type { TargetProcess } from './adapter.js';

const GRACE_MS = 1000;

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
}

export function spawnTarget(file: string, args: readonly string[], options: SpawnOptions = {}): TargetProcess {
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    cleanup: true,
    forceKillAfterDelay: GRACE_MS,
  });
  const exited = child.then(
    (r) => ({ code: r.exitCode ?? null, signal: r.signal ?? null }),
    () => ({ code: null, signal: null }),
  );
  let stopping: Promise<void> | undefined;
  // A child that dies before we write to it must not crash the harness with EPIPE.
  child.stdin?.on('error', () => {});

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      child.stdin?.end();
      if (await settlesWithin(exited, GRACE_MS)) return;
      child.kill('SIGTERM'); // execa follows up with SIGKILL after GRACE_MS
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
