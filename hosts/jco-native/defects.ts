// Deliberate defects for the suite's own mutation tests: a host that breaks
// one rule on purpose proves that the cases covering that rule can fail.
// WASI_MCP_HOST_DEFECT selects one by name; it is unset in every real run.
// Each entry is a single bug a real implementer could make, reachable by at
// least one request pattern; HOST_DEFECTS is the catalogue a mutation runner
// enumerates. Entries named `control-*` are the opposite: legal variations
// (MCP and docs/targets.md allow them), so a case that fails under one is
// over-strict.

export const HOST_DEFECTS = {
  // Transport and JSON-RPC
  'no-parse-error': 'unreadable input is dropped instead of answered with -32700 / -32600',
  'null-id-as-notification': 'a request with `id: null` is treated as a notification and never answered',
  'answer-notifications': 'every notification is answered with an empty result',
  'stdout-passthrough': "the guest's stdout is not redirected: its writes reach the MCP stream",
  'keep-preopens': "preview2-shim's default preopen of `/` is left in place: the guest sees the host's filesystem",
  'leak-host-env': "the guest's environment is the host process's, not WASI_MCP_GUEST_ENV",
  'no-exit-on-eof': 'the host keeps running after stdin has ended',
  'exit-on-eof-at-once': 'the host exits as soon as stdin ends, dropping the responses still in flight',
  serial: 'requests are served one at a time',
  'trap-kills-host': 'a guest trap ends the whole host process',
  'crash-on-call': 'the host process dies (exit 3) on every tools/call, as an uncaught exception in its handler would end it',
  'unknown-method-internal-error': 'unknown methods are answered -32603 instead of -32601',
  'wrong-error-codes': 'every error goes out as -32603',
  // Errors of the component
  'error-data-string': "a component error's `data` is sent as the JSON text, not parsed",
  'modern-not-found-32002': 'resource-not-found is -32002 in the modern era too (2026-07-28 requires -32602)',
  'legacy-not-found-32602': 'resource-not-found is -32602 in legacy sessions too (2025-11-25 uses -32002)',
  'old-extension-codes': 'unauthorized … unavailable keep the wasi:mcp@0.1.0 codes -32010 … -32014',
  'missing-capability-internal': 'missing-client-capability becomes -32603 instead of -32021',
  // Eras and envelopes
  'echo-protocol-version': 'initialize accepts whatever protocol version the client asks for',
  'oldest-version-fallback': 'an unsupported initialize version falls back to the oldest legacy version, not the latest',
  'fixed-protocol-version': 'initialize always answers 2025-11-25, even for another supported legacy version',
  'serve-before-initialize': 'requests without `_meta` before initialize are served instead of rejected with -32602',
  'lax-envelope': 'a modern request without `clientCapabilities` in `_meta` is accepted',
  'unsupported-version-no-data': '-32022 is sent without `data.supported`',
  'legacy-version-served-modern': 'a modern request naming a legacy version is served instead of answered -32022',
  'no-ping': 'a legacy ping is answered -32601',
  'removed-methods-served': 'ping, logging/setLevel and resources/subscribe are still served on modern requests',
  'discover-no-versions': 'server/discover leaves out `supportedVersions`',
  'stale-request-context': 'the request context of the first modern request is reused for later ones',
  // Modern result envelope
  'no-result-type': 'modern results carry no `resultType`',
  'result-type-on-legacy': 'legacy results carry `resultType` and serverInfo as if they were modern',
  'no-server-info': 'modern results carry no `io.modelcontextprotocol/serverInfo`',
  'no-cache-on-templates': 'resources/templates/list results carry no `ttlMs` / `cacheScope`',
  'cache-default-public': 'without a cache hint from the component the host sends `cacheScope: "public"`',
  // Capabilities
  'capabilities-always-true': 'listChanged and subscribe are always advertised true',
  'no-capability-gating': 'methods of features the component does not offer are passed to it instead of -32601',
  // Conversions
  'ignore-cursor': 'the cursor of resources, templates and prompts lists is not passed on (tools are fine)',
  'drop-item-details': 'title, description and size of resources are dropped',
  'name-from-title': "a resource's name is taken from its title",
  'first-content-only': 'only the first content item of a result is kept',
  'hex-media': 'image and audio data are hex-encoded instead of base64',
  'audio-as-image': 'audio content is sent with `type: "image"`',
  'resource-link-misspelled': 'resource links are sent with `type: "resource-link"`',
  'flatten-embedded-resource': "an embedded resource's contents are spread into the block instead of under `resource`",
  'drop-annotations': 'annotations of content and items are dropped',
  'drop-item-meta': '`_meta` of tools, resources, prompts and content is dropped',
  'drop-completion-extras': 'completion `total` and `hasMore` are dropped',
  'structured-content-string': '`structuredContent` is sent as the JSON text, not parsed',
  'latin1-text': 'text resources are decoded as Latin-1 instead of UTF-8',
  'mime-decides-text': 'text vs blob is decided by the MIME type instead of the body kind',
  // Streams and progress
  'progress-token-stringified': 'a numeric progressToken is sent back as a string',
  'zero-token-ignored': 'a numeric progressToken 0 is treated as absent',
  'progress-message-dropped': 'the `message` of progress reports is dropped',
  'logs-after-progress': "a call's log messages are held back until its events stream ends, after all its progress",
  'drop-progress': 'progress is never forwarded',
  'progress-without-token': 'progress is sent, with an invented token, for requests that asked for none',
  'reuse-chunk-buffer': 'one 64 KiB buffer is reused for every chunk of a resource body',
  'truncate-read': 'only the first chunk of a resource body is kept',
  'ignore-end-error': "an error on a body's `end` future is ignored and the partial body answered",
  // Cancellation
  'cancel-future-unwritten': 'on cancellation the stream is dropped but the cancel future is never written',
  'stream-not-dropped': 'on cancellation the cancel future is written but the stream is never dropped',
  'ignore-cancel': 'the guest is told nothing of a cancellation (no future, no drop); only the response is suppressed',
  'respond-after-cancel': 'notifications/cancelled is ignored: the request runs on and is answered',
  'loose-id-match': 'cancellation compares request ids as strings, so "1" cancels request 1',
  'read-cancel-not-forwarded': 'cancelling a resources/read tells the guest nothing (tool calls are fine)',
  // Logging
  'log-unfiltered': "log messages are forwarded whatever the request's level",
  'log-without-level': 'log messages are forwarded at level debug for requests that asked for no level',
  'log-data-string': "a log message's `data` is sent as the JSON text, not parsed",
  // Change notifications
  'subscription-no-id': 'subscription notifications carry no `io.modelcontextprotocol/subscriptionId`',
  'deliver-unacknowledged': 'changes are matched against the kinds a subscription requested, not the ones acknowledged',
  'ack-undeclared': 'the acknowledgement echoes the requested kinds, including ones the component does not declare',
  'legacy-list-changed-undeclared': 'legacy list_changed notifications are sent for kinds without listChanged',
  'updated-without-subscribe': 'legacy resources/updated is sent for every uri, subscribed or not',
  'changes-per-subscription': 'changes() is called again for every subscription',
  // Multi round-trip
  'input-required-as-error': 'an input-required outcome is answered as a -32603 error',
  'request-state-altered': 'requestState is trimmed of its last character before it is passed on',
  'modern-client-requests': 'modern requests are driven like legacy ones: the host sends requests to the client',
  'legacy-input-required-result': 'legacy requests get an InputRequiredResult instead of server-to-client requests',
  'retry-without-responses': 'the legacy retry passes the request state but not the client responses',
  // Legal-behaviour controls: no case may fail under these
  'control-extra-meta': 'results and notifications carry an extra `_meta` member (`com.example.control/extra: true`), merged with the `_meta` already there',
  'control-extra-members': 'every result carries an extra unknown member (`xControl: 1`)',
  'control-reordered-keys': 'every message is written with its object keys in reverse order, at every depth',
  'control-delay': 'every message is written 50 ms late, in the same order',
  'control-small-reads': 'resource bodies are read 1 KiB at a time, and events and changes one item at a time',
  'control-unrelated-notifications': 'a legacy session of a component declaring tools.listChanged gets notifications/tools/list_changed after initialize and after every 5th response',
  'control-null-id-errors': 'errors about unreadable input carry `id: null` instead of no id',
  'control-rephrased-errors': 'the messages of errors the host makes up start with "Sorry: " (codes, data and component messages unchanged)',
} as const;

export type HostDefect = keyof typeof HOST_DEFECTS;

const active = process.env.WASI_MCP_HOST_DEFECT || undefined;

/** The selected defect's name, if it is one of the catalogue (main.ts refuses others). */
export function activeDefect(): string | undefined {
  return active;
}

export function isKnownDefect(name: string): name is HostDefect {
  return Object.hasOwn(HOST_DEFECTS, name);
}

export function defect(name: HostDefect): boolean {
  return active === name;
}
