// The defect catalogues the mutation run works through: the TypeScript host's
// (hosts/jco-native/defects.ts), the C virtual host's (hosts/virtual/defects.json)
// and the fixture's (docs/fixtures.md, "Defects"). A name starting with
// `control-` is a legal-behaviour control: a variation the protocol allows,
// which must fail no case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../adapters/paths.js';
import { fixtureDefects } from '../harness/runner/fixtures.js';
import { HOST_DEFECTS } from '../hosts/jco-native/defects.js';

export type CatalogueName = 'native' | 'virtual' | 'fixture';

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

/** The mutant fixture's defects (docs/fixtures.md), but `none`. */
function fixture(): Defect[] {
  return fixtureDefects().filter((d) => d.name !== 'none').map((d) => entry('fixture', d.name, d.description));
}

export function catalogue(name: CatalogueName): Defect[] {
  return { native, virtual, fixture }[name]();
}

/** Every k-th item (k = ceil(n / size)), so a sample spreads over a catalogue and is the same each time. */
export function sample<T>(items: T[], size: number): T[] {
  if (size >= items.length) return items;
  const step = Math.ceil(items.length / size);
  return items.filter((_, i) => i % step === 0).slice(0, size);
}
