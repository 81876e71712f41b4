// One request's cancellation: who to tell when `notifications/cancelled`
// names it, and the marker a cancelled handler throws so that nothing is
// answered.
export class Cancellation {
  private reasonGiven: string | undefined;
  private readonly listeners = new Set<(reason: string) => void>();

  get cancelled(): boolean {
    return this.reasonGiven !== undefined;
  }

  cancel(reason: string): void {
    if (this.reasonGiven !== undefined) return;
    this.reasonGiven = reason;
    for (const fn of [...this.listeners]) fn(reason);
    this.listeners.clear();
  }

  /** Runs `fn` on cancellation (at once if it already happened); returns the unsubscribe. */
  onCancel(fn: (reason: string) => void): () => void {
    if (this.reasonGiven !== undefined) {
      fn(this.reasonGiven);
      return () => {};
    }
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Throws the marker if the request was cancelled. */
  check(): void {
    if (this.cancelled) throw CANCELLED;
  }
}

/** Thrown by handlers of cancelled requests: the dispatcher answers nothing. */
export const CANCELLED: unique symbol = Symbol('cancelled');

export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
