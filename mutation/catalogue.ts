// The defect catalogues the mutation run works through: the TypeScript host's
// (hosts/jco-native/defects.ts), the C virtual host's (hosts/virtual/defects.json),
// the mutant fixture's (docs/fixtures.md, "Defects") and the aspects fixture's
// composition defects (docs/fixtures.md, "Aspects defects"). A name starting
// with `control-` is a legal-behaviour control: a variation the protocol
// allows, which must fail no case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../adapters/paths.js';
import { fixtureDefects } from '../harness/runner/fixtures.js';
import { HOST_DEFECTS } from '../hosts/jco-native/defects.js';

/** Every catalogue, in the order the table shows them. */
export const CATALOGUES = ['native', 'virtual', 'fixture', 'aspects'] as const;
export type CatalogueName = (typeof CATALOGUES)[number];

export function isCatalogue(name: string): name is CatalogueName {
  return (CATALOGUES as readonly string[]).includes(name);
}

/** The fixture whose defects a catalogue holds (run in place of `reference`), or none for a host's. */
export const DEFECT_FIXTURE: Partial<Record<CatalogueName, string>> = { fixture: 'mutant', aspects: 'aspects' };

export interface Defect {
  catalogue: CatalogueName;
  name: string;
  description: string;
  /** A legal variation: no case may fail under it. */
  control: boolean;
}

const entry = (catalogue: CatalogueName, name: string, description: string): Defect => ({
  catalogue, name, description, control: name.startsWith('control-'),
});

function native(): Defect[] {
  return Object.entries(HOST_DEFECTS).map(([name, description]) => entry('native', name, description));
}

function virtual(): Defect[] {
  const list = JSON.parse(readFileSync(join(packageRoot, 'hosts', 'virtual', 'defects.json'), 'utf8')) as { name: string; description: string }[];
  return list.map((d) => entry('virtual', d.name, d.description));
}

/** A fixture's defects (docs/fixtures.md), but `none`. */
function ofFixture(catalogue: CatalogueName): Defect[] {
  return fixtureDefects(DEFECT_FIXTURE[catalogue]!).filter((d) => d.name !== 'none').map((d) => entry(catalogue, d.name, d.description));
}

export function catalogue(name: CatalogueName): Defect[] {
  if (name === 'native') return native();
  if (name === 'virtual') return virtual();
  return ofFixture(name);
}

/** Every k-th item (k = ceil(n / size)), so a sample spreads over a catalogue and is the same each time. */
export function sample<T>(items: T[], size: number): T[] {
  if (size >= items.length) return items;
  const step = Math.ceil(items.length / size);
  return items.filter((_, i) => i % step === 0).slice(0, size);
}
