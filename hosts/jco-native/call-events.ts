// A tool call's events → `notifications/progress` (only with a progress
// token, the token unchanged) and `notifications/message` (only at or above
// the request's level, and only for a component that declares logging).
import { parseJson } from './convert.js';
import { defect } from './defects.js';
import type { CallEvent, LogMessage, Progress } from './guest.js';
import { levelAllows } from './log-levels.js';
import type { Served } from './served.js';

export function forwardEvents(served: Served, events: CallEvent[]): void {
  const ordered = defect('progress-reordered') ? [...events].reverse() : events;
  for (const event of ordered) {
    if (event.tag === 'progress') forwardProgress(served, event.val);
    else forwardLog(served, event.val);
  }
}

function forwardProgress(served: Served, p: Progress): void {
  if (defect('drop-progress')) return;
  const token = served.progressToken ?? (defect('progress-without-token') ? 'unrequested' : undefined);
  if (token === undefined) return;
  served.notify('notifications/progress', {
    progressToken: defect('progress-token-stringified') ? String(token) : token,
    progress: p.progress,
    ...(p.total === undefined ? {} : { total: p.total }),
    ...(p.message === undefined || defect('progress-message-dropped') ? {} : { message: p.message }),
  });
}

function forwardLog(served: Served, m: LogMessage): void {
  if (!served.config.capabilities.logging) return;
  if (!levelAllows(served.context.logLevel, m.level)) return;
  served.notify('notifications/message', {
    level: m.level,
    ...(m.logger === undefined ? {} : { logger: m.logger }),
    data: defect('log-data-string') ? m.data : parseJson(m.data, 'log message data'),
  });
}
