// Runs one case on one target: a fresh target process, the session
// handshake, the steps, and an outcome. Whatever happens, the process is
// stopped before this returns.
import type { Adapter, PreparedFixture, TargetProcess } from '../../adapters/adapter.js';
import { startPeers, withPeerCommands, type RunningPeers } from './peers.js';
import type { Case, Era } from '../model/case-types.js';
import type { CaseResult, Outcome } from '../reports/results.js';
import { AuthoringError, CaseStopped, CaseTimeout, MAX_DELAY_MS, Session, StepFailure, isResponseTo } from '../client/session.js';
import { runStep, type StepContext } from '../client/steps.js';

export interface CaseRunOptions {
  adapter: Adapter;
  host: string;
  timingScale: number;
  /** The protocol version the harness speaks in each era: `initialize` (legacy), `_meta` (modern). */
  versions: Record<Era, string>;
  hostEnv?: Record<string, string>;
  /** Aborted when the run is interrupted: the case stops and is `not-run`. */
  signal?: AbortSignal;
  /** Starts a peer process of a fixture (the same runtime and host as the target), for `peers:`. */
  startPeer?: (fixture: string) => Promise<TargetProcess>;
  /** Peers the user replaced by a command of their own (`--peer NAME=COMMAND`). */
  peerCommands?: Record<string, string>;
  /** The case's target, started ahead of it (a fresh process no other case has used). */
  started?: Promise<TargetProcess>;
}

/** How the harness introduces itself unless a case says otherwise. */
export const HARNESS_CLIENT_INFO = { name: 'wasi-mcp-conformance', version: '0.2.0' };

const DEFAULT_TIMEOUT_MS = 15_000;


export function baseResult(c: Case, era: Era, versions: Record<Era, string>): Omit<CaseResult, 'outcome' | 'durationMs' | 'transcript'> {
  return {
    id: c.id,
    era,
    protocolVersion: versions[era],
    title: c.title,
    area: c.area,
    severity: c.severity,
    file: c.file,
    references: c.references ?? {},
    fixture: c.fixture,
    ...(c.portable ? { portable: true } : {}),
  };
}

export async function runCase(c: Case, era: Era, prepared: PreparedFixture, options: CaseRunOptions): Promise<CaseResult> {
  const started = performance.now();
  const timeoutMs = (c.timeout_ms ?? DEFAULT_TIMEOUT_MS) * options.timingScale;
  let proc;
  let peers: RunningPeers | undefined;
  try {
    if (c.peers) {
      if (!options.startPeer) throw new Error('this target cannot start peers');
      peers = await startPeers(withPeerCommands(c.peers, options.peerCommands), { fixture: options.startPeer, now: () => performance.now() - started });
    }
    proc = await (options.started ?? options.adapter.start(prepared, options.host, { hostEnv: { ...options.hostEnv, ...peers?.env } }));
  } catch (e) {
    await peers?.close();
    return { ...baseResult(c, era, options.versions), outcome: 'error', message: `could not start the target: ${(e as Error).message}`, durationMs: 0, transcript: [] };
  }
  const session = new Session(proc, era);
  // One controller stops the steps, whichever comes first: the case's timeout or an interrupted run.
  const stop = new AbortController();
  const interrupted = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', interrupted, { once: true });
  let harnessIds = 0;
  const ctx: StepContext = {
    session,
    timingScale: options.timingScale,
    deadline: session.now() + timeoutMs,
    cancelSentAt: new Map(),
    nextHarnessId: () => `harness-${++harnessIds}`,
    saved: new Map(),
    era,
    envelope: {
      'io.modelcontextprotocol/protocolVersion': options.versions.modern,
      'io.modelcontextprotocol/clientCapabilities': c.client?.capabilities ?? {},
      'io.modelcontextprotocol/clientInfo': c.client?.info ?? HARNESS_CLIENT_INFO,
    },
    signal: stop.signal,
    ...(peers ? { peers } : {}),
  };

  let outcome: Outcome = 'pass';
  let message: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseTimeout()), Math.min(MAX_DELAY_MS, timeoutMs));
  });
  const aborted = new Promise<never>((_, reject) => {
    if (stop.signal.aborted) reject(new CaseStopped('interrupted'));
    stop.signal.addEventListener('abort', () => reject(new CaseStopped('interrupted')), { once: true });
  });
  const steps = runSteps(c, ctx, options);
  steps.catch(() => undefined); // a step still running when the case ends settles later: nothing waits for it
  try {
    await Promise.race([steps, timeout, aborted]);
    if (session.violations.length > 0) {
      outcome = 'fail';
      message = session.violations.slice(0, 3).join('; ');
    }
  } catch (e) {
    if (e instanceof CaseStopped || options.signal?.aborted) {
      outcome = 'not-run';
      message = 'the run was interrupted before the case finished';
    } else if (e instanceof CaseTimeout) {
      outcome = 'timeout';
      message = `the case did not finish within ${timeoutMs} ms${e.message ? `: ${e.message}` : ''}${session.stderrHint()}`;
    } else if (e instanceof StepFailure) {
      outcome = 'fail';
      // A protocol violation usually explains a failed expectation: report it first.
      message = [...session.violations.slice(0, 2), e.message].join('; ');
    } else if (e instanceof AuthoringError) {
      outcome = 'error';
      message = `the case is wrong: ${e.message}`;
    } else {
      outcome = 'error';
      message = `harness error: ${(e as Error).stack ?? String(e)}`;
    }
  } finally {
    clearTimeout(timer);
    // Steps still running (a sleep, a wait) end now instead of going on after the case.
    stop.abort('the case ended');
    options.signal?.removeEventListener('abort', interrupted);
    session.dispose();
    await proc.stop();
    await peers?.close();
  }
  const stderr = session.stderr.trim();
  return {
    ...baseResult(c, era, options.versions),
    outcome,
    ...(message ? { message } : {}),
    durationMs: Math.round(performance.now() - started),
    transcript: session.transcript,
    ...(stderr ? { stderr } : {}),
  };
}

async function runSteps(c: Case, ctx: StepContext, options: CaseRunOptions): Promise<void> {
  if (ctx.era === 'legacy' && (c.session ?? 'initialized') === 'initialized') await handshake(c, ctx, options.versions.legacy);
  for (const [i, step] of c.steps.entries()) {
    if (ctx.signal.aborted) throw new CaseStopped('stopped');
    try {
      await runStep(step, ctx);
    } catch (e) {
      if (e instanceof StepFailure || e instanceof CaseTimeout || e instanceof AuthoringError) {
        const Kind = e instanceof StepFailure ? StepFailure : e instanceof CaseTimeout ? CaseTimeout : AuthoringError;
        throw new Kind(`step ${i + 1} (${Object.keys(step)[0]}): ${e.message}`);
      }
      throw e;
    }
  }
}

/** initialize + notifications/initialized, as every MCP client starts a session. */
async function handshake(c: Case, ctx: StepContext, protocolVersion: string): Promise<void> {
  const s = ctx.session;
  s.send({
    id: 'harness-init',
    method: 'initialize',
    params: { protocolVersion, capabilities: c.client?.capabilities ?? {}, clientInfo: c.client?.info ?? HARNESS_CLIENT_INFO },
  });
  const reply = await s.take(isResponseTo('harness-init'), Math.max(0, ctx.deadline - s.now()), 'response to initialize', true);
  if (!('result' in reply.message)) {
    throw new StepFailure(`initialize failed: ${JSON.stringify(reply.message).slice(0, 300)}`);
  }
  s.send({ method: 'notifications/initialized' });
}
