// The composed fixtures wasmtime and jco run for the virtual host are built
// from the committed virtual host and fixtures: a composition left over from an
// older host would test that host instead. A composition embeds each component
// it plugs byte for byte, so containment of the current bytes is the check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const hostDist = join(root, 'hosts', 'virtual', 'dist');
const host = readFileSync(join(hostDist, 'virtual-host.wasm'));
const provider = readFileSync(join(hostDist, 'client-provider.wasm'));
const dirs = [join(root, 'guest-fixtures', 'dist'), join(root, 'guest-fixtures', 'dist', 'c')];
const compositions = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.composed.wasm')).map((f) => ({ dir, name: f.replace(/\.composed\.wasm$/, '') })));

describe('composed fixtures', () => {
  it('there are compositions to check', () => {
    expect(compositions.length).toBeGreaterThanOrEqual(6);
  });

  it.each(compositions.map((c) => [`${c.dir.endsWith('c') ? 'c/' : ''}${c.name}`, c] as const))('%s embeds the committed fixture and virtual host (rebuild: node hosts/virtual/build.mjs)', (_label, { dir, name }) => {
    const composed = readFileSync(join(dir, `${name}.composed.wasm`));
    const component = readFileSync(join(dir, `${name}.wasm`));
    expect(composed.includes(component), `${name}.composed.wasm holds another ${name}.wasm`).toBe(true);
    expect(composed.includes(host), `${name}.composed.wasm holds another virtual host`).toBe(true);
    if (component.includes(Buffer.from('wasi:mcp/client@'))) expect(composed.includes(provider), `${name}.composed.wasm holds another client provider`).toBe(true);
  });
});
