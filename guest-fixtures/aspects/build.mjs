// Builds the `aspects` fixture: the reference server of docs/fixtures.md as
// a chain of three components, each one aspect (wit/README.md, "Composing a
// server from aspects"):
//   tools      (world mcp-aspect)  lists and runs the tools
//   resources  (world mcp-aspect)  resources, templates, reads
//   prompts    (world mcp-server)  prompts, and who the server is
// composed with `wac plug` as tools <- resources <- prompts into
//   OUT_DIR/aspects.wasm            the fixture (a wasi:mcp server component)
//   OUT_DIR/aspects.composed.wasm   it and the virtual host, a wasi:cli command
// and, when OUT_DIR is guest-fixtures/dist, its entry in manifest.json.
// Usage: node guest-fixtures/aspects/build.mjs [OUT_DIR]   (default guest-fixtures/dist)
// Plain Node ESM (Node >= 20). Tools: wit-bindgen (C generator, 0.63 or newer),
// clang with a wasm32-wasi sysroot (Debian: clang-19 lld-19 wasi-libc
// libclang-rt-19-dev-wasm32; or WASI_SYSROOT, CLANG), jco (npm dependency, for
// `jco new` and `jco wit`), wac (composition). The virtual host is taken as
// built (hosts/virtual/dist/virtual-host.wasm, or VIRTUAL_HOST). The build is
// byte-reproducible: the same tools and host give the same files.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(join(root, 'package.json'));
const distDir = join(root, 'guest-fixtures', 'dist');

const MCP = 'wasi:mcp/types@0.2.0';
const SERVER = 'wasi:mcp/server@0.2.0';
const STREAMING = 'wasi:mcp/streaming@0.2.0';
const CLOCKS = ['wasi:clocks/monotonic-clock@0.3.0', 'wasi:clocks/types@0.3.0'];
/** Where the aspects with a next one read WASI_MCP_FIXTURE_DEFECT (docs/fixtures.md, "Aspects defects"). */
const ENVIRONMENT = 'wasi:cli/environment@0.3.0';
/** The WASI 0.3.0 packages jco ships that the worlds need (wasi:cli's own world names the others). */
const WASI_PACKAGES = ['cli', 'clocks', 'filesystem', 'random', 'sockets'];

/**
 * The three aspects, innermost last: the source folders each is compiled
 * from, and the interfaces it must import (each exports server and
 * streaming). The world of each is renamed `fixture` in the bindings, as the
 * C fixture's is, so that the aspects' sources and the C fixture's name one
 * set of generated functions: `shared` are the C fixture's sources
 * (guest-fixtures/c/src) that an aspect compiles as they are.
 */
const SHARED = ['json.c', 'call.c', 'data.c', 'roundtrip.c'];
export const ASPECTS = {
  tools: { dirs: ['common', 'chain', 'tools'], shared: SHARED, imports: [ENVIRONMENT, ...CLOCKS, MCP, SERVER, STREAMING] },
  resources: { dirs: ['common', 'chain', 'resources'], shared: [...SHARED, 'body.c'], imports: [ENVIRONMENT, ...CLOCKS, MCP, SERVER, STREAMING] },
  prompts: { dirs: ['common', 'prompts'], shared: [...SHARED, 'prompts.c'], imports: [MCP] },
};
const cSources = join(root, 'guest-fixtures', 'c', 'src');

class ToolMissing extends Error {}

function findTool(names, envVar, hint) {
  const candidates = [];
  if (envVar && process.env[envVar]) candidates.push(process.env[envVar]);
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), join(homedir(), '.cargo', 'bin'), '/usr/bin', '/usr/local/bin'];
  for (const name of names) for (const d of dirs) candidates.push(join(d, name));
  for (const c of candidates) if (existsSync(c)) return c;
  throw new ToolMissing(`${names[0]} not found (looked at ${envVar ? `$${envVar}, ` : ''}PATH and ~/.cargo/bin): ${hint}`);
}

