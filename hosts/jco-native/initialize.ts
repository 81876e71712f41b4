// A legacy `initialize`: negotiates the version, asks the component to
// describe itself with the client's info and capabilities, and opens the
// session.
import type { ComponentConfig } from './component-config.js';
import * as convert from './convert.js';
import { defect } from './defects.js';
import { invalidParams } from './errors.js';
import { LegacySession, negotiateVersion } from './legacy-session.js';
import { requiredString } from './params.js';
import { implementationFrom, isObject, legacyContext } from './request-context.js';
import { completeResult } from './result-envelope.js';

export async function initialize(params: unknown, config: ComponentConfig): Promise<{ session: LegacySession; result: Record<string, unknown> }> {
  if (!isObject(params)) throw invalidParams('initialize needs params');
  const requested = requiredString(params, 'protocolVersion');
  const capabilities = params.capabilities;
  if (!isObject(capabilities)) throw invalidParams('params.capabilities must be an object');
  const clientInfo = implementationFrom(params.clientInfo);
  if (!clientInfo) throw invalidParams('params.clientInfo must be an Implementation (name and version strings)');
  const protocolVersion = negotiateVersion(requested);
  const described = await config.describe(legacyContext({ protocolVersion, capabilities, clientInfo }, params));
  const session = new LegacySession(protocolVersion, capabilities, described, clientInfo);
  const body: Record<string, unknown> = {
    protocolVersion,
    capabilities: convert.capabilities(described.capabilities),
    serverInfo: convert.implementation(described.info),
  };
  if (described.instructions !== undefined) body.instructions = described.instructions;
  return { session, result: completeResult(body, { era: 'legacy', config: described, method: 'initialize' }) };
}

/** Whether a legacy session needs the changes stream at all. */
export function wantsChanges(session: LegacySession): boolean {
  const c = session.config.capabilities;
  if (defect('legacy-list-changed-undeclared')) return Boolean(c.tools || c.prompts || c.resources);
  return Boolean(c.tools?.listChanged || c.prompts?.listChanged || c.resources?.listChanged || c.resources?.subscribe);
}
