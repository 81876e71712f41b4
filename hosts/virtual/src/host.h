// What the modules of the virtual host share: requests in flight ("jobs"),
// the legacy session, the cache of the component's `describe`, and the
// functions each module offers the others. The wire contract is
// docs/targets.md; the era translation is wit/README.md.
#ifndef VH_HOST_H
#define VH_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "defects.h"
#include "json.h"
#include "loop.h"
#include "virtual_host.h"

#define MODERN_VERSION "2026-07-28"
#define LATEST_LEGACY "2025-11-25"
#define OLDEST_LEGACY "2024-11-05"
/** Every version served, newest first (supportedVersions, -32022's `supported`). */
extern const char *const SUPPORTED_VERSIONS[];
extern const size_t N_SUPPORTED_VERSIONS;
/** The eight log levels, least severe first (wasi:mcp log-level order). */
extern const char *const LOG_LEVELS[];
/** Index of a log level name, or -1. */
int log_level_index(const jval *v);

/** Rounds of a legacy multi round-trip request before the host gives up. */
#define MAX_ROUNDS 8
/** Largest read of a resource body. */
#define BODY_CHUNK 65536

typedef enum {
  M_INITIALIZE,
  M_PING,
  M_DISCOVER,
  M_TOOLS_LIST,
  M_RESOURCES_LIST,
  M_TEMPLATES_LIST,
  M_PROMPTS_LIST,
  M_TOOLS_CALL,
  M_RESOURCES_READ,
  M_PROMPTS_GET,
  M_COMPLETE,
  M_SET_LEVEL,
  M_SUBSCRIBE,
  M_UNSUBSCRIBE,
  M_LISTEN,
} method_t;

typedef struct blk {
  struct blk *next;
  void *adopted;  // a buffer taken over by arena_take, freed with the block
} blk;

typedef struct job job;
typedef void (*job_fn)(job *j);

/** A request from the client, from its arrival until it is answered and released. */
struct job {
  job *prev, *next;     // every job not yet released
  bool answered;        // its response was sent (or suppressed by a cancellation)
  bool cancelled;
  bool modern;
  method_t m;
  jval *msg;            // the request; its strings back the call's arguments
  const jval *id;       // request id (string or integer), in msg
  const jval *params;   // params object, in msg (NULL when absent)
  const jval *token;    // _meta.progressToken, in msg (NULL when absent)
  int log_min;          // least severe level forwarded; -1: none
  wasi_mcp_types_request_context_t ctx;
  blk *arena;           // memory released with the job
  job *queue_next;      // waiting for describe or for the changes stream
  job_fn then;          // what to do once it has what it waits for
  job_fn start;         // the call waiting for a turn (job_start)
  bool starting;        // start is queued

  // a call into the component in progress
  uint32_t subtask;
  job_fn returned;
  union {
    wasi_mcp_server_list_tools_args_t tools;
    wasi_mcp_server_list_resources_args_t resources;
    wasi_mcp_server_list_resource_templates_args_t templates;
    wasi_mcp_server_list_prompts_args_t prompts;
    wasi_mcp_server_get_prompt_args_t prompt;
    wasi_mcp_server_complete_args_t complete;
    wasi_mcp_streaming_call_tool_args_t call;
    wasi_mcp_streaming_read_resource_args_t read;
  } a;
  union {
    wasi_mcp_server_result_server_config_error_t describe;
    wasi_mcp_server_result_tool_page_error_t tools;
    wasi_mcp_server_result_resource_page_error_t resources;
    wasi_mcp_server_result_resource_template_page_error_t templates;
    wasi_mcp_server_result_prompt_page_error_t prompts;
    wasi_mcp_server_result_prompt_outcome_error_t prompt;
    wasi_mcp_server_result_completion_error_t complete;
    wasi_mcp_streaming_result_tool_call_error_t call;
    wasi_mcp_streaming_result_read_outcome_error_t read;
  } r;
  bool r_live;          // r.read holds a body's result until the body has ended
  bool keep_msg;        // msg stays alive after the job (initialize: the session uses it)
  bool oom;             // memory ran out while preparing its call (arena_take)

  // multi round-trip
  bool has_retry;
  wasi_mcp_types_retry_t retry;
  int rounds;           // legacy rounds done
  size_t awaiting;      // legacy: client responses still outstanding

