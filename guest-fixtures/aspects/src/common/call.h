// A tool call in flight: the events stream, the outcome future and the
// cancel future of one call-tool (return-then-continue).
#ifndef ASPECT_CALL_H
#define ASPECT_CALL_H

#include "emit.h"
#include "guest.h"
#include "task.h"

typedef exports_wasi_mcp_streaming_call_event_t call_event;
typedef exports_wasi_mcp_streaming_result_tool_outcome_error_t tool_outcome;
typedef struct call call;
typedef void (*call_fn)(call *c);

struct call {
  task *t;
  void *user;  // the tool's own state
  exports_wasi_mcp_streaming_stream_call_event_writer_t ev;  // 0 once closed
  exports_wasi_mcp_streaming_future_result_tool_outcome_error_writer_t out;
  exports_wasi_mcp_streaming_future_string_t cancel;  // 0 once dropped
  const call_event *pending;  // events of the write in flight
  size_t npending;
  bool writing, events_gone;
  call_fn on_written;  // an emit that was pending has ended
  str reason;          // what the host wrote to the cancel future
  bool cancel_reading;
  call_fn on_cancel;
  tool_outcome result;
};

/** Returns the call's stream and future to the host (call-tool returns). */
call *call_open(task *t, exports_wasi_mcp_streaming_future_string_t cancel);
/**
 * Writes events (kept alive by the caller until the write ends). EMIT_GONE:
 * the host dropped the stream (now or earlier). EMIT_PENDING: on_written is
 * called when it ends; events_gone then says how.
 */
emit_status call_emit(call *c, const call_event *events, size_t n, call_fn on_written);
/** Reads the cancel future; on_cancel runs when the host writes it (reason set). */
void call_watch_cancel(call *c, call_fn on_cancel);
/** Ends the events stream, lets go of the cancel future and resolves the outcome. */
void call_finish(call *c, tool_outcome result);
/** Fails the call-tool at once (no stream): the host gets the error as the call's result. */
void call_reject(task *t, exports_wasi_mcp_streaming_future_string_t cancel, wasi_mcp_types_error_t e);

#endif
