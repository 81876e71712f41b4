// One MCP session over a pair of streams: stdin and stdout for a process that
// serves one session, a connection for a warm process (warm-sessions.ts).
import type { Readable, Writable } from 'node:stream';
import { useInput } from './client/input-hold.js';
import { defect } from './defects.js';
import { Dispatcher } from './dispatcher.js';
import type { Guest } from './guest.js';
import { notificationMessage } from './jsonrpc.js';
import { LineTransport } from './line-transport.js';

/** Serves `guest` on input/output until input ends and what was in flight is done; then calls `end`. */
export function serveStream(guest: Guest, input: Readable, output: Writable, end?: (code: number) => void): Dispatcher {
  useInput(input);
  const transport = new LineTransport(input, output);
  if (defect('banner-before-initialize')) transport.send(notificationMessage('notifications/message', { level: 'info', logger: 'wasi-mcp-host', data: 'ready' }));
  const dispatcher = new Dispatcher(guest, transport, end);
  transport.start(
    (line) => dispatcher.onLine(line),
    () => dispatcher.onInputEnd(),
  );
  return dispatcher;
}
