// The property-based search: fast-check draws `runs` programs from the seed,
// each runs on a fresh target; the first one that breaks an invariant is
// shrunk by fast-check's own shrinker (each candidate run on a fresh target
// too) to a minimal program that still breaks one.
import fc from 'fast-check';
import type { Era } from '../model/case-types.js';
import { programArbitrary, type Vocabulary } from './arbitraries.js';
import { compile, type Compiled } from './compile.js';
import { drive, type Target, type Verdict } from './drive.js';
import type { Program } from './program.js';

export interface SearchOptions {
  seed: number;
  runs: number;
  vocabulary: Vocabulary;
  eras: Era[];
  target: Target;
  /** The fixture the cases name. */
  fixture: string;
  /** Shrinking stops after this many candidate runs or this long (ms), keeping the smallest failure so far. */
  shrinkBudget: { runs: number; ms: number };
  onEvent?: (e: SearchEvent) => void;
}

export type SearchEvent =
  | { kind: 'run'; index: number; total: number; program: Program; verdict: Verdict }
  | { kind: 'shrink-start'; from: number }
  | { kind: 'shrink'; index: number; program: Program; verdict: Verdict }
  | { kind: 'shrink-budget'; runs: number };

export interface Failure {
  program: Program;
  compiled: Compiled;
  verdict: Extract<Verdict, { kind: 'broken' }>;
  /** The run (1-based) whose program broke first. */
  foundAt: number;
  /** How many smaller failing programs shrinking went through. */
  shrinks: number;
  /** The candidates shrinking ran. */
  shrinkRuns: number;
  /** fast-check's path to the counterexample (with the seed, `fc.check`'s `path` option replays it). */
  path: string;
}

export interface SearchResult {
  programs: { program: Program; verdict: Verdict }[];
  failure?: Failure;
  /** Something that is not the target's fault stopped the search. */
  problem?: string;
}

class SearchStopped extends Error {}

export function caseId(seed: number, suffix: string | number): string {
  return `generated-${seed}-${suffix}`;
}

export async function search(o: SearchOptions): Promise<SearchResult> {
  const programs: SearchResult['programs'] = [];
  let problem: string | undefined;
  let lastFailure: Omit<Failure, 'foundAt' | 'shrinks' | 'shrinkRuns' | 'path'> | undefined;
  let foundAt = 0;
  let shrinkRuns = 0;
  let shrinkStarted = 0;
  let budgetSaid = false;
  const portable = o.vocabulary === 'portable';
  // A shrink candidate equal to a program already run (shrinking can reach one twice) is not run again.
  const seen = new Map<string, Verdict>();

  const property = fc.asyncProperty(programArbitrary({ vocabulary: o.vocabulary, eras: o.eras }), async (program) => {
    if (problem !== undefined) throw new SearchStopped(problem);
    const shrinking = lastFailure !== undefined;
    const known = shrinking ? seen.get(JSON.stringify(program)) : undefined;
    if (known) return known.kind !== 'broken';
    if (shrinking) {
      if (shrinkRuns >= o.shrinkBudget.runs || performance.now() - shrinkStarted > o.shrinkBudget.ms) {
        // Out of budget: the remaining candidates count as holding, so the smallest failure so far is the answer.
        if (!budgetSaid) o.onEvent?.({ kind: 'shrink-budget', runs: shrinkRuns });
        budgetSaid = true;
        return true;
      }
      shrinkRuns++;
    }
    const index = shrinking ? shrinkRuns : programs.length + 1;
    const compiled = compile(program, { id: caseId(o.seed, shrinking ? `shrink-${index}` : index), title: 'a generated program', fixture: o.fixture, portable });
    const verdict = await drive(compiled, o.target);
    seen.set(JSON.stringify(program), verdict);
    if (verdict.kind === 'problem') {
      problem = verdict.message;
      throw new SearchStopped(problem);
    }
    if (shrinking) {
      o.onEvent?.({ kind: 'shrink', index, program, verdict });
    } else {
      programs.push({ program, verdict });
      o.onEvent?.({ kind: 'run', index, total: o.runs, program, verdict });
    }
    if (verdict.kind === 'broken') {
      if (!shrinking) {
        foundAt = index;
        shrinkStarted = performance.now();
        o.onEvent?.({ kind: 'shrink-start', from: index });
      }
      lastFailure = { program, compiled, verdict };
      return false;
    }
    return true;
  });

  const details = await fc.check(property, { seed: o.seed, numRuns: o.runs });
  if (problem !== undefined) return { programs, problem };
  if (!details.failed || !lastFailure) return { programs };
  return {
    programs,
    failure: { ...lastFailure, foundAt, shrinks: details.numShrinks, shrinkRuns, path: details.counterexamplePath ?? '' },
  };
}
