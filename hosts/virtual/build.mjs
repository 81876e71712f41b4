// Builds the virtual host (a wasi:mcp host written in C as a wasi:cli@0.3.0
// command component) and composes it with each fixture:
//   dist/virtual-host.wasm                      the host component
//   dist/stdout-redirect.wasm                   serves a fixture's stdout with stderr
//   dist/client-provider.wasm                   wasi:mcp/client over TCP (client/src)
//   dist/launcher.wasm                          runs the host with the provider's driver (client/launcher)
//   FIXTURES_DIR/NAME.composed.wasm             for every fixture of FIXTURES_DIR/manifest.json
//   defects.json                                the host's defects (from src/defects.c)
// Usage: node hosts/virtual/build.mjs [FIXTURES_DIR] [OUT_DIR]
// Run directly, it also records each composition in FIXTURES_DIR/manifest.json
// (`composed: {component, sha256}`).
// Plain Node ESM (Node >= 20). Tools: wit-bindgen (C generator), clang with a
// wasm32-wasi sysroot (Debian: clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32),
// jco (npm dependency, for `jco new`), wac (composition).
// The WIT folder is assembled in a temporary directory from hosts/virtual/wit,
// the project's wit/ (wasi:mcp) and the WASI 0.3.0 packages jco ships.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(join(root, 'package.json'));
const WORLD = 'virtual-host';
const WASI_030 = ['cli', 'clocks', 'filesystem', 'random', 'sockets'];
const WASI_0212 = ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets'];

class ToolMissing extends Error {}

