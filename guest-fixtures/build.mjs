// Builds the fixture components (docs/fixtures.md) with jco componentize --backend qjs
// from the one source in guest-fixtures/src (entry server.js), switching the
// constants of src/variant.js:
//   dist/reference.wasm  as is                      world fixture
//   dist/minimal.wasm    PROFILE = 'minimal'        world fixture
//   dist/caller.wasm     PROFILE = 'caller'         world caller (imports wasi:mcp/client)
//   dist/mutant.wasm     DEFECTS_ENABLED = true     world fixture
// then composes each with the virtual host (dist/NAME.composed.wasm) unless told
// not to, with the fixtures written in C (guest-fixtures/sandbox, aspects and c,
// each built by its own build.mjs), and writes their entries of dist/manifest.json.
// Usage: node guest-fixtures/build.mjs [--no-compose] [OUT_DIR]
// Plain Node ESM (Node >= 20). The WIT folder is assembled in a temporary
// directory: guest-fixtures/wit/ + the project's wit/ (wasi:mcp) + the WASI
// packages jco ships (lib/wit/builtin), so no WASI WIT is copied into the repo.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(join(root, 'package.json'));

const PROFILE_LINE = "export const PROFILE = 'reference';";
const DEFECTS_LINE = 'export const DEFECTS_ENABLED = false;';
/** Each fixture: its world (guest-fixtures/wit) and the lines of src/variant.js it replaces. */
const VARIANTS = {
  reference: { world: 'fixture', replacements: [] },
  minimal: { world: 'fixture', replacements: [[PROFILE_LINE, "export const PROFILE = 'minimal';"]] },
  caller: { world: 'caller', replacements: [[PROFILE_LINE, "export const PROFILE = 'caller';"]] },
  mutant: { world: 'fixture', replacements: [[DEFECTS_LINE, 'export const DEFECTS_ENABLED = true;']] },
};
const WASI_PACKAGES = [
  ['0.2.12', ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets']],
  ['0.3.0', ['clocks']],
];

/** A package's folder by Node's lookup of node_modules folders (its exports may hide package.json). */
function packageDir(name) {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`package ${name} not found: run npm install`);
}

function jcoPaths() {
  const pkgDir = packageDir('@bytecodealliance/jco');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.jco;
  return { dir: pkgDir, version: pkg.version, bin: join(pkgDir, bin) };
}

