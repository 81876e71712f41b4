// Drives a transpiled fixture directly (Node with JSPI) to exercise each
// cancellation path of wit/README.md on its own:
//   node cancel-paths.mjs <component.js> future|drop
// prints the fixture's cancellation observation as JSON.
const [modulePath, path] = process.argv.slice(2);
const { streaming } = await import(modulePath);

async function observation(label) {
  const call = await streaming.callTool('observations', JSON.stringify({ kind: 'cancellation', key: label }), new Promise(() => {}));
  while (!(await call.progress.read(16)).done);
  const outcome = await call.outcome;
  return JSON.parse(outcome.val.structuredContent);
}

let cancel;
const future = new Promise((resolve) => (cancel = resolve));
const call = await streaming.callTool('slow', JSON.stringify({ steps: 100, step_ms: 20, label: path }), future);
let reports = 0;
for (;;) {
  if (path === 'future' && reports === 3) cancel('stop');
  if (path === 'drop' && reports === 3) {
    await call.progress.return();
    break;
  }
  const { value, done } = await call.progress.read(16); // read(1) ends a record stream at once on jco 1.35
  if (done) break;
  reports += value.length;
}
await call.outcome;
await new Promise((r) => setTimeout(r, 100));
process.stdout.write(JSON.stringify(await observation(path)));
process.exit(0);
