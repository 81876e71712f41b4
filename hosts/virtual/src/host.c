// The virtual host: the host side of wasi:mcp as a component. It imports a
// server component's exports (wasi:mcp/server, wasi:mcp/streaming), serves
// MCP over stdio (newline-delimited JSON-RPC on wasi:cli@0.3.0 stdin/stdout)
// and exports wasi:cli/run@0.3.0 as a callback-based async export, so that
// every request runs concurrently with the others on one waitable set.
//
// Behaviour on the wire follows the TypeScript host (hosts/jco-native).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "virtual_host.h"

#define BLOCKED VIRTUAL_HOST_WAITABLE_STATUS_BLOCKED
#define WSTATE(s) VIRTUAL_HOST_WAITABLE_STATE(s)
#define WCOUNT(s) VIRTUAL_HOST_WAITABLE_COUNT(s)
#define W_DROPPED VIRTUAL_HOST_WAITABLE_DROPPED
#define W_COMPLETED VIRTUAL_HOST_WAITABLE_COMPLETED

static const char *SUPPORTED_VERSIONS[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "2024-10-07"};
#define LATEST_VERSION "2025-11-25"

// ---------------------------------------------------------------------------
// Waitables: one set, and a table from waitable handle to its handler.

typedef void (*on_event_fn)(void *ctx, uint32_t event, uint32_t code);
typedef struct {
  uint32_t h;
  on_event_fn fn;
  void *ctx;
} watch_t;

static virtual_host_waitable_set_t wset;
static watch_t *watches;
static size_t nwatch, capwatch;

static void watch(uint32_t h, on_event_fn fn, void *ctx) {
  for (size_t i = 0; i < nwatch; i++) {
    if (watches[i].h == h) {
      watches[i].fn = fn;
      watches[i].ctx = ctx;
      return;
    }
  }
  if (nwatch == capwatch) {
    capwatch = capwatch ? capwatch * 2 : 16;
    watches = realloc(watches, capwatch * sizeof(watch_t));
  }
  watches[nwatch++] = (watch_t){h, fn, ctx};
  virtual_host_waitable_join(h, wset);
}

