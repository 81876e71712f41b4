// The `slow` tool: a progress report (and optionally a log message) per
// step, stopping at the first sign of cancellation that its `watch`
// argument heeds, and recording what it saw under its label.
#include "slow.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "observe.h"

typedef enum { SLEEP, PROGRESS, LOG } phase;

typedef struct {
  call *c;
  cancel_record *rec;
  uint64_t steps, step_ms, done;
  bool log, heed_future, heed_stream;
  bool stopped;
  phase phase;     // what the current step does next
  uint32_t sleep;  // the clock wait in progress, or 0
  call_event ev;
  char message[64], data[40];
} slow;

static void run(slow *s);

// dst = PRE N POST (at most cap bytes with the NUL; the texts here are short).
static void say(char *dst, size_t cap, const char *pre, uint64_t n, const char *post) {
  buf b = {0};
  bputs(&b, pre);
  bu64(&b, n);
  bputs(&b, post);
  size_t len = b.len < cap - 1 ? b.len : cap - 1;
  memcpy(dst, b.p, len);
  dst[len] = 0;
  free(b.p);
}

static tool_outcome text_outcome(task *t, const char *text, bool is_error) {
  wasi_mcp_types_content_t *cb = task_alloc(t, sizeof(wasi_mcp_types_content_t));
  cb->tag = WASI_MCP_TYPES_CONTENT_TEXT;
  cb->val.text = (wasi_mcp_types_text_content_t){task_str(t, text, strlen(text)), {false, {{0}, {0}, {0}}}, {false, {0}}};
  tool_outcome o = {.is_err = false};
  o.val.ok.tag = EXPORTS_WASI_MCP_STREAMING_TOOL_OUTCOME_COMPLETE;
  o.val.ok.val.complete = (wasi_mcp_types_tool_result_t){{cb, 1}, {false, {0}}, is_error, {false, {0}}};
  return o;
}

static void stop(slow *s, const char *via, const char *reason, size_t rlen) {
  s->stopped = true;
  observe_cancelled(s->rec, via, reason, rlen);
  if (s->sleep) {
    task_abandon(s->c->t, s->sleep);
    s->sleep = 0;
  }
  char text[64];
  say(text, sizeof text, "cancelled after ", s->done, " steps");
  call_finish(s->c, text_outcome(s->c->t, text, true));
}

static void on_cancel(call *c) {
  slow *s = c->user;
  if (!s->stopped) stop(s, "cancel-future", (const char *)c->reason.ptr, c->reason.len);
}

// After a write: the step counts as done once the host took its progress
// report (or the report went to a dropped stream the call does not heed);
// false when a dropped stream stops the call.
static bool wrote(slow *s) {
  bool gone = s->c->events_gone;
  if (s->phase == PROGRESS && (!gone || !s->heed_stream)) s->rec->steps = s->done;
  if (gone && s->heed_stream) {
    stop(s, "stream-dropped", NULL, 0);
    return false;
  }
  s->phase = s->phase == PROGRESS && s->log ? LOG : SLEEP;
  return true;
}

static void written(call *c) {
  slow *s = c->user;
  if (wrote(s)) run(s);
}

// Writes the current phase's event (progress, or the step's log message).
static emit_status emit(slow *s) {
  if (s->phase == PROGRESS) {
    char of[32];
    say(of, sizeof of, " of ", s->steps, "");
    say(s->message, sizeof s->message, "step ", s->done, of);
    s->ev.tag = EXPORTS_WASI_MCP_STREAMING_CALL_EVENT_PROGRESS;
    s->ev.val.progress = (wasi_mcp_types_progress_t){(double)s->done, {true, (double)s->steps}, {true, cstr(s->message)}};
  } else {
    say(s->data, sizeof s->data, "{\"step\":", s->done, "}");
    s->ev.tag = EXPORTS_WASI_MCP_STREAMING_CALL_EVENT_LOG;
    s->ev.val.log = (wasi_mcp_types_log_message_t){WASI_MCP_TYPES_LOG_LEVEL_INFO, SOME("slow"), cstr(s->data)};
  }
  return call_emit(s->c, &s->ev, 1, written);
}

static void woke(void *ctx, uint32_t code) {
  (void)code;
  slow *s = ctx;
  s->sleep = 0;
  s->done++;
  s->phase = PROGRESS;
  run(s);
}

// Step after step: sleep, report progress, maybe log. Waits and writes that
// end at once are followed here, so a zero step_ms does not recurse.
static void run(slow *s) {
  while (!s->stopped) {
    if (s->phase != SLEEP) {
      if (emit(s) == EMIT_PENDING || !wrote(s)) return;
      continue;
    }
    if (s->done == s->steps) {
      s->stopped = true;
      observe_completed(s->rec);
      char text[48];
      say(text, sizeof text, "completed ", s->done, " steps");
      call_finish(s->c, text_outcome(s->c->t, text, false));
      return;
    }
    s->sleep = clock_sleep(s->c->t, s->step_ms, woke, s);
    if (s->sleep) return;
    s->done++;
    s->phase = PROGRESS;
  }
}

static bool count_arg(const jv *args, const char *name, uint64_t dflt, uint64_t *out) {
  const jv *v = jget(args, name);
  if (!v) {
    *out = dflt;
    return true;
  }
  if (v->k != JNUM || v->n < 0 || v->n > 1e9 || v->n != (double)(uint64_t)v->n) return false;
  *out = (uint64_t)v->n;
  return true;
}

void slow_tool(call *c, const jv *args) {
  task *t = c->t;
  slow *s = task_alloc(t, sizeof(slow));
  s->c = c;
  c->user = s;
  const jv *label = jget(args, "label"), *log = jget(args, "log"), *watch = jget(args, "watch");
  bool ok = count_arg(args, "steps", 20, &s->steps) && count_arg(args, "step_ms", 100, &s->step_ms);
  ok = ok && (!label || label->k == JSTR) && (!log || log->k == JBOOL);
  ok = ok && (!watch || jis(watch, "both") || jis(watch, "future") || jis(watch, "stream"));
  if (!ok) {
    call_finish(c, text_outcome(t, "steps and step_ms: non-negative integers; label: a string; log: a boolean; watch: both, future or stream", true));
    return;
  }
  s->log = log && log->b;
  s->heed_future = !watch || !jis(watch, "stream");
  s->heed_stream = !watch || !jis(watch, "future");
  // An unlabelled call keeps a record nobody can ask for.
  s->rec = label ? observe_cancellation((str){(uint8_t *)label->s, label->slen}) : task_alloc(t, sizeof(cancel_record));
  if (!label) s->rec->started_ms = now_ms();
  if (s->heed_future) call_watch_cancel(c, on_cancel);
  run(s);
}
