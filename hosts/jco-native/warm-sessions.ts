// A warm process (docs/targets.md, "Warm processes"): it serves sessions one
// after another, each over its own connection to the harness's socket and
// with its own instance of the component, made before the connection is
// opened, as a process that serves one session makes it before it reads stdin.
// A connection opens with the session's header, one line: the host
// environment of that session alone (the peers of its case).
// A session ends as the process would exit: input has ended and what was in
// flight is done. Its end is one line on stderr, `<WASI_MCP_SESSION_MARK>
// <exit code>`; what the process wrote to stderr before that line is the
// session's. A process that any session left something running in, or that
// saw a fault, serves no further session: it exits.
import { connect, type Socket } from 'node:net';
import { finished } from 'node:stream/promises';
import type { Guest } from './guest.js';
import { serveStream } from './serve-stream.js';

/** A bound on what instances the module loader keeps (each session's instance stays loaded). */
const MAX_SESSIONS = 16;

let faults = 0;

/** An uncaught exception or unhandled rejection: the process is not trusted with another session. */
export function noteFault(): void {
  faults++;
}

export async function serveSessions(socketPath: string, loadGuest: (instance: number) => Promise<Guest>): Promise<never> {
  const mark = process.env.WASI_MCP_SESSION_MARK;
  if (!mark) {
    process.stderr.write('wasi-mcp host: --sessions needs WASI_MCP_SESSION_MARK\n');
    process.exit(2);
  }
  for (let instance = 1; ; instance++) {
    const guest = await loadGuest(instance);
    const socket = await connectTo(socketPath);
    // The harness no longer listens, or closed the connection unused: it has retired this process.
    const env = socket && (await readHeader(socket));
    if (!socket || !env) process.exit(0);
    useSessionEnv(env);
    const { code, settled } = await session(guest, socket);
    process.stderr.write(`${mark} ${code}\n`);
    if (!settled || faults > 0 || instance >= MAX_SESSIONS) process.exit(code);
  }
}

function connectTo(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ path, allowHalfOpen: true });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

/** The session's header, its first line: `{"env": {...}}`, host environment for this session alone. */
function readHeader(socket: Socket): Promise<Record<string, string> | undefined> {
  return new Promise((resolve) => {
    let text = Buffer.alloc(0);
    const stop = () => {
      socket.off('data', onData).off('end', onEnd).off('error', onEnd);
      socket.pause();
    };
    const onEnd = () => {
      stop();
      resolve(undefined);
    };
    const onData = (chunk: Buffer) => {
      text = Buffer.concat([text, chunk]);
      const nl = text.indexOf(10);
      if (nl === -1) return;
      stop();
      // What follows the header is the case's input.
      if (nl + 1 < text.length) socket.unshift(text.subarray(nl + 1));
      try {
        const header = JSON.parse(text.subarray(0, nl).toString()) as { env?: Record<string, string> };
        resolve(header.env ?? {});
      } catch {
        resolve(undefined);
      }
    };
    socket.on('data', onData).once('end', onEnd).once('error', onEnd);
  });
}

let sessionKeys: string[] = [];

/** The session's environment replaces the previous session's (the process's own stays). */
function useSessionEnv(env: Record<string, string>): void {
  for (const key of sessionKeys) delete process.env[key];
  Object.assign(process.env, env);
  sessionKeys = Object.keys(env);
}

function session(guest: Guest, socket: Socket): Promise<{ code: number; settled: boolean }> {
  return new Promise((resolve) => {
    const dispatcher = serveStream(guest, socket, socket, (code) => {
      socket.end();
      void finished(socket, { readable: false })
        .catch(() => undefined)
        .then(() => resolve({ code, settled: dispatcher.settled() }));
    });
    socket.resume();
  });
}