static void unwatch(uint32_t h) {
  for (size_t i = 0; i < nwatch; i++) {
    if (watches[i].h == h) {
      watches[i] = watches[--nwatch];
      virtual_host_waitable_join(h, 0);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Output streams (stdout for MCP messages, stderr for logs).

typedef struct {
  uint32_t w;          // writable end of the stream handed to write-via-stream
  uint32_t fut;        // the future write-via-stream returned
  sbuf pending;        // bytes not yet handed to a write
  char *fl;            // bytes of the write in flight (stable while it is pending)
  size_t fl_len, fl_off;
  bool busy, closed;
} outstream;

static outstream out, err;
static bool finishing, finished;
static void maybe_finish(void);

static void os_pump(outstream *o);

static void os_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  outstream *o = ctx;
  o->busy = false;
  o->fl_off += WCOUNT(code);
  if (WSTATE(code) == W_DROPPED) o->closed = true;
  os_pump(o);
  maybe_finish();
}

static void os_pump(outstream *o) {
  while (!o->busy && !o->closed) {
    if (o->fl_off >= o->fl_len) {
      if (!o->pending.len) return;
      free(o->fl);
      o->fl = o->pending.p;
      o->fl_len = o->pending.len;
      o->fl_off = 0;
      o->pending = (sbuf){0};
    }
    uint32_t st = wasi_cli_stdin_stream_u8_write(o->w, (const uint8_t *)o->fl + o->fl_off, o->fl_len - o->fl_off);
    if (st == BLOCKED) {
      o->busy = true;
      return;
    }
    o->fl_off += WCOUNT(st);
    if (WSTATE(st) == W_DROPPED) o->closed = true;
  }
}

static bool os_idle(outstream *o) { return o->closed || (!o->busy && o->fl_off >= o->fl_len && !o->pending.len); }

static void os_open(outstream *o, bool is_err) {
  uint32_t w;
  uint32_t r = wasi_cli_stdin_stream_u8_new(&w);
  o->w = w;
  o->fut = is_err ? wasi_cli_stderr_write_via_stream(r) : wasi_cli_stdout_write_via_stream(r);
  watch(o->w, os_event, o);
}

static void send_line(sbuf *msg) {
  sb_put(&out.pending, msg->p, msg->len);
  sb_putc(&out.pending, '\n');
  os_pump(&out);
}

static void log_msg(const char *a, const char *b, size_t blen) {
  sb_puts(&err.pending, "wasi-mcp virtual host: ");
  sb_puts(&err.pending, a);
  if (b) sb_put(&err.pending, b, blen);
  sb_putc(&err.pending, '\n');
  os_pump(&err);
}

// ---------------------------------------------------------------------------
// Requests in flight.

enum method { M_INIT, M_TOOLS_LIST, M_RES_LIST, M_TPL_LIST, M_PROMPTS_LIST, M_PROMPT_GET, M_TOOL_CALL, M_RES_READ };

typedef struct job {
  struct job *prev, *next;
  bool active;     // in the list of requests awaiting a response
  bool cancelled;  // notifications/cancelled arrived: no response
  enum method m;
  char *id;        // canonical JSON of the request id
  jval *msg;       // the request (its strings back the call's arguments)
  char *token;     // canonical JSON of _meta.progressToken, or NULL
  char *version;   // initialize: the negotiated protocol version
  uint32_t subtask;

  // arguments
  wasi_mcp_server_client_info_t client;
  sbuf capabilities;
  virtual_host_option_string_t cursor;
  virtual_host_list_tuple2_string_string_t prompt_args;
  wasi_mcp_streaming_call_tool_args_t call_args;
  sbuf arguments;
  virtual_host_string_t uri;

  // cancel future
  bool has_cancel, cancel_written;
  uint32_t cancel_w;
  virtual_host_string_t reason;

  union {
    wasi_mcp_server_result_server_config_error_t init;
    wasi_mcp_server_result_tool_page_error_t tools;
    wasi_mcp_server_result_resource_page_error_t resources;
    wasi_mcp_server_result_resource_template_page_error_t templates;
    wasi_mcp_server_result_prompt_page_error_t prompts;
    wasi_mcp_server_result_prompt_result_error_t prompt;
    wasi_mcp_streaming_result_tool_call_error_t call;
    wasi_mcp_streaming_result_resource_read_error_t read;
  } r;

  // tools/call streams
  uint32_t prog_r, outcome_r;
  bool prog_busy, outcome_busy;
  wasi_mcp_streaming_progress_t pbuf[8];
  wasi_mcp_streaming_result_tool_result_error_t outcome;

  // resources/read streams
  uint32_t body_r, end_r;
  bool body_busy, end_busy;
  uint8_t *chunk;
  sbuf body;
  wasi_mcp_streaming_result_void_error_t end;
} job;

#define CHUNK 65536

static job *jobs_head;
static size_t pending_subtasks;
static bool stdin_eof;

static void job_link(job *j) {
  j->active = true;
  j->next = jobs_head;
  if (jobs_head) jobs_head->prev = j;
  jobs_head = j;
}

static void job_unlink(job *j) {
  if (!j->active) return;
  j->active = false;
  if (j->prev) j->prev->next = j->next;
  else jobs_head = j->next;
  if (j->next) j->next->prev = j->prev;
  j->prev = j->next = NULL;
}

/** Ends a request whose streams are all released. */
static void job_free(job *j) {
  job_unlink(j);
  json_free(j->msg);
  free(j->id);
  free(j->token);
  free(j->version);
  sb_free(&j->capabilities);
  sb_free(&j->arguments);
  free(j->prompt_args.ptr);
  free(j->chunk);
  sb_free(&j->body);
  // The cancel future's writable end stays open when it was never written:
  // dropping it unwritten is not a cancellation, but some runtimes trap on it.
  free(j);
  maybe_finish();
}

// ---------------------------------------------------------------------------
// JSON-RPC output.

static void canon(sbuf *b, const jval *v) { sb_json(b, v); }

static char *canon_str(const jval *v) {
  sbuf b = {0};
  canon(&b, v);
  sb_putc(&b, 0);
  return b.p;
}

static void send_error(const char *id, int code, const char *message, size_t mlen, const char *data, size_t dlen) {
  sbuf b = {0};
  sb_puts(&b, "{\"jsonrpc\":\"2.0\",");
  if (id) {
    sb_puts(&b, "\"id\":");
    sb_puts(&b, id);
    sb_putc(&b, ',');
  }
  sb_puts(&b, "\"error\":{\"code\":");
  sb_i64(&b, code);
  sb_puts(&b, ",\"message\":");
  sb_jstr(&b, message, mlen);
  if (data) {
    sb_puts(&b, ",\"data\":");
    sb_put(&b, data, dlen);
  }
  sb_puts(&b, "}}");
  send_line(&b);
  sb_free(&b);
}

static void send_error_z(const char *id, int code, const char *message, const char *data) {
  send_error(id, code, message, strlen(message), data, data ? strlen(data) : 0);
}

/** An error with data {detail: TEXT}. */
static void send_error_detail(const char *id, int code, const char *message, const char *detail) {
  sbuf d = {0};
  sb_puts(&d, "{\"detail\":");
  sb_jstrz(&d, detail);
  sb_putc(&d, '}');
  send_error(id, code, message, strlen(message), d.p, d.len);
  sb_free(&d);
}

static void send_invalid_params(const char *id, const char *method, const char *issue) {
  char msg[96] = "Invalid params for ";
  strncat(msg, method, sizeof msg - strlen(msg) - 1);
  sbuf d = {0};
  sb_puts(&d, "{\"issues\":[");
  sb_jstrz(&d, issue);
  sb_puts(&d, "]}");
  send_error(id, -32602, msg, strlen(msg), d.p, d.len);
  sb_free(&d);
}

/** Sends the result of a job (unless it was cancelled) and ends it. */
static void job_result(job *j, sbuf *result) {
  if (!j->cancelled) {
    sbuf b = {0};
    sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
    sb_puts(&b, j->id);
    sb_puts(&b, ",\"result\":");
    sb_put(&b, result->p, result->len);
    sb_putc(&b, '}');
    send_line(&b);
    sb_free(&b);
  }
  sb_free(result);
  job_free(j);
}

static void job_error(job *j, int code, const char *message, size_t mlen, const char *data, size_t dlen) {
  if (code == -32603) log_msg("internal error: ", message, mlen);
  if (!j->cancelled) send_error(j->id, code, message, mlen, data, dlen);
  job_free(j);
}

static int rpc_code(wasi_mcp_types_error_code_t c) {
  switch (c) {
    case WASI_MCP_TYPES_ERROR_CODE_INVALID_REQUEST: return -32600;
    case WASI_MCP_TYPES_ERROR_CODE_METHOD_NOT_FOUND: return -32601;
    case WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS:
    case WASI_MCP_TYPES_ERROR_CODE_TOOL_NOT_FOUND:
    case WASI_MCP_TYPES_ERROR_CODE_PROMPT_NOT_FOUND: return -32602;
    case WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR: return -32603;
    case WASI_MCP_TYPES_ERROR_CODE_RESOURCE_NOT_FOUND: return -32002;
    case WASI_MCP_TYPES_ERROR_CODE_UNAUTHORIZED: return -32010;
    case WASI_MCP_TYPES_ERROR_CODE_FORBIDDEN: return -32011;
    case WASI_MCP_TYPES_ERROR_CODE_TIMEOUT: return -32012;
    case WASI_MCP_TYPES_ERROR_CODE_RATE_LIMITED: return -32013;
    case WASI_MCP_TYPES_ERROR_CODE_UNAVAILABLE: return -32014;
    default: return -32603;
  }
}

/** Answers with the JSON-RPC form of a guest's `error` record, and ends the job. */
static void job_guest_error(job *j, const wasi_mcp_types_error_t *e) {
  sbuf data = {0};
  if (e->data.is_some) {
    jval *v = json_parse((const char *)e->data.val.ptr, e->data.val.len, NULL);
    if (v) sb_json(&data, v);
    else sb_jstr(&data, (const char *)e->data.val.ptr, e->data.val.len);
    json_free(v);
  }
  job_error(j, rpc_code(e->code), (const char *)e->message.ptr, e->message.len, e->data.is_some ? data.p : NULL, data.len);
  sb_free(&data);
}

// ---------------------------------------------------------------------------
// wasi:mcp values → MCP JSON.

typedef struct {
  sbuf *b;
  bool first;
} obj_t;

static obj_t obj_open(sbuf *b) {
  sb_putc(b, '{');
  return (obj_t){b, true};
}

static void obj_key(obj_t *o, const char *k) {
  if (!o->first) sb_putc(o->b, ',');
  o->first = false;
  sb_jstrz(o->b, k);
  sb_putc(o->b, ':');
}

static void obj_str(obj_t *o, const char *k, const virtual_host_string_t *s) {
  obj_key(o, k);
  sb_jstr(o->b, (const char *)s->ptr, s->len);
}

static void obj_opt(obj_t *o, const char *k, const virtual_host_option_string_t *s) {
  if (s->is_some) obj_str(o, k, &s->val);
}

/** A non-empty optional string (the TypeScript host tests truthiness). */
static void obj_opt_nonempty(obj_t *o, const char *k, const virtual_host_option_string_t *s) {
  if (s->is_some && s->val.len) obj_str(o, k, &s->val);
}

static void obj_close(obj_t *o) { sb_putc(o->b, '}'); }

/** Embeds JSON text from the guest; false if it is not JSON. */
static bool obj_json(obj_t *o, const char *k, const virtual_host_string_t *s) {
  jval *v = json_parse((const char *)s->ptr, s->len, NULL);
  if (!v) return false;
  obj_key(o, k);
  sb_json(o->b, v);
  json_free(v);
  return true;
}

static void put_resource_members(obj_t *o, const wasi_mcp_types_resource_config_t *r) {
  obj_str(o, "uri", &r->uri);
  obj_str(o, "name", &r->name);
  obj_opt(o, "title", &r->title);
  obj_opt(o, "description", &r->description);
  obj_opt(o, "mimeType", &r->mime_type);
  if (r->size.is_some) {
    obj_key(o, "size");
    sb_u64(o->b, r->size.val);
  }
}

static void put_content(sbuf *b, const wasi_mcp_types_content_t *c) {
  obj_t o = obj_open(b);
  switch (c->tag) {
    case WASI_MCP_TYPES_CONTENT_TEXT:
      obj_key(&o, "type");
      sb_puts(b, "\"text\"");
      obj_str(&o, "text", &c->val.text);
      break;
    case WASI_MCP_TYPES_CONTENT_IMAGE:
    case WASI_MCP_TYPES_CONTENT_AUDIO: {
      const wasi_mcp_types_media_t *m = c->tag == WASI_MCP_TYPES_CONTENT_IMAGE ? &c->val.image : &c->val.audio;
      obj_key(&o, "type");
      sb_puts(b, c->tag == WASI_MCP_TYPES_CONTENT_IMAGE ? "\"image\"" : "\"audio\"");
      obj_key(&o, "data");
      sb_putc(b, '"');
      sb_base64(b, m->data.ptr, m->data.len);
      sb_putc(b, '"');
      obj_str(&o, "mimeType", &m->mime_type);
      break;
    }
    case WASI_MCP_TYPES_CONTENT_RESOURCE_LINK:
      obj_key(&o, "type");
      sb_puts(b, "\"resource_link\"");
      put_resource_members(&o, &c->val.resource_link);
      break;
  }
  obj_close(&o);
}

static void put_next_cursor(obj_t *o, const virtual_host_option_string_t *c) { obj_opt_nonempty(o, "nextCursor", c); }

// ---------------------------------------------------------------------------
// Calls into the guest.

static void on_returned(job *j);

static void subtask_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  job *j = ctx;
  if (VIRTUAL_HOST_SUBTASK_STATE(code) != VIRTUAL_HOST_SUBTASK_RETURNED) return;
  unwatch(j->subtask);
  virtual_host_subtask_drop(j->subtask);
  j->subtask = 0;
  pending_subtasks--;
  on_returned(j);
}

static void start_call(job *j, virtual_host_subtask_status_t st) {
  if (VIRTUAL_HOST_SUBTASK_STATE(st) == VIRTUAL_HOST_SUBTASK_RETURNED) {
    on_returned(j);
    return;
  }
  j->subtask = VIRTUAL_HOST_SUBTASK_HANDLE(st);
  pending_subtasks++;
  watch(j->subtask, subtask_event, j);
}

// ---- tools/call: progress stream, then the outcome future ----

static void progress_pump(job *j);
static void outcome_start(job *j);

static void emit_progress(job *j, const wasi_mcp_streaming_progress_t *p) {
  if (!j->token || j->cancelled) return;
  sbuf b = {0};
  sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":");
  sb_puts(&b, j->token);
  sb_puts(&b, ",\"progress\":");
  sb_num(&b, p->progress);
  if (p->total.is_some) {
    sb_puts(&b, ",\"total\":");
    sb_num(&b, p->total.val);
  }
  if (p->message.is_some && p->message.val.len) {
    sb_puts(&b, ",\"message\":");
    sb_jstr(&b, (const char *)p->message.val.ptr, p->message.val.len);
  }
  sb_puts(&b, "}}");
  send_line(&b);
  sb_free(&b);
}

