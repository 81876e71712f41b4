// Composes a user's wasi:mcp server component with the virtual host (and
// the stdout redirect) into a wasi:cli command, as the fixture build does
// for the suite's fixtures. Needs `wac` (the setup step's build tools);
// cached by content.
import { componentWit } from '@bytecodealliance/jco';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { InfrastructureError, type FixtureComponent } from './adapter.js';
import { cargoBin, findBinary } from './binaries.js';
import { runtimeMessage } from './output.js';
import { cacheDir, packageRoot } from './paths.js';

const hostDir = join(packageRoot, 'hosts', 'virtual', 'dist');

/**
 * The wasi:cli command a virtual host runs for a fixture: the composition the fixture set
 * ships, else the component composed here.
 */
export async function virtualHostCommand(fixture: FixtureComponent): Promise<string> {
  if (fixture.composedPath && existsSync(fixture.composedPath)) return fixture.composedPath;
  if (!existsSync(fixture.componentPath)) throw new Error(`no component for ${fixture.name} at ${fixture.componentPath}; build it with \`npm run build:fixtures\``);
  return composeWithVirtualHost(fixture.componentPath);
}

export async function composeWithVirtualHost(componentPath: string): Promise<string> {
  const host = join(hostDir, 'virtual-host.wasm');
  const redirect = join(hostDir, 'stdout-redirect.wasm');
  const hash = createHash('sha256');
  for (const f of [componentPath, host, redirect]) hash.update(await readFile(f));
  const out = join(cacheDir, 'composed', `${hash.digest('hex').slice(0, 24)}.wasm`);
  if (existsSync(out)) return out;
  const wac = findBinary('wac', 'WAC', [cargoBin]);
  if (!wac) throw new InfrastructureError('composing a component with the virtual host needs wac, which was not found', 'npm run setup (or: cargo install --locked wac-cli)');
  await mkdir(join(cacheDir, 'composed'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  // The redirect serves a component's own stdout; a component that does not import one takes none.
  const quiet = (await importsStdout(componentPath)) ? `${out}.${process.pid}.quiet.wasm` : componentPath;
  const steps: (readonly [readonly string[], string])[] = [
    ...(quiet !== componentPath ? [[['plug', componentPath, '--plug', redirect, '-o', quiet], 'the stdout redirect'] as const] : []),
    [['plug', host, '--plug', quiet, '-o', tmp], 'the virtual host'],
  ];
  for (const [args, what] of steps) {
    const r = await execa(wac.path, [...args], { reject: false, all: true });
    if (r.exitCode !== 0) throw new InfrastructureError(`wac could not compose ${componentPath} with ${what}: ${runtimeMessage(String(r.all), 6)}`);
  }
  await rename(tmp, out);
  return out;
}

async function importsStdout(componentPath: string): Promise<boolean> {
  const wit = await componentWit(await readFile(componentPath));
  return /^\s*import wasi:cli\/stdout@/m.test(wit);
}
