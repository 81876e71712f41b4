// The component's `changes()` stream, read once for the whole process and
// fanned out (docs/targets.md, "Change notifications"): to the legacy
// session (list_changed of declared kinds, resources/updated of subscribed
// uris) and to every modern `subscriptions/listen` that was acknowledged for
// the kind, tagged with its subscription id.
import { defect } from './defects.js';
import { type Change, type Guest, type ServerCapabilities, readItems } from './guest.js';
import { notificationMessage, type RequestId } from './jsonrpc.js';
import type { LegacySession } from './legacy-session.js';
import { META_SUBSCRIPTION_ID } from './request-context.js';

export interface SubscriptionFilter {
  toolsListChanged?: boolean;
  promptsListChanged?: boolean;
  resourcesListChanged?: boolean;
  resourceSubscriptions?: string[];
}

interface Subscription {
  requested: SubscriptionFilter;
  acknowledged: SubscriptionFilter;
  /** Ends the subscription gracefully. */
  close: () => void;
}

const CHANGES_PER_READ = defect('control-small-reads') ? 1 : 64;

const LIST_NOTIFICATION = {
  'tools-list-changed': 'notifications/tools/list_changed',
  'prompts-list-changed': 'notifications/prompts/list_changed',
  'resources-list-changed': 'notifications/resources/list_changed',
} as const;

/** The requested kinds the component declares. */
export function acknowledge(requested: SubscriptionFilter, caps: ServerCapabilities): SubscriptionFilter {
  if (defect('ack-undeclared')) return { ...requested };
  const ack: SubscriptionFilter = {};
  if (requested.toolsListChanged && caps.tools?.listChanged) ack.toolsListChanged = true;
  if (requested.promptsListChanged && caps.prompts?.listChanged) ack.promptsListChanged = true;
  if (requested.resourcesListChanged && caps.resources?.listChanged) ack.resourcesListChanged = true;
  if (requested.resourceSubscriptions && caps.resources?.subscribe) ack.resourceSubscriptions = [...requested.resourceSubscriptions];
  return ack;
}

function wants(filter: SubscriptionFilter, change: Change): boolean {
  switch (change.tag) {
    case 'tools-list-changed':
      return filter.toolsListChanged === true;
    case 'prompts-list-changed':
      return filter.promptsListChanged === true;
    case 'resources-list-changed':
      return filter.resourcesListChanged === true;
    case 'resource-updated':
      return filter.resourceSubscriptions?.includes(change.val) ?? false;
  }
}

function legacyWants(session: LegacySession, change: Change): boolean {
  const caps = session.config.capabilities;
  switch (change.tag) {
    case 'tools-list-changed':
      return caps.tools !== undefined && (caps.tools.listChanged || defect('legacy-list-changed-undeclared'));
    case 'prompts-list-changed':
      return caps.prompts !== undefined && (caps.prompts.listChanged || defect('legacy-list-changed-undeclared'));
    case 'resources-list-changed':
      return caps.resources !== undefined && (caps.resources.listChanged || defect('legacy-list-changed-undeclared'));
    case 'resource-updated':
      if (defect('updated-without-subscribe')) return true;
      return caps.resources?.subscribe === true && session.subscriptions.has(change.val);
  }
}

function notificationFor(change: Change, meta: Record<string, unknown> | undefined): object {
  const params = { ...(meta ? { _meta: meta } : {}), ...(change.tag === 'resource-updated' ? { uri: change.val } : {}) };
  const method = change.tag === 'resource-updated' ? 'notifications/resources/updated' : LIST_NOTIFICATION[change.tag];
  return notificationMessage(method, Object.keys(params).length > 0 ? params : undefined);
}

export class ChangeHub {
  private reading = false;
  private legacy: LegacySession | undefined;
  private readonly subscriptions = new Map<RequestId, Subscription>();

  constructor(
    private readonly guest: Guest,
    private readonly send: (message: object) => void,
  ) {}

  /** Calls `changes()` the first time it is needed, and reads it for the rest of the process. */
  start(): void {
    if (this.reading && !defect('changes-per-subscription')) return;
    this.reading = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      const stream = await this.guest.server.changes();
      for (;;) {
        const changes = await readItems(stream, CHANGES_PER_READ);
        if (changes === undefined) return;
        for (const change of changes) this.deliver(change);
      }
    } catch (e) {
      process.stderr.write(`wasi-mcp host: the changes stream failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  attachLegacy(session: LegacySession): void {
    this.legacy = session;
  }

  /** Opens a modern subscription: acknowledges it first, then delivers. Resolves when it is closed gracefully. */
  listen(id: RequestId, requested: SubscriptionFilter, caps: ServerCapabilities): Promise<void> {
    const acknowledged = acknowledge(requested, caps);
    this.send(notificationMessage('notifications/subscriptions/acknowledged', { _meta: this.subscriptionMeta(id), notifications: acknowledged }));
    return new Promise((resolve) => {
      this.subscriptions.set(id, { requested, acknowledged, close: resolve });
      this.start();
    });
  }

  /** Forgets a subscription (cancelled): nothing more is sent for it. */
  end(id: RequestId): void {
    this.subscriptions.delete(id);
  }

  /**
   * Ends every subscription at shutdown: a server that tears a subscription
   * down MUST send notifications/cancelled for its id (2026-07-28
   * cancellation); the listen request is then answered (graceful closure).
   */
  closeAll(): void {
    for (const [id, sub] of this.subscriptions) {
      this.subscriptions.delete(id);
      if (!defect('teardown-without-cancelled')) this.send(notificationMessage('notifications/cancelled', { requestId: id, reason: 'the server is shutting down' }));
      sub.close();
    }
  }

  get open(): number {
    return this.subscriptions.size;
  }

  /** request-notifications-tagged: a request's own notification params with the id of the first open subscription. */
  tagWithOpenSubscription(params: object): object {
    const [id] = this.subscriptions.keys();
    if (id === undefined) return params;
    const p = params as Record<string, unknown>;
    const meta = typeof p._meta === 'object' && p._meta !== null ? p._meta : {};
    return { ...p, _meta: { ...meta, [META_SUBSCRIPTION_ID]: id } };
  }

  subscriptionMeta(id: RequestId): Record<string, unknown> | undefined {
    return defect('subscription-no-id') ? undefined : { [META_SUBSCRIPTION_ID]: id };
  }

  private deliver(change: Change): void {
    if (this.legacy && legacyWants(this.legacy, change)) this.send(notificationFor(change, undefined));
    for (const [id, sub] of this.subscriptions) {
      const filter = defect('deliver-unacknowledged') ? sub.requested : sub.acknowledged;
      if (wants(filter, change)) this.send(notificationFor(change, this.subscriptionMeta(id)));
    }
  }
}
