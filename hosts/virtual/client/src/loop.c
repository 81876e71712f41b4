// The driver task and its waitable set. The driver, an async task that lives
// as long as the process, waits on the one set and hands each event to the
// handler registered for its waitable. The exports are synchronous: they
// only queue their work (`later`) and ring a doorbell, so that every read,
// write and subtask is started by the driver. (An operation started by a
// synchronous task outlives it; wasmtime then fails a read that needs the
// reader's task to lower its value, e.g. the string of a cancel future:
// "resource not present".)
#include <stdlib.h>
#include <string.h>

#include "provider.h"

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) __builtin_trap();  // the provider's own small structures: nothing sensible is left to do
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) __builtin_trap();
  return p;
}

void *list_alloc(size_t n, size_t size) { return n ? xcalloc(n, size) : NULL; }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

cp_string str_dup(const char *s, size_t n) {
  // empty strings own no memory: the generated *_free functions free only what has a length
  return n ? (cp_string){(uint8_t *)xstrndup(s, n), n} : (cp_string){NULL, 0};
}

cp_string str_dupz(const char *s) { return str_dup(s, strlen(s)); }

cp_string str_take(sbuf *b) {
  if (b->failed) __builtin_trap();
  if (!b->len) {
    sb_free(b);
    return (cp_string){NULL, 0};
  }
  cp_string s = {(uint8_t *)b->p, b->len};
  *b = (sbuf){0};
  return s;
}

// ---------------------------------------------------------------------------
// The waitable set and the table from waitable to handler.

typedef struct {
  uint32_t h;
  on_event_fn fn;
  void *ctx;
} watch_t;

static client_provider_waitable_set_t set;
static watch_t *watches;
static size_t nwatch, capwatch;

static client_provider_waitable_set_t the_set(void) {
  if (!set) set = client_provider_waitable_set_new();
  return set;
}

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
    watch_t *grown = realloc(watches, capwatch * sizeof(watch_t));
    if (!grown) __builtin_trap();
    watches = grown;
  }
  watches[nwatch++] = (watch_t){h, fn, ctx};
  client_provider_waitable_join(h, the_set());
}

void unwatch(uint32_t h) {
  for (size_t i = 0; i < nwatch; i++) {
    if (watches[i].h == h) {
      watches[i] = watches[--nwatch];
      client_provider_waitable_join(h, 0);
      return;
    }
  }
}

bool subtask_ended(uint32_t state) {
  return state == CLIENT_PROVIDER_SUBTASK_RETURNED || state == CLIENT_PROVIDER_SUBTASK_RETURNED_CANCELLED ||
         state == CLIENT_PROVIDER_SUBTASK_STARTED_CANCELLED;
}

// Timers: a wait on the monotonic clock. A timer that is no longer wanted is
// detached rather than cancelled: it runs out on its own and is dropped then
// (cancelling a host subtask may block, and its end may race the cancel).
struct timer {
  uint32_t sub;
  timer_fn fn;
  void *ctx;
};

static void timer_event(void *p, uint32_t code) {
  timer *t = p;
  if (!subtask_ended(code)) return;
  unwatch(t->sub);
  client_provider_subtask_drop(t->sub);
  if (t->fn) t->fn(t->ctx);
  free(t);
}

timer *timer_start(uint64_t ns, timer_fn fn, void *ctx) {
  timer *t = xmalloc(sizeof(timer));
  *t = (timer){0, fn, ctx};
  client_provider_subtask_status_t st = wasi_clocks_monotonic_clock_wait_for(ns);
  if (subtask_ended(CLIENT_PROVIDER_SUBTASK_STATE(st))) {
    // Over at once (no subtask to wait for): its end is now.
    free(t);
    fn(ctx);
    return NULL;
  }
  t->sub = CLIENT_PROVIDER_SUBTASK_HANDLE(st);
  watch(t->sub, timer_event, t);
  return t;
}

void timer_detach(timer *t) {
  if (t) t->fn = NULL;
}

// ---------------------------------------------------------------------------
// Writing the futures the exports hand out.

typedef struct {
  uint32_t w;
  fut_drop_fn drop;
  void *val;
  fut_done_fn done;
} fput;

