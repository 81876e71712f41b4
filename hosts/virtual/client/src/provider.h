// What the modules of the client provider share. The provider exports
// wasi:mcp/client (wit/client.wit) for a component host: each session is one
// TCP connection to a peer named in WASI_MCP_PEERS, speaking newline-delimited
// JSON-RPC (docs/targets.md, "Peers"). Every export is synchronous and returns
// a future; the work behind the futures runs in the driver task (loop.c).
#ifndef CP_PROVIDER_H
#define CP_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_provider.h"
#include "defects.h"
#include "json.h"

#define MODERN_VERSION "2026-07-28"
#define LEGACY_VERSION "2025-11-25"
#define PROVIDER_NAME "wasi-mcp-client-provider"
#define PROVIDER_VERSION "0.2.0"
/** How long `server/discover` may stay unanswered before the session falls back to legacy. */
#define DISCOVER_TIMEOUT_NS 2000000000ull
/** Pages of tools/list followed at most (a peer whose cursors never end). */
#define MAX_PAGES 10000

#define BLOCKED CLIENT_PROVIDER_WAITABLE_STATUS_BLOCKED
#define WSTATE(s) CLIENT_PROVIDER_WAITABLE_STATE(s)
#define WCOUNT(s) CLIENT_PROVIDER_WAITABLE_COUNT(s)

typedef client_provider_string_t cp_string;
typedef wasi_mcp_types_error_t cp_error;

// ---- loop.c: the driver task and its waitable set ----
typedef void (*on_event_fn)(void *ctx, uint32_t code);
/** Calls fn(ctx, code) when the waitable h has an event (joins it to the driver's set). */
void watch(uint32_t h, on_event_fn fn, void *ctx);
void unwatch(uint32_t h);
/** Runs fn(ctx) in the driver task, soon (the exports start nothing themselves). */
void later(void (*fn)(void *), void *ctx);
/** Whether a subtask status or event code says the subtask has ended. */
bool subtask_ended(uint32_t state);
/** A wait on the monotonic clock; fn(ctx) runs when it is over (at once, returning NULL, if the wait ended at once). */
typedef struct timer timer;
typedef void (*timer_fn)(void *ctx);
timer *timer_start(uint64_t ns, timer_fn fn, void *ctx);
/** The timer's end no longer matters (fn is not called; the timer frees itself). */
void timer_detach(timer *t);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
char *xstrndup(const char *s, size_t n);
/** Zeroed memory for a list of n items (NULL for none: the generated *_free functions free only non-empty lists). */
void *list_alloc(size_t n, size_t size);
/** A string the canonical ABI may free (malloc'd copy). */
cp_string str_dup(const char *s, size_t n);
cp_string str_dupz(const char *s);
/** Moves an sbuf's bytes into a string (the sbuf is emptied). Traps when the sbuf ran out of memory. */
cp_string str_take(sbuf *b);

/**
 * Writes a value to a future the provider created and handed out: `write`
 * lowers *val, `drop` drops the writable end, and `done(val, taken)` runs once
 * the write has finished (taken false: the reader was gone) to release what
 * the value holds. The value must stay valid until then.
 */
typedef uint32_t (*fut_write_fn)(uint32_t w, const void *val);
typedef void (*fut_drop_fn)(uint32_t w);
typedef void (*fut_done_fn)(void *val, bool taken);
void future_put(uint32_t w, fut_write_fn write, fut_drop_fn drop, void *val, fut_done_fn done);

// ---- peers.c: configuration from the environment ----
/** Reads WASI_MCP_PEERS and WASI_MCP_HOST_DEFECT once. */
void config_load(void);
typedef enum { PEER_FOUND, PEER_UNKNOWN, PEER_BAD_ADDRESS, PEERS_UNREADABLE } peer_lookup;
peer_lookup peer_address(const char *name, size_t len, wasi_sockets_types_ip_socket_address_t *out);
/** Parses "IPv4:PORT" or "[IPv6]:PORT". */
bool parse_socket_address(const char *s, size_t n, wasi_sockets_types_ip_socket_address_t *out);

// ---- conn.c: one TCP connection, JSON-RPC lines both ways ----
typedef struct conn conn;
/** A response to a request: result or error (both NULL: the connection ended first). */
typedef void (*reply_fn)(void *ctx, const jval *result, const jval *error);
typedef void (*connected_fn)(void *ctx, const char *failure);
/** A connection to addr, not yet connecting; NULL and *failure set when no socket could be created. */
conn *conn_open(const wasi_sockets_types_ip_socket_address_t *addr, const char **failure);
/** Connects; connected(ctx, NULL) once it is up, or with what went wrong. */
void conn_connect(conn *c, connected_fn connected, void *ctx);
/** Sends a request (params: an object's JSON, taken; NULL for none); returns its id. */
uint64_t conn_request(conn *c, const char *method, sbuf *params, reply_fn fn, void *ctx);
void conn_notify(conn *c, const char *method, sbuf *params);
/**
 * Gives a request waiting for its response ns nanoseconds: then it is
 * forgotten and its reply is a timeout error (-31003) (the peer-request-timeout defect).
 */
void conn_deadline(conn *c, uint64_t id, uint64_t ns);
/** Forgets a request: its response, if any comes, is dropped. */
void conn_forget(conn *c, uint64_t id);
/** Whether the connection has ended (peer closed it, or it failed). */
bool conn_ended(const conn *c);
/**
 * The owner lets go: once no request is waiting for a response, what was
 * queued is sent and the connection is closed and freed.
 */
void conn_release(conn *c);

// ---- session.c: the session resource ----
struct exports_wasi_mcp_client_session_t {
  conn *c;
  bool modern;
  char *version;                         // the protocol version the session speaks
  wasi_mcp_types_implementation_t info;  // the peer's serverInfo
  // the handshake (session.c)
  uint32_t open_w;
  char *peer;  // the name it was opened with
  size_t peer_len;
  timer *probe_timer;
  uint64_t probe_id;
  bool retried;
};
typedef exports_wasi_mcp_client_session_t session;

// ---- errors (convert.c) ----
/** An error record with its own copies of message and data (data: JSON text or NULL). */
cp_error make_error(wasi_mcp_types_error_code_t code, const char *message, const char *data, size_t dlen);
cp_error make_error_z(wasi_mcp_types_error_code_t code, const char *message);
/** A peer's JSON-RPC error object as an error record (wit/README.md, "Errors"). */
cp_error peer_error(const jval *error);
/** The error of a call whose connection ended. */
cp_error closed_error(void);

// ---- convert.c: peer JSON → wasi:mcp values ----
/** A tools/list entry as a tool-config; NULL on success, else what is wrong. */
const char *to_tool_config(const jval *v, wasi_mcp_types_tool_config_t *out);
/** A CallToolResult as a tool-result; NULL on success, else what is wrong. */
const char *to_tool_result(const jval *v, wasi_mcp_types_tool_result_t *out);
/** An Implementation object; NULL on success, else what is wrong. */
const char *to_implementation(const jval *v, wasi_mcp_types_implementation_t *out);
/** The modern request envelope `"_meta":{...}` for protocol version v (appended after a member). */
void put_meta_envelope(sbuf *b, const char *version);

#endif