  // the cancel future of the current call
  uint32_t cancel_w;
  bool cancel_open;     // created and never written
  bool cancel_writing;  // a write is pending
  virtual_host_string_t reason;

  // tools/call: events, then outcome
  uint32_t events, outcome;
  bool events_busy, outcome_busy;
  wasi_mcp_streaming_call_event_t ev[8];
  wasi_mcp_streaming_result_tool_outcome_error_t outcome_v;
  // resources/read: body, then end
  uint32_t body, end;
  bool body_busy, end_busy;
  uint8_t *chunk;
  sbuf data;
  wasi_mcp_streaming_result_void_error_t end_v;
  sbuf held;            // notifications held back until the response (progress-after-response)

  // subscriptions/listen
  bool want_tools, want_prompts, want_resources;
  const jval *want_uris;
  bool acked;           // notifications/subscriptions/acknowledged sent
  bool ack_tools, ack_prompts, ack_resources, ack_uris;
};

// ---- jobs.c ----
job *job_new(jval *msg, const jval *id, method_t m, bool modern);
/** Releases the job if it is answered and holds nothing the component may still use. */
void job_release(job *j);
/** The first job not yet released (iterate with ->next). */
job *jobs_first(void);
void *arena_alloc(job *j, size_t n);
char *arena_dup(job *j, const char *p, size_t n);
/**
 * Moves the bytes of b into the job's arena (b is emptied). When b ran out of
 * memory the job is marked `oom` and the string is empty: the caller answers
 * -32603 before using it.
 */
virtual_host_string_t arena_take(job *j, sbuf *b);
/** Runs start(j), which calls into the component, in a turn of its own (turn_call). */
void job_start(job *j, job_fn start);
/** Tracks an async call: status from the import, then `returned` runs when it returns. */
void job_call(job *j, virtual_host_subtask_status_t st, job_fn returned);

/** The component's `describe`, as last seen. */
typedef struct {
  bool ready;
  wasi_mcp_types_server_capabilities_t caps;  // extensions: a copy owned by the cache
  sbuf server_info;                           // the Implementation as JSON
} describe_cache_t;
extern describe_cache_t described;
/** Remembers a describe result (copies what it keeps). */
void describe_remember(const wasi_mcp_types_server_config_t *c);
/** Runs then(j) once the capabilities are known (calling describe with j's context if needed). */
void with_describe(job *j, job_fn then);
/** Removes a cancelled job from the queue of with_describe; false if its own describe call is running. */
bool describe_dequeue(job *j);

// ---- rpc.c: messages on the wire ----
void put_id(sbuf *b, const jval *id);
/** Sends {"jsonrpc","id","result"} (unless the job was cancelled), marks the job answered. */
void reply(job *j, sbuf *result);
void reply_error(job *j, int code, const char *message, size_t mlen, const char *data, size_t dlen);
void reply_error_z(job *j, int code, const char *message);
/** -32602 with data {"issues": [issue]}. */
void reply_invalid_params(job *j, const char *issue);
/** -32603: the host could not serve the request (the reason also goes to stderr). */
void reply_internal(job *j, const char *why);
/** The JSON-RPC error for a component's error record (wit/README.md, "Errors"). */
void reply_guest_error(job *j, const wasi_mcp_types_error_t *e);
/** An error response for a request that never became a job (id may be NULL). */
void send_error(const jval *id, int code, const char *message, const char *data, size_t dlen);
/** Sends a notification; params (may be NULL) is an object's JSON. */
void send_notification(const char *method, const sbuf *params);
/** Sends a notification about the call j (progress, log) before its response. */
void send_call_notification(job *j, const char *method, const sbuf *params);

/**
 * Closes a result object begun with '{' (first: no member written yet): adds
 * the era's members — modern: resultType, _meta with serverInfo merged with
 * the component's meta, and cache fields when cacheable; legacy: the
 * component's meta as _meta. False if the component's meta is not a JSON object.
 */
bool result_close(job *j, sbuf *b, bool first, const char *result_type, const wasi_mcp_types_option_json_t *meta,
                  bool cacheable, const wasi_mcp_types_option_cache_hint_t *cache);

