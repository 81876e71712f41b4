// How a write to a stream the fixture returned has ended.
#ifndef ASPECT_EMIT_H
#define ASPECT_EMIT_H

/** EMIT_GONE: the reader dropped the stream. EMIT_PENDING: the write is in flight. */
typedef enum { EMIT_DONE, EMIT_GONE, EMIT_PENDING } emit_status;

#endif
