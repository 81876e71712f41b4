// A JSON-RPC client over a target's stdio: sends lines, reads lines, checks
// every incoming message (wire/check.ts), and lets steps wait for the
// messages they care about. Keeps a timestamped transcript for reports.
import type { TargetProcess } from '../../adapters/adapter.js';
import type { Era } from '../model/case-types.js';
import { lineSplitter } from './lines.js';
import { checkServerMessage, type SentRequest } from './wire/check.js';

export type JsonObject = Record<string, unknown>;

export interface TranscriptEntry {
  /** Milliseconds since the session started. */
  at: number;
  dir: 'send' | 'recv' | 'note';
  text: string;
}

export interface Incoming {
  at: number;
  message: JsonObject;
}

/** A step's expectation was not met: the case fails with this message. */
export class StepFailure extends Error {
  override name = 'StepFailure';
}

/** The case ran out of time: its outcome is `timeout`, not `fail`. */
export class CaseTimeout extends Error {
  override name = 'CaseTimeout';
}

/** The case itself is wrong (a cancel of a request it never sent, a value it never saved): outcome `error`. */
export class AuthoringError extends Error {
  override name = 'AuthoringError';
}

/** The case was stopped from outside (its timeout, an interrupted run): its steps end here. */
export class CaseStopped extends Error {
  override name = 'CaseStopped';
}

/** The longest delay a timer takes: longer ones fire at once in Node. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** Waits `ms` (capped), or until `signal` aborts, which rejects with CaseStopped. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CaseStopped('stopped'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, Math.min(MAX_DELAY_MS, Math.max(0, ms)));
    const stop = () => {
      clearTimeout(timer);
      reject(new CaseStopped('stopped'));
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

const STDERR_KEEP = 8192;
/** Transcript lines are kept whole up to this size; a 1 MiB resource is not worth keeping in every report. */
const TRANSCRIPT_LINE_KEEP = 4096;
const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';

function clip(text: string): string {
  return text.length <= TRANSCRIPT_LINE_KEEP ? text : `${text.slice(0, TRANSCRIPT_LINE_KEEP)}… (${text.length - TRANSCRIPT_LINE_KEEP} more characters)`;
}

