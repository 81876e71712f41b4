// Writes a failing program's case as a YAML case file (cases/schema.json),
// with a header saying where it came from and how to run it again, and each
// group of expectation steps marked with the invariant it checks.
import { writeFile } from 'node:fs/promises';
import { Document, isMap, isSeq, type Node } from 'yaml';
import type { CaseDocument } from './compile.js';
import { INVARIANTS, type InvariantId } from './invariants.js';

export interface CaseFileNotes {
  /** Lines of the header comment (without `#`). */
  header: string[];
  /** The invariant each step checks, by step index. */
  checks: readonly (InvariantId | undefined)[];
  /** How many steps at the start are the program's own operations. */
  programSteps: number;
}

/** A step value this short is written on one line, as the suite's cases write most steps. */
const ONE_LINE = 140;

export function caseYaml(doc: CaseDocument, notes: CaseFileNotes): string {
  const yaml = new Document(doc);
  yaml.commentBefore = notes.header.map((l) => (l ? ` ${l}` : '')).join('\n');
  const steps = yaml.get('steps', true);
  if (isSeq(steps)) {
    let last: string | undefined;
    steps.items.forEach((item, i) => {
      const check = notes.checks[i];
      const group = i < notes.programSteps ? 'program' : (check ?? 'program');
      if (group !== last) {
        (item as Node).commentBefore = group === 'program' ? ' the program' : ` ${group}: ${INVARIANTS[group as InvariantId].statement}`;
        last = group;
      }
      if (isMap(item)) {
        const value = item.items[0]?.value;
        if (isMap(value) && JSON.stringify(value.toJSON()).length <= ONE_LINE) value.flow = true;
      }
    });
  }
  return yaml.toString({ lineWidth: 0 });
}

export async function writeCaseFile(path: string, doc: CaseDocument, notes: CaseFileNotes): Promise<void> {
  await writeFile(path, caseYaml(doc, notes));
}