/** Handles a finished progress read; false once the stream has ended. */
static bool progress_got(job *j, uint32_t st) {
  uint32_t n = WCOUNT(st);
  for (uint32_t i = 0; i < n; i++) {
    emit_progress(j, &j->pbuf[i]);
    wasi_mcp_streaming_progress_free(&j->pbuf[i]);
  }
  if (WSTATE(st) == W_DROPPED) {
    unwatch(j->prog_r);
    wasi_mcp_streaming_stream_progress_drop_readable(j->prog_r);
    j->prog_r = 0;
    return false;
  }
  return true;
}

static void progress_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  job *j = ctx;
  j->prog_busy = false;
  if (progress_got(j, code)) progress_pump(j);
  else outcome_start(j);
}

static void progress_pump(job *j) {
  for (;;) {
    uint32_t st = wasi_mcp_streaming_stream_progress_read(j->prog_r, j->pbuf, 8);
    if (st == BLOCKED) {
      j->prog_busy = true;
      return;
    }
    if (!progress_got(j, st)) {
      outcome_start(j);
      return;
    }
  }
}

static void outcome_done(job *j, uint32_t st) {
  unwatch(j->outcome_r);
  wasi_mcp_streaming_future_result_tool_result_error_drop_readable(j->outcome_r);
  j->outcome_r = 0;
  if (WSTATE(st) != W_COMPLETED) {
    job_error(j, -32603, "the component dropped the outcome of the tool call", 50, NULL, 0);
    return;
  }
  wasi_mcp_streaming_result_tool_result_error_t *o = &j->outcome;
  if (o->is_err) {
    job_guest_error(j, &o->val.err);
    wasi_mcp_streaming_result_tool_result_error_free(o);
    return;
  }
  const wasi_mcp_types_tool_result_t *r = &o->val.ok;
  sbuf b = {0};
  obj_t ob = obj_open(&b);
  obj_key(&ob, "content");
  sb_putc(&b, '[');
  for (size_t i = 0; i < r->content.len; i++) {
    if (i) sb_putc(&b, ',');
    put_content(&b, &r->content.ptr[i]);
  }
  sb_putc(&b, ']');
  bool ok = true;
  if (r->structured_content.is_some) ok = obj_json(&ob, "structuredContent", &r->structured_content.val);
  if (r->is_error) {
    obj_key(&ob, "isError");
    sb_puts(&b, "true");
  }
  obj_close(&ob);
  wasi_mcp_streaming_result_tool_result_error_free(o);
  if (!ok) {
    sb_free(&b);
    job_error(j, -32603, "component returned invalid JSON for structuredContent", 53, NULL, 0);
    return;
  }
  job_result(j, &b);
}

