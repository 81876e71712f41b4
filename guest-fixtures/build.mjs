// Builds the fixture components (docs/fixtures.md) with jco componentize --backend qjs:
//   dist/reference.wasm  guest-fixtures/src/server.js as is
//   dist/mutant.wasm     the same source with DEFECTS_ENABLED = true
// and dist/manifest.json. Usage: node guest-fixtures/build.mjs [OUT_DIR]
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

const DEFECTS_LINE = 'const DEFECTS_ENABLED = false;';
const WORLD = 'fixture';
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

/** Builds reference.wasm, mutant.wasm and manifest.json into outDir; returns the manifest. */
export async function buildFixtures(outDir = join(here, 'dist')) {
  outDir = resolve(outDir);
  const jco = jcoPaths();
  const source = readFileSync(join(here, 'src', 'server.js'), 'utf8');
  if (source.split(DEFECTS_LINE).length !== 2) {
    throw new Error(`guest-fixtures/src/server.js must contain the line "${DEFECTS_LINE}" exactly once`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'wasi-mcp-fixtures-'));
  try {
    const witDir = join(tmp, 'wit');
    assembleWit(jco.dir, witDir);
    mkdirSync(outDir, { recursive: true });
    const variants = {
      reference: source,
      mutant: source.replace(DEFECTS_LINE, 'const DEFECTS_ENABLED = true;'),
    };
    const fixtures = {};
    for (const [name, text] of Object.entries(variants)) {
      const js = join(tmp, `${name}.js`);
      writeFileSync(js, text);
      const out = join(outDir, `${name}.wasm`);
      execFileSync(
        process.execPath,
        [jco.bin, 'componentize', js, '--backend', 'qjs', '-w', witDir, '-n', WORLD, '-o', out],
        { cwd: tmp, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      fixtures[name] = { component: `${name}.wasm`, sha256: sha256(out) };
    }
    // The same fixtures composed with the virtual host: wasi:cli commands for runtimes without native wasi:mcp.
    const hostDir = outDir === join(here, 'dist') ? join(root, 'hosts', 'virtual', 'dist') : join(outDir, 'virtual-host');
    const { buildVirtualHost } = await import(pathToFileURL(join(root, 'hosts', 'virtual', 'build.mjs')).href);
    for (const file of buildVirtualHost({ fixturesDir: outDir, outDir: hostDir, composedDir: outDir })) {
      if (file.endsWith('.composed.wasm')) {
        const name = basename(file, '.composed.wasm');
        fixtures[name].composed = { component: basename(file), sha256: sha256(file) };
      }
    }
    const manifest = {
      fixtures,
      built_with: { jco: jco.version, 'componentize-qjs': qjsVersion(), 'virtual-host': 'hosts/virtual (C, wit-bindgen c, clang-19, wac)' },
    };
    writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const invokedDirectly =
  process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  const manifest = await buildFixtures(process.argv[2]);
  process.stdout.write(JSON.stringify(manifest, null, 2) + '\n');
}
