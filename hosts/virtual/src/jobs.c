// Requests in flight ("jobs"), the memory they own, calls into the
// component as subtasks, and the cache of the component's `describe`.
#include <stdlib.h>
#include <string.h>

#include "host.h"

static job *head;

job *jobs_first(void) { return head; }

job *job_new(jval *msg, const jval *id, method_t m, bool modern) {
  job *j = xcalloc(1, sizeof(job));
  j->msg = msg;
  j->id = id;
  j->m = m;
  j->modern = modern;
  j->log_min = -1;
  j->params = json_get(msg, "params");
  j->next = head;
  if (head) head->prev = j;
  head = j;
  return j;
}

void *arena_alloc(job *j, size_t n) {
  blk *b = xmalloc(sizeof(blk) + (n ? n : 1));
  b->next = j->arena;
  b->adopted = NULL;
  j->arena = b;
  return b + 1;
}

char *arena_dup(job *j, const char *p, size_t n) {
  char *q = arena_alloc(j, n + 1);
  if (n) memcpy(q, p, n);
  q[n] = 0;
  return q;
}

virtual_host_string_t arena_take(job *j, sbuf *b) {
  if (b->failed || !b->p) {
    if (b->failed) j->oom = true;
    sb_free(b);
    return (virtual_host_string_t){(uint8_t *)"", 0};
  }
  // The buffer itself joins the arena (trimmed to size): a large argument is not copied.
  char *p = realloc(b->p, b->len + 1);
  if (!p) p = b->p;
  blk *k = xmalloc(sizeof(blk));
  k->next = j->arena;
  k->adopted = p;
  j->arena = k;
  virtual_host_string_t s = {(uint8_t *)p, b->len};
  *b = (sbuf){0};
  return s;
}

static job *dead;  // released jobs, freed once the current event is handled

void job_release(job *j) {
  if (!j->answered || j->starting || j->subtask || j->events || j->outcome || j->body || j->end || j->cancel_writing) return;
  if (j->prev) j->prev->next = j->next;
  else head = j->next;
  if (j->next) j->next->prev = j->prev;
  // Freed later: the code that released it may still look at its fields.
  j->next = dead;
  dead = j;
  maybe_finish();
}

static void job_free(job *j) {
  while (j->arena) {
    blk *b = j->arena;
    j->arena = b->next;
    free(b->adopted);
    free(b);
  }
  if (j->r_live) wasi_mcp_streaming_result_read_outcome_error_free(&j->r.read);
  free(j->chunk);
  sb_free(&j->data);
  sb_free(&j->held);
  if (!j->keep_msg) json_free(j->msg);
  free(j);
}

void host_collect(void) {
  while (dead) {
    job *j = dead;
    dead = j->next;
    job_free(j);
  }
}

// ---- subtasks ----

static void job_start_now(void *ctx) {
  job *j = ctx;
  j->starting = false;
  j->start(j);
}

void job_start(job *j, job_fn start) {
  j->start = start;
  j->starting = true;
  turn_call(job_start_now, j);
}

static void subtask_event(void *ctx, uint32_t code) {
  job *j = ctx;
  if (VIRTUAL_HOST_SUBTASK_STATE(code) != VIRTUAL_HOST_SUBTASK_RETURNED) return;
  unwatch(j->subtask);
  virtual_host_subtask_drop(j->subtask);
  j->subtask = 0;
  j->returned(j);
}

void job_call(job *j, virtual_host_subtask_status_t st, job_fn returned) {
  j->returned = returned;
  if (VIRTUAL_HOST_SUBTASK_STATE(st) == VIRTUAL_HOST_SUBTASK_RETURNED) {
    returned(j);
    return;
  }
  j->subtask = VIRTUAL_HOST_SUBTASK_HANDLE(st);
  watch(j->subtask, subtask_event, j);
}

// ---- the describe cache ----

describe_cache_t described;
static char *extensions;  // the cached capabilities' extensions JSON
static job *queue;        // jobs waiting for the capabilities
static job *describer;    // the job whose describe call fills the cache

void describe_remember(const wasi_mcp_types_server_config_t *c) {
  free(extensions);
  extensions = NULL;
  described.caps = c->capabilities;
  if (c->capabilities.extensions.is_some) {
    extensions = xstrndup((const char *)c->capabilities.extensions.val.ptr, c->capabilities.extensions.val.len);
    described.caps.extensions.val = (virtual_host_string_t){(uint8_t *)extensions, c->capabilities.extensions.val.len};
  }
  sb_free(&described.server_info);
  put_implementation(&described.server_info, &c->info);
  if (described.server_info.failed) fatal("out of memory");
  described.ready = true;
}

static void describe_returned(job *j) {
  describer = NULL;
  // A copy: the waiting jobs start their own calls, whose results share j->r.
  wasi_mcp_server_result_server_config_error_t res = j->r.describe;
  wasi_mcp_server_result_server_config_error_t *r = &res;
  job *q = queue;
  queue = NULL;
  if (!r->is_err) describe_remember(&r->val.ok);
  // Every waiting job (the describer first among them) goes on, or gets
  // describe's error.
  while (q) {
    job *next = q->queue_next;
    q->queue_next = NULL;
    if (q->cancelled) {
      q->answered = true;
      job_release(q);
    } else if (r->is_err) {
      reply_guest_error(q, &r->val.err);
    } else {
      q->then(q);
    }
    q = next;
  }
  wasi_mcp_server_result_server_config_error_free(r);
}

static void call_describe(job *j) { job_call(j, wasi_mcp_server_describe(&j->ctx, &j->r.describe), describe_returned); }

void with_describe(job *j, job_fn then) {
  if (described.ready) {
    then(j);
    return;
  }
  j->then = then;
  j->queue_next = NULL;
  job **tail = &queue;
  while (*tail) tail = &(*tail)->queue_next;
  *tail = j;
  if (!describer) {
    describer = j;
    job_start(j, call_describe);
  }
}

/** Removes a cancelled job from the describe queue; false if it is the describer. */
bool describe_dequeue(job *j) {
  if (j == describer) return false;
  for (job **p = &queue; *p; p = &(*p)->queue_next) {
    if (*p == j) {
      *p = j->queue_next;
      j->queue_next = NULL;
      return true;
    }
  }
  return true;
}