static void outcome_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  job *j = ctx;
  j->outcome_busy = false;
  outcome_done(j, code);
}

static void outcome_start(job *j) {
  uint32_t st = wasi_mcp_streaming_future_result_tool_result_error_read(j->outcome_r, &j->outcome);
  if (st == BLOCKED) {
    j->outcome_busy = true;
    return;
  }
  outcome_done(j, st);
}

// ---- resources/read: body stream, then the end future ----

static void body_pump(job *j);
static void end_start(job *j);

static bool body_got(job *j, uint32_t st) {
  sb_put(&j->body, j->chunk, WCOUNT(st));
  if (WSTATE(st) == W_DROPPED) {
    unwatch(j->body_r);
    wasi_mcp_streaming_stream_u8_drop_readable(j->body_r);
    j->body_r = 0;
    return false;
  }
  return true;
}

static void body_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  job *j = ctx;
  j->body_busy = false;
  if (body_got(j, code)) body_pump(j);
  else end_start(j);
}

static void body_pump(job *j) {
  for (;;) {
    uint32_t st = wasi_mcp_streaming_stream_u8_read(j->body_r, j->chunk, CHUNK);
    if (st == BLOCKED) {
      j->body_busy = true;
      return;
    }
    if (!body_got(j, st)) {
      end_start(j);
      return;
    }
  }
}

static void end_done(job *j, uint32_t st) {
  unwatch(j->end_r);
  wasi_mcp_streaming_future_result_void_error_drop_readable(j->end_r);
  j->end_r = 0;
  if (WSTATE(st) != W_COMPLETED) {
    job_error(j, -32603, "the component dropped the end of the resource read", 50, NULL, 0);
    return;
  }
  if (j->end.is_err) {
    job_guest_error(j, &j->end.val.err);
    wasi_mcp_streaming_result_void_error_free(&j->end);
    return;
  }
  const wasi_mcp_streaming_resource_read_t *rd = &j->r.read.val.ok;
  sbuf b = {0};
  sb_puts(&b, "{\"contents\":[");
  obj_t o = obj_open(&b);
  obj_str(&o, "uri", &rd->uri);
  obj_opt(&o, "mimeType", &rd->mime_type);
  if (rd->kind == WASI_MCP_TYPES_BODY_KIND_TEXT) {
    obj_key(&o, "text");
    sb_jstr(&b, j->body.p ? j->body.p : "", j->body.len);
  } else {
    obj_key(&o, "blob");
    sb_putc(&b, '"');
    sb_base64(&b, (const uint8_t *)j->body.p, j->body.len);
    sb_putc(&b, '"');
  }
  obj_close(&o);
  sb_puts(&b, "]}");
  wasi_mcp_streaming_result_resource_read_error_free(&j->r.read);
  job_result(j, &b);
}

static void end_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  job *j = ctx;
  j->end_busy = false;
  end_done(j, code);
}

static void end_start(job *j) {
  uint32_t st = wasi_mcp_streaming_future_result_void_error_read(j->end_r, &j->end);
  if (st == BLOCKED) {
    j->end_busy = true;
    return;
  }
  end_done(j, st);
}

// ---- cancellation ----

static void cancel_write_event(void *ctx, uint32_t event, uint32_t code) {
  (void)event;
  (void)code;
  job *j = ctx;
  unwatch(j->cancel_w);
  wasi_mcp_streaming_future_string_drop_writable(j->cancel_w);
  j->has_cancel = false;
  if (!j->active && !j->subtask && !j->prog_r && !j->outcome_r && !j->body_r && !j->end_r) job_free(j);
}

/** Drops the readable ends the job still holds (cancelling reads in flight). */
static void release_streams(job *j) {
  // A waitable must leave the set before a synchronous cancel.
  if (j->prog_r) {
    unwatch(j->prog_r);
    if (j->prog_busy) {
      uint32_t st = wasi_mcp_streaming_stream_progress_cancel_read(j->prog_r);
      if (st != BLOCKED) {
        for (uint32_t i = 0; i < WCOUNT(st); i++) wasi_mcp_streaming_progress_free(&j->pbuf[i]);
      }
      j->prog_busy = false;
    }
    wasi_mcp_streaming_stream_progress_drop_readable(j->prog_r);
    j->prog_r = 0;
  }
  if (j->outcome_r) {
    unwatch(j->outcome_r);
    if (j->outcome_busy) {
      uint32_t st = wasi_mcp_streaming_future_result_tool_result_error_cancel_read(j->outcome_r);
      if (st != BLOCKED && WSTATE(st) == W_COMPLETED) wasi_mcp_streaming_result_tool_result_error_free(&j->outcome);
      j->outcome_busy = false;
    }
    wasi_mcp_streaming_future_result_tool_result_error_drop_readable(j->outcome_r);
    j->outcome_r = 0;
  }
  if (j->body_r) {
    unwatch(j->body_r);
    if (j->body_busy) {
      wasi_mcp_streaming_stream_u8_cancel_read(j->body_r);
      j->body_busy = false;
    }
    wasi_mcp_streaming_stream_u8_drop_readable(j->body_r);
    j->body_r = 0;
  }
  if (j->end_r) {
    unwatch(j->end_r);
    if (j->end_busy) {
      uint32_t st = wasi_mcp_streaming_future_result_void_error_cancel_read(j->end_r);
      if (st != BLOCKED && WSTATE(st) == W_COMPLETED) wasi_mcp_streaming_result_void_error_free(&j->end);
      j->end_busy = false;
    }
    wasi_mcp_streaming_future_result_void_error_drop_readable(j->end_r);
    j->end_r = 0;
  }
}

