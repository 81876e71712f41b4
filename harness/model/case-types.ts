// Types of a loaded case (docs/case-format.md), derived from the types that
// scripts/case-types.mjs generates from cases/schema.json: the format is
// defined in the schema only. A loaded case adds where it came from.
import type { ContractCitation, SpecCitation, WasiMcpConformanceCase } from './case-file.generated.js';

/** A pattern (docs/case-format.md#patterns): any JSON value, matched by client/match.ts. */
export type Pattern = unknown;

export type Severity = WasiMcpConformanceCase['severity'];

/** legacy: 2025-11-25 and earlier (initialize session); modern: 2026-07-28 (stateless). */
export type Era = WasiMcpConformanceCase['eras'][number];

export type SessionMode = NonNullable<WasiMcpConformanceCase['session']>;

/** A JSON-RPC request id as cases write it. */
export type { RequestId } from './case-file.generated.js';

export type Citation = SpecCitation | ContractCitation;

export type References = WasiMcpConformanceCase['references'];

/**
 * One step: a map with exactly one key (cases/schema.json, $defs/step). The steps run by
 * kind, so the runner reads a step as a map; the generated type says which maps are steps.
 */
export type Step = Record<string, unknown>;

export type Case = Omit<WasiMcpConformanceCase, 'steps'> & {
  steps: Step[];
  /** The case file, relative to the cases root, with `/` separators. */
  file: string;
  /** The line (1-based) of the case's `id` in that file. */
  line: number;
};

/** Something wrong with a case file, at a position in it (1-based line and column). */
export interface CaseProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}
