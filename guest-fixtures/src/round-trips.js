// Multi round-trip requests (wit/README.md): input requests, request state
// that the fixture verifies, and the client capabilities they need.
import { has } from './defects.js';
import { mcpError } from './errors.js';

function capabilities(context) {
  try {
    const parsed = JSON.parse(context.clientCapabilities);
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
  } catch (e) {
    return {};
  }
}

/** Fails with `missing-client-capability` unless the client declared `name`. */
export function requireCapability(context, name) {
  const caps = capabilities(context);
  if (caps[name] === undefined || caps[name] === null) {
    throw mcpError('missing-client-capability', 'this request needs the client capability ' + name, {
      requiredCapabilities: { [name]: {} },
    });
  }
}

/** The retry's request state must be `expected` (`accept-any-state` accepts anything). */
export function verifyState(retry, expected) {
  if (has('accept-any-state')) return;
  if (!retry || retry.requestState !== expected) {
    throw mcpError('invalid-params', 'requestState does not verify');
  }
}

/** The client's response to the input request `key`, parsed; undefined when absent. */
export function response(retry, key) {
  if (!retry) return undefined;
  for (const [k, json] of retry.responses) {
    if (k === key) {
      try {
        return JSON.parse(json);
      } catch (e) {
        throw mcpError('invalid-params', 'the response to ' + key + ' is not JSON');
      }
    }
  }
  return undefined;
}

/** An `input-required` value: `requests` as [key, method, params] triples. */
export function inputRequired(requests, requestState) {
  return {
    requests: requests.map(([key, method, params]) => [key, { method, params: JSON.stringify(params) }]),
    requestState,
  };
}

export const ELICIT_CONFIRM = {
  mode: 'form',
  message: 'Proceed with the action?',
  requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
};

export const ELICIT_TOPIC = {
  mode: 'form',
  message: 'Which topic?',
  requestedSchema: { type: 'object', properties: { topic: { type: 'string' } }, required: ['topic'] },
};

export const SAMPLE_NUMBER = {
  messages: [{ role: 'user', content: { type: 'text', text: 'Say a number.' } }],
  maxTokens: 10,
};
