// Types of a loaded case (docs/case-format.md). cases/schema.json is the
// normative definition of the file format and of its enumerations
// (harness/case-schema.ts reads them from it); these types describe the
// validated data, plus where the case came from.

/** A pattern (docs/case-format.md#patterns): any JSON value, matched by match.ts. */
export type Pattern = unknown;

export type Severity = 'MUST' | 'SHOULD' | 'MAY';

/** legacy: 2025-11-25 and earlier (initialize session); modern: 2026-07-28 (stateless). */
export type Era = 'legacy' | 'modern';

export type SessionMode = 'initialized' | 'none';

/** A JSON-RPC request id as cases write it. */
export type RequestId = string | number;

export interface Citation {
  section: string;
  quote: string;
}

export interface References {
  spec?: Citation[];
  contract?: Citation[];
  wit?: string[];
}

/** One step: a map with exactly one key (cases/schema.json, $defs/step). */
export type Step = Record<string, unknown>;

export interface Case {
  id: string;
  title: string;
  area: string;
  severity: Severity;
  eras: Era[];
  references: References;
  requires?: string[];
  fixture: string;
  /** Assumes nothing about the server beyond MCP itself: also runs on a user's component or server. */
  portable?: boolean;
  client?: { capabilities?: Record<string, unknown>; info?: Record<string, unknown> };
  /** MCP servers the component calls through wasi:mcp/client (docs/targets.md, "Peers"). */
  peers?: Record<string, { fixture: string } | { script: string }>;
  session?: SessionMode;
  timeout_ms?: number;
  steps: Step[];
  /** The case file, relative to the cases root, with `/` separators. */
  file: string;
  /** The line (1-based) of the case's `id` in that file. */
  line: number;
}

/** Something wrong with a case file, at a position in it (1-based line and column). */
export interface CaseProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}
