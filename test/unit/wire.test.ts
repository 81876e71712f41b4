// The checker's rules for each era: what a target's message must be, on top of the SDK's shapes.
import { describe, expect, it } from 'vitest';
import { checkServerMessage, type SentRequest } from '../../harness/client/wire/check.js';

const sent = (method: string, era: SentRequest['era']) => ({ requestOf: () => ({ method, era }), era });
const check = (message: unknown, method: string, era: SentRequest['era']) => checkServerMessage(message, sent(method, era));
const listResult = { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] };

describe('wire checks', () => {
  it('a modern result needs resultType, and a cacheable one ttlMs and cacheScope', () => {
    expect(check({ jsonrpc: '2.0', id: 1, result: { ...listResult, resultType: 'complete', ttlMs: 0, cacheScope: 'private' } }, 'tools/list', 'modern')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', id: 1, result: { ...listResult, ttlMs: 0, cacheScope: 'private' } }, 'tools/list', 'modern')).toMatch(/must have resultType/);
    expect(check({ jsonrpc: '2.0', id: 1, result: { ...listResult, resultType: 'complete', cacheScope: 'public' } }, 'tools/list', 'modern')).toMatch(/ttlMs/);
    expect(check({ jsonrpc: '2.0', id: 1, result: { ...listResult, resultType: 'complete', ttlMs: -1, cacheScope: 'public' } }, 'tools/list', 'modern')).toMatch(/ttlMs/);
    expect(check({ jsonrpc: '2.0', id: 1, result: { ...listResult, resultType: 'complete', ttlMs: 5, cacheScope: 'shared' } }, 'tools/list', 'modern')).toMatch(/cacheScope/);
    expect(check({ jsonrpc: '2.0', id: 1, result: { ...listResult, resultType: 'done' } }, 'tools/list', 'modern')).toMatch(/neither "complete" nor "input_required"/);
  });

  it('the same result is fine in the legacy era, where the SDK shape still applies', () => {
    expect(check({ jsonrpc: '2.0', id: 1, result: listResult }, 'tools/list', 'legacy')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'x' }] } }, 'tools/list', 'legacy')).toMatch(/not a valid result of tools\/list/);
    expect(check({ jsonrpc: '2.0', id: 1, result: {} }, 'tools/call', 'legacy')).toMatch(/content list/);
  });

  it('input_required: only on three methods, with inputRequests or requestState', () => {
    expect(check({ jsonrpc: '2.0', id: 1, result: { resultType: 'input_required', requestState: 's' } }, 'tools/call', 'modern')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', id: 1, result: { resultType: 'input_required' } }, 'prompts/get', 'modern')).toMatch(/neither inputRequests nor requestState/);
    expect(check({ jsonrpc: '2.0', id: 1, result: { resultType: 'input_required', requestState: 's' } }, 'tools/list', 'modern')).toMatch(/MUST NOT send InputRequiredResult/);
  });

  it('no server request in the modern era; notifications must exist in the era', () => {
    const elicit = { jsonrpc: '2.0', id: 'wasi-mcp-1', method: 'elicitation/create', params: { message: 'x', requestedSchema: { type: 'object', properties: {} } } };
    expect(check(elicit, 'tools/call', 'legacy')).toBeUndefined();
    expect(check(elicit, 'tools/call', 'modern')).toMatch(/MUST NOT write JSON-RPC requests/);
    const ack = { jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: { notifications: {} } };
    expect(check(ack, '', 'modern')).toBeUndefined();
    expect(check(ack, '', 'legacy')).toMatch(/not a server notification of the legacy era/);
  });

  it('an error response to an unreadable request may carry id null or no id', () => {
    expect(check({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }, '', 'modern')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } }, '', 'modern')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', id: 1, error: { code: 'x', message: 'm' } }, '', 'modern')).toMatch(/not a valid JSON-RPC message/);
  });
});

describe('empty results', () => {
  it('allow any member, as the schema\'s Result does', () => {
    expect(check({ jsonrpc: '2.0', id: 1, result: { _meta: { a: 1 }, extra: true } }, 'ping', 'legacy')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', id: 1, result: { resultType: 'complete', _meta: { 'io.modelcontextprotocol/subscriptionId': 1 } } }, 'subscriptions/listen', 'modern')).toBeUndefined();
    expect(check({ jsonrpc: '2.0', id: 1, result: { resultType: 'complete' } }, 'subscriptions/listen', 'modern')).toMatch(/subscriptions\/listen/);
  });
});
