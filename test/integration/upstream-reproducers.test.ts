// The reproducers in docs/upstream/ are what the expectations files cite for
// known runtime bugs. Each one must still build, run correctly on wasmtime and
// show its bug on the pinned jco: when a jco release fixes a bug, this test
// fails, and the expectations entries that cite it are due for removal.
import { execa } from 'execa';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './cli.js';

const upstream = join(root, 'docs', 'upstream');
const scripts = readdirSync(upstream, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => readdirSync(join(upstream, name)).includes('reproduce.sh'));

describe('docs/upstream reproducers', () => {
  it('there are reproducers to run', () => {
    expect(scripts).toEqual(expect.arrayContaining(['jco-deferred-call-task-meta', 'jco-future-own-handle', 'jco-trap-in-composed-command']));
  });

  for (const name of scripts) {
    it(`${name}: builds, runs as specified on wasmtime, shows the bug on jco (exit 1)`, async () => {
      const r = await execa('bash', [join(upstream, name, 'reproduce.sh')], { cwd: root, reject: false, timeout: 240_000, env: { RUNS: '2' } });
      // 0 would mean jco no longer has the bug; 2 that the reproducer itself broke.
      expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(1);
      // wasmtime runs the same component as the Component Model says (returns, or traps).
      expect(r.stdout).toMatch(/^wasmtime: (run returned ok|exit \d+, wasm trap)/m);
    }, 300_000);
  }
});
