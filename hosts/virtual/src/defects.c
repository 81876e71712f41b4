// The virtual host's defects: one row each, name and what goes wrong;
// `control-*` rows are legal variations instead.
// hosts/virtual/defects.json is generated from this table by build.mjs.
#include "defects.h"

#include <string.h>

typedef struct {
  defect_t id;
  const char *name;
  const char *description;
} defect_row;

static const defect_row DEFECTS[] = {
    {D_CANCEL_FUTURE_UNWRITTEN, "cancel-future-unwritten", "notifications/cancelled never writes the call's cancel future"},
    {D_STREAM_KEPT_ON_CANCEL, "stream-kept-on-cancel", "a cancelled call's events or body stream is not dropped but read to its end"},
    {D_LOOSE_ID_MATCH, "loose-id-match", "notifications/cancelled matches request ids by their text, so the string \"1\" cancels request 1"},
    {D_READ_CANCEL_IGNORED, "read-cancel-ignored", "cancelling resources/read tells the component nothing (cancel future not written, body kept)"},
    {D_RESPOND_AFTER_CANCEL, "respond-after-cancel", "a cancelled request is still answered"},
    {D_CANCEL_REASON_DROPPED, "cancel-reason-dropped", "the cancel future gets \"cancelled\" instead of the client's reason"},
    {D_END_ERROR_IGNORED, "end-error-ignored", "a resource read whose end future fails is answered with the partial contents"},
    {D_LATIN1_TEXT, "latin1-text", "text resource bodies are decoded as Latin-1 instead of UTF-8"},
    {D_MIME_DECIDES_KIND, "mime-decides-kind", "text or blob is chosen by the MIME type (text/*) instead of the body-kind"},
    {D_BLOB_UNPADDED, "blob-unpadded", "base64 data is written without '=' padding"},
    {D_PROGRESS_TOKEN_STRINGIFIED, "progress-token-stringified", "a numeric progressToken is sent back as a string"},
    {D_PROGRESS_TOKEN_ZERO_ABSENT, "progress-token-zero-absent", "progressToken 0 is treated as absent: no progress notifications"},
    {D_PROGRESS_MESSAGE_DROPPED, "progress-message-dropped", "progress notifications lose their message"},
    {D_PROGRESS_DROPPED, "progress-dropped", "progress reports are never forwarded"},
    {D_ERROR_DATA_STRING, "error-data-string", "a component error's data is sent as a JSON string instead of parsed JSON"},
    {D_RESOURCE_NOT_FOUND_32002_MODERN, "resource-not-found-32002-modern", "resource-not-found is -32002 in the modern era too (2026-07-28 forbids it)"},
    {D_UNSUPPORTED_VERSION_NO_DATA, "unsupported-version-no-data", "-32022 carries no data (supported, requested)"},
    {D_UNKNOWN_METHOD_INTERNAL_ERROR, "unknown-method-internal-error", "unknown methods are answered -32603 instead of -32601"},
    {D_TOOLS_CURSOR_IGNORED, "tools-cursor-ignored", "tools/list passes no cursor to the component (always the first page)"},
    {D_NEXT_CURSOR_DROPPED, "next-cursor-dropped", "list results never carry nextCursor"},
    {D_ITEM_DETAILS_DROPPED, "item-details-dropped", "resources and resource links lose title, description and size"},
    {D_ANNOTATIONS_DROPPED, "annotations-dropped", "annotations of content, resources and templates are not sent"},
    {D_TOOL_ANNOTATIONS_DROPPED, "tool-annotations-dropped", "tool annotations are not sent"},
    {D_META_DROPPED, "meta-dropped", "the component's _meta of items, contents and results is not sent"},
    {D_FIRST_CONTENT_ONLY, "first-content-only", "only the first content item of a tool result is kept"},
    {D_AUDIO_AS_IMAGE, "audio-as-image", "audio content is sent with type \"image\""},
    {D_RESOURCE_LINK_MISSPELLED, "resource-link-misspelled", "resource links are sent with type \"resource-link\""},
    {D_STRUCTURED_CONTENT_STRING, "structured-content-string", "structuredContent is sent as a JSON string instead of parsed JSON"},
    {D_LEGACY_VERSION_OLDEST, "legacy-version-oldest", "initialize with an unsupported version falls back to 2024-11-05 instead of 2025-11-25"},
    {D_CAPABILITIES_ALWAYS, "capabilities-always", "every capability is advertised, whatever the component declares"},
    {D_CAPABILITY_GATING_OFF, "capability-gating-off", "methods of features the component does not offer are passed to it instead of -32601"},
    {D_SERVE_BEFORE_INITIALIZE, "serve-before-initialize", "requests without a protocol version are served as legacy before initialize"},
    {D_NULL_ID_NOTIFICATION, "null-id-notification", "a request with id null is treated as a notification and not answered"},
    {D_NO_PARSE_ERROR, "no-parse-error", "lines that are not JSON are dropped instead of answered with -32700"},
    {D_NO_EXIT_ON_EOF, "no-exit-on-eof", "the host keeps running after stdin has ended"},
    {D_NO_RESULT_TYPE, "no-result-type", "modern results carry no resultType"},
    {D_NO_CACHE_FIELDS, "no-cache-fields", "modern discover, list and read results carry no ttlMs and cacheScope"},
    {D_NO_SERVER_INFO, "no-server-info", "modern results carry no io.modelcontextprotocol/serverInfo in _meta"},
    {D_LEGACY_MODERN_FIELDS, "legacy-modern-fields", "legacy results carry resultType and serverInfo as modern ones do"},
    {D_MISSING_META_ACCEPTED, "missing-meta-accepted", "a modern request without clientCapabilities is served as if it declared {}"},
    {D_DISCOVER_NO_VERSIONS, "discover-no-versions", "server/discover answers without supportedVersions"},
    {D_REMOVED_METHODS_SERVED, "removed-methods-served", "ping and logging/setLevel are still served on modern requests"},
    {D_CONTEXT_CAPABILITIES_EMPTY, "context-capabilities-empty", "the request context passes {} as the client's capabilities"},
    {D_LOG_WITHOUT_LEVEL, "log-without-level", "log messages are forwarded for requests that asked for none"},
    {D_LOG_LEVEL_UNFILTERED, "log-level-unfiltered", "once a level is set every log message is forwarded, whatever its level"},
    {D_NO_SUBSCRIPTION_ID, "no-subscription-id", "notifications of a subscription carry no io.modelcontextprotocol/subscriptionId"},
    {D_UNACKNOWLEDGED_KINDS, "unacknowledged-kinds", "subscriptions get every change, including kinds they did not ask for or were not acknowledged"},
    {D_NO_ACKNOWLEDGEMENT, "no-acknowledgement", "subscriptions/listen sends no notifications/subscriptions/acknowledged"},
    {D_TEARDOWN_WITHOUT_CANCELLED, "teardown-without-cancelled", "a subscription the host ends at shutdown gets its result without notifications/cancelled first"},
    {D_UPDATED_UNSUBSCRIBED, "updated-unsubscribed", "legacy resources/updated is sent for uris the client did not subscribe to"},
    {D_INPUT_REQUIRED_ERROR, "input-required-error", "an input-required outcome is answered with -32603"},
    {D_REQUEST_STATE_ALTERED, "request-state-altered", "the requestState of an input_required result is altered on its way to the client"},
    {D_MODERN_CLIENT_REQUEST, "modern-client-request", "modern input requests are sent to the client as server-to-client requests"},
    {D_LEGACY_RETRY_WITHOUT_RESPONSES, "legacy-retry-without-responses", "a legacy round trip retries the call without the client's responses"},
    {D_NUMERIC_STRING_ID, "numeric-string-id", "a string request id that reads as an integer is answered as a number (\"1\" comes back as 1)"},
    {D_FALSY_ID_ABSENT, "falsy-id-absent", "a request whose id is 0 or \"\" is taken for a notification and never answered"},
    {D_ID_UINT32, "id-uint32", "numeric request ids are answered through a uint32_t, so negative and large ids wrap"},
    {D_STOP_AFTER_PARSE_ERROR, "stop-after-parse-error", "after answering a line that is not JSON with -32700 the host reads no more input"},
    {D_STRICT_PARAMS, "strict-params", "params are checked against strict schemas: members MCP does not define for the method are rejected with -32602 (and ping's schema has no _meta)"},
    {D_RESERVED_META_REJECTED, "reserved-meta-rejected", "a request whose _meta has an io.modelcontextprotocol/ key the host does not know is rejected with -32602"},
    {D_BANNER_BEFORE_INITIALIZE, "banner-before-initialize", "the host announces itself with a notifications/message as soon as it starts, before any request"},
    {D_CACHE_HINT_IGNORED, "cache-hint-ignored", "the component's cache hints are ignored: cacheable results always carry ttlMs 0 and cacheScope private"},
    {D_LEGACY_CLIENT_INFO_DROPPED, "legacy-client-info-dropped", "the legacy request context carries no client info (initialize's clientInfo is not passed on)"},
    {D_ENVELOPE_PRESENCE_ONLY, "envelope-presence-only", "the modern envelope checks clientCapabilities, clientInfo and logLevel for presence only: a non-object, an Implementation without version or an unknown level is accepted"},
    {D_COMPLETION_VALUE_DROPPED, "completion-value-dropped", "completion/complete passes an empty partial value instead of the argument's value"},
    {D_COMPLETION_REF_AS_PROMPT, "completion-ref-as-prompt", "a resource template ref is passed to the component as a prompt ref named by its uri"},
    {D_COMPLETION_CONTEXT_DROPPED, "completion-context-dropped", "completion/complete drops context.arguments: the component sees no resolved arguments"},
    {D_LEGACY_RESULT_META_DROPPED, "legacy-result-meta-dropped", "the _meta of a tool or prompt result is dropped in legacy sessions (items and contents keep theirs)"},
    {D_NOT_FOUND_EMPTY_CONTENTS, "not-found-empty-contents", "a resources/read the component fails with resource-not-found is answered with an empty contents list"},
    {D_LOG_CAPABILITY_UNGATED, "log-capability-ungated", "log messages are forwarded although the component does not declare logging"},
    {D_LEGACY_LIST_CHANGED_UNDECLARED, "legacy-list-changed-undeclared", "a legacy session gets list_changed for every kind, declared or not (changes() opened at every initialize)"},
    {D_REQUEST_NOTIFICATIONS_TAGGED, "request-notifications-tagged", "progress and log notifications carry the subscription id of an open subscription"},
    {D_INPUT_REQUIRED_CACHE_FIELDS, "input-required-cache-fields", "input_required results carry ttlMs and cacheScope"},
    {D_PROGRESS_AFTER_RESPONSE, "progress-after-response", "a call's progress and log notifications are held back and written after its response"},
    {D_PROGRESS_TOKEN_LATIN1, "progress-token-latin1", "a string progressToken comes back with its UTF-8 bytes read as Latin-1 characters"},
    {D_CLIENT_REQUEST_ID_REUSED, "client-request-id-reused", "legacy requests to the client are numbered per round (wasi-mcp-1, wasi-mcp-2, ...), so concurrent calls reuse ids"},
    {D_CLIENT_REQUEST_ID_NULL, "client-request-id-null", "legacy requests to the client are sent with id null"},
    {D_PEER_CANCEL_NOT_FORWARDED, "peer-cancel-not-forwarded", "client provider: cancelling a peer call resolves it but sends the peer no notifications/cancelled"},
    {D_PEER_ERRORS_REWRITTEN, "peer-errors-rewritten", "client provider: every peer error becomes internal-error (message and data kept)"},
    {D_PEER_LEGACY_ONLY, "peer-legacy-only", "client provider: sessions never probe server/discover and always open with initialize (2025-11-25)"},
    {D_PEER_FIRST_PAGE_ONLY, "peer-first-page-only", "client provider: list-tools returns the peer's first page only, ignoring nextCursor"},
    {D_PEER_CLOSED_INTERNAL_ERROR, "peer-closed-internal-error", "client provider: a closed peer connection fails the calls in flight with internal-error instead of unavailable"},
    {D_PEER_NO_LEGACY_FALLBACK, "peer-no-legacy-fallback", "client provider: a peer that does not answer server/discover with a DiscoverResult fails open (with its error, or unavailable) instead of getting initialize"},
    {D_PEER_UNKNOWN_UNAVAILABLE, "peer-unknown-unavailable", "client provider: opening a session with a peer name WASI_MCP_PEERS does not have fails with unavailable instead of invalid-params"},
    {D_PEER_ARGUMENTS_DROPPED, "peer-arguments-dropped", "client provider: tools/call to a peer is sent with arguments: {} instead of the arguments the component gave"},
    {D_PEER_FIRST_CONTENT_ONLY, "peer-first-content-only", "client provider: only the first content item of a peer's tool result is kept"},
    {D_PEER_REQUEST_TIMEOUT, "peer-request-timeout", "client provider: every request to a peer gives up after 2 s (the discover timeout) and fails with timeout"},
    {D_CONTROL_EXTRA_META, "control-extra-meta", "results and notifications carry an extra _meta member (com.example.control/extra: true), merged with the _meta already there"},
    {D_CONTROL_EXTRA_MEMBERS, "control-extra-members", "every result carries an extra unknown member (xControl: 1)"},
    {D_CONTROL_REORDERED_KEYS, "control-reordered-keys", "every message is written with its object keys in reverse order, at every depth"},
    {D_CONTROL_DELAY, "control-delay", "every message is written 50 ms late, in the same order"},
    {D_CONTROL_SMALL_READS, "control-small-reads", "resource bodies are read 1 KiB at a time, and events and changes one item at a time"},
    {D_CONTROL_UNRELATED_NOTIFICATIONS, "control-unrelated-notifications", "a legacy session of a component declaring tools.listChanged gets notifications/tools/list_changed after initialize and after every 5th response"},
    {D_CONTROL_NULL_ID_ERRORS, "control-null-id-errors", "errors about unreadable input carry id: null instead of no id"},
    {D_CONTROL_REPHRASED_ERRORS, "control-rephrased-errors", "the messages of errors the host makes up start with \"Sorry: \" (codes, data and component messages unchanged)"},
};

_Static_assert(sizeof DEFECTS / sizeof *DEFECTS == D_COUNT - 1, "one row per defect");

static defect_t active = D_NONE;

bool defect(defect_t d) { return active == d; }

bool defect_select(const char *name, unsigned long len) {
  if (!name || !len || (len == 4 && memcmp(name, "none", 4) == 0)) {
    active = D_NONE;
    return true;
  }
  for (unsigned long i = 0; i < sizeof DEFECTS / sizeof *DEFECTS; i++) {
    if (strlen(DEFECTS[i].name) == len && memcmp(DEFECTS[i].name, name, len) == 0) {
      active = DEFECTS[i].id;
      return true;
    }
  }
  return false;
}