static void cancel_job(job *j, const char *reason, size_t rlen) {
  if (j->cancelled) return;
  j->cancelled = true;
  job_unlink(j);
  // 1. the cancel future
  if (j->has_cancel && !j->cancel_written) {
    j->cancel_written = true;
    j->reason.ptr = malloc(rlen ? rlen : 1);
    memcpy(j->reason.ptr, reason, rlen);
    j->reason.len = rlen;
    uint32_t st = wasi_mcp_streaming_future_string_write(j->cancel_w, &j->reason);
    if (st == BLOCKED) {
      watch(j->cancel_w, cancel_write_event, j);
    } else {
      wasi_mcp_streaming_future_string_drop_writable(j->cancel_w);
      j->has_cancel = false;
    }
  }
  // 2. the streams (when the call has returned them)
  if (j->subtask) return;  // on_returned releases them
  bool had_streams = j->prog_r || j->outcome_r || j->body_r || j->end_r;
  release_streams(j);
  if (had_streams) {
    if (j->m == M_TOOL_CALL) wasi_mcp_streaming_result_tool_call_error_free(&j->r.call);
    if (j->m == M_RES_READ) wasi_mcp_streaming_result_resource_read_error_free(&j->r.read);
  }
  if (!j->has_cancel) job_free(j);
  else maybe_finish();
}

// ---- results ----

