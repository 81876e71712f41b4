// Runs one case on one target: a fresh target process, the session
// handshake, the steps, and an outcome. Whatever happens, the process is
// stopped before this returns.
import type { Adapter, PreparedFixture } from '../adapters/adapter.js';
import type { Case, Era } from './case-types.js';
import type { CaseResult, Outcome } from './results.js';
import { CaseTimeout, Session, StepFailure, isResponseTo } from './session.js';
import { runStep, type StepContext } from './steps.js';

export interface CaseRunOptions {
  adapter: Adapter;
  host: string;
  timingScale: number;
  /** The protocol version the harness speaks in each era: `initialize` (legacy), `_meta` (modern). */
  versions: Record<Era, string>;
  hostEnv?: Record<string, string>;
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
  try {
    proc = await options.adapter.start(prepared, options.host, { hostEnv: options.hostEnv });
  } catch (e) {
    return { ...baseResult(c, era, options.versions), outcome: 'error', message: `could not start the target: ${(e as Error).message}`, durationMs: 0, transcript: [] };
  }
  const session = new Session(proc, era);
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
  };

  let outcome: Outcome = 'pass';
  let message: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseTimeout()), timeoutMs);
  });
  try {
    await Promise.race([runSteps(c, ctx, options), timeout]);
    if (session.violations.length > 0) {
      outcome = 'fail';
      message = session.violations.slice(0, 3).join('; ');
    }
  } catch (e) {
    if (e instanceof CaseTimeout) {
      outcome = 'timeout';
      message = `the case did not finish within ${timeoutMs} ms${e.message ? `: ${e.message}` : ''}${session.stderrHint()}`;
    } else if (e instanceof StepFailure) {
      outcome = 'fail';
      // A protocol violation usually explains a failed expectation: report it first.
      message = [...session.violations.slice(0, 2), e.message].join('; ');
    } else {
      outcome = 'error';
      message = `harness error: ${(e as Error).stack ?? String(e)}`;
    }
  } finally {
    clearTimeout(timer);
    session.dispose();
    await proc.stop();
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
    try {
      await runStep(step, ctx);
    } catch (e) {
      if (e instanceof StepFailure || e instanceof CaseTimeout) {
        const Kind = e instanceof StepFailure ? StepFailure : CaseTimeout;
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
