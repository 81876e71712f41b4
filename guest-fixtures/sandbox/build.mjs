// Builds the `sandbox` fixture (docs/fixtures.md, "The sandbox fixture"): a
// wasi:mcp server in C whose one tool reports what the component can reach
// of its host through WASI 0.2 and 0.3 (files, preopens, environment,
// network).
//   OUT_DIR/sandbox.wasm            the fixture (a wasi:mcp server component)
//   OUT_DIR/sandbox.composed.wasm   it and the virtual host, a wasi:cli command
// and, when OUT_DIR is guest-fixtures/dist, its entry in manifest.json.
// Usage: node guest-fixtures/sandbox/build.mjs [OUT_DIR]   (default guest-fixtures/dist)
// Plain Node ESM (Node >= 20). Tools: wit-bindgen (C generator, 0.63 or newer),
// clang with a wasm32-wasi sysroot (Debian: clang-19 lld-19 wasi-libc
// libclang-rt-19-dev-wasm32; or WASI_SYSROOT, CLANG), jco (npm dependency, for
// `jco new`, `jco wit` and the WASI WIT packages it ships), wac (composition).
// The virtual host is taken as built (hosts/virtual/dist/virtual-host.wasm,
// or VIRTUAL_HOST). The build is byte-reproducible: the same tools and host
// give the same files.

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
const WORLD = 'sandbox';

