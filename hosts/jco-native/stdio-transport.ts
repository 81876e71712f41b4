// MCP stdio transport (newline-delimited JSON-RPC) for the SDK's Server.
// Unlike the SDK's own StdioServerTransport, it answers unreadable input as
// JSON-RPC requires: -32700 for a line that is not JSON, -32600 for JSON
// that is not a JSON-RPC message, instead of dropping it.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Readable, Writable } from 'node:stream';
import { lineSplitter } from '../../harness/lines.js';
import { defect } from './defects.js';

export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private closed = false;

  constructor(private readonly input: Readable, private readonly output: Writable) {}

  async start(): Promise<void> {
    this.input.setEncoding('utf8');
    this.input.on('data', lineSplitter((line) => this.onLine(line)));
    this.input.on('end', () => void this.close());
    this.input.on('error', (e) => this.onerror?.(e));
  }

  private onLine(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (defect('no-parse-error')) return;
      void this.sendError(null, -32700, 'Parse error', { detail: (e as Error).message });
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      if (defect('no-parse-error')) return;
      const id = (value as { id?: unknown } | null)?.id;
      const validId = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
      void this.sendError(validId, -32600, 'Invalid Request', { detail: parsed.error.issues.map((i) => i.message).join('; ') });
      return;
    }
    const message = parsed.data as { id?: unknown; method?: string };
    if (defect('answer-notifications') && message.method !== undefined && message.id === undefined) {
      void this.write({ jsonrpc: '2.0', id: 0, result: {} });
    }
    this.onmessage?.(parsed.data);
  }

  /** With no readable id the id is left out, as MCP's schema has it (JSON-RPC 2.0 would write null). */
  private sendError(id: string | number | null, code: number, message: string, data: unknown): Promise<void> {
    return this.write({ jsonrpc: '2.0', ...(id === null ? {} : { id }), error: { code, message, data } });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  private write(message: unknown): Promise<void> {
    if (this.closed) return Promise.resolve();
    const error = (message as { error?: { code: number } }).error;
    if (error && defect('wrong-error-codes')) error.code = -32603;
    return new Promise((resolve, reject) => {
      this.output.write(`${JSON.stringify(message)}\n`, (e) => (e ? reject(e) : resolve()));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}