static void fput_finish(fput *f, uint32_t status) {
  f->drop(f->w);
  f->done(f->val, WSTATE(status) == CLIENT_PROVIDER_WAITABLE_COMPLETED);
  free(f);
}

static void fput_event(void *ctx, uint32_t code) {
  fput *f = ctx;
  unwatch(f->w);
  fput_finish(f, code);
}

void future_put(uint32_t w, fut_write_fn write, fut_drop_fn drop, void *val, fut_done_fn done) {
  fput *f = xmalloc(sizeof(fput));
  *f = (fput){w, drop, val, done};
  uint32_t st = write(w, val);
  if (st == BLOCKED) {
    watch(w, fput_event, f);
    return;
  }
  fput_finish(f, st);
}

// ---------------------------------------------------------------------------
// Work queued by the exports, and the doorbell that wakes the driver for it:
// a stream<u8> within the provider (the stream type of wasi:sockets' send,
// reused), the driver always reading one byte of it.

typedef struct job {
  struct job *next;
  void (*fn)(void *);
  void *ctx;
} job;

static job *jobs, *jobs_tail;
static bool driving;                // the driver has started
static bool in_driver;              // the driver is handling an event (it runs the queue before it waits)
static uint32_t bell_r, bell_w;
static uint8_t bell_in, bell_out = 1;
static bool bell_rung, bell_writing;

static void run_jobs(void) {
  while (jobs) {
    job *j = jobs;
    jobs = j->next;
    if (!jobs) jobs_tail = NULL;
    j->fn(j->ctx);
    free(j);
  }
}

static void bell_written(void *ctx, uint32_t code) {
  (void)ctx;
  (void)code;
  unwatch(bell_w);
  bell_writing = false;
}

static void bell_arm(void);

static void bell_heard(void *ctx, uint32_t code) {
  (void)ctx;
  (void)code;
  bell_rung = false;
  bell_arm();
}

static void bell_arm(void) {
  for (;;) {
    uint32_t st = wasi_sockets_types_stream_u8_read(bell_r, &bell_in, 1);
    if (st == BLOCKED) {
      watch(bell_r, bell_heard, NULL);
      return;
    }
    bell_rung = false;  // a ring that was waiting
  }
}

void later(void (*fn)(void *), void *ctx) {
  job *j = xmalloc(sizeof(job));
  *j = (job){NULL, fn, ctx};
  if (jobs_tail) jobs_tail->next = j;
  else jobs = j;
  jobs_tail = j;
  // the driver runs the queue when it starts and after every event; else wake it
  if (!driving || in_driver || bell_rung || bell_writing) return;
  bell_rung = true;
  uint32_t st = wasi_sockets_types_stream_u8_write(bell_w, &bell_out, 1);
  if (st == BLOCKED) {
    bell_writing = true;
    watch(bell_w, bell_written, NULL);
  }
}

// ---------------------------------------------------------------------------
// The driver (wasi-mcp-conformance:client-provider/driver#run).

client_provider_callback_code_t exports_wasi_mcp_conformance_client_provider_driver_run(void) {
  config_load();
  the_set();
  bell_r = wasi_sockets_types_stream_u8_new(&bell_w);
  driving = in_driver = true;
  bell_arm();
  run_jobs();
  in_driver = false;
  return CLIENT_PROVIDER_CALLBACK_CODE_WAIT(the_set());
}

client_provider_callback_code_t exports_wasi_mcp_conformance_client_provider_driver_run_callback(client_provider_event_t *event) {
  if (event->event == CLIENT_PROVIDER_EVENT_CANCEL) {
    // The process is ending (the launcher cancels the driver when the host's run returns).
    client_provider_task_cancel();
    return CLIENT_PROVIDER_CALLBACK_CODE_EXIT;
  }
  in_driver = true;
  if (event->event != CLIENT_PROVIDER_EVENT_NONE) {
    for (size_t i = 0; i < nwatch; i++) {
      if (watches[i].h == event->waitable) {
        watches[i].fn(watches[i].ctx, event->code);
        break;
      }
    }
  }
  run_jobs();
  in_driver = false;
  return CLIENT_PROVIDER_CALLBACK_CODE_WAIT(the_set());
}
