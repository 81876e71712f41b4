// MCP stdio framing: one UTF-8 JSON-RPC message per line in each direction.
// Splits stdin into lines itself and serialises every outgoing message on one
// line (JSON.stringify escapes newlines inside strings).
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { outputDelayMs, serialize } from './output-controls.js';

/** Settles once `performance.now()` has reached `due` (a timer may fire up to a millisecond early). */
function waitUntil(due: number): Promise<void> {
  const left = due - performance.now();
  if (left <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => setTimeout(resolve, Math.ceil(left))).then(() => waitUntil(due));
}

export class LineTransport {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');
  private lastWrite: Promise<void> = Promise.resolve();

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  /** Calls `onLine` for every non-blank line, then `onEnd` once stdin has ended. */
  start(onLine: (line: string) => void, onEnd: () => void): void {
    this.input.on('data', (chunk: Buffer) => this.take(this.decoder.write(chunk), onLine));
    this.input.on('end', () => {
      // A last line without its newline still counts.
      this.take(this.decoder.end(), onLine);
      if (this.pending.length > 0) this.emit(this.pending, onLine);
      this.pending = '';
      onEnd();
    });
    this.input.on('error', (e) => {
      process.stderr.write(`wasi-mcp host: stdin: ${e.message}\n`);
      onEnd();
    });
  }

  private take(text: string, onLine: (line: string) => void): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = this.pending + text.slice(start, nl);
      this.pending = '';
      this.emit(line, onLine);
      start = nl + 1;
    }
    this.pending += text.slice(start);
  }

  private emit(line: string, onLine: (line: string) => void): void {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim().length > 0) onLine(trimmed);
  }

  /** Writes one message; the stream keeps the order of the calls. */
  send(message: object): void {
    const text = `${serialize(message)}\n`;
    const delay = outputDelayMs();
    if (delay === 0) {
      this.lastWrite = this.write(text);
      return;
    }
    // Each message goes out once its delay has passed and the one before it is written: the order is kept.
    const due = performance.now() + delay;
    this.lastWrite = this.lastWrite.then(() => waitUntil(due)).then(() => this.write(text));
  }

  private write(text: string): Promise<void> {
    return new Promise<void>((resolve) => {
      this.output.write(text, (e) => {
        if (e) process.stderr.write(`wasi-mcp host: stdout: ${e.message}\n`);
        resolve();
      });
    });
  }

  /** Settles once everything sent so far has been handed to the OS. */
  flushed(): Promise<void> {
    return this.lastWrite;
  }
}
