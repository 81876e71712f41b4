// Targets started ahead of their case: while cases run, the processes of the
// cases next in line start up, so that a case begins on a target that is
// ready. Each still serves exactly one case (its adapter decides whether in a
// fresh process or in a warm one's fresh instance); one that no case takes (an
// interrupted run) is stopped.
import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { TargetProcess } from '../../adapters/adapter.js';

export class StartedAhead {
  private readonly started = new Map<number, Promise<TargetProcess>>();

  /** Starts the target of run `key` now, unless it has been started. */
  start(key: number, start: () => Promise<TargetProcess>): void {
    if (this.started.has(key)) return;
    const p = start();
    p.catch(() => undefined); // the case that takes it reports the failure
    this.started.set(key, p);
  }

  /** The target started for run `key`, handed over to its case (once). */
  take(key: number): Promise<TargetProcess> | undefined {
    const p = this.started.get(key);
    this.started.delete(key);
    return p?.then(handOver);
  }

  /** Stops every target no case took. */
  async stopAll(): Promise<void> {
    const left = [...this.started.values()];
    this.started.clear();
    await Promise.all(left.map((p) => p.then((t) => t.stop(), () => undefined)));
  }
}

/**
 * A target read only from now on: its exit counts once what it wrote before
 * is read, as for a target read from its start (a target that died while it
 * waited still shows its output before its exit).
 */
function handOver(t: TargetProcess): TargetProcess {
  const exited = t.exited.then(async (status) => {
    await Promise.all([t.stdout, t.stderr].map(drained));
    return status;
  });
  return { stdin: t.stdin, stdout: t.stdout, stderr: t.stderr, exited, stop: () => t.stop() };
}

function drained(s: Readable): Promise<void> {
  return s.readableEnded || s.destroyed ? Promise.resolve() : finished(s).catch(() => undefined);
}
