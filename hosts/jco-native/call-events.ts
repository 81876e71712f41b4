// A tool call's events → `notifications/progress` (only with a progress
// token, the token unchanged) and `notifications/message` (only at or above
// the request's level, and only for a component that declares logging), in
// the order the component wrote them.
import { parseJson } from './convert.js';
import { defect } from './defects.js';
import type { CallEvent, LogMessage, Progress } from './guest.js';
import { levelAllows } from './log-levels.js';
import type { Served } from './served.js';

/** The progress token as it goes back to the client: the one the request carried. */
function echoedToken(token: string | number): string | number {
  if (defect('progress-token-stringified')) return String(token);
  if (typeof token === 'string' && defect('progress-token-latin1')) return Buffer.from(token, 'utf8').toString('latin1');
  return token;
}

export class EventForwarder {
  /** Log messages held back by the `logs-after-progress` defect. */
  private readonly heldLogs: LogMessage[] = [];

  constructor(private readonly served: Served) {}

  take(events: CallEvent[]): void {
    for (const event of events) {
      if (event.tag === 'progress') this.progress(event.val);
      else if (defect('logs-after-progress')) this.heldLogs.push(event.val);
      else this.log(event.val);
    }
  }

  /** The events stream has ended. */
  finish(): void {
    for (const m of this.heldLogs.splice(0)) this.log(m);
  }

  private progress(p: Progress): void {
    if (defect('drop-progress')) return;
    const token = this.served.progressToken ?? (defect('progress-without-token') ? 'unrequested' : undefined);
    if (token === undefined) return;
    this.served.notify('notifications/progress', {
      progressToken: echoedToken(token),
      progress: p.progress,
      ...(p.total === undefined ? {} : { total: p.total }),
      ...(p.message === undefined || defect('progress-message-dropped') ? {} : { message: p.message }),
    });
  }

  private log(m: LogMessage): void {
    if (!this.served.config.capabilities.logging && !defect('log-capability-ungated')) return;
    if (!levelAllows(this.served.context.logLevel, m.level)) return;
    this.served.notify('notifications/message', {
      level: m.level,
      ...(m.logger === undefined ? {} : { logger: m.logger }),
      data: defect('log-data-string') ? m.data : parseJson(m.data, 'log message data'),
    });
  }
}
