// Finding a runtime's binary: an environment variable names it, else PATH,
// else where the project's setup step installs it.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface FoundBinary {
  path: string;
  source: string;
}

export function findBinary(name: string, envVar: string, installDirs: string[] = []): FoundBinary | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) return { path: fromEnv, source: envVar };
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return { path: join(dir, name), source: 'PATH' };
  }
  for (const dir of installDirs) {
    if (existsSync(join(dir, name))) return { path: join(dir, name), source: `${dir} (the setup step's install)` };
  }
  return undefined;
}

export const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');

/** Runs `binary args` and returns its stdout+stderr, or throws with what it said. */
export async function versionText(binary: string, args: string[]): Promise<string> {
  const r = await execa(binary, args, { reject: false, timeout: 20_000, all: true });
  if (r.failed && r.exitCode === undefined) throw new Error(`${binary} could not be run: ${r.shortMessage}`);
  return String(r.all ?? '').trim();
}
