// Tasks: one waitable set per export call and the handlers of its waitables.
#include "task.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t h;
  on_event fn;
  void *ctx;
  bool subtask;  // dropped once it has returned
} watch_t;

struct task {
  fixture_waitable_set_t set;
  watch_t *w;
  size_t nw, capw;
  void **kept;
  size_t nkept, capkept;
  bool done;
};

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) __builtin_trap();
  return p;
}

task *task_begin(void) {
  task *t = calloc(1, sizeof(task));
  if (!t) __builtin_trap();
  t->set = fixture_waitable_set_new();
  fixture_context_set_0(t);
  return t;
}

static void task_free(task *t) {
  for (size_t i = 0; i < t->nkept; i++) free(t->kept[i]);
  free(t->kept);
  free(t->w);
  fixture_waitable_set_drop(t->set);
  free(t);
}

fixture_callback_code_t task_turn(task *t) {
  if (t->done && t->nw == 0) {
    fixture_context_set_0(NULL);
    task_free(t);
    return FIXTURE_CALLBACK_CODE_EXIT;
  }
  return FIXTURE_CALLBACK_CODE_WAIT(t->set);
}

fixture_callback_code_t task_event(fixture_event_t *event) {
  task *t = fixture_context_get_0();
  // A cancelled export call is not abandoned: calls return at once, and
  // the work after that stops through its cancel future (wit/README.md).
  if (event->event != FIXTURE_EVENT_NONE && event->event != FIXTURE_EVENT_CANCEL) {
    for (size_t i = 0; i < t->nw; i++) {
      if (t->w[i].h != event->waitable) continue;
      watch_t w = t->w[i];
      if (w.subtask) {
        if (FIXTURE_SUBTASK_STATE(event->code) != FIXTURE_SUBTASK_RETURNED) break;
        task_unwatch(t, w.h);
        fixture_subtask_drop(w.h);
        w.fn(w.ctx, 0);
        break;
      }
      w.fn(w.ctx, event->code);
      break;
    }
  }
  return task_turn(t);
}

void task_watch(task *t, uint32_t h, on_event fn, void *ctx) {
  for (size_t i = 0; i < t->nw; i++) {
    if (t->w[i].h == h) {
      t->w[i].fn = fn;
      t->w[i].ctx = ctx;
      return;
    }
  }
  if (t->nw == t->capw) {
    t->capw = t->capw ? t->capw * 2 : 8;
    t->w = xrealloc(t->w, t->capw * sizeof(watch_t));
  }
  t->w[t->nw++] = (watch_t){h, fn, ctx, false};
  fixture_waitable_join(h, t->set);
}

void task_unwatch(task *t, uint32_t h) {
  for (size_t i = 0; i < t->nw; i++) {
    if (t->w[i].h == h) {
      t->w[i] = t->w[--t->nw];
      fixture_waitable_join(h, 0);
      return;
    }
  }
}

void task_done(task *t) { t->done = true; }

uint32_t task_await(task *t, fixture_subtask_status_t status, on_event fn, void *ctx) {
  if (FIXTURE_SUBTASK_STATE(status) == FIXTURE_SUBTASK_RETURNED) return 0;
  uint32_t h = FIXTURE_SUBTASK_HANDLE(status);
  task_watch(t, h, fn, ctx);
  t->w[t->nw - 1].subtask = true;
  return h;
}

void task_abandon(task *t, uint32_t h) {
  // Out of the set first: a synchronous cancel must not race the set's event.
  task_unwatch(t, h);
  fixture_subtask_cancel(h);
  fixture_subtask_drop(h);
}

void *task_keep(task *t, void *p) {
  if (t->nkept == t->capkept) {
    t->capkept = t->capkept ? t->capkept * 2 : 16;
    t->kept = xrealloc(t->kept, t->capkept * sizeof(void *));
  }
  t->kept[t->nkept++] = p;
  return p;
}

void *task_alloc(task *t, size_t n) {
  void *p = calloc(1, n ? n : 1);
  if (!p) __builtin_trap();
  return task_keep(t, p);
}

str task_str(task *t, const char *p, size_t n) {
  char *q = task_alloc(t, n + 1);
  if (n) memcpy(q, p, n);
  return (str){(uint8_t *)q, n};
}

str task_buf(task *t, buf *b) {
  size_t n;
  char *p = btake(b, &n);
  task_keep(t, p);
  return (str){(uint8_t *)p, n};
}