/** The WASI packages the world uses, by release (each with what it depends on). */
const WASI = { '0.2.12': ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets'], '0.3.0': ['cli', 'clocks', 'filesystem', 'random', 'sockets'] };

/** Exactly what the fixture imports: what it probes, and what those interfaces use. */
export const IMPORTS = [
  'wasi:cli/environment@0.2.12',
  'wasi:filesystem/preopens@0.2.12',
  'wasi:filesystem/types@0.2.12',
  'wasi:io/poll@0.2.12',
  'wasi:io/streams@0.2.12',
  'wasi:sockets/instance-network@0.2.12',
  'wasi:sockets/ip-name-lookup@0.2.12',
  'wasi:sockets/network@0.2.12',
  'wasi:sockets/tcp-create-socket@0.2.12',
  'wasi:sockets/tcp@0.2.12',
  'wasi:sockets/udp-create-socket@0.2.12',
  'wasi:sockets/udp@0.2.12',
  'wasi:cli/environment@0.3.0',
  'wasi:filesystem/preopens@0.3.0',
  'wasi:filesystem/types@0.3.0',
  'wasi:sockets/ip-name-lookup@0.3.0',
  'wasi:sockets/types@0.3.0',
  'wasi:mcp/types@0.2.0',
].sort();
const EXPORTS = ['wasi:mcp/server@0.2.0', 'wasi:mcp/streaming@0.2.0'];

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

/** sandbox/wit, the project's wit/ (wasi:mcp) and the WASI 0.2.12 and 0.3.0 packages jco ships. */
function assembleWit(jcoDir, witDir) {
  mkdirSync(join(witDir, 'deps', 'mcp'), { recursive: true });
  for (const f of readdirSync(join(here, 'wit'))) if (f.endsWith('.wit')) cpSync(join(here, 'wit', f), join(witDir, f));
  for (const f of readdirSync(join(root, 'wit'))) if (f.endsWith('.wit')) cpSync(join(root, 'wit', f), join(witDir, 'deps', 'mcp', f));
  for (const [version, packages] of Object.entries(WASI)) {
    for (const p of packages) {
      cpSync(join(jcoDir, 'lib', 'wit', 'builtin', version, `wasi-${p}`), join(witDir, 'deps', `${p}-${version}`), { recursive: true });
    }
  }
}

/** The imports and exports of a component, from `jco wit`. */
function interfacesOf(jco, file) {
  const wit = run(process.execPath, [jco, 'wit', file]);
  const names = (kind) => [...wit.matchAll(new RegExp(`^\\s*${kind} ([^;]+);`, 'gm'))].map((m) => m[1].trim()).sort();
  return { imports: names('import'), exports: names('export') };
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Sets the sandbox entry of outDir/manifest.json, leaving the others as they are. */
function recordInManifest(outDir, fixture, composed) {
  const file = join(outDir, 'manifest.json');
  if (!existsSync(file)) return;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  manifest.fixtures.sandbox = {
    component: 'sandbox.wasm',
    sha256: sha256(fixture),
    composed: { component: 'sandbox.composed.wasm', sha256: sha256(composed) },
  };
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
}

/** Builds outDir/sandbox.wasm and its composition with the virtual host. Returns the paths it wrote. */
export function buildSandbox(outDir = distDir, { log = () => {}, host = process.env.VIRTUAL_HOST ?? join(root, 'hosts', 'virtual', 'dist', 'virtual-host.wasm') } = {}) {
  const wbg = findTool(['wit-bindgen'], 'WIT_BINDGEN', 'cargo install --locked wit-bindgen-cli (0.63 or newer, for C async)');
  const clang = findTool(['clang-19', 'clang'], 'CLANG', 'apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32');
  const wac = findTool(['wac'], 'WAC', 'cargo install --locked wac-cli (0.12 or newer, for p3 types)');
  if (!existsSync(host)) throw new ToolMissing(`the virtual host ${host} does not exist: node hosts/virtual/build.mjs`);
  const jcoDir = packageDir('@bytecodealliance/jco');
  const jcoPkg = JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8'));
  const jco = join(jcoDir, typeof jcoPkg.bin === 'string' ? jcoPkg.bin : jcoPkg.bin.jco);

  const tmp = mkdtempSync(join(tmpdir(), 'wasi-mcp-sandbox-'));
  try {
    const sys = sysroot(tmp);
    const witDir = join(tmp, 'wit');
    assembleWit(jcoDir, witDir);
    const gen = join(tmp, 'gen');
    log('wit-bindgen c');
    run(wbg, ['c', witDir, '--world', WORLD, '--out-dir', gen]);
    const srcDir = join(here, 'src');
    const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c')).sort().map((f) => join(srcDir, f));
    const core = join(tmp, 'sandbox.core.wasm');
    log('clang');
    run(clang, [
      '--target=wasm32-wasi', `--sysroot=${sys}`, '-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-mexec-model=reactor',
      // Paths must not leak into the binary, so that builds compare byte for byte.
      `-ffile-prefix-map=${tmp}=.`, `-ffile-prefix-map=${here}=.`,
      `-I${gen}`, `-I${srcDir}`, ...sources, join(gen, `${WORLD}.c`), join(gen, `${WORLD}_component_type.o`),
      '-Wl,--strip-all', '-o', core,
    ]);
    mkdirSync(outDir, { recursive: true });
    const fixture = join(outDir, 'sandbox.wasm');
    const composed = join(outDir, 'sandbox.composed.wasm');
    log('jco new');
    run(process.execPath, [jco, 'new', core, '-o', fixture]);
    const got = interfacesOf(jco, fixture);
    const want = { imports: IMPORTS, exports: EXPORTS };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`${fixture} should import ${want.imports.join(', ')} and export ${want.exports.join(', ')}; it has ${JSON.stringify(got)}`);
    }
    // The fixture imports no stdout, so the host is plugged in front of it directly.
    log('wac plug virtual-host <- sandbox');
    run(wac, ['plug', host, '--plug', fixture, '-o', composed]);
    if (resolve(outDir) === distDir) recordInManifest(outDir, fixture, composed);
    return [fixture, composed];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const [outDir] = process.argv.slice(2);
    const files = buildSandbox(outDir ? resolve(outDir) : undefined, { log: (m) => process.stderr.write(`sandbox: ${m}\n`) });
    for (const f of files) process.stdout.write(`${f}\n`);
  } catch (e) {
    process.stderr.write(`sandbox build failed: ${e instanceof ToolMissing ? '' : '\n'}${e.message}\n`);
    process.exit(1);
  }
}