static void on_returned(job *j) {
  sbuf b = {0};
  switch (j->m) {
    case M_INIT: {
      wasi_mcp_server_result_server_config_error_t *r = &j->r.init;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      extern void set_offered(const wasi_mcp_types_server_capabilities_t *c);
      const wasi_mcp_types_server_config_t *c = &r->val.ok;
      set_offered(&c->capabilities);
      obj_t o = obj_open(&b);
      obj_key(&o, "protocolVersion");
      sb_jstrz(&b, j->version);
      obj_key(&o, "capabilities");
      obj_t caps = obj_open(&b);
      if (c->capabilities.tools.is_some) {
        obj_key(&caps, "tools");
        sb_puts(&b, c->capabilities.tools.val.list_changed ? "{\"listChanged\":true}" : "{\"listChanged\":false}");
      }
      if (c->capabilities.resources.is_some) {
        obj_key(&caps, "resources");
        sb_puts(&b, c->capabilities.resources.val.subscribe ? "{\"subscribe\":true," : "{\"subscribe\":false,");
        sb_puts(&b, c->capabilities.resources.val.list_changed ? "\"listChanged\":true}" : "\"listChanged\":false}");
      }
      if (c->capabilities.prompts.is_some) {
        obj_key(&caps, "prompts");
        sb_puts(&b, c->capabilities.prompts.val.list_changed ? "{\"listChanged\":true}" : "{\"listChanged\":false}");
      }
      if (c->capabilities.logging) {
        obj_key(&caps, "logging");
        sb_puts(&b, "{}");
      }
      obj_close(&caps);
      obj_key(&o, "serverInfo");
      obj_t si = obj_open(&b);
      obj_str(&si, "name", &c->info.name);
      obj_str(&si, "version", &c->info.version);
      obj_opt_nonempty(&si, "title", &c->info.title);
      obj_close(&si);
      obj_opt_nonempty(&o, "instructions", &c->instructions);
      obj_close(&o);
      job_result(j, &b);
      break;
    }
    case M_TOOLS_LIST: {
      wasi_mcp_server_result_tool_page_error_t *r = &j->r.tools;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      const char *bad = NULL;
      obj_t o = obj_open(&b);
      obj_key(&o, "tools");
      sb_putc(&b, '[');
      for (size_t i = 0; i < r->val.ok.tools.len; i++) {
        const wasi_mcp_types_tool_config_t *t = &r->val.ok.tools.ptr[i];
        if (i) sb_putc(&b, ',');
        obj_t to = obj_open(&b);
        obj_str(&to, "name", &t->name);
        obj_opt(&to, "title", &t->title);
        obj_opt(&to, "description", &t->description);
        if (!obj_json(&to, "inputSchema", &t->input_schema)) bad = "the input schema of a tool";
        if (t->output_schema.is_some && !obj_json(&to, "outputSchema", &t->output_schema.val)) bad = "the output schema of a tool";
        obj_close(&to);
      }
      sb_putc(&b, ']');
      put_next_cursor(&o, &r->val.ok.next_cursor);
      obj_close(&o);
      if (bad) {
        sb_free(&b);
        sb_puts(&b, "component returned invalid JSON for ");
        sb_puts(&b, bad);
        job_error(j, -32603, b.p, b.len, NULL, 0);
        sb_free(&b);
      } else {
        job_result(j, &b);
      }
      break;
    }
    case M_RES_LIST: {
      wasi_mcp_server_result_resource_page_error_t *r = &j->r.resources;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      obj_t o = obj_open(&b);
      obj_key(&o, "resources");
      sb_putc(&b, '[');
      for (size_t i = 0; i < r->val.ok.resources.len; i++) {
        if (i) sb_putc(&b, ',');
        obj_t ro = obj_open(&b);
        put_resource_members(&ro, &r->val.ok.resources.ptr[i]);
        obj_close(&ro);
      }
      sb_putc(&b, ']');
      put_next_cursor(&o, &r->val.ok.next_cursor);
      obj_close(&o);
      job_result(j, &b);
      break;
    }
    case M_TPL_LIST: {
      wasi_mcp_server_result_resource_template_page_error_t *r = &j->r.templates;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      obj_t o = obj_open(&b);
      obj_key(&o, "resourceTemplates");
      sb_putc(&b, '[');
      for (size_t i = 0; i < r->val.ok.resource_templates.len; i++) {
        const wasi_mcp_types_resource_template_config_t *t = &r->val.ok.resource_templates.ptr[i];
        if (i) sb_putc(&b, ',');
        obj_t to = obj_open(&b);
        obj_str(&to, "uriTemplate", &t->uri_template);
        obj_str(&to, "name", &t->name);
        obj_opt(&to, "title", &t->title);
        obj_opt(&to, "description", &t->description);
        obj_opt(&to, "mimeType", &t->mime_type);
        obj_close(&to);
      }
      sb_putc(&b, ']');
      put_next_cursor(&o, &r->val.ok.next_cursor);
      obj_close(&o);
      job_result(j, &b);
      break;
    }
    case M_PROMPTS_LIST: {
      wasi_mcp_server_result_prompt_page_error_t *r = &j->r.prompts;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      obj_t o = obj_open(&b);
      obj_key(&o, "prompts");
      sb_putc(&b, '[');
      for (size_t i = 0; i < r->val.ok.prompts.len; i++) {
        const wasi_mcp_types_prompt_config_t *p = &r->val.ok.prompts.ptr[i];
        if (i) sb_putc(&b, ',');
        obj_t po = obj_open(&b);
        obj_str(&po, "name", &p->name);
        obj_opt(&po, "title", &p->title);
        obj_opt(&po, "description", &p->description);
        obj_key(&po, "arguments");
        sb_putc(&b, '[');
        for (size_t k = 0; k < p->arguments.len; k++) {
          const wasi_mcp_types_prompt_argument_t *a = &p->arguments.ptr[k];
          if (k) sb_putc(&b, ',');
          obj_t ao = obj_open(&b);
          obj_str(&ao, "name", &a->name);
          obj_opt(&ao, "description", &a->description);
          obj_key(&ao, "required");
          sb_puts(&b, a->required ? "true" : "false");
          obj_close(&ao);
        }
        sb_putc(&b, ']');
        obj_close(&po);
      }
      sb_putc(&b, ']');
      put_next_cursor(&o, &r->val.ok.next_cursor);
      obj_close(&o);
      job_result(j, &b);
      break;
    }
    case M_PROMPT_GET: {
      wasi_mcp_server_result_prompt_result_error_t *r = &j->r.prompt;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      obj_t o = obj_open(&b);
      obj_opt_nonempty(&o, "description", &r->val.ok.description);
      obj_key(&o, "messages");
      sb_putc(&b, '[');
      for (size_t i = 0; i < r->val.ok.messages.len; i++) {
        const wasi_mcp_types_prompt_message_t *m = &r->val.ok.messages.ptr[i];
        if (i) sb_putc(&b, ',');
        obj_t mo = obj_open(&b);
        obj_key(&mo, "role");
        sb_puts(&b, m->role == WASI_MCP_TYPES_ROLE_USER ? "\"user\"" : "\"assistant\"");
        obj_key(&mo, "content");
        put_content(&b, &m->content);
        obj_close(&mo);
      }
      sb_putc(&b, ']');
      obj_close(&o);
      job_result(j, &b);
      break;
    }
    case M_TOOL_CALL: {
      wasi_mcp_streaming_result_tool_call_error_t *r = &j->r.call;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      j->prog_r = r->val.ok.progress;
      j->outcome_r = r->val.ok.outcome;
      watch(j->prog_r, progress_event, j);
      watch(j->outcome_r, outcome_event, j);
      if (j->cancelled) {
        release_streams(j);
        if (!j->has_cancel) job_free(j);
        return;
      }
      progress_pump(j);
      return;
    }
    case M_RES_READ: {
      wasi_mcp_streaming_result_resource_read_error_t *r = &j->r.read;
      if (r->is_err) {
        job_guest_error(j, &r->val.err);
        break;
      }
      j->body_r = r->val.ok.body;
      j->end_r = r->val.ok.end;
      watch(j->body_r, body_event, j);
      watch(j->end_r, end_event, j);
      if (j->cancelled) {
        release_streams(j);
        wasi_mcp_streaming_result_resource_read_error_free(r);
        if (!j->has_cancel) job_free(j);
        return;
      }
      j->chunk = malloc(CHUNK);
      body_pump(j);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Requests.

static bool initialized;
static wasi_mcp_types_server_capabilities_t offered;

void set_offered(const wasi_mcp_types_server_capabilities_t *c) {
  offered = *c;
  initialized = true;
}

static bool is_str(const jval *v) { return v && v->t == J_STR; }
static virtual_host_string_t wstr(const jval *v) { return (virtual_host_string_t){(uint8_t *)v->s, v->slen}; }

static job *new_job(enum method m, jval *msg, const jval *id) {
  job *j = calloc(1, sizeof(job));
  j->m = m;
  j->msg = msg;
  j->id = canon_str(id);
  job_link(j);
  return j;
}

static bool require_offered(const char *id, bool offers, const char *what) {
  if (initialized && offers) return true;
  char msg[80] = "Method not found: the server offers no ";
  strncat(msg, what, sizeof msg - strlen(msg) - 1);
  send_error_z(id, -32601, msg, NULL);
  return false;
}

/** Cursor of a paginated request; false (after answering) if params are bad. */
static bool get_cursor(const char *id, const char *method, const jval *params, virtual_host_option_string_t *cursor) {
  const jval *c = json_get(params, "cursor");
  cursor->is_some = false;
  if (!c) return true;
  if (!is_str(c)) {
    send_invalid_params(id, method, "cursor: expected string");
    return false;
  }
  cursor->is_some = true;
  cursor->val = wstr(c);
  return true;
}

static void handle_request(jval *msg, const jval *idv, const char *method) {
  char *id = canon_str(idv);
  const jval *params = json_get(msg, "params");
  if (strcmp(method, "ping") == 0) {
    sbuf b = {0};
    sb_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
    sb_puts(&b, id);
    sb_puts(&b, ",\"result\":{}}");
    send_line(&b);
    sb_free(&b);
    goto done;
  }
  if (strcmp(method, "initialize") == 0) {
    const jval *pv = json_get(params, "protocolVersion");
    const jval *caps = json_get(params, "capabilities");
    const jval *ci = json_get(params, "clientInfo");
    const jval *name = json_get(ci, "name"), *version = json_get(ci, "version"), *title = json_get(ci, "title");
    const char *issue = NULL;
    if (!params) issue = "params: expected object";
    else if (!is_str(pv)) issue = "protocolVersion: expected string";
    else if (!caps || caps->t != J_OBJ) issue = "capabilities: expected object";
    else if (!ci || ci->t != J_OBJ) issue = "clientInfo: expected object";
    else if (!is_str(name)) issue = "clientInfo.name: expected string";
    else if (!is_str(version)) issue = "clientInfo.version: expected string";
    else if (title && !is_str(title)) issue = "clientInfo.title: expected string";
    if (issue) {
      send_invalid_params(id, method, issue);
      goto done;
    }
    job *j = new_job(M_INIT, msg, idv);
    msg = NULL;
    const char *chosen = LATEST_VERSION;
    for (size_t i = 0; i < sizeof SUPPORTED_VERSIONS / sizeof *SUPPORTED_VERSIONS; i++) {
      if (strlen(SUPPORTED_VERSIONS[i]) == pv->slen && memcmp(SUPPORTED_VERSIONS[i], pv->s, pv->slen) == 0) chosen = SUPPORTED_VERSIONS[i];
    }
    j->version = strdup(chosen);
    sb_json(&j->capabilities, caps);
    j->client.info.name = wstr(name);
    j->client.info.version = wstr(version);
    j->client.info.title.is_some = title != NULL;
    if (title) j->client.info.title.val = wstr(title);
    j->client.protocol_version = (virtual_host_string_t){(uint8_t *)j->version, strlen(j->version)};
    j->client.capabilities = (virtual_host_string_t){(uint8_t *)j->capabilities.p, j->capabilities.len};
    start_call(j, wasi_mcp_server_initialize(&j->client, &j->r.init));
    goto done;
  }
  if (strcmp(method, "tools/list") == 0 || strcmp(method, "resources/list") == 0 ||
      strcmp(method, "resources/templates/list") == 0 || strcmp(method, "prompts/list") == 0) {
    enum method m = method[0] == 't' ? M_TOOLS_LIST
                    : method[0] == 'p' ? M_PROMPTS_LIST
                    : strcmp(method, "resources/list") == 0 ? M_RES_LIST
                                                            : M_TPL_LIST;
    bool offers = m == M_TOOLS_LIST ? offered.tools.is_some : m == M_PROMPTS_LIST ? offered.prompts.is_some : offered.resources.is_some;
    virtual_host_option_string_t cursor;
    if (!get_cursor(id, method, params, &cursor)) goto done;
    if (!require_offered(id, offers, m == M_TOOLS_LIST ? "tools" : m == M_PROMPTS_LIST ? "prompts" : "resources")) goto done;
    job *j = new_job(m, msg, idv);
    msg = NULL;
    j->cursor = cursor;
    switch (m) {
      case M_TOOLS_LIST: start_call(j, wasi_mcp_server_list_tools(j->cursor, &j->r.tools)); break;
      case M_RES_LIST: start_call(j, wasi_mcp_server_list_resources(j->cursor, &j->r.resources)); break;
      case M_TPL_LIST: start_call(j, wasi_mcp_server_list_resource_templates(j->cursor, &j->r.templates)); break;
      default: start_call(j, wasi_mcp_server_list_prompts(j->cursor, &j->r.prompts)); break;
    }
    goto done;
  }
  if (strcmp(method, "prompts/get") == 0) {
    const jval *name = json_get(params, "name");
    const jval *args = json_get(params, "arguments");
    const char *issue = NULL;
    if (!params) issue = "params: expected object";
    else if (!is_str(name)) issue = "name: expected string";
    else if (args && args->t != J_OBJ) issue = "arguments: expected record";
    else if (args) {
      for (size_t i = 0; i < args->n; i++)
        if (args->items[i]->t != J_STR) issue = "arguments: expected string values";
    }
    if (issue) {
      send_invalid_params(id, method, issue);
      goto done;
    }
    if (!require_offered(id, offered.prompts.is_some, "prompts")) goto done;
    job *j = new_job(M_PROMPT_GET, msg, idv);
    msg = NULL;
    size_t n = args ? args->n : 0;
    j->prompt_args.ptr = calloc(n ? n : 1, sizeof(virtual_host_tuple2_string_string_t));
    j->prompt_args.len = n;
    for (size_t i = 0; i < n; i++) {
      j->prompt_args.ptr[i].f0 = (virtual_host_string_t){(uint8_t *)args->keys[i], args->klens[i]};
      j->prompt_args.ptr[i].f1 = wstr(args->items[i]);
    }
    start_call(j, wasi_mcp_server_get_prompt(wstr(name), j->prompt_args, &j->r.prompt));
    goto done;
  }
  if (strcmp(method, "tools/call") == 0 || strcmp(method, "resources/read") == 0) {
    bool call = method[0] == 't';
    const char *issue = NULL;
    const jval *name = json_get(params, call ? "name" : "uri");
    const jval *args = json_get(params, "arguments");
    if (!params) issue = "params: expected object";
    else if (!is_str(name)) issue = call ? "name: expected string" : "uri: expected string";
    else if (call && args && args->t != J_OBJ) issue = "arguments: expected record";
    if (issue) {
      send_invalid_params(id, method, issue);
      goto done;
    }
    if (!require_offered(id, call ? offered.tools.is_some : offered.resources.is_some, call ? "tools" : "resources")) goto done;
    job *j = new_job(call ? M_TOOL_CALL : M_RES_READ, msg, idv);
    msg = NULL;
    const jval *token = json_get(json_get(params, "_meta"), "progressToken");
    if (token) j->token = canon_str(token);
    uint32_t cancel_r = wasi_mcp_streaming_future_string_new(&j->cancel_w);
    j->has_cancel = true;
    if (call) {
      if (args) sb_json(&j->arguments, args);
      else sb_puts(&j->arguments, "{}");
      j->call_args.name = wstr(name);
      j->call_args.arguments = (virtual_host_string_t){(uint8_t *)j->arguments.p, j->arguments.len};
      j->call_args.cancel = cancel_r;
      start_call(j, wasi_mcp_streaming_call_tool(&j->call_args, &j->r.call));
    } else {
      j->uri = wstr(name);
      start_call(j, wasi_mcp_streaming_read_resource(j->uri, cancel_r, &j->r.read));
    }
    goto done;
  }
  send_error_z(id, -32601, "Method not found", NULL);
done:
  free(id);
  json_free(msg);
}

static void handle_notification(jval *msg, const char *method) {
  if (strcmp(method, "notifications/cancelled") == 0) {
    const jval *params = json_get(msg, "params");
    const jval *rid = json_get(params, "requestId");
    const jval *reason = json_get(params, "reason");
    if (rid && (rid->t == J_STR || rid->t == J_NUM)) {
      char *key = canon_str(rid);
      for (job *j = jobs_head; j; j = j->next) {
        if (strcmp(j->id, key) == 0) {
          if (is_str(reason)) cancel_job(j, reason->s, reason->slen);
          else cancel_job(j, "cancelled", 9);
          break;
        }
      }
      free(key);
    }
  }
  json_free(msg);
}

// ---------------------------------------------------------------------------
// JSON-RPC framing.

static bool valid_id(const jval *v) { return v && (v->t == J_STR || json_is_int(v)); }

static bool only_keys(const jval *o, const char *const *keys) {
  for (size_t i = 0; i < o->n; i++) {
    bool ok = false;
    for (const char *const *k = keys; *k; k++)
      if (strlen(*k) == o->klens[i] && memcmp(*k, o->keys[i], o->klens[i]) == 0) ok = true;
    if (!ok) return false;
  }
  return true;
}

static void handle_line(const char *line, size_t len) {
  const char *perr = NULL;
  jval *msg = json_parse(line, len, &perr);
  if (!msg) {
    send_error_detail(NULL, -32700, "Parse error", perr);
    return;
  }
  const char *why = NULL;
  const jval *id = json_get(msg, "id"), *method = json_get(msg, "method"), *params = json_get(msg, "params");
  static const char *const REQ[] = {"jsonrpc", "id", "method", "params", NULL};
  static const char *const NOTE[] = {"jsonrpc", "method", "params", NULL};
  static const char *const RES[] = {"jsonrpc", "id", "result", NULL};
  static const char *const ERR[] = {"jsonrpc", "id", "error", NULL};
  if (msg->t != J_OBJ) why = "expected a JSON-RPC message object";
  else {
    const jval *v = json_get(msg, "jsonrpc");
    if (!v || v->t != J_STR || strcmp(v->s, "2.0") != 0) why = "jsonrpc: expected \"2.0\"";
  }
  if (!why && method) {
    const jval *meta = json_get(params, "_meta");
    const jval *tok = json_get(meta, "progressToken");
    if (method->t != J_STR) why = "method: expected string";
    else if (params && params->t != J_OBJ) why = "params: expected object";
    else if (meta && meta->t != J_OBJ) why = "params._meta: expected object";
    else if (id && tok && !valid_id(tok)) why = "params._meta.progressToken: expected string or integer";
    else if (id && !valid_id(id)) why = "id: expected string or integer";
    else if (!only_keys(msg, id ? REQ : NOTE)) why = "unrecognized keys in the message";
  } else if (!why) {
    const jval *result = json_get(msg, "result"), *error = json_get(msg, "error");
    if (result && !error && valid_id(id) && result->t == J_OBJ && only_keys(msg, RES)) {
      json_free(msg);  // a response from the client: nothing to do
      return;
    }
    if (error && !result && (!id || valid_id(id)) && error->t == J_OBJ && json_is_int(json_get(error, "code")) &&
        is_str(json_get(error, "message")) && only_keys(msg, ERR)) {
      json_free(msg);
      return;
    }
    why = "not a JSON-RPC request, notification or response";
  }
  if (why) {
    char *idtext = NULL;
    if (msg->t == J_OBJ && id && (id->t == J_STR || (id->t == J_NUM && isfinite(id->num)))) idtext = canon_str(id);
    send_error_detail(idtext, -32600, "Invalid Request", why);
    free(idtext);
    json_free(msg);
    return;
  }
  if (id) handle_request(msg, id, method->s);
  else handle_notification(msg, method->s);
}

// ---------------------------------------------------------------------------
// stdin.

static uint32_t in_r, in_fut;
static bool in_busy;
static uint8_t in_buf[CHUNK];
static sbuf line;

static void feed(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] != '\n') {
      sb_putc(&line, (char)p[i]);
      continue;
    }
    size_t l = line.len;
    if (l && line.p[l - 1] == '\r') l--;
    bool blank = true;
    for (size_t k = 0; k < l; k++)
      if (line.p[k] != ' ' && line.p[k] != '\t' && line.p[k] != '\r') blank = false;
    if (!blank) handle_line(line.p, l);
    line.len = 0;
  }
}

