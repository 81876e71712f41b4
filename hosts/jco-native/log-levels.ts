// Log levels (RFC 5424 order) and the filter a request's level sets.
import { defect } from './defects.js';
import type { LogLevel } from './guest.js';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

/** Whether a message at `level` goes out to a request that asked for `requested` (none: nothing). */
export function levelAllows(requested: LogLevel | undefined, level: LogLevel): boolean {
  const floor = requested ?? (defect('log-without-level') ? 'debug' : undefined);
  if (floor === undefined) return false;
  if (defect('log-unfiltered')) return true;
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(floor);
}
