// The event loop of the virtual host: one waitable set, a table from
// waitable handle to handler, stdout/stderr writers and the stdin line
// reader. `run` (wasi:cli/run@0.3.0) is a callback-based async export.
#ifndef VH_LOOP_H
#define VH_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "virtual_host.h"

#define BLOCKED VIRTUAL_HOST_WAITABLE_STATUS_BLOCKED
#define WSTATE(s) VIRTUAL_HOST_WAITABLE_STATE(s)
#define WCOUNT(s) VIRTUAL_HOST_WAITABLE_COUNT(s)
#define W_DROPPED VIRTUAL_HOST_WAITABLE_DROPPED
#define W_COMPLETED VIRTUAL_HOST_WAITABLE_COMPLETED

typedef void (*on_event_fn)(void *ctx, uint32_t code);

/** Calls fn(ctx, code) when the waitable h has an event. */
void watch(uint32_t h, on_event_fn fn, void *ctx);
void unwatch(uint32_t h);

/**
 * Queues one MCP message (a newline is added) for stdout, taking msg's bytes
 * (msg is left empty). False when there was no memory for it: nothing of it
 * is written.
 */
bool send_line(sbuf *msg);
/** Queues a diagnostic line for stderr: "wasi-mcp virtual host: A B". */
void log_text(const char *a, const char *b, size_t blen);

/** Allocation that ends the process cleanly (exit status 1) when memory is gone. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);
_Noreturn void fatal(const char *why);

/**
 * Calls into the component, one per turn of the event loop: run(ctx) now if
 * no call was started in this turn, else at the start of a later turn. On jco
 * a second call started in the same turn as a return-then-continue call is
 * deferred by the runtime and then fails; one call per turn avoids that on
 * every runtime at the cost of a yield.
 */
void turn_call(void (*run)(void *), void *ctx);
/** Forgets the deferred calls for ctx (e.g. a cancelled request). */
void turn_forget(void *ctx);

/** Whether stdin has ended. */
bool stdin_ended(void);
/** Reads no more of stdin: what was read so far is handled, then stdin counts as ended (stop-after-parse-error). */
void stdin_stop(void);
/** Re-checks whether the process can end (call after something finished). */
void maybe_finish(void);

// Provided by the host.
/** A line arrived (without its newline). */
void host_line(const char *line, size_t len);
/** A line was too long to hold in memory; its bytes were discarded. */
void host_line_dropped(void);
/** stdin ended. */
void host_stdin_ended(void);
/**
 * Whether the host has nothing left to do once stdin has ended; it may send
 * final messages (and say false) first.
 */
bool host_done(void);
/** Called once before the process ends: release what is still held. */
void host_shutdown(void);
/** Frees what was released while an event was handled. */
void host_collect(void);
/** Called at the start of run; false ends the run with an error. */
bool host_start(void);

#endif