static void in_pump(void);

static bool in_got(uint32_t st) {
  feed(in_buf, WCOUNT(st));
  if (WSTATE(st) == W_DROPPED) {
    stdin_eof = true;
    unwatch(in_r);
    wasi_cli_stdin_stream_u8_drop_readable(in_r);
    maybe_finish();
    return false;
  }
  return true;
}

static void in_event(void *ctx, uint32_t event, uint32_t code) {
  (void)ctx;
  (void)event;
  in_busy = false;
  if (in_got(code)) in_pump();
}

static void in_pump(void) {
  while (!stdin_eof && !in_busy) {
    uint32_t st = wasi_cli_stdin_stream_u8_read(in_r, in_buf, sizeof in_buf);
    if (st == BLOCKED) {
      in_busy = true;
      return;
    }
    if (!in_got(st)) return;
  }
}

// ---------------------------------------------------------------------------
// Lifecycle: run until stdin has ended, every request is answered and stdout
// has taken every byte; then close stdout and wait for its future.

static wasi_cli_stdout_result_void_error_code_t out_result;

static void finish_now(void) {
  if (finished) return;
  finished = true;
  exports_wasi_cli_run_run_return((exports_wasi_cli_run_result_void_void_t){false});
}

static void out_closed_event(void *ctx, uint32_t event, uint32_t code) {
  (void)ctx;
  (void)event;
  (void)code;
  unwatch(out.fut);
  finish_now();
}

