// Routes every incoming message (docs/targets.md, "Every request"):
// unreadable input, era and envelope, method and capability, then the
// handler; keeps the requests in flight for cancellation and for an orderly
// exit once stdin has ended.
import { CANCELLED, Cancellation } from './cancellation.js';
import { ChangeHub } from './change-hub.js';
import { ClientRequests } from './client-requests.js';
import { ComponentConfig } from './component-config.js';
import { defect } from './defects.js';
import { type Era, RpcError, TrapError, fromThrown, hostMessage, invalidParams, wireMessage } from './errors.js';
import type { Guest, RequestContext, ServerConfig } from './guest.js';
import { initialize, wantsChanges } from './initialize.js';
import {
  INTERNAL_ERROR,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  type Incoming,
  type RequestId,
  classify,
  errorMessage,
  isRequestId,
  notificationMessage,
  resultMessage,
} from './jsonrpc.js';
import type { LegacySession } from './legacy-session.js';
import type { LineTransport } from './line-transport.js';
import { type Deps, HANDLERS, LEGACY_METHODS, MODERN_METHODS, REMOVED_IN_MODERN, offers, pingResult } from './methods.js';
import { rejectUndefinedMembers } from './params.js';
import { isModernRequest, isObject, legacyContext, modernContext, progressTokenOf, rejectUnknownReservedMeta } from './request-context.js';
import type { Served } from './served.js';
import { LATEST_LEGACY_VERSION } from './versions.js';

interface InFlight {
  id: RequestId;
  era: Era;
  cancellation: Cancellation;
  /** `initialize` is never cancelled. */
  cancellable: boolean;
  /** A `subscriptions/listen` stays open until cancelled or closed at shutdown. */
  listen: boolean;
  done?: Promise<void>;
  /** Notifications held back until the response (progress-after-response). */
  held: object[];
}

type Request = Extract<Incoming, { kind: 'request' }>;

function methodNotFound(method: string): RpcError {
  if (defect('unknown-method-internal-error')) return new RpcError(INTERNAL_ERROR, 'Internal error');
  return new RpcError(METHOD_NOT_FOUND, `Method not found: ${method}`);
}

export class Dispatcher {
  private session: LegacySession | undefined;
  private readonly inFlight = new Map<RequestId, InFlight>();
  private readonly config: ComponentConfig;
  private readonly hub: ChangeHub;
  private readonly clients: ClientRequests;
  private readonly deps: Deps;
  private serialTail: Promise<void> = Promise.resolve();
  private inputEnded = false;
  private exiting = false;
  /** Responses to legacy requests so far (control-unrelated-notifications). */
  private legacyResponses = 0;
  /** stop-after-parse-error: input is no longer read. */
  private deaf = false;
  /** A guest call trapped: jco refuses every later call into the instance. */
  private trapped = false;

  constructor(
    guest: Guest,
    private readonly transport: LineTransport,
    /** How the host ends once its input has: the process exits (a warm session ends instead, warm-sessions.ts). */
    private readonly end: (code: number) => void = (code) => process.exit(code),
  ) {
    const send = (m: object) => transport.send(m);
    this.config = new ComponentConfig(guest);
    this.hub = new ChangeHub(guest, send);
    this.clients = new ClientRequests(send);
    this.deps = { guest, config: this.config, hub: this.hub, clients: this.clients, session: () => this.session };
  }

  onLine(line: string): void {
    if (this.deaf) return;
    const message = classify(line);
    switch (message.kind) {
      case 'unreadable':
        if (!defect('no-parse-error')) this.transport.send(errorMessage(message.id, message.code, hostMessage(message.message)));
        if (message.code === PARSE_ERROR && defect('stop-after-parse-error')) this.deaf = true;
        return;
      case 'response':
        this.clients.settle(message.id, message.result, message.error);
        return;
      case 'notification':
        this.onNotification(message.method, message.params);
        return;
      case 'request':
        this.onRequest(message);
        return;
    }
  }

  private onNotification(method: string, params: unknown): void {
    if (defect('answer-notifications')) this.transport.send(resultMessage(0, {}));
    if (method === 'notifications/cancelled') this.cancel(params);
    // notifications/initialized and anything else: nothing to do, never answered.
  }

  private cancel(params: unknown): void {
    if (defect('respond-after-cancel')) return;
    if (!isObject(params) || !isRequestId(params.requestId)) return;
    const requestId = params.requestId;
    const entry = defect('loose-id-match') ? [...this.inFlight.values()].find((e) => String(e.id) === String(requestId)) : this.inFlight.get(requestId);
    if (!entry || !entry.cancellable) return;
    entry.cancellation.cancel(typeof params.reason === 'string' ? params.reason : 'cancelled');
    this.maybeExit();
  }

  private onRequest(request: Request): void {
    const entry: InFlight = {
      id: request.id,
      era: isModernRequest(request.params) ? 'modern' : 'legacy',
      cancellation: new Cancellation(),
      cancellable: request.method !== 'initialize',
      listen: request.method === 'subscriptions/listen',
      held: [],
    };
    this.inFlight.set(request.id, entry);
    const run = () =>
      this.serve(request, entry).finally(() => {
        if (this.inFlight.get(request.id) === entry) this.inFlight.delete(request.id);
        this.maybeExit();
      });
    if (defect('serial')) {
      entry.done = this.serialTail.then(run);
      this.serialTail = entry.done;
    } else entry.done = run();
  }

