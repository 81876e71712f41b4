// Drives a transpiled fixture through its exports (Node with JSPI):
//   node drive.mjs <transpiled component.js> reference|minimal|mutant [DEFECT]
// and prints one line `FIXTURE-FACTS <json>` of what it did. The mutant's
// defect reaches the guest as the TypeScript host passes it: the guest's
// environment, set with preview2-shim's _setEnv before the module loads.
const [modulePath, scenario, defect] = process.argv.slice(2);
if (defect !== undefined) {
  const cli = await import('@bytecodealliance/preview2-shim/cli');
  cli._setEnv({ WASI_MCP_FIXTURE_DEFECT: defect });
}
const guest = await import(modulePath);
const { run } = await import(`./${scenario === 'mutant' ? 'mutant' : scenario}.mjs`);
const facts = await run(guest, defect);
process.stdout.write(`\nFIXTURE-FACTS ${JSON.stringify(facts)}\n`);
process.exit(0);
