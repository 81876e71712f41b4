// list-tools (every page, following nextCursor) and call-tool (tools/call,
// cancelled through its cancel future: notifications/cancelled to the peer,
// and the call resolves with internal-error "cancelled").
#include <stdlib.h>
#include <string.h>

#include "provider.h"

/** The params object of a request of session s: `{MEMBERS,"_meta":{...}}` (modern) or `{MEMBERS}` (legacy). */
static void close_params(sbuf *p, bool modern, const char *version, bool first) {
  if (modern) {
    if (!first) sb_putc(p, ',');
    put_meta_envelope(p, version);
  }
  sb_putc(p, '}');
}

/** Sends a request of a session (tools/list, tools/call); under peer-request-timeout it fails with timeout after 2 s. */
static uint64_t ask(conn *c, const char *method, sbuf *params, reply_fn fn, void *ctx) {
  uint64_t id = conn_request(c, method, params, fn, ctx);
  if (defect(D_PEER_REQUEST_TIMEOUT)) conn_deadline(c, id, DISCOVER_TIMEOUT_NS);
  return id;
}

/** A result whose resultType is not "complete" (absent counts as complete: legacy results have none). */
static bool incomplete(const jval *result) {
  const jval *type = json_get(result, "resultType");
  return type && !json_str_is(type, "complete");
}

static cp_error malformed(const char *what, const char *member) {
  sbuf m = {0};
  sb_puts(&m, what);
  sb_puts(&m, member);
  sb_putc(&m, 0);
  cp_error e = make_error_z(WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, m.failed ? what : m.p);
  sb_free(&m);
  return e;
}

// ---------------------------------------------------------------------------
// list-tools

typedef exports_wasi_mcp_client_result_list_tool_config_error_t list_result;

typedef struct {
  conn *c;
  bool modern;
  char *version;
  uint32_t w;
  wasi_mcp_types_tool_config_t *tools;
  size_t n, cap;
  int pages;
} lister;

static uint32_t list_write(uint32_t w, const void *v) { return exports_wasi_mcp_client_future_result_list_tool_config_error_write(w, v); }
static void list_drop(uint32_t w) { exports_wasi_mcp_client_future_result_list_tool_config_error_drop_writable(w); }
static void list_done(void *p, bool taken) {
  (void)taken;
  exports_wasi_mcp_client_result_list_tool_config_error_free(p);
  free(p);
}

static void list_settle(lister *l, list_result r) {
  list_result *v = xmalloc(sizeof(list_result));
  *v = r;
  future_put(l->w, list_write, list_drop, v, list_done);
  free(l->version);
  free(l);
}

static void list_fail(lister *l, cp_error e) {
  exports_wasi_mcp_client_list_tool_config_t tools = {l->tools, l->n};
  exports_wasi_mcp_client_list_tool_config_free(&tools);
  list_settle(l, (list_result){.is_err = true, .val.err = e});
}

static void next_page(lister *l, const jval *cursor);

static void on_page(void *ctx, const jval *result, const jval *error) {
  lister *l = ctx;
  if (!result && !error) return list_fail(l, closed_error());
  if (error) return list_fail(l, peer_error(error));
  const jval *tools = json_get(result, "tools");
  if (incomplete(result) || !tools || tools->t != J_ARR) return list_fail(l, malformed("the peer's tools/list result is not a ListToolsResult: ", "tools"));
  for (size_t i = 0; i < tools->n; i++) {
    if (l->n == l->cap) {
      size_t cap = l->cap ? l->cap * 2 : 16;
      wasi_mcp_types_tool_config_t *grown = realloc(l->tools, cap * sizeof *grown);
      if (!grown) __builtin_trap();
      l->tools = grown;
      l->cap = cap;
    }
    const char *bad = to_tool_config(tools->items[i], &l->tools[l->n]);
    l->n++;  // counted even when half-filled, so that it is freed
    if (bad) return list_fail(l, malformed("the peer listed a tool with an invalid ", bad));
  }
  const jval *cursor = json_get(result, "nextCursor");
  bool more = cursor && cursor->t == J_STR && cursor->slen > 0;
  if (more && !defect(D_PEER_FIRST_PAGE_ONLY) && ++l->pages < MAX_PAGES) return next_page(l, cursor);
  list_settle(l, (list_result){.is_err = false, .val.ok = {l->tools, l->n}});
}

