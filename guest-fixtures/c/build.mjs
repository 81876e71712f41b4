// Builds the C fixture components (docs/fixtures.md), written independently
// of the JavaScript ones against the same contract:
//   OUT_DIR/reference.wasm   the reference server
//   OUT_DIR/minimal.wasm     the same sources with -DPROFILE_MINIMAL
// Usage: node guest-fixtures/c/build.mjs [OUT_DIR]   (default guest-fixtures/dist/c)
// Plain Node ESM (Node >= 20). Tools: wit-bindgen (C generator, 0.63 or newer),
// clang with a wasm32-wasi sysroot (Debian: clang-19 lld-19 wasi-libc
// libclang-rt-19-dev-wasm32; or WASI_SYSROOT, CLANG), jco (npm dependency, for
// `jco new`). The WIT folder is assembled in a temporary directory from c/wit,
// the project's wit/ (wasi:mcp) and the WASI 0.3.0 clocks package jco ships.
// The build is byte-reproducible: the same tools give the same files.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(join(root, 'package.json'));
const WORLD = 'fixture';
/** Each fixture and the defines that select its profile. */
const PROFILES = { reference: [], minimal: ['-DPROFILE_MINIMAL'] };
/** The only imports a C fixture may have (the types interfaces come with what it uses). */
const ALLOWED_IMPORTS = [/^wasi:clocks\/(monotonic-clock|types)@0\.3\.0$/, /^wasi:mcp\/types@0\.2\.0$/];

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

function assembleWit(jcoDir, witDir) {
  mkdirSync(join(witDir, 'deps', 'mcp'), { recursive: true });
  for (const f of readdirSync(join(here, 'wit'))) if (f.endsWith('.wit')) cpSync(join(here, 'wit', f), join(witDir, f));
  for (const f of readdirSync(join(root, 'wit'))) if (f.endsWith('.wit')) cpSync(join(root, 'wit', f), join(witDir, 'deps', 'mcp', f));
  const clocks = join(jcoDir, 'lib', 'wit', 'builtin', '0.3.0', 'wasi-clocks');
  cpSync(clocks, join(witDir, 'deps', 'clocks-0.3.0'), { recursive: true });
}

/** The interfaces a component imports, from `jco wit`. */
function importsOf(jco, file) {
  const wit = run(process.execPath, [jco, 'wit', file]);
  return [...wit.matchAll(/^\s*import ([^;]+);/gm)].map((m) => m[1].trim());
}

/**
 * Builds outDir/reference.wasm and outDir/minimal.wasm from guest-fixtures/c.
 * Returns the paths it wrote.
 */
export function buildCFixtures(outDir = join(root, 'guest-fixtures', 'dist', 'c'), { log = () => {} } = {}) {
  const wbg = findTool(['wit-bindgen'], 'WIT_BINDGEN', 'cargo install --locked wit-bindgen-cli (0.63 or newer, for C async)');
  const clang = findTool(['clang-19', 'clang'], 'CLANG', 'apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32');
  const jcoDir = packageDir('@bytecodealliance/jco');
  const jcoPkg = JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8'));
  const jco = join(jcoDir, typeof jcoPkg.bin === 'string' ? jcoPkg.bin : jcoPkg.bin.jco);

  const tmp = mkdtempSync(join(tmpdir(), 'wasi-mcp-c-fixtures-'));
  try {
    const sys = sysroot(tmp);
    const witDir = join(tmp, 'wit');
    assembleWit(jcoDir, witDir);
    const gen = join(tmp, 'gen');
    log('wit-bindgen c');
    run(wbg, ['c', witDir, '--world', WORLD, '--out-dir', gen]);
    const srcDir = join(here, 'src');
    const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c')).sort().map((f) => join(srcDir, f));
    mkdirSync(outDir, { recursive: true });
    const written = [];
    for (const [name, defines] of Object.entries(PROFILES)) {
      const core = join(tmp, `${name}.core.wasm`);
      log(`clang (${name})`);
      run(clang, [
        '--target=wasm32-wasi', `--sysroot=${sys}`, '-O2', '-std=c11', '-Wall', '-Wextra', '-Werror', '-mexec-model=reactor',
        // Paths must not leak into the binary, so that builds compare byte for byte.
        `-ffile-prefix-map=${tmp}=.`, `-ffile-prefix-map=${here}=.`,
        ...defines, `-I${gen}`, `-I${srcDir}`, ...sources, join(gen, `${WORLD}.c`), join(gen, `${WORLD}_component_type.o`),
        '-Wl,--strip-all', '-o', core,
      ]);
      const out = join(outDir, `${name}.wasm`);
      log(`jco new (${name})`);
      run(process.execPath, [jco, 'new', core, '-o', out]);
      const stray = importsOf(jco, out).filter((i) => !ALLOWED_IMPORTS.some((re) => re.test(i)));
      if (stray.length) throw new Error(`${out} imports more than the monotonic clock and types: ${stray.join(', ')}`);
      written.push(out);
    }
    return written;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const [outDir] = process.argv.slice(2);
    const files = buildCFixtures(outDir ? resolve(outDir) : undefined, { log: (m) => process.stderr.write(`c fixtures: ${m}\n`) });
    for (const f of files) process.stdout.write(`${f}\n`);
  } catch (e) {
    process.stderr.write(`c fixtures build failed: ${e instanceof ToolMissing ? '' : '\n'}${e.message}\n`);
    process.exit(1);
  }
}
