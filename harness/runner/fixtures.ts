// Fixture names in cases → component files (docs/fixtures.md).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { P3_COMPONENT, type FixtureComponent } from '../../adapters/adapter.js';
import { packageRoot } from '../../adapters/paths.js';
import { didYouMean } from '../client/match.js';

/** Where the built fixtures are; WASI_MCP_FIXTURES_DIR points elsewhere (e.g. a fresh rebuild). */
export const fixturesDir = process.env.WASI_MCP_FIXTURES_DIR ?? join(packageRoot, 'guest-fixtures', 'dist');

/**
 * The guests: the same fixture contract (docs/fixtures.md) built by different toolchains, each
 * in its own folder. `js` (componentize-qjs) has every fixture; `c` (wit-bindgen c) has
 * reference and minimal.
 */
export const GUESTS: Record<string, string> = { js: '', c: 'c' };

/** The folder of a guest's fixtures. */
export function guestDir(guest: string): string {
  const sub = GUESTS[guest];
  if (sub === undefined) throw new FixtureError(`no guest "${guest}"${didYouMean(guest, Object.keys(GUESTS))}; guests: ${Object.keys(GUESTS).join(', ')}, or all`);
  return sub ? join(fixturesDir, sub) : fixturesDir;
}

/** A guest lacks a fixture: the case is unsupported there, not an error. */
export class MissingGuestFixture extends Error {
  override name = 'MissingGuestFixture';
}

export { P3_COMPONENT };

export class FixtureError extends Error {
  override name = 'FixtureError';
}

let defects: { name: string; description: string }[] | undefined;

/** The mutant fixture's defects: the rows of the "Defects" table of docs/fixtures.md. */
export function fixtureDefects(): { name: string; description: string }[] {
  if (!defects) {
    const text = readFileSync(join(packageRoot, 'docs', 'fixtures.md'), 'utf8');
    const section = text.slice(text.indexOf('## Defects'));
    defects = [...section.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map(([, name, description]) => ({ name: name!, description: description! }));
  }
  return defects;
}

/** The environment the sandbox fixture is given: its guest must see this and nothing else (cases/sandbox). */
export const SANDBOX_ENV: Readonly<Record<string, string>> = { WASI_MCP_SANDBOX: 'declared' };

export function resolveFixture(name: string, guest = 'js'): FixtureComponent {
  const dir = guestDir(guest);
  const [base, defect] = name.split(':', 2) as [string, string | undefined];
  if (base === 'mutant' && !defect) throw new FixtureError('fixture "mutant" needs a defect: mutant:DEFECT (docs/fixtures.md)');
  if (base === 'mutant' && !fixtureDefects().some((d) => d.name === defect)) {
    const known = fixtureDefects().map((d) => d.name);
    throw new FixtureError(`fixture "${name}": no defect "${defect}"${didYouMean(defect!, known)}; known: ${known.join(', ')} (docs/fixtures.md)`);
  }
  if (base !== 'mutant' && defect !== undefined) throw new FixtureError(`fixture "${name}": only "mutant" takes a defect`);
  const componentPath = join(dir, `${base}.wasm`);
  if (guest !== 'js' && !existsSync(componentPath) && existsSync(join(fixturesDir, `${base}.wasm`))) {
    throw new MissingGuestFixture(`the ${guest} guest has no ${base} fixture (only the js guest does)`);
  }
  if (!existsSync(componentPath)) {
    throw new FixtureError(`fixture "${name}": ${componentPath} does not exist (rebuild the fixtures with \`npm run build:fixtures\`)`);
  }
  return {
    name: guest === 'js' ? name : `${guest}:${name}`,
    componentPath,
    // A fixture set may ship each fixture composed with the virtual host; a host that needs one makes it otherwise.
    ...(existsSync(join(dir, `${base}.composed.wasm`)) ? { composedPath: join(dir, `${base}.composed.wasm`) } : {}),
    guestEnv: defect ? { WASI_MCP_FIXTURE_DEFECT: defect } : base === 'sandbox' ? { ...SANDBOX_ENV } : {},
    needs: P3_COMPONENT,
  };
}