static void maybe_finish(void) {
  if (finishing || !stdin_eof || jobs_head || !os_idle(&out) || !os_idle(&err)) return;
  finishing = true;
  unwatch(out.w);
  wasi_cli_stdin_stream_u8_drop_writable(out.w);
  unwatch(err.w);
  wasi_cli_stdin_stream_u8_drop_writable(err.w);
  uint32_t st = wasi_cli_stdout_future_result_void_error_code_read(out.fut, &out_result);
  if (st == BLOCKED) watch(out.fut, out_closed_event, NULL);
  else finish_now();
}

virtual_host_callback_code_t exports_wasi_cli_run_run(void) {
  wset = virtual_host_waitable_set_new();
  wasi_cli_stdin_tuple2_stream_u8_future_result_void_error_code_t in;
  wasi_cli_stdin_read_via_stream(&in);
  in_r = in.f0;
  in_fut = in.f1;
  os_open(&out, false);
  os_open(&err, true);
  watch(in_r, in_event, NULL);
  in_pump();
  return finished ? VIRTUAL_HOST_CALLBACK_CODE_EXIT : VIRTUAL_HOST_CALLBACK_CODE_WAIT(wset);
}

virtual_host_callback_code_t exports_wasi_cli_run_run_callback(virtual_host_event_t *event) {
  if (event->event != VIRTUAL_HOST_EVENT_NONE && event->event != VIRTUAL_HOST_EVENT_CANCEL) {
    for (size_t i = 0; i < nwatch; i++) {
      if (watches[i].h == event->waitable) {
        watches[i].fn(watches[i].ctx, event->event, event->code);
        break;
      }
    }
  }
  return finished ? VIRTUAL_HOST_CALLBACK_CODE_EXIT : VIRTUAL_HOST_CALLBACK_CODE_WAIT(wset);
}
