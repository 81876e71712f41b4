// Generated from cases/schema.json by `npm run types`: do not edit.
/* eslint-disable */

/**
 * What the client does and expects, in order. Each step is a map with exactly one key.
 *
 * @minItems 1
 */
export type Steps = [Step, ...Step[]];
/**
 * Milliseconds, multiplied by --timing-scale.
 */
export type ScaledMs = number;
/**
 * A JSON-RPC request id: a string or an integer.
 */
export type RequestId = string | number;
/**
 * A list of steps, in order.
 *
 * @minItems 1
 */
export type Steps1 = [Step, ...Step[]];

/**
 * One conformance case: the messages a client sends to a wasi:mcp target and what must (or must not) come back. See docs/case-format.md.
 */
export interface WasiMcpConformanceCase {
  /**
   * Stable, unique identifier of the case ([a-z0-9.-], starting with a letter or digit). Never reuse an id for another meaning; by convention it starts with the area, e.g. tools-call-echo.
   */
  id: string;
  /**
   * One line stating the requirement, e.g. "tools/call returns the tool's content".
   */
  title: string;
  /**
   * The part of MCP the case is about.
   */
  area:
    | "lifecycle"
    | "versioning"
    | "protocol"
    | "transport"
    | "tools"
    | "resources"
    | "prompts"
    | "completion"
    | "logging"
    | "subscriptions"
    | "streaming"
    | "progress"
    | "cancellation"
    | "mrtr"
    | "caching"
    | "pagination"
    | "content"
    | "errors"
    | "utilities"
    | "client"
    | "sandbox";
  /**
   * The specification's own keyword for the requirement the case checks (MUST NOT counts as MUST, SHOULD NOT as SHOULD). A MUST failure fails the run; SHOULD and MAY failures are reported as warnings and fail the run only under --strict.
   */
  severity: "MUST" | "SHOULD" | "MAY";
  /**
   * The protocol eras the case holds in: legacy (2025-11-25 and earlier: the harness opens an initialize session) and modern (2026-07-28: stateless, every request carries _meta). A case that holds in both runs once per era.
   *
   * @minItems 1
   */
  eras: ["legacy" | "modern", ...("legacy" | "modern")[]];
  /**
   * Where the requirement comes from: at least one MCP specification sentence or one wasi:mcp contract sentence, and the WIT functions the case exercises.
   */
  references: {
    /**
     * MCP specification sentences the case checks.
     *
     * @minItems 1
     */
    spec?: [SpecCitation, ...SpecCitation[]];
    /**
     * wasi:mcp host contract sentences the case checks.
     *
     * @minItems 1
     */
    contract?: [ContractCitation, ...ContractCitation[]];
    /**
     * WIT functions the case exercises, as package/interface#function (a resource's function as #resource.function), e.g. wasi:mcp/streaming#call-tool, wasi:mcp/client#session.open.
     */
    wit?: string[];
  };
  /**
   * Target capabilities the case needs; on a target without one of them the case is reported as unsupported.
   */
  requires?: ("component-model" | "p3-async" | "stdio")[];
  /**
   * The guest component the case runs on (docs/fixtures.md): reference, or mutant:DEFECT to run on the mutant fixture with one defect.
   */
  fixture: string;
  /**
   * true when the case assumes nothing about the server beyond the wasi:mcp server world (no particular tools, resources or prompts), so it also runs on a user's own component (--component). Default false.
   */
  portable?: boolean;
  /**
   * What the harness declares about itself as the client: its capabilities (the initialize params in the legacy era, io.modelcontextprotocol/clientCapabilities on every request in the modern era) and its info. Default: capabilities {}, info {name: wasi-mcp-conformance, version: the suite's version}.
   */
  client?: {
    capabilities?: {};
    info?: {};
  };
  /**
   * Other MCP servers the target's component calls through wasi:mcp/client (docs/targets.md, "Peers"): name → a fixture served by the same runtime and host as the target, or one of the suite's peer scripts (guest-fixtures/peers/). The harness listens on a loopback port per peer, starts a fresh peer for every connection, and gives the target WASI_MCP_PEERS.
   */
  peers?: {
    [k: string]:
      | {
          fixture: string;
        }
      | {
          script: "legacy-only" | "crashing";
        };
  };
  /**
   * Legacy era only. initialized (default): the harness sends initialize (id "harness-init") and notifications/initialized before the steps. none: the steps start on a fresh connection. The modern era has no session.
   */
  session?: "initialized" | "none";
  /**
   * Time limit of the whole case in milliseconds (default 15000, at most an hour), multiplied by --timing-scale.
   */
  timeout_ms?: number;
  steps: Steps;
}
/**
 * An MCP specification section (REVISION/page#anchor, e.g. 2026-07-28/server/tools#listing-tools) and the key phrase of the sentence the case checks.
 */
