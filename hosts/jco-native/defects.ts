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
  'falsy-id-absent': 'a request whose id is falsy (0, "", null) is taken for a notification and never answered',
  'id-uint32': 'numeric request ids go through an unsigned 32-bit integer (id >>> 0): negative and large ids come back altered',
  'string-ids-as-numbers': 'a string id that looks like a number is answered as that number ("1" comes back as 1)',
  'stop-after-parse-error': 'after answering a line that is not JSON with -32700 the host reads no more input',
  'banner-before-initialize': 'the host announces itself with a notifications/message as soon as it starts, before any request',
  'answer-notifications': 'every notification is answered with an empty result',
  'stdout-passthrough': "the guest's stdout is not redirected: its writes reach the MCP stream",
  'keep-preopens': "preview2-shim's default preopen of `/` is left in place: the guest sees the host's filesystem",
  'leak-host-env': "the guest's environment is the host process's, not WASI_MCP_GUEST_ENV",
  'open-network': "the shims' sockets are left as they are: the guest can open TCP and UDP sockets and look up names",
  'no-exit-on-eof': 'the host keeps running after stdin has ended',
  'exit-on-eof-at-once': 'the host exits as soon as stdin ends, dropping the responses still in flight',
  serial: 'requests are served one at a time',
  'trap-kills-host': 'a guest trap ends the whole host process',
  'trap-unanswered': "a guest trap is logged and swallowed: the request it hit is never answered, the host runs on",
  'trapped-instance-hangs': 'after a trap, later requests wait forever for the dead instance instead of being answered -32603',
  'crash-on-call': 'the host process dies (exit 3) on every tools/call, as an uncaught exception in its handler would end it',
  'unknown-method-internal-error': 'unknown methods are answered -32603 instead of -32601',
  'wrong-error-codes': 'every error goes out as -32603',
  // Errors of the component
  'error-data-string': "a component error's `data` is sent as the JSON text, not parsed",
  'error-data-null': "a component error without `data` is sent with `data: null` (the absent text parsed as 'null')",
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
  'strict-params': 'params members MCP does not define for the method are rejected with -32602',
  'reserved-meta-rejected': 'a request whose `_meta` has an `io.modelcontextprotocol/` key the host does not know is rejected with -32602',
  'capabilities-type-unchecked': 'a `clientCapabilities` that is present but not an object (a string, null) is accepted and passed on as {}',
  'client-info-unchecked': 'a `clientInfo` that is not an Implementation is ignored: the request is served as if it had none',
  'log-level-unchecked': 'a `logLevel` that is not a log level is ignored: the request is served as if it asked for none',
  'legacy-client-info-dropped': "the legacy request context carries no client info (initialize's clientInfo is not passed on)",
  'legacy-context-capabilities-empty': "the legacy request context passes {} as the client's capabilities instead of initialize's",
  // Modern result envelope
  'no-result-type': 'modern results carry no `resultType`',
  'result-type-on-legacy': 'legacy results carry `resultType` and serverInfo as if they were modern',
  'no-server-info': 'modern results carry no `io.modelcontextprotocol/serverInfo`',
  'no-cache-on-templates': 'resources/templates/list results carry no `ttlMs` / `cacheScope`',
  'cache-default-public': 'without a cache hint from the component the host sends `cacheScope: "public"`',
  'cache-hint-ignored': "the component's cache hints are ignored: cacheable results always carry ttlMs 0 and cacheScope private",
  'no-cache-fields': 'modern discover, list and read results carry no `ttlMs` / `cacheScope`',
  'legacy-result-meta-dropped': 'the `_meta` of a tool or prompt result is dropped in legacy sessions (items and contents keep theirs)',
  'input-required-cache-fields': 'input_required results carry `ttlMs` / `cacheScope` as complete ones do',
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
  'completion-value-dropped': "completion/complete passes an empty partial value instead of the argument's value",
  'completion-ref-as-prompt': 'a resource template ref is passed to the component as a prompt ref named by its uri',
  'completion-context-dropped': 'completion/complete drops `context.arguments`: the component sees no resolved arguments',
  'tools-order-rotates': 'each tools/list page is rotated one place further than the last (a round-robin start index)',
  'not-found-empty-contents': 'a resources/read the component fails with resource-not-found is answered with an empty `contents` list',
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
  'progress-after-response': "a request's progress and log notifications are queued and written after its response",
  'progress-token-latin1': 'a string progressToken comes back with its UTF-8 bytes read as Latin-1 characters',
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
  'log-capability-ungated': 'log messages are forwarded although the component does not declare logging',
  // Change notifications
  'subscription-no-id': 'subscription notifications carry no `io.modelcontextprotocol/subscriptionId`',
  'deliver-unacknowledged': 'changes are matched against the kinds a subscription requested, not the ones acknowledged',
  'ack-undeclared': 'the acknowledgement echoes the requested kinds, including ones the component does not declare',
  'legacy-list-changed-undeclared': 'a declared feature is taken to declare listChanged: a legacy session reads changes() and gets list_changed for it',
  'updated-without-subscribe': 'legacy resources/updated is sent for every uri, subscribed or not',
  'changes-per-subscription': 'changes() is called again for every subscription',
  'teardown-without-cancelled': 'a subscription the host ends at shutdown gets its result without notifications/cancelled first',
  'request-notifications-tagged': 'progress and log notifications carry the subscription id of an open subscription',
  // Multi round-trip
  'input-required-as-error': 'an input-required outcome is answered as a -32603 error',
  'request-state-altered': 'requestState is trimmed of its last character before it is passed on',
  'modern-client-requests': 'modern requests are driven like legacy ones: the host sends requests to the client',
  'legacy-input-required-result': 'legacy requests get an InputRequiredResult instead of server-to-client requests',
  'retry-without-responses': 'the legacy retry passes the request state but not the client responses',
  'client-request-id-reused': 'legacy requests to the client are numbered per round (wasi-mcp-1, wasi-mcp-2, …), so concurrent calls reuse ids',
  'client-request-id-null': 'legacy requests to the client are sent with `id: null`',
  // Peers (wasi:mcp/client, hosts/jco-native/client/)
  'peer-cancel-not-forwarded': 'cancelling a peer call resolves it but sends the peer no notifications/cancelled',
  'peer-errors-rewritten': 'every peer error becomes internal-error (message and data kept)',
  'peer-legacy-only': 'sessions never probe server/discover and always open with initialize (2025-11-25)',
  'peer-no-legacy-fallback': 'a peer that does not answer server/discover with a DiscoverResult fails open (with its error, or unavailable) instead of getting initialize',
  'peer-first-page-only': "list-tools returns the peer's first page only, ignoring nextCursor",
  'peer-closed-internal-error': 'a closed peer connection fails the calls in flight with internal-error instead of unavailable',
  'peer-unknown-unavailable': 'opening a session with a peer name WASI_MCP_PEERS does not have fails with unavailable instead of invalid-params',
  'peer-arguments-dropped': 'tools/call to a peer is sent with `arguments: {}` instead of the arguments the component gave',
  'peer-first-content-only': "only the first content item of a peer's tool result is kept",
  'peer-request-timeout': 'every request to a peer gives up after 2 s (the discover timeout) and fails with timeout',
  'peer-call-blocks-input': "the host stops reading its own input while a peer call is in flight",
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
