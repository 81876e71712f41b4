// Multi round-trip requests (docs/targets.md): a retry's `inputResponses`
// and `requestState` become the component's `retry`; an `input-required`
// outcome becomes an InputRequiredResult (modern) or is driven by the host
// through server-to-client requests and retries (legacy, at most 8 rounds).
import type { ClientRequests } from './client-requests.js';
import { defect } from './defects.js';
import { RpcError, invalidParams } from './errors.js';
import type { InputRequired, Retry } from './guest.js';
import { INTERNAL_ERROR } from './jsonrpc.js';
import { isObject } from './request-context.js';
import type { Served } from './served.js';

export const MAX_ROUNDS = 8;

export type Attempt<T> = { tag: 'complete'; val: T } | { tag: 'input-required'; val: InputRequired };
export type Settled<T> = { tag: 'complete'; val: T } | { tag: 'input-required'; val: InputRequired };

/** The request state as the component gets it back. */
function passedState(state: string | undefined): string | undefined {
  return state !== undefined && defect('request-state-altered') ? state.slice(0, -1) : state;
}

/** The `retry` a request carries, or undefined when it has neither inputResponses nor requestState. */
export function retryFromParams(params: Record<string, unknown>): Retry | undefined {
  const { inputResponses, requestState } = params;
  if (inputResponses !== undefined && !isObject(inputResponses)) throw invalidParams('inputResponses must be an object');
  if (requestState !== undefined && typeof requestState !== 'string') throw invalidParams('requestState must be a string');
  if (inputResponses === undefined && requestState === undefined) return undefined;
  const retry: Retry = { responses: Object.entries(inputResponses ?? {}).map(([k, v]) => [k, JSON.stringify(v)]) };
  const state = passedState(requestState as string | undefined);
  if (state !== undefined) retry.requestState = state;
  return retry;
}

/** Which client capability an input request needs. */
const NEEDS: Record<string, string> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

export async function withRoundTrips<T>(
  served: Served,
  clients: ClientRequests,
  attempt: (retry: Retry | undefined) => Promise<Attempt<T>>,
): Promise<Settled<T>> {
  let outcome = await attempt(retryFromParams(served.params));
  const drives = (served.era === 'legacy' && !defect('legacy-input-required-result')) || defect('modern-client-requests');
  if (outcome.tag === 'input-required' && defect('input-required-as-error')) throw new RpcError(INTERNAL_ERROR, 'the component needs input');
  if (!drives) return outcome;
  for (let round = 1; outcome.tag === 'input-required'; round++) {
    if (round > MAX_ROUNDS) throw new RpcError(INTERNAL_ERROR, `still input-required after ${MAX_ROUNDS} rounds`);
    const responses = await askClient(served, clients, outcome.val);
    served.cancellation.check();
    const retry: Retry = { responses: defect('retry-without-responses') ? [] : responses };
    const state = passedState(outcome.val.requestState);
    if (state !== undefined) retry.requestState = state;
    outcome = await attempt(retry);
  }
  return outcome;
}

/** Sends every input request to the client, in order, and collects the results keyed as requested. */
async function askClient(served: Served, clients: ClientRequests, ir: InputRequired): Promise<[string, string][]> {
  const capabilities = JSON.parse(served.context.clientCapabilities) as Record<string, unknown>;
  for (const [key, req] of ir.requests) {
    const needed = NEEDS[req.method];
    if (!needed || capabilities[needed] == null) {
      throw new RpcError(INTERNAL_ERROR, `input request ${key} needs ${req.method}, which the client did not declare`);
    }
  }
  const answers = ir.requests.map(([key, req], i) => clients.request(req.method, JSON.parse(req.params), i + 1).then((r) => [key, JSON.stringify(r)] as [string, string]));
  return Promise.all(answers);
}
