// `wasi-mcp-conformance serve`: one target as a plain stdio MCP server, so
// that any MCP client (an inspector, an agent) can talk to the suite's hosts
// and fixtures, or to a user's component behind a host. This process's
// stdin/stdout become the target's; the target's stderr goes to stderr.
import type { Adapter, FixtureComponent } from '../../adapters/adapter.js';
import { resolveFixture } from '../runner/fixtures.js';

export interface ServeOptions {
  adapter: Adapter;
  host: string;
  fixture: string | FixtureComponent;
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** Runs until the client closes stdin (or a signal arrives) and the target has exited; returns its exit code. */
export async function serve(o: ServeOptions): Promise<number> {
  const stdin = o.stdin ?? process.stdin;
  const stdout = o.stdout ?? process.stdout;
  const stderr = o.stderr ?? process.stderr;
  await o.adapter.detect();
  const fixture = typeof o.fixture === 'string' ? resolveFixture(o.fixture) : o.fixture;
  const prepared = await o.adapter.prepare(fixture, o.host);
  const target = await o.adapter.start(prepared, o.host);
  target.stdout.pipe(stdout, { end: false });
  target.stderr.pipe(stderr, { end: false });
  stdin.pipe(target.stdin);
  // Closing stdin is the MCP stdio shutdown signal; a signal stops the target the same way.
  const stop = () => void target.stop();
  stdin.on('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const { code, signal } = await target.exited;
    return signal ? 1 : (code ?? 1);
  } finally {
    stdin.unpipe(target.stdin);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
