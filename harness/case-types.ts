// Types of a loaded case (docs/case-format.md). cases/schema.json is the normative
// definition of the file format; these types mirror it, plus where the case came from.

/** A pattern (docs/case-format.md#patterns): any JSON value, matched by match.ts. */
export type Pattern = unknown;

export type Severity = 'MUST' | 'SHOULD';

export const AREAS = [
  'lifecycle',
  'protocol',
  'transport',
  'tools',
  'resources',
  'prompts',
  'streaming',
  'progress',
  'cancellation',
  'utilities',
] as const;
export type Area = (typeof AREAS)[number];

export const REQUIREMENTS = ['component-model', 'p3-async', 'stdio'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export type SessionMode = 'initialized' | 'none';

/** A JSON-RPC request id as cases write it. */
export type RequestId = string | number;

export interface SendStep {
  /** A JSON-RPC message; `jsonrpc: "2.0"` is added when absent, `"${NAME}"` strings are substituted. */
  send: Record<string, unknown>;
}
export interface SendRawStep {
  send_raw: string;
}
export interface ExpectResponseStep {
  /** The other keys form a pattern matched against the whole response. */
  expect_response: { id: Pattern; within_ms?: number; save?: Record<string, string>; [key: string]: Pattern };
}
export interface ExpectNotificationStep {
  expect_notification: { method: string; within_ms?: number; [key: string]: Pattern };
}
export interface ExpectNotificationsStep {
  expect_notifications: {
    method: string;
    until_response: RequestId;
    where?: Pattern;
    count?: Pattern;
    each?: Pattern;
    increasing?: string;
  };
}
export interface ExpectNoResponseStep {
  expect_no_response: { id: RequestId; for_ms: number };
}
export interface ExpectNoMessageStep {
  expect_no_message: { for_ms: number };
}
export interface CancelStep {
  cancel: { id: RequestId; after_ms: number; reason?: string };
}
export interface ObserveStep {
  observe: { kind: 'stream' | 'cancellation'; key: string; expect: Pattern };
}
export interface ExpectCancellationObservedStep {
  expect_cancellation_observed: { label: string; request: RequestId; within_ms: number };
}
export interface SleepStep {
  sleep: { ms: number };
}

/** One step: a map with exactly one of these keys. */
export type Step =
  | SendStep
  | SendRawStep
  | ExpectResponseStep
  | ExpectNotificationStep
  | ExpectNotificationsStep
  | ExpectNoResponseStep
  | ExpectNoMessageStep
  | CancelStep
  | ObserveStep
  | ExpectCancellationObservedStep
  | SleepStep;

/** Every step key, in the order the documentation lists them. */
export const STEP_KINDS = [
  'send',
  'send_raw',
  'expect_response',
  'expect_notification',
  'expect_notifications',
  'expect_no_response',
  'expect_no_message',
  'cancel',
  'observe',
  'expect_cancellation_observed',
  'sleep',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface Case {
  id: string;
  title: string;
  area: Area;
  severity: Severity;
  references?: { spec?: string[]; wit?: string[] };
  requires?: Requirement[];
  fixture: string;
  /** Assumes nothing about the server beyond the wasi:mcp world: also runs on a user's component. */
  portable?: boolean;
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
