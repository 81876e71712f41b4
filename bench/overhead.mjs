// `npm run bench`: a case's fixed cost through the harness against a bare
// script (target ≤ 1.2×), and the whole suite's wall time against its floor
// (target ≤ 1.3×), on jco/native and wasmtime/virtual. docs/performance.md
// says what each figure spans.
//   node bench/overhead.mjs [--runs N] [--jobs J] [--targets jco/native,wasmtime/virtual] [--no-suite]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { perCase } from './per-case.mjs';
import { suite } from './suite.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, jobs: { type: 'string', default: '2' }, targets: { type: 'string', default: 'jco/native,wasmtime/virtual' }, 'no-suite': { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const jobs = Number(values.jobs);
const targets = values.targets.split(',').map((t) => t.split('/'));
const PER_CASE_TARGET = 1.2;
const SUITE_TARGET = 1.3;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const ms = (x) => `${x.toFixed(0)} ms`.padStart(9);
const verdict = (ratio, target) => (ratio <= target ? `≤ ${target} ok` : `> ${target} OVER`);
let over = false;

console.log(`load average at start: ${load()}`);
console.log(`\nper case (lifecycle-ping, start..stop, medians of ${runs} alternating runs)`);
for (const [runtime, host] of targets) {
  const r = await perCase(runtime, host, runs);
  over ||= r.ratio > PER_CASE_TARGET;
  console.log(`  ${`${runtime}/${host}`.padEnd(18)} bare ${ms(r.bare)}  harness ${ms(r.harness)}  ratio ${r.ratio.toFixed(2)}  ${verdict(r.ratio, PER_CASE_TARGET)}`);
}
if (!values['no-suite']) {
  console.log(`\nwhole suite (--jobs ${jobs}; floor = longest case + required waits ÷ jobs)`);
  for (const [runtime, host] of targets) {
    const s = await suite(runtime, host, jobs);
    over ||= s.ratio > SUITE_TARGET;
    const outcomes = Object.entries(s.outcomes).map(([k, v]) => `${v} ${k}`).join(', ');
    console.log(`  ${`${runtime}/${host}`.padEnd(18)} wall ${ms(s.wall)}  floor ${ms(s.floor)} (longest ${s.longest.toFixed(0)} + waits ${s.waits.toFixed(0)} ÷ ${jobs})  ratio ${s.ratio.toFixed(2)}  ${verdict(s.ratio, SUITE_TARGET)}  [${s.runs} runs: ${outcomes}]`);
  }
}
console.log(`\nload average at end: ${load()}`);
process.exitCode = over ? 1 : 0;
