// Harness overhead against the bare target: how long one `lifecycle-ping`
// case takes through the harness, next to the same exchange (start,
// initialize, ping, stop) driven by hand. Rerun: `npm run bench`.
//   node bench/overhead.mjs [runs=10]
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jcoAdapter } from '../dist/adapters/jco.js';
import { resolveFixture } from '../dist/harness/runner/fixtures.js';
import { lineSplitter } from '../dist/harness/client/lines.js';

const runs = Number(process.argv[2] ?? 10);
const root = join(import.meta.dirname, '..');

async function bare(prepared) {
  const t0 = performance.now();
  const proc = await jcoAdapter.start(prepared, 'native');
  const lines = [];
  const waitFor = (id) =>
    new Promise((resolve) => {
      const check = () => {
        if (lines.some((l) => JSON.parse(l).id === id)) resolve();
        else setTimeout(check, 1);
      };
      check();
    });
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', lineSplitter((l) => lines.push(l)));
  proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } })}\n`);
  await waitFor(1);
  proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}\n`);
  await waitFor(2);
  await proc.stop();
  return performance.now() - t0;
}

async function harness() {
  const out = mkdtempSync(join(tmpdir(), 'wmc-bench-'));
  await execa(process.execPath, [join(root, 'bin', 'wasi-mcp-conformance.js'), '--filter', 'lifecycle-ping', '--reporter', 'json', '--out', out], { cwd: root });
  return JSON.parse(readFileSync(join(out, 'results-jco-native.json'), 'utf8')).results[0].durationMs;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const prepared = await jcoAdapter.prepare(resolveFixture('reference'), 'native');
const b = [];
const h = [];
for (let i = 0; i < runs; i++) {
  b.push(await bare(prepared));
  h.push(await harness());
}
console.log(`runs: ${runs}`);
console.log(`bare target (start, initialize, ping, stop): median ${median(b).toFixed(0)} ms`);
console.log(`through the harness (one case):              median ${median(h).toFixed(0)} ms`);
console.log(`harness overhead per case:                   ${(median(h) - median(b)).toFixed(0)} ms`);
