// Tasks: a waitable set per export call and one-shot handlers.
#include "task.h"

#include <stdlib.h>

typedef struct {
  uint32_t h;
  on_event fn;
  void (*subtask_fn)(void *ctx);  // set for a subtask: run once it has returned
  void *ctx;
} watch_t;

struct task {
  sandbox_waitable_set_t set;
  watch_t *w;
  size_t nw, capw;
  bool done;
};

task *task_begin(void) {
  task *t = calloc(1, sizeof(task));
  if (!t) __builtin_trap();
  t->set = sandbox_waitable_set_new();
  sandbox_context_set_0(t);
  return t;
}

sandbox_callback_code_t task_turn(task *t) {
  if (t->done && t->nw == 0) {
    sandbox_context_set_0(NULL);
    sandbox_waitable_set_drop(t->set);
    free(t->w);
    free(t);
    return SANDBOX_CALLBACK_CODE_EXIT;
  }
  return SANDBOX_CALLBACK_CODE_WAIT(t->set);
}

static void add(task *t, watch_t w) {
  if (t->nw == t->capw) {
    t->capw = t->capw ? t->capw * 2 : 8;
    t->w = realloc(t->w, t->capw * sizeof(watch_t));
    if (!t->w) __builtin_trap();
  }
  t->w[t->nw++] = w;
  sandbox_waitable_join(w.h, t->set);
}

static watch_t take(task *t, size_t i) {
  watch_t w = t->w[i];
  t->w[i] = t->w[--t->nw];
  sandbox_waitable_join(w.h, 0);
  return w;
}

sandbox_callback_code_t task_event(sandbox_event_t *event) {
  task *t = sandbox_context_get_0();
  if (event->event == SANDBOX_EVENT_NONE || event->event == SANDBOX_EVENT_CANCEL) return task_turn(t);
  for (size_t i = 0; i < t->nw; i++) {
    if (t->w[i].h != event->waitable) continue;
    if (t->w[i].subtask_fn) {
      if (SANDBOX_SUBTASK_STATE(event->code) != SANDBOX_SUBTASK_RETURNED) break;  // started: wait for its return
      watch_t w = take(t, i);
      sandbox_subtask_drop(w.h);
      w.subtask_fn(w.ctx);
    } else {
      watch_t w = take(t, i);
      w.fn(w.ctx, event->code);
    }
    break;
  }
  return task_turn(t);
}

void task_watch(task *t, uint32_t h, on_event fn, void *ctx) { add(t, (watch_t){h, fn, NULL, ctx}); }

void task_await(task *t, sandbox_subtask_status_t status, void (*fn)(void *ctx), void *ctx) {
  if (SANDBOX_SUBTASK_STATE(status) == SANDBOX_SUBTASK_RETURNED) {
    fn(ctx);
    return;
  }
  add(t, (watch_t){SANDBOX_SUBTASK_HANDLE(status), NULL, fn, ctx});
}

void task_done(task *t) { t->done = true; }