  private async serve(request: Request, entry: InFlight): Promise<void> {
    try {
      const result = await this.route(request, entry);
      if (entry.cancellation.cancelled) return;
      this.transport.send(resultMessage(request.id, result));
    } catch (e) {
      if (e === CANCELLED || entry.cancellation.cancelled) return;
      const error = fromThrown(e, entry.era);
      if (error instanceof TrapError) this.trapped = true;
      if (error instanceof TrapError && defect('trap-unanswered')) return;
      this.transport.send(errorMessage(request.id, error.code, wireMessage(error), error.data));
    }
    for (const m of entry.held.splice(0)) this.transport.send(m);
    this.afterResponse(request.method, entry.era);
  }

  /**
   * control-unrelated-notifications: a server that declared tools.listChanged
   * may send list_changed whenever it likes (2025-11-25); a legacy session
   * gets one after initialize and after every 5th response.
   */
  private afterResponse(method: string, era: Era): void {
    const legacy = method === 'initialize' || era === 'legacy';
    if (!defect('control-unrelated-notifications') || !legacy || !this.session?.config.capabilities.tools?.listChanged) return;
    if (method === 'initialize' || ++this.legacyResponses % 5 === 0) this.transport.send(notificationMessage('notifications/tools/list_changed'));
  }

  private async route(request: Request, entry: InFlight): Promise<Record<string, unknown>> {
    const { method, params } = request;
    if (method === 'initialize') return this.openSession(params);
    if (defect('reserved-meta-rejected')) rejectUnknownReservedMeta(params);

    let context: RequestContext;
    if (entry.era === 'modern') {
      context = modernContext(params);
      const removedServed = defect('removed-methods-served') && REMOVED_IN_MODERN.has(method);
      if (REMOVED_IN_MODERN.has(method) && !removedServed) throw new RpcError(METHOD_NOT_FOUND, `Method not found: ${method} was removed in 2026-07-28`);
      if (!MODERN_METHODS.has(method) && !removedServed) throw methodNotFound(method);
    } else if (this.session) {
      context = legacyContext(this.session, params);
      if (!LEGACY_METHODS.has(method)) throw methodNotFound(method);
    } else if (method === 'ping') {
      // A legacy client may ping before initialize.
      return pingResult();
    } else if (defect('serve-before-initialize')) {
      context = legacyContext({ protocolVersion: LATEST_LEGACY_VERSION, capabilities: {} }, params);
      if (!LEGACY_METHODS.has(method)) throw methodNotFound(method);
    } else {
      throw invalidParams('the request has no _meta "io.modelcontextprotocol/protocolVersion" and no legacy session was initialized');
    }

    const config = await this.configFor(method, entry.era, context);
    if (!offers(method, config.capabilities) && !defect('no-capability-gating')) {
      throw new RpcError(METHOD_NOT_FOUND, `Method not found: the server does not offer ${method}`);
    }
    if (params !== undefined && !isObject(params)) throw invalidParams('params must be an object');
    if (defect('strict-params')) rejectUndefinedMembers(method, params ?? {});
    // trapped-instance-hangs: the request queues behind the dead instance for good.
    if (this.trapped && defect('trapped-instance-hangs')) await new Promise<never>(() => {});
    const served: Served = {
      id: request.id,
      era: entry.era,
      method,
      params: params ?? {},
      context,
      config,
      progressToken: progressTokenOf(params),
      cancellation: entry.cancellation,
      notify: (m, p) => {
        if (entry.cancellation.cancelled) return;
        const message = notificationMessage(m, defect('request-notifications-tagged') ? this.hub.tagWithOpenSubscription(p) : p);
        if (defect('progress-after-response')) entry.held.push(message);
        else this.transport.send(message);
      },
    };
    const handler = HANDLERS[method];
    if (!handler) throw methodNotFound(method);
    return handler(served, this.deps);
  }

  /** The configuration a request is served under: the session's, a fresh one for discover, else the kept one. */
  private configFor(method: string, era: Era, context: RequestContext): Promise<ServerConfig> {
    if (era === 'legacy' && this.session) return Promise.resolve(this.session.config);
    if (method === 'server/discover') return this.config.describe(context);
    return this.config.config(context);
  }

  private async openSession(params: unknown): Promise<Record<string, unknown>> {
    const { session, result } = await initialize(params, this.config);
    this.session = session;
    this.hub.attachLegacy(session);
    if (wantsChanges(session)) this.hub.start();
    return result;
  }

  /** stdin has ended: finish what is in flight, close subscriptions gracefully, exit. */
  onInputEnd(): void {
    if (defect('no-exit-on-eof')) {
      setInterval(() => {}, 1 << 30);
      return;
    }
    this.inputEnded = true;
    if (defect('exit-on-eof-at-once')) {
      void this.exit();
      return;
    }
    this.clients.failAll('stdin has ended');
    this.maybeExit();
  }

  private maybeExit(): void {
    if (!this.inputEnded || this.exiting) return;
    const waiting = [...this.inFlight.values()].filter((e) => !e.listen && !e.cancellation.cancelled);
    if (waiting.length > 0) return;
    this.exiting = true;
    const listening = [...this.inFlight.values()].filter((e) => e.listen && !e.cancellation.cancelled).map((e) => e.done);
    this.hub.closeAll();
    void Promise.all(listening).then(() => this.exit());
  }

  private async exit(): Promise<void> {
    await this.transport.flushed();
    this.end(0);
  }

  /** Nothing of this session is left running: no request in flight, no guest call trapped. */
  settled(): boolean {
    return this.inFlight.size === 0 && !this.trapped;
  }
}
