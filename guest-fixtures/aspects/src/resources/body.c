// The streams and futures of a resource read.
#include "body.h"

#define BLOCKED ASPECT_WAITABLE_STATUS_BLOCKED
#define DROPPED(st) (ASPECT_WAITABLE_STATE(st) == ASPECT_WAITABLE_DROPPED)
#define COUNT(st) ASPECT_WAITABLE_COUNT(st)

body *body_open(task *t, str uri, const char *mime, wasi_mcp_types_body_kind_t kind, exports_wasi_mcp_streaming_option_cache_hint_t cache,
                exports_wasi_mcp_streaming_future_string_t cancel) {
  body *b = task_alloc(t, sizeof(body));
  b->t = t;
  b->cancel = cancel;
  b->rec = observe_stream(uri);
  exports_wasi_mcp_streaming_result_read_outcome_error_t r = {.is_err = false};
  r.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_READ_OUTCOME_BODY;
  exports_wasi_mcp_streaming_resource_read_t *rd = &r.val.ok.val.body;
  rd->uri = uri;
  rd->mime_type = (aspect_option_string_t){true, cstr(mime)};
  rd->kind = kind;
  rd->body = exports_wasi_mcp_streaming_stream_u8_new(&b->w);
  rd->end = exports_wasi_mcp_streaming_future_result_void_error_new(&b->end);
  rd->cache = cache;
  exports_wasi_mcp_streaming_read_resource_return(r);
  return b;
}

// Consumes a write's result: true while bytes remain to be offered.
static bool advance(body *b, uint32_t st) {
  size_t n = COUNT(st);
  observe_write(b->rec, b->npending, n);
  b->pending += n;
  b->npending -= n;
  if (DROPPED(st)) {
    b->gone = b->rec->dropped = true;
    b->npending = 0;
  }
  return b->npending > 0;
}

static emit_status pump(body *b) {
  while (b->npending && !b->gone) {
    uint32_t st = exports_wasi_mcp_streaming_stream_u8_write(b->w, b->pending, b->npending);
    if (st == BLOCKED) {
      b->writing = true;
      return EMIT_PENDING;
    }
    advance(b, st);
  }
  return b->gone ? EMIT_GONE : EMIT_DONE;
}

static void written(void *ctx, uint32_t code) {
  body *b = ctx;
  b->writing = false;
  if (advance(b, code) && pump(b) == EMIT_PENDING) return;  // the remainder is in flight
  task_unwatch(b->t, b->w);
  if (b->on_written) b->on_written(b);
}

emit_status body_write(body *b, const uint8_t *p, size_t n, body_fn on_written) {
  if (b->gone || !b->w) return EMIT_GONE;
  b->pending = p;
  b->npending = n;
  b->on_written = on_written;
  emit_status s = pump(b);
  if (s == EMIT_PENDING) task_watch(b->t, b->w, written, b);
  return s;
}

static void cancel_read(void *ctx, uint32_t code) {
  body *b = ctx;
  b->cancel_reading = false;
  task_unwatch(b->t, b->cancel);
  exports_wasi_mcp_streaming_future_string_drop_readable(b->cancel);
  b->cancel = 0;
  // A writer dropped without writing is not a cancellation (wit/README.md).
  if (DROPPED(code)) return;
  if (b->on_cancel) b->on_cancel(b);
  aspect_string_free(&b->reason);  // the record keeps its own copy
}

void body_watch_cancel(body *b, body_fn on_cancel) {
  b->on_cancel = on_cancel;
  uint32_t st = exports_wasi_mcp_streaming_future_string_read(b->cancel, &b->reason);
  if (st == BLOCKED) {
    b->cancel_reading = true;
    task_watch(b->t, b->cancel, cancel_read, b);
    return;
  }
  cancel_read(b, st);
}

static void end_written(void *ctx, uint32_t code) {
  (void)code;
  body *b = ctx;
  task_unwatch(b->t, b->end);
  exports_wasi_mcp_streaming_future_result_void_error_drop_writable(b->end);
  task_done(b->t);
}

void body_finish(body *b, const wasi_mcp_types_error_t *e) {
  if (b->w) {
    if (b->writing) {
      // The abandoned write is recorded with what it took before it was cancelled.
      task_unwatch(b->t, b->w);
      uint32_t st = exports_wasi_mcp_streaming_stream_u8_cancel_write(b->w);
      if (st != BLOCKED) observe_write(b->rec, b->npending, COUNT(st));
      b->writing = false;
    }
    b->rec->ended = !b->gone && !b->cut;
    exports_wasi_mcp_streaming_stream_u8_drop_writable(b->w);
    b->w = 0;
  }
  if (b->cancel) {
    if (b->cancel_reading) {
      task_unwatch(b->t, b->cancel);
      uint32_t st = exports_wasi_mcp_streaming_future_string_cancel_read(b->cancel);
      if (st != BLOCKED && ASPECT_WAITABLE_STATE(st) == ASPECT_WAITABLE_COMPLETED) aspect_string_free(&b->reason);
      b->cancel_reading = false;
    }
    exports_wasi_mcp_streaming_future_string_drop_readable(b->cancel);
    b->cancel = 0;
  }
  b->result = e ? (exports_wasi_mcp_streaming_result_void_error_t){.is_err = true, .val.err = *e}
                : (exports_wasi_mcp_streaming_result_void_error_t){.is_err = false};
  uint32_t st = exports_wasi_mcp_streaming_future_result_void_error_write(b->end, &b->result);
  if (st == BLOCKED) {
    task_watch(b->t, b->end, end_written, b);
    return;
  }
  exports_wasi_mcp_streaming_future_result_void_error_drop_writable(b->end);
  task_done(b->t);
}