function qjsVersion() {
  try {
    return JSON.parse(readFileSync(join(packageDir('componentize-qjs'), 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function assembleWit(jcoDir, witDir) {
  mkdirSync(join(witDir, 'deps'), { recursive: true });
  for (const f of readdirSync(join(here, 'wit'))) {
    if (f.endsWith('.wit')) cpSync(join(here, 'wit', f), join(witDir, f));
  }
  const mcp = join(witDir, 'deps', 'mcp');
  mkdirSync(mcp);
  for (const f of readdirSync(join(root, 'wit'))) {
    if (f.endsWith('.wit')) cpSync(join(root, 'wit', f), join(mcp, f));
  }
  const builtin = join(jcoDir, 'lib', 'wit', 'builtin');
  for (const [version, names] of WASI_PACKAGES) {
    for (const name of names) {
      cpSync(join(builtin, version, 'wasi-' + name), join(witDir, 'deps', `${name}-${version}`), {
        recursive: true,
      });
    }
  }
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The sources of one fixture, copied into `dir` with its variant's constants. */
function writeSources(dir, replacements) {
  mkdirSync(dir, { recursive: true });
  const src = join(here, 'src');
  for (const f of readdirSync(src)) {
    if (!f.endsWith('.js')) continue;
    let text = readFileSync(join(src, f), 'utf8');
    if (f === 'variant.js') {
      for (const [from, to] of [[PROFILE_LINE, PROFILE_LINE], [DEFECTS_LINE, DEFECTS_LINE], ...replacements]) {
        if (text.split(from).length !== 2) {
          throw new Error(`guest-fixtures/src/variant.js must contain the line "${from}" exactly once`);
        }
        text = text.replace(from, to);
      }
    }
    writeFileSync(join(dir, f), text);
  }
  return join(dir, 'server.js');
}

/** The entries of an existing manifest for fixtures this script does not build. */
function othersOf(manifestFile) {
  if (!existsSync(manifestFile)) return {};
  const { fixtures = {} } = JSON.parse(readFileSync(manifestFile, 'utf8'));
  return Object.fromEntries(Object.entries(fixtures).filter(([name]) => !(name in VARIANTS)));
}

/** The wasi:mcp version of the project's WIT, and whether the virtual host's WIT imports it. */
function virtualHostMatches() {
  const types = readFileSync(join(root, 'wit', 'types.wit'), 'utf8');
  const version = /package wasi:mcp@([0-9.]+)/.exec(types)?.[1];
  const witDir = join(root, 'hosts', 'virtual', 'wit');
  const hostWit = readdirSync(witDir).filter((f) => f.endsWith('.wit')).map((f) => readFileSync(join(witDir, f), 'utf8')).join('\n');
  return { version, matches: version !== undefined && hostWit.includes(`wasi:mcp/server@${version}`) };
}

/**
 * Builds reference.wasm, minimal.wasm, caller.wasm, mutant.wasm and their
 * manifest.json entries into outDir and, unless `compose` is false, their
 * compositions with the virtual host (NAME.composed.wasm), then the fixtures
 * written in C (sandbox, aspects, and the C guest in outDir/c), composed with
 * the same host. Returns the manifest; without composition its entries have
 * no composed members.
 */
export async function buildFixtures(outDir = join(here, 'dist'), { compose = true, log = () => {} } = {}) {
  outDir = resolve(outDir);
  const jco = jcoPaths();
  if (compose) {
    const { version, matches } = virtualHostMatches();
    if (!matches) {
      throw new Error(
        `hosts/virtual/wit does not import wasi:mcp@${version}: the fixtures cannot be composed with it yet ` +
          '(build them alone with --no-compose, or { compose: false })',
      );
    }
  }
  const tmp = mkdtempSync(join(tmpdir(), 'wasi-mcp-fixtures-'));
  try {
    const witDir = join(tmp, 'wit');
    assembleWit(jco.dir, witDir);
    mkdirSync(outDir, { recursive: true });
    const fixtures = {};
    for (const [name, { world, replacements }] of Object.entries(VARIANTS)) {
      const dir = join(tmp, name);
      const entry = writeSources(dir, replacements);
      const out = join(outDir, `${name}.wasm`);
      log(`componentize ${name}`);
      execFileSync(
        process.execPath,
        [jco.bin, 'componentize', entry, '--backend', 'qjs', '-w', witDir, '-n', world, '-o', out],
        { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      fixtures[name] = { component: `${name}.wasm`, sha256: sha256(out) };
    }
    const builtWith = { jco: jco.version, 'componentize-qjs': qjsVersion() };
    if (compose) {
      // The same fixtures composed with the virtual host: wasi:cli commands for runtimes without native wasi:mcp.
      const hostDir = outDir === join(here, 'dist') ? join(root, 'hosts', 'virtual', 'dist') : join(outDir, 'virtual-host');
      const { buildVirtualHost } = await import(pathToFileURL(join(root, 'hosts', 'virtual', 'build.mjs')).href);
      const names = Object.keys(fixtures);
      for (const file of buildVirtualHost({ fixturesDir: outDir, outDir: hostDir, composedDir: outDir, fixtures: names, log })) {
        const name = basename(file, '.composed.wasm');
        if (file.endsWith('.composed.wasm') && fixtures[name]) {
          fixtures[name].composed = { component: basename(file), sha256: sha256(file) };
        }
      }
      const missing = names.filter((n) => !fixtures[n].composed);
      if (missing.length > 0) throw new Error(`the virtual host build composed no ${missing.join(', ')}`);
      builtWith['virtual-host'] = 'hosts/virtual (C, wit-bindgen c, clang-19, wac)';
      // The fixtures written in C, each composed with the same host.
      const host = join(hostDir, 'virtual-host.wasm');
      const { buildSandbox } = await import(pathToFileURL(join(here, 'sandbox', 'build.mjs')).href);
      const { buildAspects } = await import(pathToFileURL(join(here, 'aspects', 'build.mjs')).href);
      for (const [name, build] of [['sandbox', buildSandbox], ['aspects', buildAspects]]) {
        log(`build ${name}`);
        build(outDir, { log, host });
        fixtures[name] = { component: `${name}.wasm`, sha256: sha256(join(outDir, `${name}.wasm`)), composed: { component: `${name}.composed.wasm`, sha256: sha256(join(outDir, `${name}.composed.wasm`)) } };
      }
      const { buildCFixtures } = await import(pathToFileURL(join(here, 'c', 'build.mjs')).href);
      log('build the C guest (c/)');
      buildCFixtures(join(outDir, 'c'), { log });
      buildVirtualHost({ fixturesDir: join(outDir, 'c'), outDir: join(tmp, 'c-host'), composedDir: join(outDir, 'c'), fixtures: ['reference', 'minimal'], log });
    }
    const manifest = { fixtures: { ...othersOf(join(outDir, 'manifest.json')), ...fixtures }, built_with: builtWith };
    writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const invokedDirectly =
  process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const compose = !args.includes('--no-compose');
  const dirs = args.filter((a) => !a.startsWith('--'));
  const manifest = await buildFixtures(dirs[0], { compose, log: (m) => process.stderr.write(`fixtures: ${m}\n`) });
  process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
}
