// What each supported MCP revision defines that concerns a server on stdio:
// its methods and notifications (from the revision's schema.ts unions and
// pages) and its utilities, with the case areas that cover each utility.
// The traceability report lists every item with the cases that exercise it.
import type { Era } from './case-types.js';

export type Direction = 'client→server' | 'server→client';

export interface SurfaceItem {
  name: string;
  kind: 'request' | 'notification' | 'utility';
  direction?: Direction;
}

export interface Revision {
  version: string;
  era: Era;
  items: SurfaceItem[];
  /** For utilities: the case areas that exercise them. */
  utilityAreas: Record<string, string[]>;
}

const req = (direction: Direction) => (name: string): SurfaceItem => ({ name, kind: 'request', direction });
const note = (direction: Direction) => (name: string): SurfaceItem => ({ name, kind: 'notification', direction });
const util = (name: string): SurfaceItem => ({ name, kind: 'utility' });

export const REVISIONS: Revision[] = [
  {
    version: '2025-11-25',
    era: 'legacy',
    items: [
      ...['initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/templates/list', 'resources/read',
        'resources/subscribe', 'resources/unsubscribe', 'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel',
        'tasks/get', 'tasks/result', 'tasks/list', 'tasks/cancel'].map(req('client→server')),
      ...['notifications/initialized', 'notifications/cancelled', 'notifications/progress', 'notifications/roots/list_changed',
        'notifications/tasks/status'].map(note('client→server')),
      ...['ping', 'sampling/createMessage', 'roots/list', 'elicitation/create', 'tasks/get', 'tasks/result', 'tasks/list', 'tasks/cancel']
        .map((m) => ({ ...req('server→client')(m), name: `${m} (server→client)` })),
      ...['notifications/cancelled', 'notifications/progress', 'notifications/message', 'notifications/resources/list_changed',
        'notifications/resources/updated', 'notifications/tools/list_changed', 'notifications/prompts/list_changed',
        'notifications/elicitation/complete', 'notifications/tasks/status'].map((m) => ({ ...note('server→client')(m), name: `${m} (server→client)` })),
      ...['lifecycle', 'cancellation', 'ping', 'progress', 'tasks', 'pagination', 'completion', 'logging'].map(util),
    ],
    utilityAreas: {
      lifecycle: ['lifecycle'], cancellation: ['cancellation'], ping: ['lifecycle'], progress: ['progress'], tasks: [],
      pagination: ['pagination', 'tools'], completion: ['completion'], logging: ['logging'],
    },
  },
  {
    version: '2026-07-28',
    era: 'modern',
    items: [
      ...['server/discover', 'tools/list', 'tools/call', 'resources/list', 'resources/templates/list', 'resources/read',
        'prompts/list', 'prompts/get', 'completion/complete', 'subscriptions/listen'].map(req('client→server')),
      note('client→server')('notifications/cancelled'),
      ...['elicitation/create', 'sampling/createMessage', 'roots/list'].map((m) => ({ name: `${m} (input request)`, kind: 'request' as const, direction: 'server→client' as const })),
      ...['notifications/subscriptions/acknowledged', 'notifications/tools/list_changed', 'notifications/prompts/list_changed',
        'notifications/resources/list_changed', 'notifications/resources/updated', 'notifications/progress', 'notifications/message',
        'notifications/cancelled'].map((m) => ({ ...note('server→client')(m), name: `${m} (server→client)` })),
      ...['versioning', 'multi round-trip requests', 'subscriptions', 'cancellation', 'progress', 'discover', 'pagination', 'caching',
        'completion', 'logging'].map(util),
    ],
    utilityAreas: {
      versioning: ['versioning'], 'multi round-trip requests': ['mrtr'], subscriptions: ['subscriptions'], cancellation: ['cancellation'],
      progress: ['progress'], discover: ['versioning'], pagination: ['pagination', 'tools'], caching: ['caching'],
      completion: ['completion'], logging: ['logging'],
    },
  },
];
