// A case's fixed cost: `lifecycle-ping` through the harness's runner next to
// a bare script doing the same exchange on the same target. Both spans are
// start..stop in this one process: the target is started through the same
// adapter, sent the same initialize, notifications/initialized and ping,
// and stopped; the runner adds only what the harness does around that.
import { adapters } from '../dist/adapters/index.js';
import { loadCases } from '../dist/harness/model/load-cases.js';
import { HARNESS_CLIENT_INFO, runCase } from '../dist/harness/runner/run-case.js';
import { resolveFixture } from '../dist/harness/runner/fixtures.js';
import { selectEras } from '../dist/harness/cli/main.js';
import { lineSplitter } from '../dist/harness/client/lines.js';
import { join } from 'node:path';

const CASE = 'lifecycle-ping';
const { versions: DEFAULT_VERSIONS } = selectEras('all');
const root = join(import.meta.dirname, '..');

/** Start, the exchange the case makes, stop: nothing else. */
async function bare(adapter, host, prepared) {
  const t0 = performance.now();
  const proc = await adapter.start(prepared, host, {});
  const waiting = new Map();
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', lineSplitter((line) => {
    const id = JSON.parse(line).id;
    waiting.get(id)?.();
  }));
  proc.stderr.resume();
  const answer = (id) => new Promise((resolve) => waiting.set(id, resolve));
  const send = (m) => proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
  const init = answer('harness-init');
  send({ id: 'harness-init', method: 'initialize', params: { protocolVersion: DEFAULT_VERSIONS.legacy, capabilities: {}, clientInfo: HARNESS_CLIENT_INFO } });
  await init;
  const pong = answer('ping-1');
  send({ method: 'notifications/initialized' });
  send({ id: 'ping-1', method: 'ping' });
  await pong;
  await proc.stop();
  return performance.now() - t0;
}

async function harness(adapter, host, prepared, c) {
  const t0 = performance.now();
  const r = await runCase(c, 'legacy', prepared, { adapter, host, timingScale: 1, versions: DEFAULT_VERSIONS });
  const ms = performance.now() - t0;
  if (r.outcome !== 'pass') throw new Error(`${CASE} on ${adapter.runtime}/${host}: ${r.outcome}: ${r.message}`);
  return ms;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternating runs (after one warm-up of each), medians and their ratio. */
export async function perCase(runtime, host, runs) {
  const adapter = adapters[runtime];
  const { cases } = await loadCases({ root: join(root, 'cases') });
  const c = cases.find((x) => x.id === CASE);
  await adapter.detect();
  const prepared = await adapter.prepare(resolveFixture(c.fixture), host);
  await bare(adapter, host, prepared);
  await harness(adapter, host, prepared, c);
  const b = [];
  const h = [];
  for (let i = 0; i < runs; i++) {
    b.push(await bare(adapter, host, prepared));
    h.push(await harness(adapter, host, prepared, c));
  }
  return { bare: median(b), harness: median(h), ratio: median(h) / median(b) };
}
