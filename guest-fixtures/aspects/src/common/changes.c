// Every call of `changes` opens a stream and a task that lives as long as
// the stream: its writable end stays in that task's waitable set, so a write
// started by any call (the `change` tool, the reader of the next aspect's
// events) completes there.
#include "changes.h"

#include <stdlib.h>
#include <string.h>

typedef exports_wasi_mcp_server_change_t change;

typedef struct chstream {
  struct chstream *next;
  task *t;
  exports_wasi_mcp_server_stream_change_writer_t w;
  change *q;  // events not yet taken, from q[head]
  size_t head, n, cap;
  bool busy, open;
} chstream;

static chstream *streams;

static void free_change(change *c) {
  if (c->tag == WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED) free(c->val.resource_updated.ptr);
}

// The host dropped the stream: no more writes to it.
static void close_stream(chstream *cs) {
  cs->open = false;
  changes_on_close();
  task_unwatch(cs->t, cs->w);
  exports_wasi_mcp_server_stream_change_drop_writable(cs->w);
  for (size_t i = 0; i < cs->n; i++) free_change(&cs->q[cs->head + i]);
  cs->n = 0;
  for (chstream **p = &streams; *p; p = &(*p)->next) {
    if (*p == cs) {
      *p = cs->next;
      break;
    }
  }
  task_done(cs->t);
}

static void taken(chstream *cs, uint32_t st) {
  if (FIXTURE_WAITABLE_COUNT(st) > 0) {
    free_change(&cs->q[cs->head]);
    cs->head++;
    cs->n--;
  }
  if (FIXTURE_WAITABLE_STATE(st) == FIXTURE_WAITABLE_DROPPED) close_stream(cs);
}

static void pump(chstream *cs) {
  while (cs->open && !cs->busy && cs->n) {
    uint32_t st = exports_wasi_mcp_server_stream_change_write(cs->w, &cs->q[cs->head], 1);
    if (st == FIXTURE_WAITABLE_STATUS_BLOCKED) {
      cs->busy = true;
      return;
    }
    taken(cs, st);
  }
}

static void written(void *ctx, uint32_t code) {
  chstream *cs = ctx;
  cs->busy = false;
  taken(cs, code);
  pump(cs);
  if (!cs->open) {
    free(cs->q);
    free(cs);
  }
}

static void enqueue(chstream *cs, uint8_t tag, str uri) {
  if (cs->head + cs->n == cs->cap) {
    if (cs->head) {
      memmove(cs->q, cs->q + cs->head, cs->n * sizeof(change));
      cs->head = 0;
    }
    if (cs->n == cs->cap) {
      cs->cap = cs->cap ? cs->cap * 2 : 4;
      cs->q = realloc(cs->q, cs->cap * sizeof(change));
      if (!cs->q) __builtin_trap();
    }
  }
  change *c = &cs->q[cs->head + cs->n++];
  c->tag = tag;
  if (tag == WASI_MCP_TYPES_CHANGE_RESOURCE_UPDATED) {
    c->val.resource_updated = (str){(uint8_t *)str_z(uri), uri.len};
  }
}

void changes_emit(uint8_t tag, str uri) {
  changes_on_event(tag, uri);
  for (chstream *cs = streams, *next; cs; cs = next) {
    next = cs->next;  // pump may unlink cs
    enqueue(cs, tag, uri);
    pump(cs);
  }
}

fixture_callback_code_t exports_wasi_mcp_server_changes(void) {
  task *t = task_begin();
  chstream *cs = calloc(1, sizeof(chstream));
  if (!cs) __builtin_trap();
  cs->t = t;
  cs->open = true;
  exports_wasi_mcp_server_stream_change_t r = exports_wasi_mcp_server_stream_change_new(&cs->w);
  exports_wasi_mcp_server_changes_return(r);
  task_watch(t, cs->w, written, cs);
  cs->next = streams;
  streams = cs;
  changes_on_open(t);
  return task_turn(t);
}

fixture_callback_code_t exports_wasi_mcp_server_changes_callback(fixture_event_t *event) { return task_event(event); }
