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

export interface FixtureDefect {
  name: string;
  description: string;
}

/** A fixture's defects table of docs/fixtures.md: the section it is in, and its rows. */
export interface DefectTable {
  fixture: string;
  section: string;
  defects: FixtureDefect[];
}

/**
 * The defects tables of a fixtures page: each `## ... Defects` section whose text names its
 * fixture first ("The `NAME` fixture ..."), with the rows `| \`DEFECT\` | what goes wrong |`.
 */
export function parseDefectTables(markdown: string): DefectTable[] {
  const sections = markdown.split(/^(?=## )/m).filter((s) => /^## .*\bdefects\s*$/im.test(s.split('\n', 1)[0]!));
  return sections.flatMap((text) => {
    const fixture = /The `([a-z0-9-]+)` fixture/.exec(text)?.[1];
    if (!fixture) return [];
    const defects = [...text.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map(([, name, description]) => ({ name: name!, description: description! }));
    return [{ fixture, section: text.split('\n', 1)[0]!.replace(/^## /, '').trim(), defects }];
  });
}

let tables: DefectTable[] | undefined;

/** The fixtures that take a defect, in the order docs/fixtures.md has them. */
export function defectTables(): DefectTable[] {
  tables ??= parseDefectTables(readFileSync(join(packageRoot, 'docs', 'fixtures.md'), 'utf8'));
  return tables;
}

/** A fixture's defects (default the mutant's): the rows of its defects table in docs/fixtures.md. */
export function fixtureDefects(fixture = 'mutant'): FixtureDefect[] {
  return defectTables().find((t) => t.fixture === fixture)?.defects ?? [];
}

/** The mutant exists to carry a defect; the other fixtures with a table are whole without one. */
const NEEDS_A_DEFECT = new Set(['mutant']);

/** Refuses a defect that the fixture named `base` does not have (FixtureError, one line). */
function checkDefect(name: string, base: string, defect: string | undefined): void {
  if (defect === undefined) {
    if (NEEDS_A_DEFECT.has(base)) throw new FixtureError(`fixture "${base}" needs a defect: ${base}:DEFECT (docs/fixtures.md)`);
    return;
  }
  const all = defectTables();
  const table = all.find((t) => t.fixture === base);
  if (!table) {
    const [first, ...rest] = all.map((t) => `"${t.fixture}"`);
    throw new FixtureError(`fixture "${name}": only ${first ?? 'no fixture'} takes a defect${rest.length ? `, and ${rest.join(', ')} too` : ''} (docs/fixtures.md)`);
  }
  const known = table.defects.map((d) => d.name);
  if (!known.includes(defect)) {
    throw new FixtureError(`fixture "${name}": no defect "${defect}"${didYouMean(defect, known)}; known: ${known.join(', ')} (docs/fixtures.md, "${table.section}")`);
  }
}

/** The environment the sandbox fixture is given: its guest must see this and nothing else (cases/sandbox). */
export const SANDBOX_ENV: Readonly<Record<string, string>> = { WASI_MCP_SANDBOX: 'declared' };

export function resolveFixture(name: string, guest = 'js'): FixtureComponent {
  const dir = guestDir(guest);
  const [base, defect] = name.split(':', 2) as [string, string | undefined];
  checkDefect(name, base, defect);
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