function packageDir(name) {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new ToolMissing(`npm package ${name} not found: run npm install in ${root}`);
}

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${e.status}):\n${out}`);
  }
}

/** A sysroot of two symlinks to Debian's wasi-libc, so no host headers leak in. */
function sysroot(tmp) {
  if (process.env.WASI_SYSROOT) return process.env.WASI_SYSROOT;
  const inc = process.env.WASI_SYSROOT_INCLUDE ?? '/usr/include/wasm32-wasi';
  const lib = process.env.WASI_SYSROOT_LIB ?? '/usr/lib/wasm32-wasi';
  for (const p of [inc, lib]) {
    if (!existsSync(p)) throw new ToolMissing(`wasi-libc not found at ${p}: apt-get install wasi-libc (or set WASI_SYSROOT)`);
  }
  const dir = join(tmp, 'sysroot');
  mkdirSync(join(dir, 'include'), { recursive: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  symlinkSync(inc, join(dir, 'include', 'wasm32-wasi'));
  symlinkSync(lib, join(dir, 'lib', 'wasm32-wasi'));
  return dir;
}

/** aspects/wit, the project's wit/ (wasi:mcp) and the WASI 0.3.0 packages jco ships. */
function assembleWit(jcoDir, witDir) {
  mkdirSync(join(witDir, 'deps', 'mcp'), { recursive: true });
  for (const f of readdirSync(join(here, 'wit'))) if (f.endsWith('.wit')) cpSync(join(here, 'wit', f), join(witDir, f));
  for (const f of readdirSync(join(root, 'wit'))) if (f.endsWith('.wit')) cpSync(join(root, 'wit', f), join(witDir, 'deps', 'mcp', f));
  for (const p of WASI_PACKAGES) {
    cpSync(join(jcoDir, 'lib', 'wit', 'builtin', '0.3.0', `wasi-${p}`), join(witDir, 'deps', `${p}-0.3.0`), { recursive: true });
  }
}

/** The imports and exports of a component, from `jco wit`. */
export function interfacesOf(jco, file) {
  const wit = run(process.execPath, [jco, 'wit', file]);
  const names = (kind) => [...wit.matchAll(new RegExp(`^\\s*${kind} ([^;]+);`, 'gm'))].map((m) => m[1].trim()).sort();
  return { imports: names('import'), exports: names('export') };
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Sets the aspects entry of outDir/manifest.json, leaving the others as they are. */
function recordInManifest(outDir, fixture, composed) {
  const file = join(outDir, 'manifest.json');
  if (!existsSync(file)) return;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.fixtures.aspects = {
    component: 'aspects.wasm',
    sha256: sha256(fixture),
    composed: { component: 'aspects.composed.wasm', sha256: sha256(composed) },
  };
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Builds the three aspects, composes them into outDir/aspects.wasm and that
 * with the virtual host into outDir/aspects.composed.wasm. Returns the paths
 * it wrote (the aspects alone too, when keepParts is a folder to put them in).
 */
export function buildAspects(outDir = distDir, { log = () => {}, keepParts, host = process.env.VIRTUAL_HOST ?? join(root, 'hosts', 'virtual', 'dist', 'virtual-host.wasm') } = {}) {
  const wbg = findTool(['wit-bindgen'], 'WIT_BINDGEN', 'cargo install --locked wit-bindgen-cli (0.63 or newer, for C async)');
  const clang = findTool(['clang-19', 'clang'], 'CLANG', 'apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32');
  const wac = findTool(['wac'], 'WAC', 'cargo install --locked wac-cli (0.12 or newer, for p3 types)');
  if (!existsSync(host)) throw new ToolMissing(`the virtual host ${host} does not exist: node hosts/virtual/build.mjs`);
  const jcoDir = packageDir('@bytecodealliance/jco');
  const jcoPkg = JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8'));
  const jco = join(jcoDir, typeof jcoPkg.bin === 'string' ? jcoPkg.bin : jcoPkg.bin.jco);

  const tmp = mkdtempSync(join(tmpdir(), 'wasi-mcp-aspects-'));
  try {
    const sys = sysroot(tmp);
    const witDir = join(tmp, 'wit');
    assembleWit(jcoDir, witDir);
    const parts = {};
    for (const [name, { dirs, shared, imports }] of Object.entries(ASPECTS)) {
      const gen = join(tmp, `gen-${name}`);
      log(`wit-bindgen c (${name})`);
      run(wbg, ['c', witDir, '--world', name, '--rename-world', 'fixture', '--out-dir', gen]);
      const srcDirs = dirs.map((d) => join(here, 'src', d));
      const sources = [...srcDirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.c')).sort().map((f) => join(d, f))), ...shared.map((f) => join(cSources, f))];
      const core = join(tmp, `${name}.core.wasm`);
      log(`clang (${name})`);
      run(clang, [
        '--target=wasm32-wasi', `--sysroot=${sys}`, '-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-mexec-model=reactor',
        // Paths must not leak into the binary, so that builds compare byte for byte.
        `-ffile-prefix-map=${tmp}=.`, `-ffile-prefix-map=${here}=.`, `-ffile-prefix-map=${cSources}=./c`,
        // The aspect's own headers first; the C fixture's for the shared sources.
        `-I${gen}`, ...srcDirs.map((d) => `-I${d}`), `-I${cSources}`, ...sources, join(gen, 'fixture.c'), join(gen, 'fixture_component_type.o'),
        '-Wl,--strip-all', '-o', core,
      ]);
      const out = join(keepParts ?? tmp, `${name}.wasm`);
      log(`jco new (${name})`);
      run(process.execPath, [jco, 'new', core, '-o', out]);
      const got = interfacesOf(jco, out);
      const want = { imports: [...imports].sort(), exports: [SERVER, STREAMING] };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        throw new Error(`${name} should import ${want.imports.join(', ')} and export ${want.exports.join(', ')}; it has ${JSON.stringify(got)}`);
      }
      parts[name] = out;
    }

    mkdirSync(outDir, { recursive: true });
    const inner = join(tmp, 'resources-prompts.wasm');
    const fixture = join(outDir, 'aspects.wasm');
    const composed = join(outDir, 'aspects.composed.wasm');
    log('wac plug resources <- prompts, tools <- (resources <- prompts)');
    run(wac, ['plug', parts.resources, '--plug', parts.prompts, '-o', inner]);
    run(wac, ['plug', parts.tools, '--plug', inner, '-o', fixture]);
    const whole = interfacesOf(jco, fixture);
    const stray = whole.imports.filter((i) => ![ENVIRONMENT, ...CLOCKS, MCP].includes(i));
    if (stray.length) throw new Error(`${fixture} imports more than the environment, the monotonic clock and types: ${stray.join(', ')}`);
    // The aspects import no stdout, so the host is plugged in front of them directly.
    log('wac plug virtual-host <- aspects');
    run(wac, ['plug', host, '--plug', fixture, '-o', composed]);
    if (resolve(outDir) === distDir) recordInManifest(outDir, fixture, composed);
    return [...(keepParts ? Object.values(parts) : []), fixture, composed];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const [outDir] = process.argv.slice(2);
    const files = buildAspects(outDir ? resolve(outDir) : undefined, { log: (m) => process.stderr.write(`aspects: ${m}\n`) });
    for (const f of files) process.stdout.write(`${f}\n`);
  } catch (e) {
    process.stderr.write(`aspects build failed: ${e instanceof ToolMissing ? '' : '\n'}${e.message}\n`);
    process.exit(1);
  }
}