export interface SpecCitation {
  section: string;
  /**
   * The key phrase of the sentence, as the source writes it (at most a sentence).
   */
  quote: string;
}
/**
 * A section of the wasi:mcp host contract in this repository (docs/targets.md#cancellation, wit/README.md#errors) and the key phrase of the sentence the case checks.
 */
export interface ContractCitation {
  section: string;
  /**
   * The key phrase of the sentence, as the source writes it (at most a sentence).
   */
  quote: string;
}
/**
 * A map with exactly one key: send, send_bare, send_raw, send_fragment, expect_response, expect_notification, expect_notifications, expect_request, expect_peer_message, respond, expect_no_response, expect_no_message, expect_count, cancel, observe, expect_cancellation_observed, by_era, close_stdin, expect_exit, sleep.
 */
export interface Step {
  /**
   * A JSON-RPC message, sent as one line; "jsonrpc": "2.0" is added when absent. In the modern era a request (a message with id and method) also gets the harness's _meta envelope (io.modelcontextprotocol/protocolVersion, clientCapabilities, clientInfo), merged under the message's own _meta keys. A string "${NAME}" anywhere in it is replaced by a value kept by an earlier save.
   */
  send?: {};
  /**
   * Like send, but the message goes out exactly as written (only jsonrpc is added): no _meta envelope in either era. For malformed or incomplete modern requests.
   */
  send_bare?: {};
  /**
   * Text sent exactly as given (a newline is added when it does not end in one): for malformed input.
   */
  send_raw?: string;
  /**
   * Text sent exactly as given, with no newline added: part of a line, for framing cases (the rest follows in a later send_raw).
   */
  send_fragment?: string;
  /**
   * Waits for the response with this id and matches the whole message against the other keys (a pattern: docs/case-format.md#patterns); within_ms, save and allow_exit are not part of the pattern.
   */
  expect_response?: {
    /**
     * The id of the awaited response: the request's id, null for errors about unreadable requests, or a pattern such as {$oneOf: [7, null]} (the first response whose id matches).
     */
    id: {
      [k: string]: unknown;
    };
    /**
     * Fail unless the response arrives within this many milliseconds (× --timing-scale); default: the case timeout.
     */
    within_ms?: number;
    /**
     * Values of the response to keep: NAME: dotted.path (e.g. cursor: result.nextCursor); a later send uses them as the string "${NAME}".
     */
    save?: {
      [k: string]: string;
    };
    /**
     * true: the target exiting before the response also satisfies the step (for behaviour a host may answer or die of, e.g. a guest trap in a host that shares the guest's store). Default false.
     */
    allow_exit?: boolean;
  };
  /**
   * Waits for the next not yet consumed notification with this method (and matching where) and matches it against the other keys (a pattern).
   */
  expect_notification?: {
    /**
     * The notification's method, e.g. notifications/progress.
     */
    method: string;
    /**
     * Fail unless the notification arrives within this many milliseconds (× --timing-scale); default: the case timeout.
     */
    within_ms?: number;
    /**
     * A pattern choosing which notification with this method is taken (e.g. the one of a particular subscription); others stay for later steps.
     */
    where?: {
      [k: string]: unknown;
    };
    /**
     * Only a notification that arrived after the request with this id was sent counts (e.g. the notification a change made by that request causes, not an earlier one).
     */
    after?: string | number;
  };
  /**
   * Collects the notifications with method (and matching where) that arrive before the response to until_response (which is left for a later step) and checks them.
   */
  expect_notifications?: {
    /**
     * The notifications' method, or a list of methods (collected together, in arrival order), e.g. notifications/progress.
     */
    method: string | [string, ...string[]];
    /**
     * Collect until the response with this id arrives.
     */
    until_response: string | number;
    /**
     * A pattern selecting which of the notifications are collected.
     */
    where?: {
      [k: string]: unknown;
    };
    /**
     * A pattern for the number of collected notifications, e.g. 5 or {$gte: 1}.
     */
    count?: {
      [k: string]: unknown;
    };
    /**
     * A pattern every collected notification must match.
     */
    each?: {
      [k: string]: unknown;
    };
    /**
     * A dotted path (e.g. params.progress) whose value must strictly increase across the collected notifications.
     */
    increasing?: string;
    /**
     * A list of patterns the collected notifications must match one by one, in order, with nothing left over.
     */
    sequence?: unknown[];
  };
  /**
   * Waits for a request from the server (a message with method and id, e.g. elicitation/create) and matches it against the other keys (a pattern); save keeps values of it, e.g. save: {req: id}.
   */
  expect_request?: {
    method: string;
    within_ms?: ScaledMs;
    /**
     * Values of the response to keep: NAME: dotted.path (e.g. cursor: result.nextCursor); a later send uses them as the string "${NAME}".
     */
    save?: {
      [k: string]: string;
    };
  };
  /**
   * Waits until the target has sent a peer (peers:) a message matching the other keys (a pattern; method, when given, must be equal), e.g. the notifications/cancelled a cancelled peer call must produce. Fails at the end of its window, or as soon as the target has exited and its connections to the peers have closed.
   */
  expect_peer_message?: {
    peer: string;
    method?: string;
    within_ms?: ScaledMs;
  };
  /**
   * Sends a JSON-RPC response to a request the server sent: id (usually "${NAME}" saved by expect_request) and exactly one of result or error.
   */
  respond?: {
    /**
     * The server's request id, or "${NAME}".
     */
    id: string | number;
    result?: {};
    error?: {
      code: number;
      message: string;
    };
  };
  /**
   * No response with this id arrives within for_ms, and the target does not exit.
   */
  expect_no_response?: {
    id: RequestId;
    /**
     * Milliseconds, multiplied by --timing-scale.
     */
    for_ms: number;
  };
  /**
   * Nothing the filter selects arrives within for_ms (messages already received before the step do not count), and the target does not exit. Without a filter: no message at all.
   */
  expect_no_message?: {
    /**
     * Milliseconds, multiplied by --timing-scale.
     */
    for_ms: number;
    /**
     * Only messages with this method count (notifications or requests).
     */
    method?: string;
    /**
     * A JSON-RPC request id: a string or an integer.
     */
    id?: string | number;
    /**
     * Only messages matching this pattern count.
     */
    where?: {
      [k: string]: unknown;
    };
  };
  /**
   * Counts the messages received from the target so far in the case (every one, whether or not an earlier step consumed it: requests, notifications and responses alike) that the filter selects, and requires their number to be at least min and at most max. Without a filter: every message.
   */
  expect_count?: (
    | {
        min: unknown;
      }
    | {
        max: unknown;
      }
  ) & {
    /**
     * Only messages with this method count (notifications or requests).
     */
    method?: string;
    /**
     * A JSON-RPC request id: a string or an integer.
     */
    id?: string | number;
    /**
     * Only messages matching this pattern count.
     */
    where?: {
      [k: string]: unknown;
    };
    /**
     * The least number of selected messages (default 0).
     */
    min?: number;
    /**
     * The greatest number of selected messages (default: no bound).
     */
    max?: number;
  };
  /**
   * after_ms after the request id was sent, sends notifications/cancelled {requestId: id, reason}.
   */
  cancel?: {
    /**
     * A JSON-RPC request id: a string or an integer.
     */
    id: string | number;
    /**
     * Delay after the request was sent, in milliseconds (not scaled).
     */
    after_ms: number;
    /**
     * The optional reason sent with the notification.
     */
    reason?: string;
  };
  /**
   * Asks the fixture what it observed (its observations tool, docs/fixtures.md) and matches the structuredContent against expect.
   */
  observe?: {
    /**
     * What to ask about.
     */
    kind: "stream" | "cancellation" | "changes";
    /**
     * A resource uri (kind stream), a label (kind cancellation), or "streams" (kind changes).
     */
    key: string;
    /**
     * A pattern for the observation's structuredContent.
     */
    expect: {
      [k: string]: unknown;
    };
  };
  /**
   * Asks the fixture about the slow call labelled label (sent as request and cancelled by a cancel step) and requires that the guest observed the cancellation within within_ms of the cancel notification.
   */
  expect_cancellation_observed?: {
    /**
     * The label argument of the slow call.
     */
    label: string;
    /**
     * A JSON-RPC request id: a string or an integer.
     */
    request: string | number;
    /**
     * Milliseconds, multiplied by --timing-scale.
     */
    within_ms: number;
  };
  /**
   * Steps that differ by era: the steps under the era the case is running in (none when that era is absent).
   */
  by_era?: {
    legacy?: Steps1;
    modern?: Steps1;
  };
  /**
   * Closes the target's stdin (the MCP stdio shutdown signal). The value is true.
   */
  close_stdin?: true;
  /**
   * The target exits within within_ms (× --timing-scale), optionally with this exit code.
   */
  expect_exit?: {
    within_ms: ScaledMs;
    code?: number;
  };
  /**
   * Waits (not scaled by --timing-scale).
   */
  sleep?: {
    /**
     * Milliseconds to wait.
     */
    ms: number;
  };
}
