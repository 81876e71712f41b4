// The event loop, stdio and the process lifecycle of the virtual host.
#include "loop.h"

#include <stdlib.h>
#include <string.h>

#include "controls.h"
#include "defects.h"

// ---------------------------------------------------------------------------
// Allocation: the host's own structures are small; when even they cannot be
// allocated the process ends with exit status 1 rather than writing wildly.

static uint32_t stderr_w;  // the writable end of stderr, once open

_Noreturn void fatal(const char *why) {
  // One attempt to say why (a write stderr takes at once), then exit status 1.
  static char line[160] = "wasi-mcp virtual host: ";
  size_t n = strlen(line), k = strlen(why);
  if (k > sizeof line - n - 2) k = sizeof line - n - 2;
  memcpy(line + n, why, k);
  line[n + k] = '\n';
  if (stderr_w) wasi_cli_stdin_stream_u8_write(stderr_w, (const uint8_t *)line, n + k + 1);
  wasi_cli_exit_result_void_void_t st = {true};
  wasi_cli_exit_exit(&st);
  __builtin_trap();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) fatal("out of memory (xmalloc)");
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) fatal("out of memory");
  return p;
}

void *xrealloc(void *q, size_t n) {
  void *p = realloc(q, n ? n : 1);
  if (!p) fatal("out of memory");
  return p;
}

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

// ---------------------------------------------------------------------------
// Waitables: one set, and a table from waitable handle to its handler.

typedef struct {
  uint32_t h;
  on_event_fn fn;
  void *ctx;
} watch_t;

static virtual_host_waitable_set_t wset;
static watch_t *watches;
static size_t nwatch, capwatch;

void watch(uint32_t h, on_event_fn fn, void *ctx) {
  for (size_t i = 0; i < nwatch; i++) {
    if (watches[i].h == h) {
      watches[i].fn = fn;
      watches[i].ctx = ctx;
      return;
    }
  }
  if (nwatch == capwatch) {
    capwatch = capwatch ? capwatch * 2 : 16;
    watches = xrealloc(watches, capwatch * sizeof(watch_t));
  }
  watches[nwatch++] = (watch_t){h, fn, ctx};
  virtual_host_waitable_join(h, wset);
}