// ---- context.c: the legacy session and request contexts ----
typedef struct {
  bool active;                 // initialize was received
  const char *version;         // negotiated version (static)
  const jval *client_info;     // initialize's clientInfo (its message is kept)
  virtual_host_string_t capabilities;  // initialize's capabilities as JSON
  const jval *caps;            // the same, parsed (kept)
  int log_min;                 // logging/setLevel; -1: none
  char **uris;                 // resources/subscribe
  size_t *ulens;
  size_t nuris;
} session_t;
extern session_t session;
/** Fills j->ctx for a modern request from its (validated) _meta. */
void context_modern(job *j, const jval *meta);
/** Fills j->ctx for a legacy request from the session and its _meta (may be NULL). */
void context_legacy(job *j, const jval *meta);
bool session_subscribed(const char *uri, size_t len);
void session_subscribe(const char *uri, size_t len);
void session_unsubscribe(const char *uri, size_t len);
/** Whether an Implementation object is well-formed (name, version; optional strings). */
bool implementation_valid(const jval *v);

// ---- dispatch.c ----
/** Runs a request whose capabilities are known: gating, params, then the call. */
void dispatch_gated(job *j);

// ---- calls.c: calls into the component ----
void start_initialize(job *j);
void start_discover(job *j);
/** Starts the call for a request that passed gating and param checks. */
void start_call(job *j);
/** notifications/cancelled for j. */
void cancel_job(job *j, const char *reason, size_t rlen);
/** A response from the client to one of the host's own requests. */
void client_response(const jval *id, const jval *result, const jval *error);
/** stdin ended: requests waiting for the client are answered -32603. */
void calls_stdin_ended(void);

// ---- changes.c ----
/** Calls the component's changes() once and keeps reading it. */
void changes_ensure(void);
/** request-notifications-tagged: adds the _meta of an open subscription to a request's notification. */
void tag_with_subscription(sbuf *b, bool *first);
/** subscriptions/listen that passed its checks: acknowledge once changes are flowing. */
void listen_start(job *j);
/** At shutdown: answer the open subscriptions. */
void listen_close_all(void);
void changes_shutdown(void);
/** Whether no call to changes() is pending. */
bool changes_idle(void);
/** Forgets a cancelled subscription that waits for the changes stream. */
void listen_dequeue(job *j);

// ---- convert.c: wasi:mcp values as MCP JSON ----
/** Writes JSON text from the component as parsed JSON; false if it is not JSON. */
bool put_json_text(sbuf *b, const virtual_host_string_t *s);
void put_implementation(sbuf *b, const wasi_mcp_types_implementation_t *i);
bool put_capabilities(sbuf *b, const wasi_mcp_types_server_capabilities_t *c);
bool put_tool(sbuf *b, const wasi_mcp_types_tool_config_t *t);
bool put_resource(sbuf *b, const wasi_mcp_types_resource_config_t *r);
bool put_template(sbuf *b, const wasi_mcp_types_resource_template_config_t *t);
bool put_prompt(sbuf *b, const wasi_mcp_types_prompt_config_t *p);
bool put_content(sbuf *b, const wasi_mcp_types_content_t *c);
/** {uri, mimeType?, text|blob, _meta?} of a resource's bytes. */
bool put_contents(sbuf *b, const virtual_host_string_t *uri, const virtual_host_option_string_t *mime,
                  wasi_mcp_types_body_kind_t kind, const uint8_t *data, size_t len, const wasi_mcp_types_option_json_t *meta);
/** Members of a tool result (after '{'); false on bad JSON. */
bool put_tool_result(sbuf *b, const wasi_mcp_types_tool_result_t *r);
bool put_prompt_result(sbuf *b, const wasi_mcp_types_prompt_result_t *r);
void put_completion(sbuf *b, const wasi_mcp_types_completion_t *c);
/** {"key": {method, params}, ...}; false on bad JSON. */
bool put_input_requests(sbuf *b, const wasi_mcp_types_input_required_t *ir);
void put_base64(sbuf *b, const uint8_t *p, size_t n);

/** Key helpers for building objects. */
void put_key(sbuf *b, bool *first, const char *key);
void put_str_member(sbuf *b, bool *first, const char *key, const virtual_host_string_t *s);
void put_opt_member(sbuf *b, bool *first, const char *key, const virtual_host_option_string_t *s);

#endif
