// The legacy session a client opens with `initialize` (2025-11-25 and
// earlier): the negotiated version, the client's info and capabilities,
// the `logging/setLevel` level and the uris it subscribed to.
import { defect } from './defects.js';
import type { Implementation, LogLevel, ServerConfig } from './guest.js';
import type { LegacyClient } from './request-context.js';
import { LATEST_LEGACY_VERSION, LEGACY_VERSIONS, isLegacyVersion } from './versions.js';

export class LegacySession implements LegacyClient {
  logLevel?: LogLevel;
  readonly subscriptions = new Set<string>();

  constructor(
    readonly protocolVersion: string,
    readonly capabilities: Record<string, unknown>,
    readonly config: ServerConfig,
    readonly clientInfo?: Implementation,
  ) {}
}

/** The requested version when the host serves it as legacy, else the latest legacy version. */
export function negotiateVersion(requested: string): string {
  if (defect('echo-protocol-version')) return requested;
  if (defect('fixed-protocol-version')) return LATEST_LEGACY_VERSION;
  if (isLegacyVersion(requested)) return requested;
  if (defect('oldest-version-fallback')) return LEGACY_VERSIONS[LEGACY_VERSIONS.length - 1]!;
  return LATEST_LEGACY_VERSION;
}