void unwatch(uint32_t h) {
  for (size_t i = 0; i < nwatch; i++) {
    if (watches[i].h == h) {
      watches[i] = watches[--nwatch];
      virtual_host_waitable_join(h, 0);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// One call into the component per turn (see loop.h).

typedef struct deferred {
  void (*run)(void *);
  void *ctx;
  struct deferred *next;
} deferred;

static deferred *dq_head, *dq_tail;
static bool call_started;  // in this turn

void turn_call(void (*run)(void *), void *ctx) {
  if (!call_started && !dq_head) {
    call_started = true;
    run(ctx);
    return;
  }
  deferred *d = xmalloc(sizeof(deferred));
  *d = (deferred){run, ctx, NULL};
  if (dq_tail) dq_tail->next = d;
  else dq_head = d;
  dq_tail = d;
}

void turn_forget(void *ctx) {
  for (deferred *d = dq_head; d; d = d->next)
    if (d->ctx == ctx) d->run = NULL;
}

/** Runs the next deferred call if this turn has none yet. */
static void turn_run_deferred(void) {
  while (!call_started && dq_head) {
    deferred *d = dq_head;
    dq_head = d->next;
    if (!dq_head) dq_tail = NULL;
    if (d->run) {
      call_started = true;
      d->run(d->ctx);
    }
    free(d);
  }
}

static virtual_host_callback_code_t turn_end(void);

// ---------------------------------------------------------------------------
// Output streams (stdout for MCP messages, stderr for logs).

typedef struct {
  uint32_t w;      // writable end of the stream handed to write-via-stream
  uint32_t fut;    // the future write-via-stream returned
  sbuf pending;    // bytes not yet handed to a write
  char *fl;        // bytes of the write in flight (stable while it is pending)
  size_t fl_len, fl_off;
  bool busy, closed;
} outstream;

static outstream out, err;
static bool finishing, finished, eof;

static void os_pump(outstream *o);

static void os_event(void *ctx, uint32_t code) {
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
  if (is_err) stderr_w = w;
  o->fut = is_err ? wasi_cli_stderr_write_via_stream(r) : wasi_cli_stdout_write_via_stream(r);
  watch(o->w, os_event, o);
}

// control-delay: messages wait in order until their time has come; one
// wait on the monotonic clock at a time, for the first of them.
typedef struct delayed {
  struct delayed *next;
  uint64_t due;  // monotonic-clock mark
  sbuf msg;
} delayed;
static delayed *dl_head, *dl_tail;
static uint32_t dl_wait;  // the subtask of the clock wait in progress

static bool queue_line(sbuf *msg);
static void delay_pump(void);

static void delay_event(void *ctx, uint32_t code) {
  (void)ctx;
  if (VIRTUAL_HOST_SUBTASK_STATE(code) != VIRTUAL_HOST_SUBTASK_RETURNED) return;
  unwatch(dl_wait);
  virtual_host_subtask_drop(dl_wait);
  dl_wait = 0;
  delay_pump();
  maybe_finish();
}

/** Writes the messages whose time has come, then waits for the next one. */
static void delay_pump(void) {
  while (dl_head && !dl_wait) {
    if (wasi_clocks_monotonic_clock_now() >= dl_head->due) {
      delayed *d = dl_head;
      dl_head = d->next;
      if (!dl_head) dl_tail = NULL;
      if (!queue_line(&d->msg)) log_text("out of memory: dropped a delayed message", NULL, 0);
      free(d);
      continue;
    }
    virtual_host_subtask_status_t st = wasi_clocks_monotonic_clock_wait_until(dl_head->due);
    if (VIRTUAL_HOST_SUBTASK_STATE(st) == VIRTUAL_HOST_SUBTASK_RETURNED) continue;
    dl_wait = VIRTUAL_HOST_SUBTASK_HANDLE(st);
    watch(dl_wait, delay_event, NULL);
  }
}

bool send_line(sbuf *msg) {
  control_vary(msg);
  sb_putc(msg, '\n');
  if (msg->failed) {
    sb_free(msg);
    return false;
  }
  uint64_t delay = control_delay_ns();
  if (!delay) return queue_line(msg);
  delayed *d = malloc(sizeof(delayed));
  if (!d) {
    sb_free(msg);
    return false;
  }
  *d = (delayed){NULL, wasi_clocks_monotonic_clock_now() + delay, *msg};
  *msg = (sbuf){0};
  if (dl_tail) dl_tail->next = d;
  else dl_head = d;
  dl_tail = d;
  delay_pump();
  return true;
}

/** Hands one message (with its newline) to stdout's queue. */
static bool queue_line(sbuf *msg) {
  if (!out.pending.len) {
    // nothing queued: the message's own buffer becomes the queue (no copy)
    sb_free(&out.pending);
    out.pending = *msg;
    *msg = (sbuf){0};
  } else {
    if (!sb_reserve(&out.pending, msg->len)) {
      out.pending.failed = false;  // the queue itself is intact
      sb_free(msg);
      return false;
    }
    sb_put(&out.pending, msg->p, msg->len);
    sb_free(msg);
  }
  os_pump(&out);
  return true;
}

void log_text(const char *a, const char *b, size_t blen) {
  if (err.pending.len > (1u << 20)) return;  // nobody reads stderr: stop growing
  sb_puts(&err.pending, "wasi-mcp virtual host: ");
  sb_puts(&err.pending, a);
  if (b) {
    // one line per message: newlines in the text become spaces
    for (size_t i = 0; i < blen; i++) sb_putc(&err.pending, b[i] == '\n' || b[i] == '\r' ? ' ' : b[i]);
  }
  sb_putc(&err.pending, '\n');
  if (err.pending.failed) {
    sb_free(&err.pending);
    return;
  }
  os_pump(&err);
}

// ---------------------------------------------------------------------------
// stdin: lines of bytes, each handed to the host without its newline.

#define IN_CHUNK 65536
static uint32_t in_r, in_fut;
static bool in_busy;
static uint8_t in_buf[IN_CHUNK];
static sbuf line;
static bool line_dropped;  // the current line did not fit in memory
static bool stop_requested;  // stdin_stop

void stdin_stop(void) { stop_requested = true; }

bool stdin_ended(void) { return eof; }

static void end_line(void) {
  if (line_dropped) {
    line_dropped = false;
    sb_free(&line);
    host_line_dropped();
    return;
  }
  size_t l = line.len;
  if (l && line.p[l - 1] == '\r') l--;
  bool blank = true;
  for (size_t k = 0; k < l && blank; k++)
    if (line.p[k] != ' ' && line.p[k] != '\t' && line.p[k] != '\r') blank = false;
  if (!blank) host_line(line.p, l);
  line.len = 0;
}

static void feed(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n && !stop_requested) {
    const uint8_t *nl = memchr(p + i, '\n', n - i);
    size_t take = nl ? (size_t)(nl - (p + i)) : n - i;
    if (!line_dropped) {
      sb_put(&line, p + i, take);
      if (line.failed) {
        sb_free(&line);
        line_dropped = true;
      }
    }
    i += take;
    if (nl) {
      i++;
      end_line();
    }
  }
}

static void in_pump(void);

static bool in_got(uint32_t st) {
  feed(in_buf, WCOUNT(st));
  if (WSTATE(st) == W_DROPPED || stop_requested) {
    if ((line.len || line_dropped) && !stop_requested) end_line();  // a last line without a newline
    eof = true;
    unwatch(in_r);
    wasi_cli_stdin_stream_u8_drop_readable(in_r);
    host_stdin_ended();
    maybe_finish();
    return false;
  }
  return true;
}

static void in_event(void *ctx, uint32_t code) {
  (void)ctx;
  in_busy = false;
  if (in_got(code)) in_pump();
}

static void in_pump(void) {
  while (!eof && !in_busy) {
    uint32_t st = wasi_cli_stdin_stream_u8_read(in_r, in_buf, sizeof in_buf);
    if (st == BLOCKED) {
      in_busy = true;
      return;
    }
    if (!in_got(st)) return;
  }
}

// ---------------------------------------------------------------------------
// Lifecycle: run until stdin has ended, the host has nothing left to answer
// and stdout has taken every byte; then close stdout and wait for its future.

static wasi_cli_stdout_result_void_error_code_t out_result;
static bool start_failed;

static void finish_now(void) {
  if (finished) return;
  finished = true;
  exports_wasi_cli_run_run_return((exports_wasi_cli_run_result_void_void_t){start_failed});
}

static void out_closed_event(void *ctx, uint32_t code) {
  (void)ctx;
  (void)code;
  unwatch(out.fut);
  finish_now();
}

static void close_and_finish(void) {
  finishing = true;
  unwatch(out.w);
  wasi_cli_stdin_stream_u8_drop_writable(out.w);
  unwatch(err.w);
  wasi_cli_stdin_stream_u8_drop_writable(err.w);
  uint32_t st = wasi_cli_stdout_future_result_void_error_code_read(out.fut, &out_result);
  if (st == BLOCKED) watch(out.fut, out_closed_event, NULL);
  else finish_now();
}

void maybe_finish(void) {
  static bool checking;  // host_done may release jobs, which calls back here
  if (finishing || !eof || dq_head || checking) return;
  if (!start_failed) {
    if (defect(D_NO_EXIT_ON_EOF)) return;
    checking = true;
    bool done = host_done();
    checking = false;
    if (!done) return;
  }
  if (dl_head || !os_idle(&out) || !os_idle(&err)) return;
  if (!start_failed) host_shutdown();
  close_and_finish();
}

virtual_host_callback_code_t exports_wasi_cli_run_run(void) {
  wset = virtual_host_waitable_set_new();
  os_open(&out, false);
  os_open(&err, true);
  wasi_cli_stdin_tuple2_stream_u8_future_result_void_error_code_t in;
  wasi_cli_stdin_read_via_stream(&in);
  in_r = in.f0;
  in_fut = in.f1;
  if (!host_start()) {
    // Refuse to run (e.g. an unknown defect name): what host_start wrote to
    // stderr drains, then the run ends with an error.
    start_failed = true;
    eof = true;
    wasi_cli_stdin_stream_u8_drop_readable(in_r);
    maybe_finish();
  } else {
    watch(in_r, in_event, NULL);
    in_pump();
  }
  return turn_end();
}

// The end of a turn: free what was released; yield when calls wait for a turn.
static virtual_host_callback_code_t turn_end(void) {
  turn_run_deferred();
  host_collect();
  maybe_finish();
  if (finished) return VIRTUAL_HOST_CALLBACK_CODE_EXIT;
  return dq_head ? VIRTUAL_HOST_CALLBACK_CODE_YIELD : VIRTUAL_HOST_CALLBACK_CODE_WAIT(wset);
}

virtual_host_callback_code_t exports_wasi_cli_run_run_callback(virtual_host_event_t *event) {
  call_started = false;
  if (event->event != VIRTUAL_HOST_EVENT_NONE && event->event != VIRTUAL_HOST_EVENT_CANCEL) {
    for (size_t i = 0; i < nwatch; i++) {
      if (watches[i].h == event->waitable) {
        watches[i].fn(watches[i].ctx, event->code);
        break;
      }
    }
  }
  return turn_end();
}
