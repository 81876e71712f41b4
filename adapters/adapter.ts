// The one interface every runtime adapter implements. The runner only ever
// talks to a target through it, so nothing runtime-specific leaks into the
// harness.
import type { Readable, Writable } from 'node:stream';

/** What a target can do, established by probing, never by version tables alone. */
export type Capability = 'core-wasm' | 'component-model' | 'p3-async' | 'stdio';

export interface RuntimeInfo {
  runtime: string;
  version: string;
  /** The binary that was found, and how (env override, PATH, bundled). */
  binary?: string;
  details?: Record<string, string>;
}

export interface ProbeResult {
  capabilities: Capability[];
  /** Why a capability is missing, keyed by capability. */
  missing: Partial<Record<Capability, string>>;
}

/** What running a wasi:mcp server component takes. */
export const P3_COMPONENT: Capability[] = ['component-model', 'p3-async'];

/** A fixture component as the runner resolved it. */
export interface FixtureComponent {
  name: string;
  /** The wasi:mcp server component, for hosts that load it directly (native hosts). */
  componentPath: string;
  /** The component composed with the virtual host into a wasi:cli command, for `virtual` hosts. */
  composedPath?: string;
  /** Environment the guest sees (least privilege: only what the fixture needs). */
  guestEnv: Record<string, string>;
  /**
   * What a target needs to run it: a p3 component needs `component-model` and `p3-async`; a
   * server command (which is the server itself) needs nothing beyond what its cases require.
   */
  needs: Capability[];
}

/** Whatever an adapter derived from a component once (transpiled code, compiled module). */
export interface PreparedFixture {
  fixture: FixtureComponent;
  artifact: string;
}

export interface StartOptions {
  /** Extra environment for the host process itself (not the guest). */
  hostEnv?: Record<string, string>;
}

/** A running target: a stdio MCP server process. */
export interface TargetProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Settles when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** Close stdin, then SIGTERM, then SIGKILL; resolves when the process is gone. */
  stop(): Promise<void>;
}

export interface Adapter {
  readonly runtime: string;
  readonly hosts: readonly string[];
  /** The environment variables that steer it, for --help: name → what it does. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Finds the runtime; throws InfrastructureError (with how to install it) when missing. */
  detect(): Promise<RuntimeInfo>;
  probe(host: string): Promise<ProbeResult>;
  prepare(fixture: FixtureComponent, host: string): Promise<PreparedFixture>;
  start(prepared: PreparedFixture, host: string, options?: StartOptions): Promise<TargetProcess>;
  /** Stops what the adapter keeps between cases (warm processes); the runner calls it when a target's run ends. */
  close?(): Promise<void>;
}

/** A problem with the environment rather than with the target's conformance: exit code 2. */
export class InfrastructureError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'InfrastructureError';
  }
}

/** The runtime is not on this machine at all: under `--runtime all` a fact to report, not a failure. */
export class NotInstalledError extends InfrastructureError {
  constructor(message: string, hint?: string) {
    super(message, hint);
    this.name = 'NotInstalledError';
  }
}