static void next_page(lister *l, const jval *cursor) {
  sbuf p = {0};
  sb_putc(&p, '{');
  if (cursor) {
    sb_puts(&p, "\"cursor\":");
    sb_json(&p, cursor);
  }
  close_params(&p, l->modern, l->version, !cursor);
  ask(l->c, "tools/list", &p, on_page, l);
}

static void first_page(void *l) { next_page(l, NULL); }

exports_wasi_mcp_client_future_result_list_tool_config_error_t exports_wasi_mcp_client_method_session_list_tools(
    exports_wasi_mcp_client_borrow_session_t self) {
  lister *l = xcalloc(1, sizeof(lister));
  uint32_t r = exports_wasi_mcp_client_future_result_list_tool_config_error_new(&l->w);
  l->c = self->c;
  l->modern = self->modern;
  l->version = xstrndup(self->version, strlen(self->version));
  later(first_page, l);
  return r;
}

// ---------------------------------------------------------------------------
// call-tool

typedef exports_wasi_mcp_client_result_tool_result_error_t call_result;

typedef struct {
  conn *c;
  uint64_t id;
  uint32_t w;
  uint32_t cancel_r;  // the cancel future's readable end, until it is dropped
  bool reading;       // a read of it is pending
  cp_string reason;
  sbuf params;        // the tools/call params, until the request is sent
  cp_error problem;   // an error known before sending (message set), e.g. arguments that are not JSON
} caller;

static uint32_t call_write(uint32_t w, const void *v) { return exports_wasi_mcp_client_future_result_tool_result_error_write(w, v); }
static void call_drop(uint32_t w) { exports_wasi_mcp_client_future_result_tool_result_error_drop_writable(w); }
static void call_done(void *p, bool taken) {
  (void)taken;
  exports_wasi_mcp_client_result_tool_result_error_free(p);
  free(p);
}

static void put_call_result(uint32_t w, call_result r) {
  call_result *v = xmalloc(sizeof(call_result));
  *v = r;
  future_put(w, call_write, call_drop, v, call_done);
}

/** Stops watching the cancel future: a read in progress is cancelled (a reason it brought is ignored). */
static void cancel_unwatch(caller *k) {
  if (!k->cancel_r) return;
  if (k->reading) {
    unwatch(k->cancel_r);
    uint32_t st = exports_wasi_mcp_client_future_string_cancel_read(k->cancel_r);
    if (st != BLOCKED && WSTATE(st) == CLIENT_PROVIDER_WAITABLE_COMPLETED) client_provider_string_free(&k->reason);
    k->reading = false;
  }
  exports_wasi_mcp_client_future_string_drop_readable(k->cancel_r);
  k->cancel_r = 0;
}

static void call_settle(caller *k, call_result r) {
  cancel_unwatch(k);
  put_call_result(k->w, r);
  client_provider_string_free(&k->reason);
  sb_free(&k->params);
  free(k);
}

static void on_call(void *ctx, const jval *result, const jval *error) {
  caller *k = ctx;
  if (!result && !error) return call_settle(k, (call_result){.is_err = true, .val.err = closed_error()});
  if (error) return call_settle(k, (call_result){.is_err = true, .val.err = peer_error(error)});
  if (incomplete(result)) {
    return call_settle(k, (call_result){.is_err = true, .val.err = malformed("the peer's tools/call result needs more than wasi:mcp/client relays: resultType ",
                                                                          json_get(result, "resultType")->t == J_STR ? json_get(result, "resultType")->s : "?")});
  }
  call_result r = {.is_err = false};
  const char *bad = to_tool_result(result, &r.val.ok);
  if (bad) {
    exports_wasi_mcp_client_tool_result_free(&r.val.ok);
    return call_settle(k, (call_result){.is_err = true, .val.err = malformed("the peer's tools/call result has an invalid ", bad)});
  }
  call_settle(k, r);
}