/** First executable found among explicit paths, PATH and ~/.cargo/bin. */
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

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  } catch (e) {
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${e.status}):\n${out}`);
  }
}

/** The sysroot: a folder of two symlinks to Debian's wasi-libc, so no host headers leak in. */
function sysroot(tmp) {
  const inc = process.env.WASI_SYSROOT_INCLUDE ?? '/usr/include/wasm32-wasi';
  const lib = process.env.WASI_SYSROOT_LIB ?? '/usr/lib/wasm32-wasi';
  if (process.env.WASI_SYSROOT) return process.env.WASI_SYSROOT;
  for (const p of [inc, lib]) {
    if (!existsSync(p)) throw new ToolMissing(`wasi-libc not found at ${p}: apt-get install wasi-libc (or set WASI_SYSROOT to a wasi-sdk sysroot)`);
  }
  const dir = join(tmp, 'sysroot');
  mkdirSync(join(dir, 'include'), { recursive: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  symlinkSync(inc, join(dir, 'include', 'wasm32-wasi'));
  symlinkSync(lib, join(dir, 'lib', 'wasm32-wasi'));
  return dir;
}

/** WIT for the stdout redirect: redirect/*.wit + the WASI 0.2.12 and 0.3.0 packages jco ships. */
function assembleRedirectWit(jcoDir, witDir) {
  mkdirSync(join(witDir, 'deps'), { recursive: true });
  for (const f of readdirSync(join(here, 'redirect'))) if (f.endsWith('.wit')) cpSync(join(here, 'redirect', f), join(witDir, f));
  const builtin = join(jcoDir, 'lib', 'wit', 'builtin');
  for (const name of WASI_0212) cpSync(join(builtin, '0.2.12', `wasi-${name}`), join(witDir, 'deps', `${name}-0.2.12`), { recursive: true });
  for (const name of WASI_030) cpSync(join(builtin, '0.3.0', `wasi-${name}`), join(witDir, 'deps', `${name}-0.3.0`), { recursive: true });
}

/** WIT of ownDir (the host's wit/ or the provider's client/wit) + wasi:mcp + the WASI 0.3.0 packages jco ships. */
function assembleWit(jcoDir, witDir, ownDir = join(here, 'wit')) {
  mkdirSync(join(witDir, 'deps', 'mcp'), { recursive: true });
  for (const f of readdirSync(ownDir)) if (f.endsWith('.wit')) cpSync(join(ownDir, f), join(witDir, f));
  for (const f of readdirSync(join(root, 'wit'))) if (f.endsWith('.wit')) cpSync(join(root, 'wit', f), join(witDir, 'deps', 'mcp', f));
  const builtin = join(jcoDir, 'lib', 'wit', 'builtin', '0.3.0');
  for (const name of WASI_030) cpSync(join(builtin, `wasi-${name}`), join(witDir, 'deps', `${name}-0.3.0`), { recursive: true });
}

/** The defects table of src/defects.c as [{name, description}]. */
export function readDefects() {
  const src = readFileSync(join(here, 'src', 'defects.c'), 'utf8');
  const rows = [...src.matchAll(/^\s*\{D_[A-Z0-9_]+, "([a-z0-9-]+)", "((?:[^"\\]|\\.)*)"\},$/gm)];
  return rows.map((m) => ({ name: m[1], description: JSON.parse(`"${m[2]}"`) }));
}

/** Writes defects.json (the list the mutation runner reads) from src/defects.c. */
export function writeDefectsJson() {
  const file = join(here, 'defects.json');
  writeFileSync(file, JSON.stringify(readDefects(), null, 2) + '\n');
  return file;
}

/** Whether a component imports wasi:mcp/client (it then needs the client provider). */
/** The interfaces a component imports, from `jco wit`. */
function imports(jco, component) {
  const wit = run(process.execPath, [jco, 'wit', component]);
  return { client: /^\s*import wasi:mcp\/client@/m.test(wit), stdout: /^\s*import wasi:cli\/stdout@/m.test(wit) };
}

/** Names of the fixtures a manifest lists, else of the core components present. */
function fixtureNames(fixturesDir) {
  const manifest = join(fixturesDir, 'manifest.json');
  if (existsSync(manifest)) return Object.keys(JSON.parse(readFileSync(manifest, 'utf8')).fixtures ?? {});
  return readdirSync(fixturesDir).filter((f) => f.endsWith('.wasm') && !f.endsWith('.composed.wasm')).map((f) => f.slice(0, -5));
}

/**
 * Builds outDir/virtual-host.wasm (and the stdout redirect) and composes the
 * host with each fixture (`fixtures`, default: those of fixturesDir's
 * manifest) into composedDir/NAME.composed.wasm. Returns the paths it wrote.
 */
export function buildVirtualHost({
  fixturesDir = join(root, 'guest-fixtures', 'dist'),
  outDir = join(here, 'dist'),
  composedDir = fixturesDir,
  fixtures = fixtureNames(fixturesDir),
  log = () => {},
} = {}) {
  const wbg = findTool(['wit-bindgen'], 'WIT_BINDGEN', 'cargo install --locked wit-bindgen-cli (0.63 or newer, for C async)');
  const clang = findTool(['clang-19', 'clang'], 'CLANG', 'apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32');
  const wac = findTool(['wac'], 'WAC', 'cargo install --locked wac-cli (0.12 or newer, for p3 types)');
  const jcoDir = packageDir('@bytecodealliance/jco');
  const jcoPkg = JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8'));
  const jco = join(jcoDir, typeof jcoPkg.bin === 'string' ? jcoPkg.bin : jcoPkg.bin.jco);

  const tmp = mkdtempSync(join(tmpdir(), 'wasi-mcp-virtual-host-'));
  try {
    const root_ = sysroot(tmp);
    /**
     * wit-bindgen + clang + jco new: C sources and a world → a component.
     * `shared`: C files of the host's src/ compiled in too (JSON, defects).
     */
    const component = (name, witDir, world, srcDir, out, shared = []) => {
      const gen = join(tmp, `gen-${name}`);
      log(`wit-bindgen c (${world})`);
      run(wbg, ['c', witDir, '--world', world, '--out-dir', gen]);
      const base = world.replace(/-/g, '_');
      const core = join(tmp, `${name}.core.wasm`);
      const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c')).map((f) => join(srcDir, f));
      const hostSrc = join(here, 'src');
      log(`clang (${name})`);
      run(clang, [
        '--target=wasm32-wasi', `--sysroot=${root_}`, '-O2', '-std=c11', '-Wall', '-Wextra', '-mexec-model=reactor',
        `-I${gen}`, `-I${srcDir}`, ...(shared.length ? [`-I${hostSrc}`] : []),
        ...sources, ...shared.map((f) => join(hostSrc, f)), join(gen, `${base}.c`), join(gen, `${base}_component_type.o`),
        '-Wl,--strip-all', '-o', core,
      ]);
      log(`jco new (${name})`);
      run(process.execPath, [jco, 'new', core, '-o', out]);
      const wit = run(process.execPath, [jco, 'wit', out]);
      if (/wasi_snapshot_preview1/.test(wit)) throw new Error(`${out} imports wasi_snapshot_preview1 (libc stdio crept in):\n${wit}`);
      return out;
    };

    const hostWit = join(tmp, 'wit');
    assembleWit(jcoDir, hostWit);
    mkdirSync(outDir, { recursive: true });
    const host = component('host', hostWit, WORLD, join(here, 'src'), join(outDir, 'virtual-host.wasm'));
    const redirectWit = join(tmp, 'wit-redirect');
    assembleRedirectWit(jcoDir, redirectWit);
    const redirect = component('redirect', redirectWit, 'stdout-redirect', join(here, 'redirect'), join(outDir, 'stdout-redirect.wasm'));
    const clientWit = join(tmp, 'wit-client');
    assembleWit(jcoDir, clientWit, join(here, 'client', 'wit'));
    const provider = component('client-provider', clientWit, 'client-provider', join(here, 'client', 'src'),
      join(outDir, 'client-provider.wasm'), ['json.c', 'defects.c']);
    const launcher = component('launcher', clientWit, 'launcher', join(here, 'client', 'launcher'), join(outDir, 'launcher.wasm'));
    const written = [host, redirect, provider, launcher, writeDefectsJson()];
    for (const name of fixtures) {
      const fixture = join(fixturesDir, `${name}.wasm`);
      if (!existsSync(fixture)) {
        log(`skipping ${name}: ${fixture} does not exist`);
        continue;
      }
      // The fixture's own stdout (if it has one) goes to stderr; then the host is plugged in front of it.
      const uses = imports(jco, fixture);
      const quiet = uses.stdout ? join(tmp, `${name}.quiet.wasm`) : fixture;
      const composed = join(composedDir, `${name}.composed.wasm`);
      log(`wac plug ${name}`);
      if (uses.stdout) run(wac, ['plug', fixture, '--plug', redirect, '-o', quiet]);
      if (uses.client) {
        // A server that calls peers: the client provider serves its import, the launcher runs the provider's driver.
        log(`wac compose ${name} (with the client provider)`);
        run(wac, ['compose', join(here, 'client', 'with-peers.wac'),
          '--dep', `virtual:client-provider=${provider}`, '--dep', `virtual:guest=${quiet}`,
          '--dep', `virtual:host=${host}`, '--dep', `virtual:launcher=${launcher}`, '-o', composed]);
      } else {
        run(wac, ['plug', host, '--plug', quiet, '-o', composed]);
      }
      written.push(composed);
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Sets the `composed` entry of each composed fixture in fixturesDir/manifest.json. */
function recordCompositions(fixturesDir, files) {
  const file = join(fixturesDir, 'manifest.json');
  if (!existsSync(file)) return;
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  for (const f of files) {
    const name = f.endsWith('.composed.wasm') ? f.slice(f.lastIndexOf('/') + 1, -'.composed.wasm'.length) : undefined;
    if (!name || !manifest.fixtures?.[name] || dirname(f) !== fixturesDir) continue;
    const sha256 = createHash('sha256').update(readFileSync(f)).digest('hex');
    manifest.fixtures[name].composed = { component: `${name}.composed.wasm`, sha256 };
  }
  manifest.built_with = { ...manifest.built_with, 'virtual-host': 'hosts/virtual (C, wit-bindgen c, clang-19, wac)' };
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const [fixturesDir, outDir] = process.argv.slice(2);
    const dir = resolve(fixturesDir ?? join(root, 'guest-fixtures', 'dist'));
    const files = buildVirtualHost({
      fixturesDir: dir,
      ...(outDir ? { outDir: resolve(outDir) } : {}),
      log: (m) => process.stderr.write(`virtual host: ${m}\n`),
    });
    recordCompositions(dir, files);
    for (const f of files) process.stdout.write(`${f}\n`);
  } catch (e) {
    process.stderr.write(`virtual host build failed: ${e instanceof ToolMissing ? '' : '\n'}${e.message}\n`);
    process.exit(1);
  }
}
