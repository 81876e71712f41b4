// The boundaries that keep the oracle independent of what it judges, and the
// runner free of runtimes: the hosts share no code with the checker (a bug they
// shared would be invisible to every case), and everything that depends on a
// runtime sits behind the adapter interface and the registry.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'dist' || name === 'node_modules' ? [] : sources(p);
    return /\.(ts|mts|mjs|js)$/.test(name) ? [p] : [];
  });
}

/** What a file imports: repository-relative paths for relative imports, package names otherwise. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map(([, spec]) =>
    spec!.startsWith('.') ? relative(root, resolve(dirname(file), spec!)) : spec!,
  );
}

const hostFiles = sources(join(root, 'hosts'));
const harnessFiles = sources(join(root, 'harness'));

describe('architecture', () => {
  it('finds the sources it checks', () => {
    expect(hostFiles.length).toBeGreaterThan(20);
    expect(harnessFiles.length).toBeGreaterThan(20);
  });

  it('the hosts import nothing from the checker, the adapters, the mutation runner or an MCP SDK', () => {
    const crossings = hostFiles.flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(harness|adapters|mutation|test)\//.test(i) || i.startsWith('@modelcontextprotocol/'))
        .map((i) => `${relative(root, f)} imports ${i}`),
    );
    expect(crossings).toEqual([]);
  });

  it('the checker imports nothing from the hosts', () => {
    const crossings = harnessFiles.flatMap((f) => importsOf(f).filter((i) => i.startsWith('hosts/')).map((i) => `${relative(root, f)} imports ${i}`));
    expect(crossings).toEqual([]);
  });

  it('the harness reaches runtimes only through the adapter interface and the registry', () => {
    // adapter: the interface; index: the registry; command: the adapter a --server-command names;
    // user-component: checking a --component file; paths and process: where the package is, and
    // starting a peer script as a process group.
    const allowed = new Set(['adapter', 'index', 'command', 'user-component', 'paths', 'process'].map((m) => `adapters/${m}.js`));
    const other = harnessFiles.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('adapters/') && !allowed.has(i))
        .map((i) => `${relative(root, f)} imports ${i}`),
    );
    expect(other).toEqual([]);
    // Nor does it import a runtime's packages itself.
    const packages = harnessFiles.flatMap((f) => importsOf(f).filter((i) => i.startsWith('@bytecodealliance/')).map((i) => `${relative(root, f)} imports ${i}`));
    expect(packages).toEqual([]);
  });

  it('no runtime or composition tool is named in the harness, in code or comments', () => {
    const named = harnessFiles.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\b(jco|wasmtime|wamr|iwasm|wac)\b/i.test(line) ? [`${relative(root, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(named).toEqual([]);
  });
});
