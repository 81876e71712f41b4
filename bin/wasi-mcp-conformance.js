#!/usr/bin/env node
// V8's code cache for the harness's own modules (Node 22.1+): a start, as `serve` as a peer does
// once per connection, compiles less.
import module from 'node:module';
module.enableCompileCache?.();
const { main } = await import('../dist/harness/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