/** The cancel future was written: tell the peer, stop waiting for its answer, resolve "cancelled". */
static void cancelled(caller *k) {
  k->reading = false;
  exports_wasi_mcp_client_future_string_drop_readable(k->cancel_r);
  k->cancel_r = 0;
  if (!defect(D_PEER_CANCEL_NOT_FORWARDED)) {
    sbuf p = {0};
    sb_puts(&p, "{\"requestId\":");
    sb_u64(&p, k->id);
    sb_puts(&p, ",\"reason\":");
    sb_jstr(&p, (const char *)k->reason.ptr, k->reason.len);
    sb_putc(&p, '}');
    conn_notify(k->c, "notifications/cancelled", &p);
  }
  conn_forget(k->c, k->id);  // the peer's late answer, if any, is dropped
  call_settle(k, (call_result){.is_err = true, .val.err = make_error_z(WASI_MCP_TYPES_ERROR_CODE_INTERNAL_ERROR, "cancelled")});
}

static void cancel_event(void *ctx, uint32_t code) {
  caller *k = ctx;
  unwatch(k->cancel_r);
  k->reading = false;
  if (WSTATE(code) == CLIENT_PROVIDER_WAITABLE_COMPLETED) {
    cancelled(k);
    return;
  }
  // dropped unwritten: the call was not cancelled and cannot be any more
  exports_wasi_mcp_client_future_string_drop_readable(k->cancel_r);
  k->cancel_r = 0;
}

/** The call itself, in the driver: the request, then the watch on its cancel future. */
static void call_run(void *ctx) {
  caller *k = ctx;
  if (k->problem.message.ptr || conn_ended(k->c)) {
    cp_error e = k->problem.message.ptr ? k->problem : closed_error();
    k->problem = (cp_error){0};
    return call_settle(k, (call_result){.is_err = true, .val.err = e});
  }
  sbuf p = k->params;
  k->params = (sbuf){0};
  k->id = ask(k->c, "tools/call", &p, on_call, k);  // the connection is up: no answer comes before this returns
  uint32_t st = exports_wasi_mcp_client_future_string_read(k->cancel_r, &k->reason);
  if (st == BLOCKED) {
    k->reading = true;
    watch(k->cancel_r, cancel_event, k);
  } else {
    cancel_event(k, st);
  }
}

exports_wasi_mcp_client_future_result_tool_result_error_t exports_wasi_mcp_client_method_session_call_tool(
    exports_wasi_mcp_client_borrow_session_t self, cp_string *name, exports_wasi_mcp_client_json_t *arguments,
    exports_wasi_mcp_client_future_string_t cancel) {
  caller *k = xcalloc(1, sizeof(caller));
  uint32_t r = exports_wasi_mcp_client_future_result_tool_result_error_new(&k->w);
  k->c = self->c;
  k->cancel_r = cancel;
  jval *args = json_parse((const char *)arguments->ptr, arguments->len, NULL);
  if (!args) {
    k->problem = make_error_z(WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "the arguments are not JSON");
  } else if (args->t != J_OBJ) {
    k->problem = make_error_z(WASI_MCP_TYPES_ERROR_CODE_INVALID_PARAMS, "the arguments are not a JSON object");
  } else {
    sbuf *p = &k->params;
    sb_puts(p, "{\"name\":");
    sb_jstr(p, (const char *)name->ptr, name->len);
    sb_puts(p, ",\"arguments\":");
    if (defect(D_PEER_ARGUMENTS_DROPPED)) sb_puts(p, "{}");
    else sb_json(p, args);
    close_params(p, self->modern, self->version, false);
  }
  json_free(args);
  client_provider_string_free(name);
  client_provider_string_free(arguments);
  later(call_run, k);
  return r;
}