/** A request is modern when its `_meta` names a protocol version, as a dual-era server classifies it. */
export function requestEra(message: JsonObject): Era {
  const meta = (message.params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  return meta && typeof meta === 'object' && PROTOCOL_VERSION_KEY in meta ? 'modern' : 'legacy';
}

interface Waiter {
  accept: (m: Incoming) => boolean;
  resolve: (m: Incoming) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Session {
  readonly transcript: TranscriptEntry[] = [];
  /** Messages not yet consumed by a step, in arrival order. */
  readonly pending: Incoming[] = [];
  /** Everything wrong with what the target wrote: non-JSON lines, schema violations. */
  readonly violations: string[] = [];
  /** When each request id was sent, its method, and the era it was sent in. */
  readonly requests = new Map<string, SentRequest & { at: number }>();
  /** Settles with a description ("exit code 3", "signal SIGKILL") when the target exits. */
  readonly exit: Promise<string>;
  private readonly t0 = performance.now();
  private stderrTail = '';
  private waiters: Waiter[] = [];
  private exitInfo: string | undefined;
  private readonly listeners = new Set<(m: Incoming) => void>();

  constructor(private readonly proc: TargetProcess, readonly era: Era) {
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', lineSplitter((line) => this.onLine(line)));
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEEP);
    });
    // A write to a target that has gone away is reported by the exit, not as a crash of the harness.
    proc.stdin.on('error', () => undefined);
    this.exit = proc.exited.then(({ code, signal }) => {
      this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      this.note(`target exited (${this.exitInfo})`);
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new StepFailure(`the target exited (${this.exitInfo}) while a message was expected${this.stderrHint()}`));
      }
      return this.exitInfo;
    });
  }

  now(): number {
    return performance.now() - this.t0;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  get exitDescription(): string | undefined {
    return this.exitInfo;
  }

  stderrHint(): string {
    const tail = this.stderrTail.trim().split('\n').slice(-6).join('\n');
    return tail ? `; stderr: ${tail}` : '';
  }

  note(text: string): void {
    this.transcript.push({ at: this.now(), dir: 'note', text });
  }

  /** Sends a JSON-RPC message; adds `jsonrpc: "2.0"` when absent. Returns the send time. */
  send(message: JsonObject): number {
    const full: JsonObject = { jsonrpc: '2.0', ...message };
    if ('id' in full && typeof full.method === 'string') {
      this.requests.set(JSON.stringify(full.id), { at: this.now(), method: full.method, era: requestEra(full) });
    }
    return this.sendRaw(JSON.stringify(full));
  }

  sendRaw(text: string): number {
    const line = text.endsWith('\n') ? text : `${text}\n`;
    const at = this.now();
    this.transcript.push({ at, dir: 'send', text: clip(line.trimEnd()) });
    if (!this.exited && this.proc.stdin.writable) this.proc.stdin.write(line);
    return at;
  }

  /** Writes text with no newline added: part of a line. */
  sendFragment(text: string): number {
    const at = this.now();
    this.transcript.push({ at, dir: 'send', text: `${clip(text)} (part of a line)` });
    if (!this.exited && this.proc.stdin.writable) this.proc.stdin.write(text);
    return at;
  }

  closeStdin(): void {
    this.note('closed stdin');
    this.proc.stdin.end();
  }

  private onLine(line: string): void {
    const at = this.now();
    this.transcript.push({ at, dir: 'recv', text: clip(line) });
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.violations.push(`the target wrote a line to stdout that is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
      return;
    }
    const problem = checkServerMessage(message, { era: this.era, requestOf: (id) => this.requests.get(JSON.stringify(id)) });
    if (problem) this.violations.push(`${problem} in ${line.slice(0, 200)}`);
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const incoming = { at, message: message as JsonObject };
    for (const l of this.listeners) l(incoming);
    const i = this.waiters.findIndex((w) => w.accept(incoming));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      clearTimeout(w!.timer);
      w!.resolve(incoming);
    } else {
      this.pending.push(incoming);
    }
  }

  /** Observes every message as it arrives (whether or not a step consumes it). */
  listen(fn: (m: Incoming) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Consumes the first message (already received or yet to come) that
   * `accept` takes. Rejects with StepFailure after `timeoutMs` or when the
   * target exits first.
   */
  take(accept: (m: Incoming) => boolean, timeoutMs: number, what: string, untilDeadline = false): Promise<Incoming> {
    const i = this.pending.findIndex(accept);
    if (i >= 0) return Promise.resolve(this.pending.splice(i, 1)[0]!);
    if (this.exitInfo) return Promise.reject(new StepFailure(`the target exited (${this.exitInfo}) before ${what}${this.stderrHint()}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        accept,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          const text = `no ${what} within ${Math.round(timeoutMs)} ms`;
          reject(untilDeadline ? new CaseTimeout(`${text}, when the case timed out`) : new StepFailure(text));
        }, Math.min(MAX_DELAY_MS, Math.max(0, timeoutMs))),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the first matching message within `ms` (already received or new), or undefined; does not consume. */
  async watch(accept: (m: Incoming) => boolean, ms: number): Promise<Incoming | undefined> {
    const seen = this.pending.find(accept);
    if (seen) return seen;
    const got = await this.watchNew(accept, ms);
    return got === 'exit' ? undefined : got;
  }

  /**
   * Resolves with the first matching message that arrives within `ms` from now
   * (messages already received do not count), `'exit'` when the target exits
   * first, or undefined. Does not consume.
   */
  watchNew(accept: (m: Incoming) => boolean, ms: number): Promise<Incoming | 'exit' | undefined> {
    if (this.exited) return Promise.resolve('exit');
    return new Promise((resolve) => {
      const stop = this.listen((m) => {
        if (accept(m)) done(m);
      });
      const timer = setTimeout(() => done(undefined), Math.min(MAX_DELAY_MS, Math.max(0, ms)));
      void this.exit.then(() => done('exit'));
      let settled = false;
      const done = (m: Incoming | 'exit' | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stop();
        resolve(m);
      };
    });
  }

  /** Stops waiting for anything; used when a case ends. Steps still waiting end with CaseStopped. */
  dispose(): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new CaseStopped('stopped'));
    }
    this.waiters = [];
    this.listeners.clear();
  }
}

/**
 * Whether a message is the response to `id`. For `null` this includes an
 * error response without an id: JSON-RPC writes `id: null` when it could not
 * read the request's id, MCP's schema leaves the id out; both are accepted.
 */
export function isResponseTo(id: unknown): (m: Incoming) => boolean {
  const key = JSON.stringify(id ?? null);
  return (m) => {
    if (m.message.method !== undefined) return false;
    if (!('id' in m.message)) return key === 'null' && 'error' in m.message;
    return JSON.stringify(m.message.id) === key;
  };
}

/** The response as cases see it: an error response without an id reads as `id: null`. */
export function withNullId(message: JsonObject): JsonObject {
  return 'id' in message || message.method !== undefined ? message : { ...message, id: null };
}

export function isNotification(method: string | readonly string[]): (m: Incoming) => boolean {
  const methods = typeof method === 'string' ? [method] : method;
  return (m) => typeof m.message.method === 'string' && methods.includes(m.message.method) && !('id' in m.message);
}

/** A request from the server (method and id). */
export function isServerRequest(method: string): (m: Incoming) => boolean {
  return (m) => m.message.method === method && 'id' in m.message;
}
