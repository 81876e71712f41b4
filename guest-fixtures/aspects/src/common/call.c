// The streams and futures of a tool call.
#include "call.h"

#include <stdlib.h>

#define BLOCKED ASPECT_WAITABLE_STATUS_BLOCKED
#define DROPPED(st) (ASPECT_WAITABLE_STATE(st) == ASPECT_WAITABLE_DROPPED)
#define COUNT(st) ASPECT_WAITABLE_COUNT(st)

call *call_open(task *t, exports_wasi_mcp_streaming_future_string_t cancel) {
  call *c = task_alloc(t, sizeof(call));
  c->t = t;
  c->cancel = cancel;
  exports_wasi_mcp_streaming_result_tool_call_error_t r = {.is_err = false};
  r.val.ok.events = exports_wasi_mcp_streaming_stream_call_event_new(&c->ev);
  r.val.ok.outcome = exports_wasi_mcp_streaming_future_result_tool_outcome_error_new(&c->out);
  exports_wasi_mcp_streaming_call_tool_return(r);
  return c;
}

void call_reject(task *t, exports_wasi_mcp_streaming_future_string_t cancel, wasi_mcp_types_error_t e) {
  exports_wasi_mcp_streaming_result_tool_call_error_t r = {.is_err = true, .val.err = e};
  exports_wasi_mcp_streaming_call_tool_return(r);
  exports_wasi_mcp_streaming_future_string_drop_readable(cancel);
  task_done(t);
}

// Consumes a write's result: true while events remain to be written.
static bool advance(call *c, uint32_t st) {
  size_t n = COUNT(st);
  c->pending += n;
  c->npending -= n;
  if (DROPPED(st)) {
    c->events_gone = true;
    c->npending = 0;
  }
  return c->npending > 0;
}

static emit_status pump(call *c) {
  while (c->npending && !c->events_gone) {
    // One event per write: jco 1.35.0 lifts only the first element of a
    // multi-element write of a variant stream correctly (the rest are lost
    // or fail to lift on the host's side).
    uint32_t st = exports_wasi_mcp_streaming_stream_call_event_write(c->ev, c->pending, 1);
    if (st == BLOCKED) {
      c->writing = true;
      return EMIT_PENDING;
    }
    advance(c, st);
  }
  return c->events_gone ? EMIT_GONE : EMIT_DONE;
}

static void written(void *ctx, uint32_t code) {
  call *c = ctx;
  c->writing = false;
  if (advance(c, code) && pump(c) == EMIT_PENDING) return;  // the rest is in flight
  task_unwatch(c->t, c->ev);
  if (c->on_written) c->on_written(c);
}

emit_status call_emit(call *c, const call_event *events, size_t n, call_fn on_written) {
  if (c->events_gone || !c->ev) return EMIT_GONE;
  c->pending = events;
  c->npending = n;
  c->on_written = on_written;
  emit_status s = pump(c);
  if (s == EMIT_PENDING) task_watch(c->t, c->ev, written, c);
  return s;
}

static void cancel_read(void *ctx, uint32_t code) {
  call *c = ctx;
  c->cancel_reading = false;
  task_unwatch(c->t, c->cancel);
  exports_wasi_mcp_streaming_future_string_drop_readable(c->cancel);
  c->cancel = 0;
  // A writer dropped without writing is not a cancellation (wit/README.md).
  if (DROPPED(code)) return;
  if (c->on_cancel) c->on_cancel(c);
  aspect_string_free(&c->reason);  // the record keeps its own copy
}

void call_watch_cancel(call *c, call_fn on_cancel) {
  c->on_cancel = on_cancel;
  uint32_t st = exports_wasi_mcp_streaming_future_string_read(c->cancel, &c->reason);
  if (st == BLOCKED) {
    c->cancel_reading = true;
    task_watch(c->t, c->cancel, cancel_read, c);
    return;
  }
  cancel_read(c, st);
}

static void stop_events(call *c) {
  if (!c->ev) return;
  if (c->writing) {
    task_unwatch(c->t, c->ev);
    exports_wasi_mcp_streaming_stream_call_event_cancel_write(c->ev);
    c->writing = false;
  }
  exports_wasi_mcp_streaming_stream_call_event_drop_writable(c->ev);
  c->ev = 0;
}

static void stop_cancel(call *c) {
  if (!c->cancel) return;
  if (c->cancel_reading) {
    task_unwatch(c->t, c->cancel);
    uint32_t st = exports_wasi_mcp_streaming_future_string_cancel_read(c->cancel);
    if (st != BLOCKED && ASPECT_WAITABLE_STATE(st) == ASPECT_WAITABLE_COMPLETED) aspect_string_free(&c->reason);
    c->cancel_reading = false;
  }
  exports_wasi_mcp_streaming_future_string_drop_readable(c->cancel);
  c->cancel = 0;
}

static void outcome_written(void *ctx, uint32_t code) {
  (void)code;
  call *c = ctx;
  task_unwatch(c->t, c->out);
  exports_wasi_mcp_streaming_future_result_tool_outcome_error_drop_writable(c->out);
  task_done(c->t);
}

void call_finish(call *c, tool_outcome result) {
  stop_events(c);
  stop_cancel(c);
  c->result = result;
  uint32_t st = exports_wasi_mcp_streaming_future_result_tool_outcome_error_write(c->out, &c->result);
  if (st == BLOCKED) {
    task_watch(c->t, c->out, outcome_written, c);
    return;
  }
  exports_wasi_mcp_streaming_future_result_tool_outcome_error_drop_writable(c->out);
  task_done(c->t);
}
