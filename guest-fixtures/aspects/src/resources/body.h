// A resource read in flight: the body stream, the end future and the cancel
// future of one read-resource (return-then-continue), with the record of
// every write for the observations.
#ifndef ASPECT_BODY_H
#define ASPECT_BODY_H

#include "emit.h"
#include "guest.h"
#include "observe.h"
#include "task.h"

typedef struct body body;
typedef void (*body_fn)(body *b);

struct body {
  task *t;
  void *user;  // the read's own state
  stream_record *rec;
  exports_wasi_mcp_streaming_stream_u8_writer_t w;  // 0 once closed
  exports_wasi_mcp_streaming_future_result_void_error_writer_t end;
  exports_wasi_mcp_streaming_future_string_t cancel;  // 0 once dropped
  const uint8_t *pending;  // bytes of the write in flight
  size_t npending;
  bool writing, gone;
  bool cut;  // the body stops before its last byte (cancelled)
  body_fn on_written;
  str reason;
  bool cancel_reading;
  body_fn on_cancel;
  exports_wasi_mcp_streaming_result_void_error_t result;
};

/** Returns the read to the host (read-resource returns). */
body *body_open(task *t, str uri, const char *mime, wasi_mcp_types_body_kind_t kind, exports_wasi_mcp_streaming_option_cache_hint_t cache,
                exports_wasi_mcp_streaming_future_string_t cancel);
/**
 * Offers n bytes (kept alive by the caller until the write ends); a partial
 * write is followed by a write of the remainder. EMIT_GONE: the host dropped
 * the body. EMIT_PENDING: on_written is called when all is taken or gone.
 */
emit_status body_write(body *b, const uint8_t *p, size_t n, body_fn on_written);
/** Reads the cancel future; on_cancel runs when the host writes it (reason set). */
void body_watch_cancel(body *b, body_fn on_cancel);
/** Closes the body (after its last byte) and resolves end: ok, or the error. */
void body_finish(body *b, const wasi_mcp_types_error_t *e);

#endif
